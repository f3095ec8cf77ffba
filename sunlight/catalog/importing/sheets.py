"""A streaming XLSX reader: the rows of a sheet as tuples of values, parsed with lxml iterparse.

Why not openpyxl read_only (which the error workbook and the export still use for writing): measured on the
bench's workbook it reads ~100,000 cells/s, so a province's 100,000-version file (≈ 10 million cells over
its eight sheets) took longer to read than the whole 1,000 rows/s budget (docs/decisions/0005). This reader
does only what the import needs — shared and inline strings, numbers, booleans; dates arrive as Excel serial
numbers (shape.day converts them) — and frees each row once read, so memory stays flat.
"""

from __future__ import annotations

import codecs
import html
import posixpath
import re
import zipfile
from collections.abc import Iterator
from functools import lru_cache
from typing import IO

from lxml import etree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
ROW, CELL, VALUE, INLINE, TEXT = MAIN + "row", MAIN + "c", MAIN + "v", MAIN + "is", MAIN + "t"


def _parse(stream, **kw):
    # Uploaded XML: no entities, no network (billion laughs, XXE).
    return etree.iterparse(stream, resolve_entities=False, no_network=True, huge_tree=True, **kw)


def _column(ref: str) -> int:
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        else:
            break
    return n - 1


class Sheet:
    def __init__(self, book: Book, path: str) -> None:
        self.book, self.path = book, path

    def count_rows(self) -> int:
        """How many <row> elements the sheet has (a byte scan, no parsing: for the progress bar's total)."""
        count, tail = 0, b""
        with self.book.zip.open(self.path) as fh:
            while chunk := fh.read(1 << 20):
                data = tail + chunk
                count += len(ROW_START.findall(data))
                tail = data[-16:]
                count -= len(ROW_START.findall(tail))  # counted again with the next chunk
        return count

    def iter_rows(self, min_row: int = 1, max_row: int | None = None, values_only: bool = True) -> Iterator[tuple]:
        """Every row from min_row, gaps filled with None (row numbers as Excel shows them)."""
        shared = self.book.shared_strings()
        expected = 1
        for attrs, body in self._raw_rows():
            found = ROW_NUMBER.search(attrs)
            number = int(found.group(1)) if found else expected
            if max_row is not None and number > max_row:
                break
            if number >= min_row:
                while expected < number and expected >= min_row:  # rows Excel left out are empty rows
                    yield ()
                    expected += 1
                yield _values(body, shared)
            expected = number + 1

    def _raw_rows(self) -> Iterator[tuple[str, str]]:
        """(attributes, content) of each <row>, from the decompressed sheet read in 1 MB slices."""
        with self.book.zip.open(self.path) as fh:
            decoder = codecs.getincrementaldecoder("utf-8")()
            tail = ""
            while True:
                chunk = fh.read(1 << 20)
                text = tail + decoder.decode(chunk, final=not chunk)
                end = 0
                for m in ROW_RE.finditer(text):
                    end = m.end()
                    yield m.group(1) or m.group(3) or "", m.group(2) or ""
                tail = text[end:]
                if not chunk:
                    return


# SpreadsheetML is regular enough to read with regular expressions (C speed, no object per XML node); an
# optional namespace prefix (x:row) is allowed, as some generators write one.
ROW_RE = re.compile(r"<(?:\w+:)?row\b([^>]*)(?<!/)>(.*?)</(?:\w+:)?row>|<(?:\w+:)?row\b([^>]*?)/>", re.S)
P = r"(?:\w+:)?"  # an optional namespace prefix
# One match per cell: column letters, type, <v> value, simple inline text, complex inline content.
CELL_RE = re.compile(
    rf'<{P}c\b(?:[^>]*?\br="([A-Z]+)\d*")?(?:[^>]*?\bt="(\w+)")?[^>]*?'
    rf"(?:/>|>(?:<{P}v>([^<]*)</{P}v>|<{P}is><{P}t(?:\s[^>]*)?>([^<]*)</{P}t></{P}is>|(.*?))</{P}c>)",
    re.S,
)
ROW_START = re.compile(rb"<(?:\w+:)?row\b")
ROW_NUMBER = re.compile(r'\br="(\d+)"')
TEXT_RE = re.compile(rf"<{P}t\b[^>]*?(?:/>|>(.*?)</{P}t>)", re.S)
VALUE_RE = re.compile(rf"<{P}v>(.*?)</{P}v>", re.S)


@lru_cache(maxsize=1 << 16)
def _unescape(text: str) -> str:
    # openpyxl writes every CJK character as &#NNNNN;: decoding is the costliest step, and cells repeat a lot
    # (labels, departments, material names), so the decoded texts are remembered (and shared: less memory).
    return html.unescape(text) if "&" in text else text


@lru_cache(maxsize=1024)
def _column_of(letters: str) -> int:
    return _column(letters)


def _values(body: str, shared: list[str]) -> tuple:
    values: list = []
    for letters, kind, v, inline, other in CELL_RE.findall(body):
        if letters:
            at = _column_of(letters)
            if at > len(values):
                values.extend([None] * (at - len(values)))
        if kind == "inlineStr":
            values.append(_unescape(inline if not other else "".join(TEXT_RE.findall(other))))
        elif not v:
            if other and (found := VALUE_RE.search(other)):  # <v> after an <f> formula
                v = found.group(1)
            else:
                values.append(None)
                continue
        if kind == "inlineStr":
            continue
        if kind == "s":
            values.append(shared[int(v)])
        elif kind in ("str", "e"):
            values.append(_unescape(v))
        elif kind == "b":
            values.append(v == "1")
        else:
            values.append(float(v) if ("." in v or "E" in v or "e" in v) else int(v))
    return tuple(values)


class Book:
    """The subset of an openpyxl read-only workbook the import uses: sheetnames, book[name].iter_rows, close."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.zip = zipfile.ZipFile(fh)
        rels = {}
        with self.zip.open("xl/_rels/workbook.xml.rels") as f:
            for rel in etree.parse(f, etree.XMLParser(resolve_entities=False, no_network=True)).getroot():
                target = rel.get("Target", "")
                rels[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        self.paths: dict[str, str] = {}
        with self.zip.open("xl/workbook.xml") as f:
            root = etree.parse(f, etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
            for sheet in root.iter(MAIN + "sheet"):
                path = rels.get(sheet.get(REL))
                if path:
                    self.paths[sheet.get("name")] = posixpath.normpath(path)
        self.sheetnames = list(self.paths)
        self._shared: list[str] | None = None

    def shared_strings(self) -> list[str]:
        if self._shared is None:
            self._shared = []
            if "xl/sharedStrings.xml" in self.zip.namelist():
                with self.zip.open("xl/sharedStrings.xml") as fh:
                    for _event, si in _parse(fh, events=("end",), tag=MAIN + "si"):
                        self._shared.append("".join(si.itertext(TEXT)))
                        si.clear()
        return self._shared

    def __getitem__(self, name: str) -> Sheet:
        return Sheet(self, self.paths[name])

    def close(self) -> None:
        self.zip.close()
