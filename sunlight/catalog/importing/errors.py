"""The error workbook: every sheet of the upload with an added 错误 column, and a sheet 错误清单 listing them all.

Streamed both ways (read_only in, write_only out), so a 100,000-row file with errors is written in bounded memory.
"""

from __future__ import annotations

from collections import defaultdict
from typing import IO

from .reader import header_of, open_workbook
from .shape import ERROR_COLUMN, ERROR_HEADERS, ERROR_SHEET


def safe(value):
    # Excel runs a cell that starts with = + - @ as a formula: texts from an uploaded file never should.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def write_error_workbook(source: IO[bytes], errors: list[tuple[str, int, str, str]], out: IO[bytes]) -> None:
    from openpyxl import Workbook

    by_row: dict[tuple[str, int], list[str]] = defaultdict(list)
    for sheet, row, column, message in errors:
        by_row[(sheet, row)].append(f"{column}：{message}" if column else message)
    book = open_workbook(source)
    target = Workbook(write_only=True)
    try:
        for name in book.sheetnames:
            ws = target.create_sheet(name)
            ws.append([*header_of(book, name), ERROR_COLUMN])
            width = len(header_of(book, name))
            for number, values in enumerate(book[name].iter_rows(min_row=2, values_only=True), start=2):
                cells = [safe(v) for v in (list(values) + [None] * width)[:width]]
                ws.append([*cells, "；".join(by_row.get((name, number), ()))])
        listing = target.create_sheet(ERROR_SHEET)
        listing.append(list(ERROR_HEADERS))
        for sheet, row, column, message in errors:
            listing.append([sheet, row, column, safe(message)])
        target.save(out)
    finally:
        book.close()
