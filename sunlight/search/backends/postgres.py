"""PostgreSQL backend (production).

Two tsvectors per row, both built in Python from the jieba tokens (so PostgreSQL needs no
Chinese parser and no extension):

- ``vector``: every distinct lexeme of title, keywords, summary and body plus the facet tokens,
  without positions. Small, GIN-indexed, used only for matching (and counting): a filtered query
  is one GIN lookup intersecting word and facet posting lists.
- ``head_vector``: title (weight A) and keywords + summary (weight B) with positions, used only
  for ranking. Ranking reads this small, usually inline value instead of detoasting the body's
  vector for every candidate; body-only matches tie at 0 and fall back to newest first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..models import SearchEntry
from ..segment import index_token_set, index_tokens
from .base import MatchPlan, SearchBackend, Texts

MAX_POSITION = 16383  # tsvector positions above this are clamped by PostgreSQL
MAX_POSITIONS_PER_LEXEME = 255
# Rank normalisation 1: divide by 1 + log(length), so a long summary does not win by size alone.
RANK = "ts_rank(coalesce(head_vector, ''::tsvector), %s::tsquery, 1)"


def _lexeme(token: str) -> str:
    # tsvector/tsquery literal quoting: the lexeme in single quotes, quote and backslash escaped.
    if "'" in token or "\\" in token:
        token = token.replace("\\", "\\\\").replace("'", "''")
    return f"'{token}'"


def stripped_vector(tokens: Iterable[str]) -> str:
    return " ".join(map(_lexeme, set(tokens)))


def weighted_vector(*parts: tuple[Sequence[str], str]) -> str:
    """tsvector literal with positions: parts are (tokens, weight letter), positions run on."""
    positions: dict[str, list[str]] = {}
    pos = 0
    for tokens, weight in parts:
        for token in tokens:
            pos = min(pos + 1, MAX_POSITION)
            slot = positions.setdefault(token, [])
            if len(slot) < MAX_POSITIONS_PER_LEXEME:
                slot.append(f"{pos}{weight}")
    return " ".join(f"{_lexeme(t)}:{','.join(p)}" for t, p in positions.items())


def tsquery(plan: MatchPlan) -> str:
    parts = [_lexeme(f) for f in plan.facets]
    for group in plan.groups:
        alternatives = ["(" + " & ".join(_lexeme(t) for t in alt) + ")" for alt in group]
        parts.append("(" + " | ".join(alternatives) + ")")
    return " & ".join(parts)


def rank_query(plan: MatchPlan) -> str:
    terms = plan.rank_terms or [t for group in plan.groups for alt in group for t in alt]
    return " | ".join(_lexeme(t) for t in dict.fromkeys(terms))


class PostgresBackend(SearchBackend):
    name = "postgres"

    def index_data(self, texts: Texts) -> dict[str, Any]:
        title, head = index_tokens(texts.title), index_tokens(texts.head)
        lexemes = index_token_set(texts.body).union(title, head, texts.facets)
        return {
            "vector": stripped_vector(lexemes),
            "head_vector": weighted_vector((title, "A"), (head, "B")),
        }

    def insert_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        """COPY: several times faster than INSERT for wide rows."""
        if not rows:
            return
        fields = [f for f in SearchEntry._meta.concrete_fields if not f.primary_key]
        columns = ", ".join(f.column for f in fields)
        with self.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {SearchEntry._meta.db_table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([row[f.attname] for f in fields])

    def optimize(self) -> None:
        with self.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {SearchEntry._meta.db_table}")

    def match(self, plan: MatchPlan) -> list[tuple[int, float]]:
        query = tsquery(plan)
        with self.cursor() as cursor:
            if plan.order == "newest":
                cursor.execute(
                    "SELECT id, 0.0 FROM search_searchentry WHERE vector @@ %s::tsquery "
                    "ORDER BY published_at DESC, id DESC LIMIT %s OFFSET %s",
                    [query, plan.limit, plan.offset],
                )
            else:
                cursor.execute(
                    f"SELECT id, {RANK} AS score FROM search_searchentry WHERE vector @@ %s::tsquery "
                    "ORDER BY score DESC, published_at DESC, id DESC LIMIT %s OFFSET %s",
                    [rank_query(plan), query, plan.limit, plan.offset],
                )
            return [(row_id, float(score)) for row_id, score in cursor.fetchall()]

    def count(self, plan: MatchPlan) -> int:
        with self.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_searchentry WHERE vector @@ %s::tsquery", [tsquery(plan)])
            return cursor.fetchone()[0]
