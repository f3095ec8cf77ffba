"""索引号 (index number) and 文号 (document number): recognised in a query and looked up exactly."""

from __future__ import annotations

import re
import unicodedata

# e.g. 11440300MB2D12345X/2024-00123 or 000014349/2024-00001: the publisher's credit or org
# code, a slash, the year (optionally with a category), a five-digit sequence.
INDEX_NUMBER_RE = re.compile(r"^[0-9A-Z]{9,18}/\d{4,6}-\d{5}$")
# A year in any of the brackets people type (〔〕 [] 【】 （） after NFKC: () ) followed later by 号.
_YEAR_IN_BRACKETS = re.compile(r"[\[(〔【]\s*(\d{4})\s*[\])〕】]")
_SPACE = re.compile(r"\s+")


def normalize_index_number(value: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", value or "")).upper()


def normalize_doc_number(value: str) -> str:
    """国办发[2019]15号, 国办发（2019）15号 and 国办发〔2019〕15号 all become 国办发〔2019〕15号."""
    text = _SPACE.sub("", unicodedata.normalize("NFKC", value or ""))
    return _YEAR_IN_BRACKETS.sub(r"〔\1〕", text)


def looks_like_index_number(text: str) -> bool:
    return bool(INDEX_NUMBER_RE.match(normalize_index_number(text)))


def looks_like_doc_number(text: str) -> bool:
    normalized = normalize_doc_number(text)
    return len(normalized) <= 60 and "号" in normalized and bool(re.search(r"〔\d{4}〕", normalized))
