"""The workbook provinces exchange: one row per item version on sheet 事项, the lists on sheets keyed by code.

Sheet 事项 (ITEM_HEADERS, in this order): 实施编码, 基本编码, 版本号, 目录操作 (新增/变更/拆分/合并/暂停/取消),
操作原因, 层次 (主项/子项/业务办理项), 上级实施编码, 实施机构统一社会信用代码, 事项名称, 事项类型 (行政许可 …),
主管部门, 实施主体, 行使层级 (国家级 … 村级), 承办机构, 法定办结时限, 法定时限单位 (工作日/自然日), 承诺办结时限,
承诺时限单位, 办件类型 (即办件/承诺件), 到现场次数, 到现场原因, 网办深度 (1–4 or Ⅰ–Ⅳ with label), 是否收费 (是/否),
网上支付 (是/否), 服务对象 (个人/法人/个人和法人), 主题 (labels, "、"), 设定依据 ("《法名》第35条第1款：条文；…"),
受理条件 (one per line), 办理地点, 办理时间, 咨询电话, 投诉电话, 办理结果名称, 结果类型 (证照/批文/审批意见/其他),
送达方式 ("、"), 生效日期.

Sheets 材料, 环节, 收费, 常见问题, 责任, 监管, 中介服务 (SUB_HEADERS): 实施编码 + 版本号, then one entry per row,
in the order of the rows. Labels are the exchange format's, never translated (read with translation off).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import cache

from django.utils import translation

from ..elements import COLUMNS, VersionData
from ..kinds import LIFE_EVENTS, Handling, ItemKind, Level, LimitUnit, OnlineDepth, Operation, Tier

ITEM_SHEET = "事项"
ITEM_HEADERS = (
    "实施编码",
    "基本编码",
    "版本号",
    "目录操作",
    "操作原因",
    "层次",
    "上级实施编码",
    "实施机构统一社会信用代码",
    "事项名称",
    "事项类型",
    "主管部门",
    "实施主体",
    "行使层级",
    "承办机构",
    "法定办结时限",
    "法定时限单位",
    "承诺办结时限",
    "承诺时限单位",
    "办件类型",
    "到现场次数",
    "到现场原因",
    "网办深度",
    "是否收费",
    "网上支付",
    "服务对象",
    "主题",
    "设定依据",
    "受理条件",
    "办理地点",
    "办理时间",
    "咨询电话",
    "投诉电话",
    "办理结果名称",
    "结果类型",
    "送达方式",
    "生效日期",
)
KEY_HEADERS = ("实施编码", "版本号")
# sheet -> (guide list, headers after the key, element field of each header)
SUB_SHEETS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "材料": (
        "materials",
        ("材料名称", "材料形式", "份数", "介质", "是否必需", "需要情形", "空白表格", "示例样表", "来源渠道", "备注"),
        ("name", "form", "copies", "medium", "required", "condition", "blank_form", "sample", "source", "note"),
    ),
    "环节": (
        "steps",
        ("环节名称", "办理岗位", "办理机构统一社会信用代码", "环节时限", "环节说明"),
        ("name", "actor", "actor_org_id", "days", "description"),
    ),
    "收费": ("fees", ("收费项目", "收费标准", "收费依据"), ("name", "standard", "basis")),
    "常见问题": ("faq", ("问题", "解答"), ("question", "answer")),
    "责任": ("duties", ("责任事项", "追责情形", "责任依据"), ("duty", "accountability", "basis")),
    "监管": (
        "oversight",
        ("监管方式", "监管频次", "抽查对象名录库", "监管依据"),
        ("method", "frequency", "random_pool", "basis"),
    ),
    "中介服务": ("intermediaries", ("中介服务名称", "设定依据"), ("name", "basis")),
}
SUB_HEADERS = {sheet: KEY_HEADERS + headers for sheet, (_f, headers, _e) in SUB_SHEETS.items()}
ERROR_COLUMN = "错误"
ERROR_SHEET = "错误清单"
ERROR_HEADERS = ("工作表", "行号", "列", "说明")

# Top-level VersionData field -> its column (pydantic errors are reported on the column).
FIELD_COLUMN = {
    "name": "事项名称",
    "kind": "事项类型",
    "competent_department": "主管部门",
    "implementing_body": "实施主体",
    "level": "行使层级",
    "division": "承办机构",
    "statutory_limit": "法定办结时限",
    "statutory_unit": "法定时限单位",
    "promised_limit": "承诺办结时限",
    "promised_unit": "承诺时限单位",
    "handling": "办件类型",
    "visits": "到现场次数",
    "visits_reason": "到现场原因",
    "online_depth": "网办深度",
    "charges_fee": "是否收费",
    "online_payment": "网上支付",
    "audience": "服务对象",
    "life_events": "主题",
    "citations": "设定依据",
    "conditions": "受理条件",
    "place": "办理地点",
    "hours": "办理时间",
    "phones": "咨询电话",
    "result": "办理结果名称",
    "delivery": "送达方式",
}


class _frozen(dict):  # a hashable dict, so that label tables can key a cache
    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(self.items()))


YES, NO = "是", "否"
ROMAN = "ⅠⅡⅢⅣ"
FORM_LABELS = _frozen({"original": "原件", "copy": "复印件", "original_and_copy": "原件和复印件"})
MEDIUM_LABELS = _frozen({"paper": "纸质", "electronic": "电子", "both": "纸质和电子"})
SOURCE_LABELS = _frozen(
    {"": "", "applicant": "申请人自备", "government": "政府部门核发", "intermediary": "中介机构出具"}
)
RESULT_LABELS = _frozen({"": "", "certificate": "证照", "document": "批文", "approval": "审批意见", "other": "其他"})
AUDIENCE_LABELS = _frozen({"person": "个人", "company": "法人", "both": "个人和法人"})
LIST_SEP = re.compile(r"[、；;，,\n]+")
CITATION_RE = re.compile(r"《([^》]+)》\s*第\s*(\d+)\s*条(?:\s*第\s*(\d+)\s*款)?(?:\s*[：:]\s*([^；;\n]*))?")


class CellError(ValueError):
    """A cell that cannot be read: the column and what is wrong (collected, never raised past the row)."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column, self.message = column, message


@cache
def labels() -> dict[str, dict[str, str]]:
    """value -> exchange label of each closed vocabulary (the Chinese msgids, whatever the active language)."""
    with translation.override(None):
        return {
            "kind": {v: str(label) for v, label in ItemKind.choices},
            "tier": {v: str(label) for v, label in Tier.choices},
            "operation": {v: str(label) for v, label in Operation.choices},
            "level": {v: str(label) for v, label in Level.choices},
            "unit": {v: str(label) for v, label in LimitUnit.choices},
            "handling": {v: str(label) for v, label in Handling.choices},
            "depth": {v: str(label) for v, label in OnlineDepth.choices},
            "event": {slug: str(label) for slug, _a, label in LIFE_EVENTS},
        }


@cache
def values() -> dict[str, dict[str, str]]:
    """label -> value, the reverse of labels() (values are accepted too)."""
    out = {}
    for name, table in labels().items():
        out[name] = {**{str(v): v for v in table}, **{label: v for v, label in table.items()}}
    return out


def text(value) -> str:
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    return str(value).strip()


def pick(column: str, value, table: dict[str, str], *, default: str | None = None) -> str:
    raw = text(value)
    if not raw and default is not None:
        return default
    if raw in table:
        return table[raw]
    choices = "、".join(k for k in table if not k.isascii() or not k)
    raise CellError(column, f"“{raw}”不是可选的值（可选：{choices}）。")


def integer(column: str, value, *, required: bool = True) -> int | None:
    raw = text(value)
    if not raw:
        if required:
            raise CellError(column, "必填。")
        return None
    try:
        return int(raw)
    except ValueError:
        raise CellError(column, f"“{raw}”应为整数。") from None


def number(column: str, value) -> float:
    raw = text(value)
    try:
        return float(raw) if raw else 0.0
    except ValueError:
        raise CellError(column, f"“{raw}”应为数字。") from None


def yes_no(column: str, value, default: bool = False) -> bool:
    raw = text(value)
    if not raw:
        return default
    if raw in (YES, "Y", "y", "1", "TRUE", "True", "true"):
        return True
    if raw in (NO, "N", "n", "0", "FALSE", "False", "false"):
        return False
    raise CellError(column, f"“{raw}”应为“是”或“否”。")


def day(column: str, value) -> date | None:
    if type(value) in (int, float) and 1 <= value < 2958466:  # an Excel date: days since 1899-12-30
        return date(1899, 12, 30) + timedelta(days=int(value))
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw.replace("/", "-").replace(".", "-"))
    except ValueError:
        raise CellError(column, f"“{raw}”不是日期（如 2025-01-31）。") from None


def depth(value) -> int:
    raw = text(value)
    if not raw:
        return 1
    if raw[0] in ROMAN:
        return ROMAN.index(raw[0]) + 1
    if raw in ("1", "2", "3", "4"):
        return int(raw)
    if raw in values()["depth"]:
        return int(values()["depth"][raw])
    raise CellError("网办深度", f"“{raw}”应为 1–4 或 Ⅰ信息公开 … Ⅳ全程网办。")


def citations(value) -> list[dict]:
    raw = text(value)
    if not raw:
        return []
    found = [
        {
            "law_title": m.group(1).strip(),
            "article": int(m.group(2)),
            "clause": int(m.group(3)) if m.group(3) else None,
            "excerpt": (m.group(4) or "").strip(),
        }
        for m in CITATION_RE.finditer(raw)
    ]
    rest = CITATION_RE.sub("", raw).strip(" ；;\n")
    if not found or rest:
        raise CellError(
            "设定依据", f"无法识别“{(rest or raw)[:40]}”：应写作“《法律名称》第35条第1款”，多条用“；”分隔。"
        )
    return found


def split(value) -> list[str]:
    return [p.strip() for p in LIST_SEP.split(text(value)) if p.strip()]


def lines(value) -> list[str]:
    return [p.strip() for p in text(value).splitlines() if p.strip()]


def item_row(row: dict) -> dict:
    """The raw VersionData dict of an 事项 row (guide lists from the sub-sheets are added by the caller).

    Raises CellError for a cell that cannot be read (the first one; the row is then reported).
    """
    vals = values()
    events = {label: slug for slug, label in labels()["event"].items()}
    unknown = [e for e in split(row.get("主题")) if e not in events and e not in labels()["event"]]
    if unknown:
        raise CellError("主题", f"未知主题：{'、'.join(unknown)}。")
    return {
        "name": text(row.get("事项名称")),
        "kind": pick("事项类型", row.get("事项类型"), vals["kind"]),
        "competent_department": text(row.get("主管部门")),
        "implementing_body": text(row.get("实施主体")),
        "level": pick("行使层级", row.get("行使层级"), vals["level"]),
        "division": text(row.get("承办机构")),
        "statutory_limit": integer("法定办结时限", row.get("法定办结时限"), required=False),
        "statutory_unit": pick("法定时限单位", row.get("法定时限单位"), vals["unit"], default="workdays"),
        "promised_limit": integer("承诺办结时限", row.get("承诺办结时限")),
        "promised_unit": pick("承诺时限单位", row.get("承诺时限单位"), vals["unit"], default="workdays"),
        "handling": pick("办件类型", row.get("办件类型"), vals["handling"]),
        "visits": integer("到现场次数", row.get("到现场次数"), required=False) or 0,
        "visits_reason": text(row.get("到现场原因")),
        "online_depth": depth(row.get("网办深度")),
        "charges_fee": yes_no("是否收费", row.get("是否收费")),
        "online_payment": yes_no("网上支付", row.get("网上支付")),
        "audience": pick("服务对象", row.get("服务对象"), _reverse(AUDIENCE_LABELS), default="person"),
        "life_events": [events.get(e, e) for e in split(row.get("主题"))],
        "citations": citations(row.get("设定依据")),
        "guide": {
            "conditions": lines(row.get("受理条件")),
            "result": {
                "name": text(row.get("办理结果名称")),
                "type": pick("结果类型", row.get("结果类型"), _reverse(RESULT_LABELS), default=""),
            },
            "delivery": split(row.get("送达方式")),
            "place": text(row.get("办理地点")),
            "hours": text(row.get("办理时间")),
            "phones": {"consult": text(row.get("咨询电话")), "complaint": text(row.get("投诉电话"))},
        },
    }


@cache
def _reverse(table: dict[str, str]) -> dict[str, str]:  # type: ignore[misc]
    return {**{v: v for v in table if v}, **{label: v for v, label in table.items()}}


def _copies(header: str, value) -> int:
    n = integer(header, value, required=False)
    return 1 if n is None else n


def _picker(table: dict[str, str], default: str):
    values = _reverse(table)
    return lambda header, value: pick(header, value, values, default=default)


# field -> converter(header, value) of the sub-sheet cells that are not plain text
SUB_CONVERTERS = {
    "copies": _copies,
    "required": lambda header, value: yes_no(header, value, default=True),
    "days": number,
    "form": _picker(FORM_LABELS, "original"),
    "medium": _picker(MEDIUM_LABELS, "paper"),
    "source": _picker(SOURCE_LABELS, ""),
}


def sub_entry(sheet: str, row: dict, org_by_credit: dict[str, int]) -> dict:
    """One guide list entry from a sub-sheet row (CellError when a cell cannot be read)."""
    _field, headers, fields = SUB_SHEETS[sheet]
    entry = {}
    for header, field in zip(headers, fields, strict=True):
        value = row.get(header)
        convert = SUB_CONVERTERS.get(field)
        if convert is not None:
            entry[field] = convert(header, value)
        elif field == "actor_org_id":
            credit = text(value)
            if credit and credit not in org_by_credit:
                raise CellError(header, f"统一社会信用代码“{credit}”不是本系统中的机构。")
            entry[field] = org_by_credit[credit] if credit else None
        else:
            entry[field] = value.strip() if type(value) is str else text(value)
    return entry


# --- writing (export and the round trip)


def citation_text(c: dict) -> str:
    clause = f"第{c['clause']}款" if c.get("clause") else ""
    excerpt = f"：{c['excerpt']}" if c.get("excerpt") else ""
    return f"《{c['law_title']}》第{c['article']}条{clause}{excerpt}"


def item_cells(meta: dict, data: VersionData) -> list:
    """The 事项 row of a version: meta holds code, basic_code, number, operation, reason, tier, parent_code,
    credit, effective_from."""
    lab = labels()
    d = data.model_dump(mode="json")
    g = d["guide"]
    cols = {
        "实施编码": meta["code"],
        "基本编码": meta["basic_code"],
        "版本号": meta["number"],
        "目录操作": lab["operation"][meta["operation"]],
        "操作原因": meta["reason"],
        "层次": lab["tier"][meta["tier"]],
        "上级实施编码": meta.get("parent_code") or "",
        "实施机构统一社会信用代码": meta["credit"],
        "事项类型": lab["kind"][d["kind"]],
        "行使层级": lab["level"][d["level"]],
        "法定时限单位": lab["unit"][d["statutory_unit"]],
        "承诺时限单位": lab["unit"][d["promised_unit"]],
        "办件类型": lab["handling"][d["handling"]],
        "网办深度": lab["depth"][d["online_depth"]],
        "是否收费": YES if d["charges_fee"] else NO,
        "网上支付": YES if d["online_payment"] else NO,
        "服务对象": AUDIENCE_LABELS[d["audience"]],
        "主题": "、".join(lab["event"].get(e, e) for e in d["life_events"]),
        "设定依据": "；".join(citation_text(c) for c in d["citations"]),
        "受理条件": "\n".join(g["conditions"]),
        "办理地点": g["place"],
        "办理时间": g["hours"],
        "咨询电话": g["phones"]["consult"],
        "投诉电话": g["phones"]["complaint"],
        "办理结果名称": g["result"]["name"],
        "结果类型": RESULT_LABELS[g["result"]["type"]],
        "送达方式": "、".join(g["delivery"]),
        "生效日期": meta.get("effective_from") or "",
    }
    for field in COLUMNS:
        if FIELD_COLUMN[field] not in cols:
            value = d[field]
            cols[FIELD_COLUMN[field]] = "" if value is None else value
    return [cols[h] for h in ITEM_HEADERS]


def sub_cells(sheet: str, key: tuple[str, int], data: VersionData, credit_of: dict[int, str]) -> list[list]:
    field, _headers, fields = SUB_SHEETS[sheet]
    rows = []
    for entry in getattr(data.guide, field):
        e = entry.model_dump(mode="json")
        row = [*key]
        for f in fields:
            v = e[f]
            if f == "form":
                v = FORM_LABELS[v]
            elif f == "medium":
                v = MEDIUM_LABELS[v]
            elif f == "source":
                v = SOURCE_LABELS[v]
            elif f == "required":
                v = YES if v else NO
            elif f == "actor_org_id":
                v = credit_of.get(v, "") if v else ""
            elif f == "days" and float(v).is_integer():
                v = int(v)
            row.append(v)
        rows.append(row)
    return rows
