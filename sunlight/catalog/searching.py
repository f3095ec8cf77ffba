"""Searching items (and, for the joint page, documents) through sunlight.search, with a facet of item kinds.

One search per kind of entry: items ("service_item") and documents ("document") are ranked separately and
shown items first. The facet counts what the item search matches per item kind (the kind rides in `validity`,
so it is a facet token of the index: a count per kind is one match count, no new column or table).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count

from sunlight.notify import public_cache
from sunlight.search import service
from sunlight.search.types import SearchQuery, SearchResults

from .indexing import KIND, LIVE
from .kinds import ItemKind
from .models import ServiceItem

# Each kind's count stops here (shown as "1000+"): counting further costs time and tells a reader nothing.
FACET_CAP = 1000


@dataclass
class Facet:
    kind: str
    label: str
    count: int
    capped: bool = False  # at least `count`


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
    """How many items of each kind the text matches (each count stops at FACET_CAP: then "1000+").

    A text: one count per kind through the search's own matching (no ranking, the kind as a facet token).
    No text: every live item is in the index, so the counts are a GROUP BY on the items' (status, kind)
    index, cached until the catalog's public content next changes.
    """
    if not (text or "").strip():
        return _browse_counts(), False
    counts = {k: service.count(SearchQuery(text=text, kind=KIND, validity=k), cap=FACET_CAP) for k in ItemKind.values}
    facets = [Facet(k, kind_label(k), n, n >= FACET_CAP) for k, n in counts.items() if n]
    return facets, any(n >= FACET_CAP for n in counts.values())


def _browse_counts() -> list[Facet]:
    key = f"catalog:kind-counts:{public_cache.current('catalog')}"
    counts = cache.get(key)
    if counts is None:
        rows = ServiceItem.objects.filter(status__in=LIVE, current__isnull=False).order_by().values("kind")
        counts = {r["kind"]: r["n"] for r in rows.annotate(n=Count("*"))}
        cache.set(key, counts, public_cache.PAGE_SECONDS)
    return [Facet(k, kind_label(k), counts[k]) for k in ItemKind.values if counts.get(k)]


def documents(text: str, *, page: int = 1, per_page: int = 20) -> SearchResults:
    return service.search(SearchQuery(text=text, kind="document", page=page, per_page=per_page))
