"""Open an uploaded workbook and stream its rows; refuse foreign or broken files with a clear Chinese message.

Rows are parsed as they are read (sheets.Book, lxml iterparse), so a 100,000-row file never sits in memory whole.
"""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Iterator
from typing import IO

from lxml import etree

from sunlight.errors import SunlightError

from .shape import ITEM_HEADERS, ITEM_SHEET, KEY_HEADERS, SUB_HEADERS
from .sheets import Book


class BadWorkbook(SunlightError):
    """The file is not a workbook of the exchange shape: nothing of it is imported."""

    status = 400
    code = "bad_workbook"


def open_workbook(fh: IO[bytes]):
    """A read-only openpyxl workbook whose sheets carry the exchange headers, or BadWorkbook."""
    fh.seek(0)
    head = fh.read(8)
    fh.seek(0)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise BadWorkbook("这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再上传。")
    if not head.startswith(b"PK") or not zipfile.is_zipfile(fh):
        raise BadWorkbook("文件不是 Excel 工作簿（.xlsx）；如果是 CSV 或其他格式，请用本系统的导入模板。")
    fh.seek(0)
    with zipfile.ZipFile(fh) as archive:
        if "xl/workbook.xml" not in archive.namelist():
            raise BadWorkbook("文件是压缩包，但不是 Excel 工作簿（.xlsx）。")
    fh.seek(0)
    try:
        book = Book(fh)
        if ITEM_SHEET in book.sheetnames:
            header_of(book, ITEM_SHEET)
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, ValueError):
        raise BadWorkbook("无法读取该 Excel 工作簿，文件可能已损坏。") from None
    if ITEM_SHEET not in book.sheetnames:
        book.close()
        raise BadWorkbook(f"工作簿缺少“{ITEM_SHEET}”工作表（每行一个事项版本）。")
    check_headers(book, ITEM_SHEET, ITEM_HEADERS, required=True)
    for sheet, headers in SUB_HEADERS.items():
        if sheet in book.sheetnames:
            check_headers(book, sheet, headers)
    return book


def header_of(book, sheet: str) -> list[str]:
    first = next(book[sheet].iter_rows(max_row=1, values_only=True), None) or ()
    return [str(h).strip() if h is not None else "" for h in first]


def check_headers(book, sheet: str, headers: tuple[str, ...], *, required: bool = False) -> None:
    found = header_of(book, sheet)
    missing = [h for h in headers if h not in found]
    if missing:
        book.close()
        raise BadWorkbook(
            f"工作表“{sheet}”的表头不对，缺少列：{'、'.join(missing)}。请使用导出的工作簿或导入模板的表头。"
        )
    dupes = {h for h in found if h and found.count(h) > 1}
    if dupes:
        book.close()
        raise BadWorkbook(f"工作表“{sheet}”的表头有重复的列：{'、'.join(sorted(dupes))}。")


def rows(book, sheet: str, *, intern: bool = False) -> Iterator[tuple[int, dict]]:
    """(row number as Excel shows it, {header: value}) for every non-empty row after the header."""
    headers = header_of(book, sheet)
    width = len(headers)
    for number, values in enumerate(book[sheet].iter_rows(min_row=2, values_only=True), start=2):
        if not any(v is not None and v != "" for v in values):
            continue
        if intern:  # sub-sheets repeat the same texts (营业执照 …) hundreds of thousands of times
            values = tuple(sys.intern(v) if type(v) is str and len(v) < 64 else v for v in values)
        yield number, dict(zip(headers, values[:width], strict=False))


def key_of(row: dict) -> tuple[str, int] | None:
    code = str(row.get(KEY_HEADERS[0]) or "").strip()
    raw = row.get(KEY_HEADERS[1])
    try:
        number = int(float(raw)) if raw not in (None, "") else 0
    except (TypeError, ValueError):
        return None
    return (code, number) if code and number > 0 else None
