"""SQLite FTS5 backend (embedded installs).

The tokens are stored pre-segmented in search_searchentry and indexed by the external-content
FTS5 table search_fts (see migration 0002), whose triggers keep it in sync with the rows.
Filters are facet tokens inside the same MATCH, so FTS5 intersects them with the words and
LIMIT/OFFSET, the ranking and the count all see exactly the filtered set.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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
        from django.db import connection

        # Prepare values the way the ORM would (datetimes to the database's format).
        values = [[f.get_db_prep_save(row[f.attname], connection) for f in fields] for row in rows]
        with self.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values)

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
            else:
                # bm25 is lower-is-better; ties go to the most recently indexed row.
                cursor.execute(
                    f"SELECT rowid, {BM25} AS score FROM search_fts WHERE search_fts MATCH %s "
                    "ORDER BY score, rowid DESC LIMIT %s OFFSET %s",
                    [expression, plan.limit, plan.offset],
                )
            return [(row_id, -float(score)) for row_id, score in cursor.fetchall()]

    def count(self, plan: MatchPlan) -> int:
        with self.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH %s", [match_expression(plan)])
            return cursor.fetchone()[0]
