"""The backend interface and what every backend shares: row preparation, facets, browse.

A backend owns only the full-text part: how tokens are stored (FTS5 table or tsvector columns)
and how a compiled query is matched, ranked and counted. Everything else (exact lookup, browse
without text, snippets, suggestions, the vocabulary) is backend-independent and lives in the
service, so an OpenSearch backend would implement just the methods below.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.utils import timezone

from ..models import MAX_INDEXED_BODY_CHARS, SNIPPET_BODY_CHARS, SearchEntry
from ..numbers import normalize_doc_number, normalize_index_number

if TYPE_CHECKING:
    from ..types import IndexEntry

# Publication years are Beijing time whatever TIME_ZONE says: a document of 2025-01-01 00:30
# Beijing time belongs to 2025.
BEIJING = ZoneInfo("Asia/Shanghai")


def beijing(when: datetime) -> datetime:
    if timezone.is_naive(when):
        when = when.replace(tzinfo=BEIJING)
    return when.astimezone(BEIJING)


def window_facets(newest: tuple[int, int], months: int) -> list[str]:
    """Facet alternatives covering the `months` months up to `newest` (year, month), inclusive:
    whole calendar years as one y= token, the rest month by month (m=YYYYMM)."""
    year, month = newest
    tokens: list[str] = []
    while months > 0:
        if month == 12 and months >= 12:
            tokens.append(facet("y", year))
            year, months = year - 1, months - 12
            continue
        tokens.append(facet("m", f"{year}{month:02d}"))
        month, months = month - 1, months - 1
        if month == 0:
            year, month = year - 1, 12
    return tokens


def facet_value(value: Any) -> str:
    return "".join(ch for ch in str(value).lower() if ch.isalnum())


def facet(prefix: str, value: Any) -> str:
    """A filter token. '=' never occurs in a word token, so a query word can never hit a facet."""
    return f"{prefix}={facet_value(value)}"


def org_ids(path: str) -> list[int]:
    """'/1/7/42/' → [1, 7, 42]. Raises ValueError on anything that is not an org path."""
    parts = [p for p in (path or "").strip().split("/") if p]
    return [int(p) for p in parts]


def entry_facets(entry: IndexEntry, published: datetime) -> list[str]:
    # m= (month) lets a dense query look at the newest months first (see service._newest_window).
    tokens = [facet("k", entry.kind), facet("y", published.year), facet("m", f"{published.year}{published.month:02d}")]
    tokens += [facet("o", i) for i in org_ids(entry.org_path)]
    for topic in (entry.topic_id, entry.topic_parent_id):
        if topic is not None:
            tokens.append(facet("t", topic))
    if entry.genre_id is not None:
        tokens.append(facet("g", entry.genre_id))
    if entry.validity:
        tokens.append(facet("v", entry.validity))
    tokens += [facet("a", a) for a in entry.key_area_ids]
    return list(dict.fromkeys(tokens))


@dataclass
class Texts:
    """The text of an entry as the backends index it (segmentation is theirs to call)."""

    title: str
    head: str  # keywords, then summary
    body: str
    facets: list[str]


@dataclass
class MatchPlan:
    """A compiled full-text query.

    groups: every group must match; a group matches when any of its alternatives does; an
    alternative matches when all its tokens do. facets: all must match.
    """

    groups: list[list[list[str]]]
    facets: list[str]
    order: str = "relevance"
    limit: int = 20
    offset: int = 0
    rank_terms: list[str] = field(default_factory=list)
    # Rank at most this many candidates (the newest by index order); None ranks every match.
    candidate_cap: int | None = None
    # Many matches: the backend may rank more cheaply (SQLite: by field tiers, newest first).
    dense: bool = False

    def narrowed(self, alternatives: list[str]) -> MatchPlan:
        """The same plan, restricted to entries having one of these facet tokens."""
        return replace(self, groups=[*self.groups, [[t] for t in alternatives]])


class SearchBackend(ABC):
    name: str = ""
    # Counting stops here (None: always exact). Where counting costs a row visit per match
    # (PostgreSQL), an exact total of a 100,000-match query alone would take hundreds of ms.
    count_cap: int | None = None
    # True when match() bounds a dense relevance query by itself (no newest-months window needed).
    ranks_dense_cheaply: bool = False
    # True when match() ranks any number of matches by itself in either order (a top-k engine).
    tops_k: bool = False
    # Columns that hold index data; never loaded when building hits.
    index_columns = ("title_tokens", "summary_tokens", "body_tokens", "vector", "head_vector", "facets")

    # --- writing

    def prepare(self, entry: IndexEntry) -> dict[str, Any]:
        """All column values of the SearchEntry row for `entry` (segmentation happens here)."""
        if entry.published_at is None:
            raise ValueError("published_at is required to index an entry")
        published = beijing(entry.published_at)
        year = published.year
        body = (entry.body or "")[:MAX_INDEXED_BODY_CHARS]
        texts = Texts(
            title=entry.title or "",
            head=f"{entry.keywords or ''}\n{entry.summary or ''}",
            body=body,
            facets=entry_facets(entry, published),
        )
        row: dict[str, Any] = {
            "kind": entry.kind,
            "object_id": entry.object_id,
            "org_id": entry.org_id,
            "org_path": entry.org_path,
            "title": entry.title or "",
            "summary": entry.summary or "",
            "body": body[:SNIPPET_BODY_CHARS],
            "url": entry.url,
            "published_at": entry.published_at,
            "year": year,
            "index_number": entry.index_number or "",
            "doc_number": entry.doc_number or "",
            "index_key": normalize_index_number(entry.index_number or ""),
            "doc_key": normalize_doc_number(entry.doc_number or ""),
            "topic_id": entry.topic_id,
            "topic_parent_id": entry.topic_parent_id,
            "genre_id": entry.genre_id,
            "validity": entry.validity or "",
            "key_areas": "," + ",".join(str(a) for a in entry.key_area_ids) + "," if entry.key_area_ids else "",
            "keywords": entry.keywords or "",
            "facets": " ".join(texts.facets),
            "title_tokens": "",
            "summary_tokens": "",
            "body_tokens": "",
            "vector": None,
            "head_vector": None,
            "indexed_at": timezone.now(),
        }
        row.update(self.index_data(texts))
        return row

    @abstractmethod
    def index_data(self, texts: Texts) -> dict[str, Any]:
        """The backend's own columns for this text (segmentation happens here)."""

    def insert_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        """Insert prepared rows that do not exist yet (bulk load)."""
        SearchEntry.objects.bulk_create([SearchEntry(**row) for row in rows], batch_size=200)

    def optimize(self) -> None:  # noqa: B027 - optional hook, a no-op unless a backend has something to compact
        """Compact the full-text index after a bulk load (optional)."""

    # --- reading

    def reading(self) -> AbstractContextManager[None]:
        """Around one search (its count and its page): a backend may look things up once for both."""
        return nullcontext()

    @abstractmethod
    def match(self, plan: MatchPlan) -> tuple[list[tuple[int, float]], int]:
        """(SearchEntry id, score) of one page, best first; and how many candidates were
        considered (all matches, or at most candidate_cap; 0 when the page is empty)."""

    @abstractmethod
    def count(self, plan: MatchPlan, cap: int | None = None) -> int:
        """How many entries match in all; with `cap`, min(that, cap) (and cheaper)."""

    @staticmethod
    def cursor():
        return connection.cursor()
