"""The annual report as a printable HTML page, a PDF (WeasyPrint) and a spreadsheet (XLSX).

All three are drawn from one AnnualData and the grids of layout.py, so they show the same labels and
numbers. A report whose request table does not balance (一 + 二 ≠ 三 + 四) is not exported at all:
`require_balanced` refuses it, as publish_report does.

The spreadsheet is written with openpyxl (a declared dependency); XlsxWriter is not installed.
"""

from __future__ import annotations

from io import BytesIO

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from sunlight.errors import Conflict, SunlightError
from sunlight.requests.notices import NoticeRenderError, cn_date, render_pdf

from .annual import NARRATIVE_FIELDS, SECTION_TITLES, AnnualData
from .layout import Cell, Grid, tables
from .models import AnnualReport

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReportRenderError(SunlightError):
    status = 503
    code = "report_render_failed"


def require_balanced(data: AnnualData) -> None:
    if not data.balanced:
        bad = "、".join(b.label for b in data.balance if not b.ok)
        raise Conflict(
            gettext(
                "第三部分申请情况表不平衡（%(bad)s：第一项加第二项之和不等于第三项加第四项之和），请核对申请记录后再导出或发布。"
            )
            % {"bad": bad},
            code="report_unbalanced",
        )


def is_draft(data: AnnualData) -> bool:
    """Not (yet) published: its export is marked 草稿 on every page and carries no date."""
    return data.report is None or data.report.status != AnnualReport.Status.PUBLISHED


def context(data: AnnualData, *, printed_on=None) -> dict:
    return {
        "data": data,
        "sections": SECTION_TITLES,
        "tables": tables(data),
        "narr": {name: data.narrative(name) for name in NARRATIVE_FIELDS},
        "printed_on": cn_date(printed_on) if printed_on else "",
        "draft": is_draft(data),
    }


def body_html(data: AnnualData) -> str:
    """The six sections without page chrome: the body of the published Document."""
    with translation.override("zh-hans"):
        return render_to_string("reports/_annual_body.html", context(data))


def to_html(data: AnnualData, *, printed_on=None) -> str:
    """The whole printable page (A4 print CSS, no scripts, no external resources)."""
    with translation.override("zh-hans"):
        return render_to_string("reports/annual_report.html", context(data, printed_on=printed_on))


def to_pdf(data: AnnualData, *, printed_on=None) -> bytes:
    try:
        return render_pdf(to_html(data, printed_on=printed_on))
    except NoticeRenderError as exc:
        raise ReportRenderError(gettext("年度报告 PDF 生成失败，请稍后重试。")) from exc


# --- XLSX ------------------------------------------------------------------------------------------


def _write_grid(sheet, grid: Grid, *, first_row: int = 1) -> None:
    """Write a grid with its merges. Cells covered by an earlier merge are skipped, as in HTML."""
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(grid, start=first_row):
        c = 1
        for cell in row:
            while (r, c) in taken:
                c += 1
            target = sheet.cell(row=r, column=c, value=_value(cell))
            target.alignment = Alignment(
                wrap_text=True,
                vertical="center",
                horizontal="left" if cell.header and cell.scope in ("row", "rowgroup") else "center",
            )
            target.font = Font(name="宋体", size=10)
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
                    sheet.cell(row=r + dr, column=c + dc).border = border
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge_cells(
                    start_row=r, start_column=c, end_row=r + cell.rowspan - 1, end_column=c + cell.colspan - 1
                )
            c += cell.colspan


def _value(cell: Cell):
    if cell.value is None:
        return cell.text
    return float(cell.value) if not isinstance(cell.value, int) else cell.value


SHEETS = (
    ("二、主动公开政府信息情况", "proactive", [22, 16, 16, 16]),
    ("三、收到和处理政府信息公开申请情况", "requests", [14, 16, 34] + [10] * 7),
    ("四、行政复议、行政诉讼情况", "appeals", [10] * 15),
)


def to_xlsx(data: AnnualData) -> bytes:
    """One sheet with the narrative sections, then one sheet per table (二, 三, 四), all with the printed labels."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    grids = tables(data)
    book = Workbook()
    text = book.active
    text.title = "报告正文"
    text.append([data.title])
    text["A1"].font = Font(bold=True, size=14)
    for title, name in zip(SECTION_TITLES, NARRATIVE_FIELDS):  # one narrative per section, same order
        text.append([title])
        text.cell(row=text.max_row, column=1).font = Font(bold=True)
        if data.narrative(name):
            text.append([data.narrative(name)])
    text.append([data.fees.sentence])
    text.column_dimensions["A"].width = 100
    for (cell,) in text.iter_rows(min_col=1, max_col=1):
        cell.alignment = Alignment(wrap_text=True, vertical="top")

    for title, key, widths in SHEETS:
        sheet = book.create_sheet(title)
        _write_grid(sheet, grids[key])
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
    out = BytesIO()
    book.save(out)
    return out.getvalue()
