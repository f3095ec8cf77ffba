"""Reading a year-figures file (CSV or XLSX) into rows; actions.import_year_figures checks and writes them.

Columns, by header (Chinese or English, in any order): 机构代码 (统一社会信用代码 or 组织机构代码) and/or
机构名称, 年度, 行政许可, 行政处罚, 行政强制, 行政事业性收费（万元）. A CSV may be UTF-8 (with or without
BOM) or GB18030, which is what Excel writes on a Chinese system.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext

from sunlight.errors import SunlightError
from sunlight.ints import ascii_int
from sunlight.orgs.models import Org

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10000
# Header → column key: the first alias contained in the (space-free, lower-case) header wins.
COLUMNS = (
    ("licensing_decisions", ("licensing", "许可")),
    ("penalty_decisions", ("penalty", "处罚")),
    ("coercion_decisions", ("coercion", "强制")),
    ("fee_income", ("fee", "收费")),
    ("year", ("year", "年度", "年份")),
    ("code", ("code", "代码")),
    ("name", ("name", "名称")),
)
REQUIRED = ("year", "licensing_decisions", "penalty_decisions", "coercion_decisions", "fee_income")
LABELS = {
    "year": "年度",
    "licensing_decisions": "行政许可",
    "penalty_decisions": "行政处罚",
    "coercion_decisions": "行政强制",
    "fee_income": "行政事业性收费（万元）",
}
TEMPLATE_HEADER = ["机构代码", "机构名称", "年度", "行政许可", "行政处罚", "行政强制", "行政事业性收费（万元）"]


def _bad(message: str) -> SunlightError:
    return SunlightError(message, code="bad_row")


def _key(header) -> str | None:
    text = "".join(str(header or "").split()).lower()
    for key, aliases in COLUMNS:
        if any(alias in text for alias in aliases):
            return key
    return None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@dataclass
class Row:
    line: int
    cells: dict

    def org(self) -> Org:
        code, name = _text(self.cells.get("code")), _text(self.cells.get("name"))
        if code:
            org = Org.objects.filter(Q(credit_code=code.upper()) | Q(org_code=code.upper())).first()
            if org is None:
                raise _bad(gettext("机构代码“%(code)s”不存在。") % {"code": code})
            if name and name != org.name:
                raise _bad(
                    gettext("机构代码“%(code)s”对应“%(org)s”，与机构名称“%(name)s”不符。")
                    % {"code": code, "org": org.name, "name": name}
                )
            return org
        if not name:
            raise _bad(gettext("缺少机构代码或机构名称。"))
        found = list(Org.objects.filter(name=name)[:2])
        if len(found) != 1:
            raise _bad(
                (
                    gettext("机构名称“%(name)s”不存在。")
                    if not found
                    else gettext("机构名称“%(name)s”不唯一，请填写机构代码。")
                )
                % {"name": name}
            )
        return found[0]

    def year(self) -> int:
        return self._int("year")

    def _int(self, key: str) -> int:
        value = self.cells.get(key)
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = _text(value).replace(",", "")
        if ascii_int(text, max_digits=9) is None:  # stays within 32 bits
            raise _bad(
                gettext("“%(label)s”须为不小于0的整数（现为“%(text)s”）。") % {"label": LABELS[key], "text": text}
            )
        return int(text)

    def figures(self) -> tuple[int, int, int, Decimal]:
        fee = self.cells.get("fee_income")
        text = _text(fee).replace(",", "")
        if not text:
            raise _bad(gettext("缺少“行政事业性收费（万元）”。"))
        return (
            self._int("licensing_decisions"),
            self._int("penalty_decisions"),
            self._int("coercion_decisions"),
            Decimal(str(fee)) if isinstance(fee, float) else text,
        )


def _table(data: bytes, name: str) -> list[list]:
    if data[:4] == b"PK\x03\x04" or name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _bad(gettext("无法识别文件编码，请保存为 UTF-8 CSV 或 XLSX。"))
    return list(csv.reader(io.StringIO(text)))


def read_rows(file) -> tuple[list[Row], str]:
    """(rows, "") or ([], the reason the whole file is refused)."""
    data = file.read(MAX_BYTES + 1) if hasattr(file, "read") else bytes(file)
    if len(data) > MAX_BYTES:
        return [], gettext("文件超过5MB。")
    try:
        table = _table(data, getattr(file, "name", "") or "")
    except SunlightError as exc:
        return [], exc.message
    except Exception:  # a damaged XLSX or CSV: say so instead of failing
        return [], gettext("无法读取文件，请上传 CSV 或 XLSX 格式。")
    if not table:
        return [], gettext("文件是空的。")
    keys = [_key(h) for h in table[0]]
    missing = [LABELS[k] for k in REQUIRED if k not in keys]
    if missing or not ({"code", "name"} & set(keys)):
        need = "、".join(missing + ([] if {"code", "name"} & set(keys) else ["机构代码或机构名称"]))
        return [], gettext("缺少列：%(need)s。") % {"need": need}
    if len(table) - 1 > MAX_ROWS:
        return [], gettext("数据行超过%(max_rows)s行，请分批导入。") % {"max_rows": MAX_ROWS}
    rows = []
    for line, values in enumerate(table[1:], start=2):
        if all(_text(v) == "" for v in values):
            continue
        rows.append(Row(line, {k: v for k, v in zip(keys, values) if k}))
    return rows, ""
