"""The search service: the one interface other apps use (index, remove, search, rebuild).

Modules build an ``IndexEntry`` (sunlight.search.types) and call ``index()`` inside their own transaction (same
database, so the index commits or rolls back with the change), ``remove()`` when an object
leaves the public, and ``search()`` to query. Which engine does the full-text work is decided by
``settings.SEARCH_BACKEND`` ("auto": SQLite FTS5 on SQLite, tsvector/GIN on PostgreSQL).
"""

from __future__ import annotations

import gc
import math
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from html import escape
from itertools import islice
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from sunlight.errors import SunlightError

from . import outbox, synonyms, vocabulary
from .backends.base import MatchPlan, SearchBackend, beijing, facet, org_ids, window_facets
from .highlight import SNIPPET_CHARS, mark, snippet
from .models import SearchEntry
from .numbers import looks_like_doc_number, looks_like_index_number, normalize_doc_number, normalize_index_number
from .segment import query_terms, term_parts
from .types import Hit, IndexEntry, SearchQuery, SearchResults

MAX_PER_PAGE = 100
ORDERS = ("relevance", "newest")
# A query matching more than this is "dense": it is ranked over its newest RANK_CAP matches only
# (newest months first, see _newest_window), which keeps its cost flat however large the index.
RANK_CAP = 2000
# A query is words someone typed; a pasted page is cut down to its first words.
MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 16


# --- backend selection

_BACKENDS: dict[str, SearchBackend] = {}


def get_backend() -> SearchBackend:
    """The backend for settings.SEARCH_BACKEND ("auto" follows the default database's vendor)."""
    choice = (getattr(settings, "SEARCH_BACKEND", "auto") or "auto").lower()
    vendor = connection.vendor
    if choice == "auto":
        choice = {"sqlite": "sqlite", "postgresql": "postgres"}.get(vendor, "")
        if not choice:
            raise ImproperlyConfigured(f"No search backend for database vendor {vendor!r}; set SEARCH_BACKEND.")
    expected_vendor = {"sqlite": "sqlite", "postgres": "postgresql"}.get(choice)
    if expected_vendor is None:
        raise ImproperlyConfigured(f"Unknown SEARCH_BACKEND {choice!r} (auto, sqlite, postgres).")
    if expected_vendor != vendor:
        # The index lives in the same database as the data (one transaction), so they must agree.
        raise ImproperlyConfigured(f"SEARCH_BACKEND {choice!r} needs a {expected_vendor} database, not {vendor}.")
    engine = (getattr(settings, "SEARCH_ENGINE", "") or "").lower()
    if engine not in ("", "tantivy"):
        raise ImproperlyConfigured(f"Unknown SEARCH_ENGINE {engine!r} (empty for the database's own, tantivy).")
    name = f"{engine}+{choice}" if engine else choice
    if name not in _BACKENDS:
        if choice == "sqlite":
            from .backends.sqlite import SqliteBackend

            backend: SearchBackend = SqliteBackend()
        else:
            from .backends.postgres import PostgresBackend

            backend = PostgresBackend()
        if engine:
            from .backends.tantivy import TantivyBackend

            backend = TantivyBackend(backend)
        _BACKENDS[name] = backend
    return _BACKENDS[name]


# --- writing


def index(entry: IndexEntry) -> None:
    """Add or replace one entry. Call inside the caller's transaction (same database)."""
    backend = get_backend()
    row = backend.prepare(entry)
    new_terms = vocabulary.entry_terms(entry.title, entry.keywords)
    with transaction.atomic():
        old = (
            SearchEntry.objects.filter(kind=entry.kind, object_id=entry.object_id)
            .values("id", "title", "keywords")
            .first()
        )
        if old is None:
            try:
                with transaction.atomic():
                    SearchEntry.objects.create(**row)
            except IntegrityError:
                # Indexed concurrently by another transaction since we looked: replace it.
                old = (
                    SearchEntry.objects.filter(kind=entry.kind, object_id=entry.object_id)
                    .values("id", "title", "keywords")
                    .get()
                )
        if old is not None:
            SearchEntry.objects.filter(pk=old["id"]).update(**row)
            old_terms = vocabulary.entry_terms(old["title"], old["keywords"])
        else:
            old_terms = set()
        vocabulary.subtract(old_terms - new_terms)
        vocabulary.add(new_terms - old_terms)
        outbox.record([(entry.kind, entry.object_id)])


def remove(kind: str, object_id: int) -> None:
    """Take an entry out of the index (no-op when it is not there)."""
    with transaction.atomic():
        old = SearchEntry.objects.filter(kind=kind, object_id=object_id).values("id", "title", "keywords").first()
        if old is None:
            return
        SearchEntry.objects.filter(pk=old["id"]).delete()
        vocabulary.subtract(vocabulary.entry_terms(old["title"], old["keywords"]))
        outbox.record([(kind, object_id)])


def clear(kind: str | None = None) -> int:
    """Empty the index (one kind, or everything) before a full rebuild. Returns rows removed."""
    entries = SearchEntry.objects.all() if kind is None else SearchEntry.objects.filter(kind=kind)
    with transaction.atomic():
        outbox.record_kind(kind)
        if kind is None:
            from .models import SearchTerm

            SearchTerm.objects.all().delete()
            return entries.delete()[0]
        counts: Counter[str] = Counter()
        for title, keywords in entries.values_list("title", "keywords").iterator():
            counts.update(vocabulary.entry_terms(title, keywords))
        vocabulary.subtract(counts)
        return entries.delete()[0]


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


Prepared = tuple[dict[str, Any], set[str]]  # the row and its vocabulary terms


def prepare(entry: IndexEntry) -> Prepared:
    """Everything of an entry's row that needs no database (segmentation included), for store().

    Safe to call in a worker process: bulk writers prepare in parallel and store in one.
    """
    return get_backend().prepare(entry), vocabulary.entry_terms(entry.title, entry.keywords)


def store(prepared: list[Prepared]) -> int:
    """Add or replace prepared rows in one transaction (the caller's, if any)."""
    return _store_batch(get_backend(), prepared)


def _prepare_batch(entries: list[IndexEntry]) -> list[Prepared]:
    return [prepare(e) for e in entries]


def rebuild(entries: Iterable[IndexEntry], *, batch: int = 2000, workers: int = 1) -> int:
    """Bulk add-or-replace (imports, full rebuilds, benchmarks). Returns the number indexed.

    Each batch is one transaction: rows with the same (kind, object_id) are replaced, new rows
    are bulk-inserted (COPY on PostgreSQL), the vocabulary is updated once per batch. With
    workers > 1 the segmentation (the expensive part) runs in that many forked processes.
    For a full rebuild call clear(kind) first.
    """
    backend = get_backend()
    total = 0
    pool = None
    # Segmentation allocates heavily; with the default thresholds the cyclic GC walks every
    # long-lived object again and again (a third of the time). Freeze what exists, collect less.
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(thresholds[0], 50_000), *thresholds[1:])
    if workers > 1 and connection.in_atomic_block:
        workers = 1  # forking would need to close the connection of the caller's transaction
    try:
        if workers > 1:
            import multiprocessing

            from .segment import warm_up

            warm_up()  # load the dictionary once, before forking, so the children share it
            connection.close()  # never share a database connection with forked children
            pool = multiprocessing.get_context("fork").Pool(workers)
        for prepared in _prepared_batches(entries, batch, pool, workers):
            total += _store_batch(backend, prepared)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
        gc.set_threshold(*thresholds)
        gc.unfreeze()
    return total


def _prepared_batches(
    entries: Iterable[IndexEntry], batch: int, pool: Any, workers: int
) -> Iterator[list[tuple[dict[str, Any], set[str]]]]:
    if pool is None:
        for chunk in _batches(entries, batch):
            yield _prepare_batch(chunk)
        return
    # Workers segment small slices while this process writes; at most a few slices wait in
    # memory, so a million-entry rebuild never holds more than about two batches.
    from collections import deque

    size = max(1, min(250, batch // workers))
    pending: deque[Any] = deque()
    ready: list[tuple[dict[str, Any], set[str]]] = []
    for part in _batches(entries, size):
        pending.append(pool.apply_async(_prepare_batch, (part,)))
        while len(pending) > max(2 * workers, batch // size) or (pending and pending[0].ready()):
            ready += pending.popleft().get()
            if len(ready) >= batch:
                yield ready
                ready = []
    while pending:
        ready += pending.popleft().get()
        if len(ready) >= batch:
            yield ready
            ready = []
    if ready:
        yield ready


def _store_batch(backend: SearchBackend, prepared: list[tuple[dict[str, Any], set[str]]]) -> int:
    # The last entry wins when a batch holds the same object twice.
    rows_by_key = {(row["kind"], row["object_id"]): (row, terms) for row, terms in prepared}
    by_kind: dict[str, list[int]] = {}
    for kind, object_id in rows_by_key:
        by_kind.setdefault(kind, []).append(object_id)
    added: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    with transaction.atomic():
        for kind, ids in by_kind.items():
            existing = SearchEntry.objects.filter(kind=kind, object_id__in=ids)
            old = list(existing.values_list("id", "title", "keywords"))
            if old:
                for _, title, keywords in old:
                    removed.update(vocabulary.entry_terms(title, keywords))
                SearchEntry.objects.filter(pk__in=[o[0] for o in old]).delete()
        for _, terms in rows_by_key.values():
            added.update(terms)
        backend.insert_rows([row for row, _ in rows_by_key.values()])
        vocabulary.subtract(removed)
        vocabulary.add(added)
        outbox.record(rows_by_key)
    return len(rows_by_key)


# --- reading


def _bad_input(message: str) -> SunlightError:
    return SunlightError(message, code="bad_search")


def _filters(q: SearchQuery) -> tuple[list[str], Q]:
    """The query's filters twice: as facet tokens (full-text path) and as a Q (browse, exact)."""
    facets = [facet("k", q.kind)]
    where = Q(kind=q.kind)
    if q.org_path and q.org_path.strip("/ "):
        try:
            ids = org_ids(q.org_path)
        except ValueError:
            raise _bad_input(gettext("机构路径无效")) from None
        facets.append(facet("o", ids[-1]))
        where &= Q(org_path__startswith="/" + "/".join(str(i) for i in ids) + "/")
    if q.topic_id is not None:
        facets.append(facet("t", q.topic_id))
        where &= Q(topic_id=q.topic_id) | Q(topic_parent_id=q.topic_id)
    if q.genre_id is not None:
        facets.append(facet("g", q.genre_id))
        where &= Q(genre_id=q.genre_id)
    if q.year is not None:
        facets.append(facet("y", q.year))
        where &= Q(year=q.year)
    if q.validity:
        facets.append(facet("v", q.validity))
        where &= Q(validity=q.validity)
    if q.key_area_id is not None:
        facets.append(facet("a", q.key_area_id))
        where &= Q(key_areas__contains=f",{q.key_area_id},")
    return facets, where


def _page(q: SearchQuery) -> tuple[int, int]:
    try:
        page = max(1, int(q.page or 1))
        per_page = min(MAX_PER_PAGE, max(1, int(q.per_page or 20)))
    except (TypeError, ValueError):
        raise _bad_input(gettext("页码无效")) from None
    return page, per_page


def _groups(terms: list[str]) -> tuple[list[list[list[str]]], list[str]]:
    """Each term, or the shorter words that cover it when the text was segmented differently."""
    groups, marks = [], list(terms)
    for term in terms:
        parts = term_parts(term)
        groups.append([[term], parts] if parts else [[term]])
        marks += parts
    return groups, list(dict.fromkeys(marks))


HIT_FIELDS = (
    "id",
    "object_id",
    "title",
    "summary",
    "body",
    "url",
    "published_at",
    "index_number",
    "doc_number",
    "org_id",
    "validity",
)


def _hit(entry: SearchEntry, score: float, marks: list[str]) -> Hit:
    return Hit(
        object_id=entry.object_id,
        title=entry.title,
        url=entry.url,
        published_at=entry.published_at,
        snippet_html=snippet([entry.summary, entry.body], marks) if marks else escape(_lead(entry)),
        title_html=mark(entry.title, marks),
        score=score,
        index_number=entry.index_number,
        doc_number=entry.doc_number,
        org_id=entry.org_id,
        validity=entry.validity,
    )


def _lead(entry: SearchEntry) -> str:
    text = " ".join((entry.summary or entry.body or "").split())
    return text[:SNIPPET_CHARS] + ("…" if len(text) > SNIPPET_CHARS else "")


def _exact(text: str, where: Q, per_page: int) -> list[SearchEntry]:
    if looks_like_index_number(text):
        found = SearchEntry.objects.filter(where, index_key=normalize_index_number(text))
    elif looks_like_doc_number(text):
        found = SearchEntry.objects.filter(where, doc_key=normalize_doc_number(text))
    else:
        return []
    return list(found.only(*HIT_FIELDS).order_by("-published_at", "-id")[:per_page])


def search(q: SearchQuery) -> SearchResults:
    with get_backend().reading():
        return _search(q)


def _search(q: SearchQuery) -> SearchResults:
    started = time.perf_counter()
    if q.order not in ORDERS:
        raise _bad_input(gettext("排序方式无效"))
    page, per_page = _page(q)
    offset = (page - 1) * per_page
    facets, where = _filters(q)
    text = (q.text or "").strip()[:MAX_QUERY_CHARS]

    def done(total: int, hits: list[Hit], **extra: Any) -> SearchResults:
        return SearchResults(
            total=total,
            hits=hits,
            page=page,
            per_page=per_page,
            took_ms=(time.perf_counter() - started) * 1000,
            query_text=text,
            **extra,
        )

    if not text:
        # Browse: the newest entries under the filters, straight from the table's indexes.
        entries = SearchEntry.objects.filter(where)
        rows = list(entries.only(*HIT_FIELDS).order_by("-published_at", "-id")[offset : offset + per_page])
        cap = get_backend().count_cap
        total = entries.count() if cap is None else entries.order_by()[:cap].count()
        return done(total, [_hit(e, 0.0, []) for e in rows], total_capped=cap is not None and total >= cap)

    exact = _exact(text, where, per_page)
    if exact:
        return done(len(exact), [_hit(e, 1.0, []) for e in exact], exact_match=True)

    terms = query_terms(text)[:MAX_QUERY_TERMS]
    if not terms:  # only punctuation or stopwords: nothing to look for
        return done(0, [], query_terms=[])
    backend = get_backend()
    units = synonyms.expand(terms, text)
    plan, total = _match_plan(backend, terms, facets, backend.count_cap, units=units)
    plan.order, plan.limit, plan.offset = q.order, per_page, offset
    capped = backend.count_cap is not None and total >= backend.count_cap
    marks = plan.rank_terms
    ranked: list[tuple[int, float]] = []
    if total > offset:
        plan.dense = capped or total > RANK_CAP
        cheap = backend.tops_k or (plan.order == "relevance" and backend.ranks_dense_cheaply)
        if plan.dense and not cheap:
            ranked = _bounded(backend, plan, q, total, capped)
        else:
            ranked = backend.match(plan)[0]
    entries = SearchEntry.objects.only(*HIT_FIELDS).in_bulk([row_id for row_id, _ in ranked])
    hits = [_hit(entries[row_id], score, marks) for row_id, score in ranked if row_id in entries]
    suggestion, alternatives = None, []
    if total == 0:
        suggestion = vocabulary.suggest(text, lambda corrected: _count(backend, corrected, facets) > 0)
        alternatives = _alternatives(backend, units, facets, exclude={text, suggestion})
    expansions = [
        ("".join(u.words) if len(u.words) == 1 else " ".join(u.words), u.phrases) for u in units if u.alternatives
    ]
    return done(
        total,
        hits,
        suggestion=suggestion,
        query_terms=terms,
        total_capped=capped,
        expansions=expansions,
        alternatives=alternatives,
    )


MAX_ALTERNATIVE_SEARCHES = 3


def _alternatives(backend: SearchBackend, units: list[synonyms.Unit], facets: list[str], exclude: set) -> list[str]:
    """For a query that found nothing: each synonym of its words on its own, when that finds something.

    "低保 补贴 明细" may find nothing while 最低生活保障 alone does; at most three counts (cap 1) are run.
    """
    found: list[str] = []
    tried = 0
    for unit in units:
        for phrase in unit.phrases:
            if phrase in exclude or phrase in found or tried >= MAX_ALTERNATIVE_SEARCHES:
                continue
            tried += 1
            if _count(backend, phrase, facets) > 0:
                found.append(phrase)
    return found


def _bounded(
    backend: SearchBackend, plan: MatchPlan, q: SearchQuery, total: int, capped: bool
) -> list[tuple[int, float]]:
    """One page of a dense query, looking only at its newest months.

    Relevance ranks the RANK_CAP newest matches (or as many as the page needs), so a query that
    matches half a million documents costs what one matching 2,000 does; "newest" needs no cap,
    only a window holding the page, since everything outside it is older than everything in it.
    The window starts at a guess that assumes matches spread evenly over the months (one month
    when the total is only a lower bound) and grows threefold while it holds too few.
    """
    want = plan.offset + plan.limit
    need = want if plan.order == "newest" else max(RANK_CAP, want)
    now = beijing(timezone.now())
    newest = (now.year, now.month)
    if q.year is not None:
        newest = (q.year, 12) if q.year < now.year else newest
        span = newest[1] if q.year <= now.year else 0
    else:
        span = (newest[0] - min(_first_year(q.kind), newest[0])) * 12 + newest[1]
    # A capped total says only "at least", so start from one month then; otherwise guess.
    months = 1 if capped else max(1, math.ceil(need * 1.5 * span / max(total, 1)))
    while months < span:
        narrowed = plan.narrowed(window_facets(newest, months))
        if plan.order != "newest":
            narrowed.candidate_cap = need
        rows, seen = backend.match(narrowed)
        if seen >= need:
            return rows
        months *= 3
    # The windows tried hold too few: the whole range (still capped for relevance).
    if plan.order != "newest":
        plan.candidate_cap = need
    return backend.match(plan)[0]


_oldest_year: dict[str, tuple[float, int]] = {}


def _first_year(kind: str) -> int:
    """The earliest publication year of a kind (cached for ten minutes; it only ever moves back)."""
    cached = _oldest_year.get(kind)
    if cached and time.monotonic() - cached[0] < 600:
        return cached[1]
    first = SearchEntry.objects.filter(kind=kind).order_by("published_at").values_list("year", flat=True).first()
    year = first or timezone.now().year
    _oldest_year[kind] = (time.monotonic(), year)
    return year


def _match_plan(
    backend: SearchBackend,
    terms: list[str],
    facets: list[str],
    cap: int | None = None,
    units: list[synonyms.Unit] | None = None,
) -> tuple[MatchPlan, int]:
    """The strict plan (every query word as a word, or one of its synonyms) and its count; when
    that finds nothing, the relaxed plan, where a long word may also match as the shorter words
    covering it (for text the segmenter cut differently) — relaxed only as a fallback, because
    义务 AND 教育 anywhere in a long body is a much weaker match than 义务教育."""
    units = synonyms.expand(terms) if units is None else units
    groups = [[list(u.words), *u.alternatives] for u in units]
    marks = list(dict.fromkeys(t for g in groups for alt in g for t in alt))
    plan = MatchPlan(groups=groups, facets=facets, rank_terms=marks)
    total = backend.count(plan, cap=cap)
    if total == 0:
        relaxed, relaxed_marks = _groups(terms)
        if any(len(g) > 1 for g in relaxed):
            # Synonyms stay on (units of one word line up with the relaxed groups one to one).
            if len(units) == len(terms):
                relaxed = [[*g, *u.alternatives] for g, u in zip(relaxed, units)]
            plan = MatchPlan(groups=relaxed, facets=facets, rank_terms=list(dict.fromkeys(relaxed_marks + marks)))
            total = backend.count(plan, cap=cap)
    return plan, total


def _count(backend: SearchBackend, text: str, facets: list[str]) -> int:
    terms = query_terms(text)
    return _match_plan(backend, terms, facets, cap=1, units=synonyms.expand(terms, text))[1] if terms else 0


def count(q: SearchQuery, *, cap: int | None = None) -> int:
    """How many entries search(q) would find (at most `cap`), without ranking or loading any: facet counts.

    Same filters, exact look-up and word matching (with the relaxed fallback) as search().
    """
    facets, where = _filters(q)
    text = (q.text or "").strip()[:MAX_QUERY_CHARS]
    if not text:
        entries = SearchEntry.objects.filter(where).order_by()
        return entries.count() if cap is None else entries[:cap].count()
    exact = _exact(text, where, cap or MAX_PER_PAGE)
    if exact:
        return len(exact)
    terms = query_terms(text)[:MAX_QUERY_TERMS]
    if not terms:
        return 0
    backend = get_backend()
    return _match_plan(backend, terms, facets, cap, units=synonyms.expand(terms, text))[1]


# --- exports

EXPORT_CAP = 10_000


def matching_ids(q: SearchQuery, *, cap: int = EXPORT_CAP) -> list[int]:
    """Object ids of what a search matches (newest first, at most `cap`): exports of a search.

    Same filters, exact lookup and word matching as search(); no ranking, no snippets.
    """
    facets, where = _filters(q)
    text = (q.text or "").strip()[:MAX_QUERY_CHARS]
    if not text:
        return list(
            SearchEntry.objects.filter(where).order_by("-published_at", "-id").values_list("object_id", flat=True)[:cap]
        )
    exact = _exact(text, where, cap)
    if exact:
        return [e.object_id for e in exact]
    terms = query_terms(text)[:MAX_QUERY_TERMS]
    if not terms:
        return []
    backend = get_backend()
    plan, total = _match_plan(backend, terms, facets, cap=1, units=synonyms.expand(terms, text))
    if total == 0:
        return []
    plan.order, plan.limit, plan.offset = "newest", cap, 0
    row_ids = [row_id for row_id, _score in backend.match(plan)[0]]
    object_ids = dict(SearchEntry.objects.filter(pk__in=row_ids).values_list("id", "object_id"))
    return [object_ids[i] for i in row_ids if i in object_ids]
