"""The top-k backend (SEARCH_ENGINE=tantivy): rows and writes as the database backend, reads from the engine.

Writing is the database backend's (the rows stay the source of truth, its full-text index the fallback);
``match`` and ``count`` ask the host's tantivy copy (sunlight.search.engine), which ranks with BM25 over the
title, head and text fields and stops early (block-max WAND, skip lists), so the cost of a query no longer grows
with how many documents it matches.

Entries that changed after the copy last synced (the outbox tail) are left out of the copy's answer and
matched and scored here from their database rows with the copy's statistics, so a change is found the moment
it commits, on every host. When the copy is missing, or the tail is longer than SEARCH_ENGINE_TAIL_MAX (a
bulk import the worker has not applied yet), the query goes to the database backend instead: slower, same
answer.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from tantivy import Occur, Query

from .. import engine, outbox
from .base import MatchPlan, SearchBackend, Texts

K1, B = 1.2, 0.75  # tantivy's BM25 parameters
PREFETCH = 100  # hits kept by a count's pass, so that the page after it (offset + limit ≤ 100) costs no second pass


def _term(field: str, token: str) -> Query:
    return Query.term_query(engine.SCHEMA, field, token, index_option="freq" if field != "facets" else "basic")


def compile_plan(plan: MatchPlan, exclude: list[str]) -> Query:
    """Every group must match in `text` (a group: any alternative; an alternative: all its tokens), every facet
    must match and scores nothing; each rank term found in the title or head adds its boosted score."""
    clauses: list[tuple[Any, Query]] = [
        (Occur.Must, Query.const_score_query(_term("facets", facet), 0.0)) for facet in plan.facets
    ]
    for group in plan.groups:
        alternatives = [
            _term("text", alt[0])
            if len(alt) == 1
            else Query.boolean_query([(Occur.Must, _term("text", t)) for t in alt])
            for alt in group
        ]
        clauses.append(
            (
                Occur.Must,
                alternatives[0]
                if len(alternatives) == 1
                else Query.boolean_query([(Occur.Should, a) for a in alternatives]),
            )
        )
    for token in plan.rank_terms:
        for field in ("title", "head"):
            clauses.append((Occur.Should, Query.boost_query(_term(field, token), engine.BOOST[field])))
    if exclude:
        clauses.append((Occur.MustNot, Query.term_set_query(engine.SCHEMA, "key", exclude)))
    return Query.boolean_query(clauses)


def _matches(plan: MatchPlan, tokens: engine.Tokens) -> bool:
    text, facets = set(tokens.text_tokens()), set(tokens.facets)
    return all(f in facets for f in plan.facets) and all(
        any(all(t in text for t in alt) for alt in group) for group in plan.groups
    )


class Scorer:
    """BM25 of an entry the copy has not seen, with the copy's document frequencies and mean lengths, so merged
    entries rank among the copy's hits as they will once the copy holds them."""

    def __init__(self, generation: engine.Generation) -> None:
        self.searcher = generation.index.searcher()
        self.docs = max(self.searcher.num_docs, 1)
        self.mean = generation.state.get("mean") or {}
        self._idf: dict[tuple[str, str], float] = {}

    def idf(self, field: str, token: str) -> float:
        if (field, token) not in self._idf:
            n = self.searcher.doc_freq(field, token)
            self._idf[field, token] = math.log(1 + (self.docs - n + 0.5) / (n + 0.5))
        return self._idf[field, token]

    def bm25(self, field: str, token: str, counts: Counter, length: int) -> float:
        tf = counts.get(token, 0)
        if not tf:
            return 0.0
        norm = K1 * (1 - B + B * length / max(self.mean.get(field, 1.0), 1.0))
        return self.idf(field, token) * tf * (K1 + 1) / (tf + norm)

    def score(self, plan: MatchPlan, tokens: engine.Tokens) -> float:
        words = tokens.text_tokens()
        text = Counter(words)
        total = sum(
            self.bm25("text", t, text, len(words))
            for group in plan.groups
            for alt in group
            if all(t in text for t in alt)
            for t in alt
        )
        for field in ("title", "head"):
            values = getattr(tokens, field)
            counts = Counter(values)
            total += sum(engine.BOOST[field] * self.bm25(field, t, counts, len(values)) for t in plan.rank_terms)
        return total


class TantivyBackend(SearchBackend):
    """While the copy answers: exact counts (a walk of posting lists, no row visits) and any number of matches
    ranked in either order (no newest-months windows). While the database answers: its own caps and windows."""

    name = "tantivy"

    @property
    def count_cap(self) -> int | None:  # type: ignore[override]
        return None if self._current() is not None else self.database.count_cap

    @property
    def tops_k(self) -> bool:  # type: ignore[override]
        return self._current() is not None

    @property
    def ranks_dense_cheaply(self) -> bool:  # type: ignore[override]
        return self._current() is not None or self.database.ranks_dense_cheaply

    def __init__(self, database: SearchBackend) -> None:
        self.database = database
        self._local = threading.local()
        self.name = f"tantivy+{database.name}"

    # --- writing: the database backend's rows (the outbox rows are written by the service)

    def index_data(self, texts: Texts) -> dict[str, Any]:
        return self.database.index_data(texts)

    def insert_rows(self, rows: Any) -> None:
        self.database.insert_rows(rows)

    def optimize(self) -> None:
        self.database.optimize()

    # --- reading

    @contextmanager
    def reading(self) -> Iterator[None]:
        # One look at the outbox tail per search, on first need: its count and its page see the same copy and tail.
        self._local.reading = True
        try:
            yield
        finally:
            self._local.__dict__.pop("view", None)
            self._local.__dict__.pop("found", None)
            self._local.reading = False

    def _current(self) -> tuple[engine.Generation, list[str], list[dict[str, Any]]] | None:
        if not getattr(self._local, "reading", False):
            return self._view()
        if "view" not in self._local.__dict__:
            self._local.view = self._view()
        return self._local.view

    def _view(self) -> tuple[engine.Generation, list[str], list[dict[str, Any]]] | None:
        """The live copy, the keys of its outbox tail (to leave out of its answer) and the rows of the tail that
        still exist (to merge in), or None when the database must answer."""
        generation = engine.live()
        if generation is None:
            return None
        limit = int(getattr(settings, "SEARCH_ENGINE_TAIL_MAX", 500))
        changed, _ = outbox.since(generation.position, limit=limit)
        if len(changed) > limit:
            return None
        keys = {(kind, object_id) for _, kind, object_id in changed}
        return generation, [engine.key(*k) for k in keys], list(engine.entries_of(keys)) if keys else []

    def match(self, plan: MatchPlan) -> tuple[list[tuple[int, float]], int]:
        view = self._current()
        if view is None:
            return self.database.match(plan)
        generation, changed, tail = view
        searcher = generation.index.searcher()
        want = plan.offset + plan.limit
        newest = plan.order == "newest"
        found = self._search(searcher, plan, changed, want, newest)
        addresses = [address for _, address in found.hits]
        entries = searcher.fast_field_values("entry", addresses)
        if newest:
            published = [key for key, _ in found.hits]
            ranked = [(float(p), e, 0.0) for p, e in zip(published, entries)]
        else:
            ranked = [(score, e, score) for (score, _), e in zip(found.hits, entries)]
        total = found.count
        if tail:
            scorer = Scorer(generation)
            for row in tail:
                tokens = engine.row_tokens(row)
                if _matches(plan, tokens):
                    total += 1
                    if newest:
                        ranked.append((row["published_at"].timestamp(), row["id"], 0.0))
                    else:
                        score = scorer.score(plan, tokens)
                        ranked.append((score, row["id"], score))
            ranked.sort(key=lambda r: (r[0], r[1]), reverse=True)
        page = ranked[plan.offset : want]
        return [(entry, score) for _, entry, score in page], total if page else 0

    def _search(self, searcher: Any, plan: MatchPlan, changed: list[str], want: int, newest: bool) -> Any:
        key = (repr((plan.groups, plan.facets, plan.rank_terms)), newest)
        memo = self._local.__dict__.setdefault("found", {}) if getattr(self._local, "reading", False) else {}
        if key in memo and memo[key][0] >= want:
            return memo[key][1]
        query = compile_plan(plan, changed)
        found = searcher.search(query, want, count=True, order_by_field="published" if newest else None)
        memo[key] = (want, found)
        return found

    def count(self, plan: MatchPlan, cap: int | None = None) -> int:
        view = self._current()
        if view is None:
            return self.database.count(plan, cap)
        generation, changed, tail = view
        # The count's pass also keeps the best PREFETCH: the first page's match() then needs no second pass.
        total = self._search(generation.index.searcher(), plan, changed, PREFETCH, False).count
        total += sum(1 for row in tail if _matches(plan, engine.row_tokens(row)))
        return total if cap is None else min(total, cap)
