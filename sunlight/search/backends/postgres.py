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
from itertools import chain
from typing import Any

from django.conf import settings

from ..models import SearchEntry
from ..segment import distinct_words, forms_of, index_tokens
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


# Coarse word → its index forms as quoted lexemes ("'人民' '政府' '人民政府'"), so a body's vector
# is a few joins over its distinct words instead of Python work per token.
_quoted: dict[str, str] = {}
MAX_CACHED_WORDS = 2_000_000


def _quoted_words(words: set[str]) -> list[str]:
    missing = list(words.difference(_quoted))
    new = {}
    if missing:
        for word, forms in zip(missing, forms_of(missing)):
            new[word] = " ".join(map(_lexeme, forms.split()))
        if len(_quoted) < MAX_CACHED_WORDS:
            _quoted.update(new)  # only ever grows: safe for concurrent readers
    return [new[w] if w in new else _quoted[w] for w in words] if new else list(map(_quoted.__getitem__, words))


def body_vector(body: str, *tokens: Iterable[str]) -> str:
    """Stripped tsvector literal of a body plus other tokens (title, head, facets).

    Deduplicated here although PostgreSQL would do it: parsing the literal is the biggest part
    of the server's cost per row, and duplicates make it a quarter longer.
    """
    parts = _quoted_words(distinct_words(body))
    parts.extend(map(_lexeme, chain.from_iterable(tokens)))
    # Quoted lexemes contain no spaces (tokens are letters and digits, facets k=v).
    return " ".join(set(" ".join(parts).split(" ")).difference(("",)))


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

    # A GIN match of a tsquery is rechecked on the row, so counting visits every matching row
    # (1.5 µs cached, ~10 µs from disk): count exactly up to SEARCH_COUNT_CAP (default 2,000).
    @property
    def count_cap(self) -> int:  # type: ignore[override]
        return int(getattr(settings, "SEARCH_COUNT_CAP", 2000))

    def index_data(self, texts: Texts) -> dict[str, Any]:
        title, head = index_tokens(texts.title), index_tokens(texts.head)
        return {
            "vector": body_vector(texts.body, title, head, texts.facets),
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

    def match(self, plan: MatchPlan) -> tuple[list[tuple[int, float]], int]:
        query = tsquery(plan)
        with self.cursor() as cursor:
            if plan.order == "newest":
                cursor.execute(
                    "SELECT id, 0.0, count(*) OVER () FROM search_searchentry WHERE vector @@ %s::tsquery "
                    "ORDER BY published_at DESC, id DESC LIMIT %s OFFSET %s",
                    [query, plan.limit, plan.offset],
                )
            elif plan.candidate_cap:
                # Ranking reads every candidate's row: stop collecting after `cap` of them (the
                # service has already narrowed a dense query to its newest months).
                cursor.execute(
                    f"SELECT id, {RANK} AS score, count(*) OVER () FROM (SELECT id, head_vector, published_at "
                    "FROM search_searchentry WHERE vector @@ %s::tsquery LIMIT %s) candidates "
                    "ORDER BY score DESC, published_at DESC, id DESC LIMIT %s OFFSET %s",
                    [rank_query(plan), query, plan.candidate_cap, plan.limit, plan.offset],
                )
            else:
                cursor.execute(
                    f"SELECT id, {RANK} AS score, count(*) OVER () FROM search_searchentry "
                    "WHERE vector @@ %s::tsquery ORDER BY score DESC, published_at DESC, id DESC LIMIT %s OFFSET %s",
                    [rank_query(plan), query, plan.limit, plan.offset],
                )
            rows = cursor.fetchall()
        return [(row_id, float(score)) for row_id, score, _ in rows], (rows[0][2] if rows else 0)

    def count(self, plan: MatchPlan, cap: int | None = None) -> int:
        with self.cursor() as cursor:
            if cap is None:
                cursor.execute("SELECT count(*) FROM search_searchentry WHERE vector @@ %s::tsquery", [tsquery(plan)])
            else:
                cursor.execute(
                    "SELECT count(*) FROM (SELECT 1 FROM search_searchentry WHERE vector @@ %s::tsquery LIMIT %s) s",
                    [tsquery(plan), cap],
                )
            return cursor.fetchone()[0]
