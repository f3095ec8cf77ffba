"""What modules hand to search and what they get back: the contract of sunlight.search.service.

The backends (backends/base.py and its engines) read IndexEntry too, so these live below both: the service
picks a backend and imports it; a backend never imports the service.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class IndexEntry:
    """What a module hands to search."""

    kind: str  # "document" now; later "service_item", "letter"
    object_id: int
    org_id: int  # publishing org
    org_path: str  # Org.path like "/1/7/42/" (subtree filter = prefix)
    title: str
    summary: str
    body: str  # plain text incl. attachment text
    url: str
    published_at: datetime
    index_number: str = ""  # 索引号, exact lookup
    doc_number: str = ""  # 文号, exact lookup
    topic_id: int | None = None
    topic_parent_id: int | None = None  # a topic filter matches the topic or its parent
    genre_id: int | None = None
    validity: str = ""  # "valid" / "expired" / "repealed"
    key_area_ids: list[int] = field(default_factory=list)  # the caller includes the parents
    keywords: str = ""


@dataclass
class SearchQuery:
    text: str = ""
    kind: str = "document"
    org_path: str | None = None  # subtree filter
    topic_id: int | None = None  # matches topic_id or topic_parent_id
    genre_id: int | None = None
    year: int | None = None  # of published_at, Beijing time
    validity: str | None = None
    key_area_id: int | None = None
    page: int = 1
    per_page: int = 20  # at most MAX_PER_PAGE
    order: str = "relevance"  # or "newest"


@dataclass
class Hit:
    object_id: int
    title: str
    url: str
    published_at: datetime
    snippet_html: str  # escaped text, query terms in <mark>, ~120 characters from the best place
    title_html: str
    score: float
    index_number: str
    doc_number: str
    org_id: int
    validity: str = ""
    # Filled in by the module that shows the hit (search knows only org_id and the validity code).
    publisher: str = ""
    validity_label: str = ""


@dataclass
class SearchResults:
    total: int
    hits: list[Hit]
    page: int
    per_page: int
    exact_match: bool = False  # the text was an 索引号/文号 and it was found
    suggestion: str | None = None  # "did you mean", only when nothing was found
    query_terms: list[str] = field(default_factory=list)
    took_ms: float = 0.0
    # True when counting stopped early: there are at least `total` results (show "5,000+").
    total_capped: bool = False
    # Synonyms the query also matched: [(the word typed, [its synonyms …])] (sunlight.search.synonyms).
    expansions: list[tuple[str, list[str]]] = field(default_factory=list)
    # Only when nothing was found: other searches that do find something under the same filters
    # (the synonyms alone, 最低生活保障 for 低保 …), best first.
    alternatives: list[str] = field(default_factory=list)
    query_text: str = ""  # the text searched for, as typed (cut to MAX_QUERY_CHARS)
