"""SQLite FTS5 backend (embedded installs).

The tokens are stored pre-segmented in search_searchentry and indexed by the external-content
FTS5 table search_fts (see migration 0002), whose triggers keep it in sync with the rows.
Filters are facet tokens inside the same MATCH, so FTS5 intersects them with the words and
LIMIT/OFFSET, the ranking and the count all see exactly the filtered set.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from ..models import SearchEntry
from ..segment import index_string
from .base import MatchPlan, SearchBackend, Texts


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _words(plan: MatchPlan) -> str:
    groups = []
    for group in plan.groups:
        alternatives = ["(" + " AND ".join(_quote(t) for t in alt) + ")" for alt in group]
        groups.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(groups)


HEAD = 32  # match_expression tier: the words in title, keywords or summary
# A dense query's first pages: how many of its newest title/keywords/summary matches are read
# in one pass and split into title matches and the rest by their stored tokens.
HEAD_SCAN = 500


def match_expression(plan: MatchPlan, tier: int | None = None) -> str:
    """FTS5 query text. Every token is a quoted string, so no user input is ever parsed as syntax.

    tier 3: all words in the title; 2: in title/keywords/summary but not all in the title;
    1: only with the body's help; HEAD: 3 and 2 together.
    """
    facets = " AND ".join(_quote(f) for f in plan.facets)
    words = _words(plan)
    if tier is None:
        return " AND ".join(p for p in (facets, words) if p)
    title, head = f"{{title_tokens}} : ({words})", f"{{title_tokens summary_tokens}} : ({words})"
    tiered = {3: title, 2: f"({head}) NOT ({title})", 1: f"({words}) NOT ({head})", HEAD: head}[tier]
    return f"{facets} AND ({tiered})" if facets else tiered


class SqliteBackend(SearchBackend):
    name = "sqlite"
    ranks_dense_cheaply = True

    @property
    def count_cap(self) -> int:  # type: ignore[override]
        # FTS5 counts from its doclists without touching rows, but a word in every document
        # still means reading all of its doclist (~10 ms per 200,000): stop early as well.
        return int(getattr(settings, "SEARCH_COUNT_CAP", 2000))

    def index_data(self, texts: Texts) -> dict[str, Any]:
        return {
            "title_tokens": index_string(texts.title),
            "summary_tokens": index_string(texts.head),
            "body_tokens": index_string(texts.body),
        }

    def insert_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        fields = [f for f in SearchEntry._meta.concrete_fields if not f.primary_key]
        table = SearchEntry._meta.db_table
        columns = ", ".join(f.column for f in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        names = [f.attname for f in fields]
        # Only datetimes need the ORM's conversion; going through every field's
        # get_db_prep_save costs more than SQLite's insert itself.
        adapt = connection.ops.adapt_datetimefield_value
        datetimes = {f.attname for f in fields if f.get_internal_type() == "DateTimeField"}
        values = [[adapt(row[n]) if n in datetimes else row[n] for n in names] for row in rows]
        with transaction.atomic(), self.cursor() as cursor:
            # Per-row trigger inserts into FTS5 cost three times a single INSERT … SELECT, so the
            # trigger is switched off for this transaction (no other writer can see that: SQLite
            # has one writer at a time) and the new rows are indexed in one statement.
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
            last_id = cursor.fetchone()[0]
            cursor.execute("INSERT INTO search_fts_deferred (id) VALUES (1)")
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values)
            cursor.execute(
                "INSERT INTO search_fts (rowid, title_tokens, summary_tokens, body_tokens, facets) "
                f"SELECT id, title_tokens, summary_tokens, body_tokens, facets FROM {table} WHERE id > %s",
                [last_id],
            )
            cursor.execute("DELETE FROM search_fts_deferred")

    def optimize(self) -> None:
        with self.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")

    def match(self, plan: MatchPlan) -> tuple[list[tuple[int, float]], int]:
        expression = match_expression(plan)
        with self.cursor() as cursor:
            if plan.order == "newest":
                cursor.execute(
                    "SELECT e.id, 0.0, count(*) OVER () FROM search_fts JOIN search_searchentry e "
                    "ON e.id = search_fts.rowid WHERE search_fts MATCH %s "
                    "ORDER BY e.published_at DESC, e.id DESC LIMIT %s OFFSET %s",
                    [expression, plan.limit, plan.offset],
                )
                rows = cursor.fetchall()
                return [(row_id, 0.0) for row_id, _, _ in rows], (rows[0][2] if rows else 0)
            if plan.dense:
                return self._match_tiers(cursor, plan)
            return self._match_few(cursor, plan)

    def _match_few(self, cursor: Any, plan: MatchPlan) -> tuple[list[tuple[int, float]], int]:
        """All matches of a query with at most a few thousand of them, in one index pass; their
        tiers (see _match_tiers) from the stored title and head tokens, then newest first."""
        cursor.execute(
            "SELECT e.id, e.published_at, e.title_tokens, e.summary_tokens FROM search_fts "
            "JOIN search_searchentry e ON e.id = search_fts.rowid WHERE search_fts MATCH %s",
            [match_expression(plan)],
        )
        ranked = []
        for row_id, published_at, title_tokens, head_tokens in cursor.fetchall():
            # Space-padded token strings: "is this token there" is a substring search in C,
            # cheaper than building sets for a couple of thousand rows.
            title = f" {title_tokens} "
            tier = 3 if _covers(plan, title) else 2 if _covers(plan, f"{title}{head_tokens} ") else 1
            ranked.append((tier, published_at, row_id))
        ranked.sort(reverse=True)
        page = ranked[plan.offset : plan.offset + plan.limit]
        return [(row_id, float(tier)) for tier, _published, row_id in page], len(ranked)

    def _match_tiers(self, cursor: Any, plan: MatchPlan) -> tuple[list[tuple[int, float]], int]:
        """A page of a dense query (thousands of matches), ranked by where the words are: all in
        the title, then in keywords/summary, then only with the body's help; newest indexed first
        within a tier (by rowid, which FTS5 walks backwards and stops early). Not bm25: bm25
        first counts every phrase's documents in the whole index for its IDF — the kind facet
        alone is in every entry — which cost 30–150 ms for common words at 200,000 entries.

        The first two tiers come from one pass over the newest HEAD_SCAN title/keywords/summary
        matches, split by their title tokens (one index pass instead of a count per tier); a page
        beyond them takes the exact per-tier walk."""
        want = plan.offset + plan.limit
        cursor.execute(
            "SELECT e.id, e.title_tokens FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid "
            "WHERE search_fts MATCH %s ORDER BY search_fts.rowid DESC LIMIT %s",
            [match_expression(plan, HEAD), HEAD_SCAN],
        )
        found = cursor.fetchall()
        if len(found) == HEAD_SCAN and want > HEAD_SCAN:
            return self._match_tiers_exact(cursor, plan)
        titled = [row_id for row_id, tokens in found if _covers(plan, f" {tokens} ")]
        in_title = set(titled)
        head = [(row_id, 3.0) for row_id in titled] + [(row_id, 2.0) for row_id, _t in found if row_id not in in_title]
        page = head[plan.offset : want]
        if len(page) < plan.limit and len(found) < HEAD_SCAN:  # every head match seen: body-only ones follow
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s OFFSET %s",
                [match_expression(plan, 1), plan.limit - len(page), max(0, plan.offset - len(head))],
            )
            page += [(row_id, 1.0) for (row_id,) in cursor.fetchall()]
        return page, plan.offset + len(page)

    def _match_tiers_exact(self, cursor: Any, plan: MatchPlan) -> tuple[list[tuple[int, float]], int]:
        """_match_tiers for deep pages: each tier counted (ascending, stops at skip + need; a
        sparse tier is found out cheaply that way) and then read newest first."""
        rows: list[tuple[int, float]] = []
        skip, need = plan.offset, plan.limit
        for tier in (3, 2, 1):
            if need <= 0:
                break
            expression = match_expression(plan, tier)
            cursor.execute(
                "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH %s LIMIT %s)",
                [expression, skip + need],
            )
            available = cursor.fetchone()[0]
            if available > skip:
                cursor.execute(
                    "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s OFFSET %s",
                    [expression, need, skip],
                )
                got = [(row_id, float(tier)) for (row_id,) in cursor.fetchall()]
                rows += got
                need -= len(got)
            skip = max(0, skip - available)
        return rows, plan.offset + len(rows)

    def count(self, plan: MatchPlan, cap: int | None = None) -> int:
        with self.cursor() as cursor:
            if cap is None:
                cursor.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH %s", [match_expression(plan)])
            else:
                cursor.execute(
                    "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH %s LIMIT %s)",
                    [match_expression(plan), cap],
                )
            return cursor.fetchone()[0]


def _covers(plan: MatchPlan, padded: str) -> bool:
    """Do these tokens (space-joined, with a space at both ends) satisfy every word group of the plan?"""
    return all(any(all(f" {t} " in padded for t in alternative) for alternative in group) for group in plan.groups)
