"""The three tables of the annual report laid out as in the official format (国办公开办函〔2021〕30号).

Each table is a grid of rows of cells with their merges (colspan/rowspan), built once here and drawn
twice: as HTML by the template and as a sheet by export.to_xlsx, so the labels and the merges cannot
drift apart. Every label is the printed text of the format, never translated.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sunlight.requests.models import Outcome
from sunlight.requests.report import TOTAL

from .annual import AnnualData, format_wan


@dataclass
class Cell:
    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    header: bool = False  # a label (th) rather than a figure (td)
    scope: str = ""  # th scope: col, colgroup, row, rowgroup
    value: int | Decimal | None = None  # the figure, for the spreadsheet

    @classmethod
    def head(cls, text: str, scope: str = "col", colspan: int = 1, rowspan: int = 1) -> Cell:
        return cls(text, colspan, rowspan, header=True, scope=scope)

    @classmethod
    def number(cls, value: int | Decimal, colspan: int = 1) -> Cell:
        text = format_wan(value) if isinstance(value, Decimal) else str(value)
        return cls(text, colspan, value=value)


Grid = list[list[Cell]]

# Section 二's labels.
ART_20_1, ART_20_5, ART_20_6, ART_20_8 = (
    "第二十条第（一）项",
    "第二十条第（五）项",
    "第二十条第（六）项",
    "第二十条第（八）项",
)
CONTENT = "信息内容"
MADE, REPEALED, VALID = "本年制发件数", "本年废止件数", "现行有效件数"
DECISIONS = "本年处理决定数量"
FEE_AMOUNT = "本年收费金额（单位：万元）"

# Section 三's labels besides the outcome rows and the applicant types (which are data in the requests app).
BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS = "申请人情况"
TOTAL_LABEL = "总计"
ROW_NEW = "一、本年新收政府信息公开申请数量"
ROW_CARRIED_IN = "二、上年结转政府信息公开申请数量"
ROW_RESULTS = "三、本年度办理结果"
ROW_RESULTS_TOTAL = "（七）总计"
ROW_CARRIED_OUT = "四、结转下年度继续办理"

# Section 四's labels.
RECONSIDERATION, LAWSUIT = "行政复议", "行政诉讼"
LAWSUIT_DIRECT, LAWSUIT_AFTER = "未经复议直接起诉", "复议后起诉"
RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def proactive_grid(data: AnnualData) -> Grid:
    """Section 二: four columns; each article's heading is a merged row, as printed."""
    p = data.proactive

    def heading(article: str) -> list[Cell]:
        return [Cell.head(article, "colgroup", colspan=4)]

    def figure_head(label: str) -> list[Cell]:
        return [Cell.head(CONTENT), Cell.head(label, colspan=3)]

    def figure(label: str, value) -> list[Cell]:
        return [Cell.head(label, "row"), Cell.number(value, colspan=3)]

    return [
        heading(ART_20_1),
        [Cell.head(CONTENT), Cell.head(MADE), Cell.head(REPEALED), Cell.head(VALID)],
        [
            Cell.head("规章", "row"),
            Cell.number(p.regulation.made),
            Cell.number(p.regulation.repealed),
            Cell.number(p.regulation.valid),
        ],
        [
            Cell.head("行政规范性文件", "row"),
            Cell.number(p.normative.made),
            Cell.number(p.normative.repealed),
            Cell.number(p.normative.valid),
        ],
        heading(ART_20_5),
        figure_head(DECISIONS),
        figure("行政许可", p.licensing),
        heading(ART_20_6),
        figure_head(DECISIONS),
        figure("行政处罚", p.penalty),
        figure("行政强制", p.coercion),
        heading(ART_20_8),
        figure_head(FEE_AMOUNT),
        figure("行政事业性收费", Decimal(p.fee_income)),
    ]


def requests_grid(data: AnnualData) -> Grid:
    """Section 三: three label columns, then the applicant types and 总计."""
    t = data.requests
    columns = [c.code for c in t.columns] + [TOTAL]
    singles = [c for c in t.columns if not c.parent_id]
    grouped = [c for c in t.columns if c.parent_id]
    group_label = data.groups.get(grouped[0].parent_id, "") if grouped else ""

    def figures(values) -> list[Cell]:
        return [Cell.number(values(code)) for code in columns]

    grid: Grid = [
        # The corner is a note, not a header of any figure: a plain cell.
        [Cell(BALANCE_NOTE, colspan=3, rowspan=3), Cell.head(APPLICANTS, "colgroup", colspan=len(columns))],
        [
            *(Cell.head(c.label, rowspan=2) for c in singles),
            *([Cell.head(group_label, "colgroup", colspan=len(grouped))] if grouped else []),
            Cell.head(TOTAL_LABEL, rowspan=2),
        ],
        [Cell.head(c.label) for c in grouped],
        [Cell.head(ROW_NEW, "row", colspan=3), *figures(lambda k: t.new.get(k, 0))],
        [Cell.head(ROW_CARRIED_IN, "row", colspan=3), *figures(lambda k: t.carried_in.get(k, 0))],
    ]
    rows: Grid = []
    by_category: dict[str, list[Outcome]] = {}
    for o in data.outcomes:
        by_category.setdefault(o.category, []).append(o)
    for category, outcomes in by_category.items():
        if outcomes[0].number is None:  # 予以公开, 部分公开: one row, the heading is the label
            o = outcomes[0]
            rows.append(
                [
                    Cell.head(o.report_label, "row", colspan=2),
                    *figures(lambda k, o=o: t.results.get(o.pk, {}).get(k, 0)),
                ]
            )
            continue
        for i, o in enumerate(outcomes):
            lead = [Cell.head(Outcome.HEADINGS[category], "rowgroup", rowspan=len(outcomes))] if i == 0 else []
            rows.append(
                [*lead, Cell.head(o.report_label, "row"), *figures(lambda k, o=o: t.results.get(o.pk, {}).get(k, 0))]
            )
    rows.append([Cell.head(ROW_RESULTS_TOTAL, "row", colspan=2), *figures(t.results_total)])
    rows[0].insert(0, Cell.head(ROW_RESULTS, "rowgroup", rowspan=len(rows)))
    grid += rows
    grid.append([Cell.head(ROW_CARRIED_OUT, "row", colspan=3), *figures(lambda k: t.carried_out.get(k, 0))])
    return grid


def appeals_grid(data: AnnualData) -> Grid:
    """Section 四: 行政复议 (five columns) then 行政诉讼 in two groups of five."""
    a = data.appeals
    return [
        [Cell.head(RECONSIDERATION, "colgroup", colspan=5), Cell.head(LAWSUIT, "colgroup", colspan=10)],
        [
            *(Cell.head(label, rowspan=2) for label in RESULTS),
            Cell.head(LAWSUIT_DIRECT, "colgroup", colspan=5),
            Cell.head(LAWSUIT_AFTER, "colgroup", colspan=5),
        ],
        [*(Cell.head(label) for label in RESULTS), *(Cell.head(label) for label in RESULTS)],
        [
            Cell.number(n)
            for n in (*a.reconsideration.as_list(), *a.lawsuit_direct.as_list(), *a.lawsuit_after.as_list())
        ],
    ]


def tables(data: AnnualData) -> dict[str, Grid]:
    return {"proactive": proactive_grid(data), "requests": requests_grid(data), "appeals": appeals_grid(data)}
