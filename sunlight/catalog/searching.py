"""Searching items (and, for the joint page, documents) through sunlight.search, with a facet of item kinds.

One search per kind of entry: items ("service_item") and documents ("document") are ranked separately and
shown items first. The facet counts what the item search matches per item kind (the kind rides in `validity`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from sunlight.search import service
from sunlight.search.models import SearchEntry
from sunlight.search.types import SearchQuery, SearchResults

from .indexing import KIND
from .kinds import ItemKind

# The facet counts at most this many matches of a text search (shown as "2000+" beyond).
FACET_CAP = 2000


@dataclass
class Facet:
    kind: str
    label: str
    count: int


@dataclass
class Found:
    results: SearchResults
    facets: list[Facet] = field(default_factory=list)
    facets_capped: bool = False


def kind_label(kind: str) -> str:
    return str(ItemKind(kind).label) if kind in ItemKind.values else kind


def items(text: str, *, kind: str | None = None, page: int = 1, per_page: int = 20, facets: bool = True) -> Found:
    """Items matching `text` (all of them when empty), of one item kind when `kind` is given."""
    results = service.search(SearchQuery(text=text, kind=KIND, validity=kind, page=page, per_page=per_page))
    if not facets:
        return Found(results)
    counts, capped = kind_counts(text)
    return Found(results, counts, capped)


def kind_counts(text: str) -> tuple[list[Facet], bool]:
    """How many items of each kind the text matches (over the whole index, not one kind)."""
    entries = SearchEntry.objects.filter(kind=KIND)
    capped = False
    if (text or "").strip():
        ids = service.matching_ids(SearchQuery(text=text, kind=KIND), cap=FACET_CAP)
        capped = len(ids) >= FACET_CAP
        entries = entries.filter(object_id__in=ids)
    rows = entries.order_by().values("validity").annotate(n=Count("id"))
    counts = {r["validity"]: r["n"] for r in rows}
    return [Facet(k, kind_label(k), counts[k]) for k in ItemKind.values if counts.get(k)], capped


def documents(text: str, *, page: int = 1, per_page: int = 20) -> SearchResults:
    return service.search(SearchQuery(text=text, kind="document", page=page, per_page=per_page))
