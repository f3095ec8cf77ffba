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


def match_expression(plan: MatchPlan, tier: int | None = None) -> str:
    """FTS5 query text. Every token is a quoted string, so no user input is ever parsed as syntax.

    tier 3: all words in the title; 2: in title/keywords/summary but not all in the title;
    1: only with the body's help.
    """
    facets = " AND ".join(_quote(f) for f in plan.facets)
    words = _words(plan)
    if tier is None:
        return " AND ".join(p for p in (facets, words) if p)
    title, head = f"{{title_tokens}} : ({words})", f"{{title_tokens summary_tokens}} : ({words})"
    tiered = {3: title, 2: f"({head}) NOT ({title})", 1: f"({words}) NOT ({head})"}[tier]
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
        """A page ranked by where the words are: all in the title, then in keywords/summary, then
        only with the body's help; newest first within a tier (for a dense query the newest
        indexed, by rowid, which FTS5 walks backwards and stops early). Not bm25: bm25 first counts every phrase's documents in the
        whole index for its IDF — the kind facet alone is in every entry, so even a query with
        eight results paid ~8 ms at 200,000 entries, and one with common words 30–150 ms."""
        rows: list[tuple[int, float]] = []
        skip, need = plan.offset, plan.limit
        for tier in (3, 2, 1):
            if need <= 0:
                break
            expression = match_expression(plan, tier)
            # Count first (ascending, stops at skip + need): walking a sparse tier backwards
            # costs FTS5 more than walking it forwards, so an empty tier is found out cheaply.
            cursor.execute(
                "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH %s LIMIT %s)",
                [expression, skip + need],
            )
            available = cursor.fetchone()[0]
            if available > skip:
                # A dense query (thousands of matches) takes the newest indexed; otherwise the
                # tier (at most RANK_CAP rows) is sorted by publication date.
                newest = (
                    "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s OFFSET %s"
                    if plan.dense else
                    "SELECT e.id FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid "
                    "WHERE search_fts MATCH %s ORDER BY e.published_at DESC, e.id DESC LIMIT %s OFFSET %s"
                )
                cursor.execute(newest, [expression, need, skip])
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
