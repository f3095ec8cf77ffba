"""SQLite FTS5 backend (embedded installs).

The tokens are stored pre-segmented in search_searchentry and indexed by the external-content
FTS5 table search_fts (see migration 0002), whose triggers keep it in sync with the rows.
Filters are facet tokens inside the same MATCH, so FTS5 intersects them with the words and
LIMIT/OFFSET, the ranking and the count all see exactly the filtered set.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction

from ..models import SearchEntry
from ..segment import index_string
from .base import MatchPlan, SearchBackend, Texts

# bm25 column weights: title, keywords + summary, body, facets (facets never score).
BM25 = "bm25(search_fts, 10.0, 4.0, 1.0, 0.0)"


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def match_expression(plan: MatchPlan) -> str:
    """FTS5 query text. Every token is a quoted string, so no user input is ever parsed as syntax."""
    parts = [_quote(f) for f in plan.facets]
    for group in plan.groups:
        alternatives = ["(" + " AND ".join(_quote(t) for t in alt) + ")" for alt in group]
        parts.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(parts)


class SqliteBackend(SearchBackend):
    name = "sqlite"

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

    def match(self, plan: MatchPlan) -> list[tuple[int, float]]:
        expression = match_expression(plan)
        with self.cursor() as cursor:
            if plan.order == "newest":
                cursor.execute(
                    "SELECT e.id, 0.0 FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid "
                    "WHERE search_fts MATCH %s ORDER BY e.published_at DESC, e.id DESC LIMIT %s OFFSET %s",
                    [expression, plan.limit, plan.offset],
                )
                return [(row_id, 0.0) for row_id, _ in cursor.fetchall()]
            lowest = 0
            if plan.candidate_cap:
                # bm25 costs a few µs per row: rank only the newest `cap` matches (FTS5 walks
                # rowids backwards cheaply and seeks to a rowid range).
                cursor.execute(
                    "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT 1 OFFSET %s",
                    [expression, plan.candidate_cap - 1],
                )
                row = cursor.fetchone()
                lowest = row[0] if row else 0
            # bm25 is lower-is-better; ties go to the most recently indexed row.
            cursor.execute(
                f"SELECT rowid, {BM25} AS score FROM search_fts WHERE search_fts MATCH %s AND rowid >= %s "
                "ORDER BY score, rowid DESC LIMIT %s OFFSET %s",
                [expression, lowest, plan.limit, plan.offset],
            )
            return [(row_id, -float(score)) for row_id, score in cursor.fetchall()]

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
