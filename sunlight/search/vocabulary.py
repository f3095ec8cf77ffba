"""The vocabulary of titles and keywords (SearchTerm) and "did you mean" suggestions from it.

Document frequencies are kept exact: index() adds the new title/keyword words and subtracts the
old ones of the row it replaces, remove() subtracts. Terms are written in sorted order so that
two transactions indexing at once take the row locks in the same order (no deadlock on
PostgreSQL); they still wait for each other on shared words until commit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from django.db import connection

from .models import SearchTerm
from .segment import chunks, index_tokens, query_terms

MAX_TERM_LENGTH = 64
CHUNK = 500  # terms per statement, well below every database's parameter limit
MAX_SPAN_TERMS = 4  # a typo can split one word into up to this many query terms (义务较育 → 义务 + 较育)
MAX_CANDIDATES_PER_SPAN = 5
MAX_TRIES = 8  # corrected queries actually run against the index


def entry_terms(title: str, keywords: str) -> set[str]:
    """Words of a title and its keywords worth suggesting: 2+ characters, not bare numbers."""
    tokens = index_tokens(title or "") + index_tokens(keywords or "")
    return {t for t in tokens if 2 <= len(t) <= MAX_TERM_LENGTH and not t.isdigit()}


def _table() -> str:
    return connection.ops.quote_name(SearchTerm._meta.db_table)


def add(counts: Counter[str] | Iterable[str]) -> None:
    counts = counts if isinstance(counts, Counter) else Counter(counts)
    terms = sorted(t for t, n in counts.items() if n > 0)
    table = _table()
    with connection.cursor() as cursor:
        for i in range(0, len(terms), CHUNK):
            part = terms[i : i + CHUNK]
            values = ", ".join(["(%s, %s, %s)"] * len(part))
            params: list[object] = []
            for term in part:
                params += [term, len(term), counts[term]]
            cursor.execute(
                f"INSERT INTO {table} (term, length, df) VALUES {values} "
                f"ON CONFLICT (term) DO UPDATE SET df = {table}.df + excluded.df",
                params,
            )


def subtract(counts: Counter[str] | Iterable[str]) -> None:
    counts = counts if isinstance(counts, Counter) else Counter(counts)
    by_amount: dict[int, list[str]] = {}
    for term, n in counts.items():
        if n > 0:
            by_amount.setdefault(n, []).append(term)
    table = _table()
    with connection.cursor() as cursor:
        for amount, terms in sorted(by_amount.items()):
            terms.sort()
            for i in range(0, len(terms), CHUNK):
                part = terms[i : i + CHUNK]
                cursor.execute(
                    f"UPDATE {table} SET df = df - %s WHERE term IN ({', '.join(['%s'] * len(part))})",
                    [amount, *part],
                )


def known(terms: Iterable[str]) -> set[str]:
    terms = list(dict.fromkeys(terms))
    found: set[str] = set()
    for i in range(0, len(terms), CHUNK):
        found.update(SearchTerm.objects.filter(term__in=terms[i : i + CHUNK], df__gt=0).values_list("term", flat=True))
    return found


def neighbours(span: str, limit: int = MAX_CANDIDATES_PER_SPAN) -> list[str]:
    """Vocabulary words one edit away from `span`: substitutions first (the usual Chinese typo,
    a wrong character of the same sound), then one character inserted or deleted; by frequency."""
    n = len(span)
    substitutions = [span[:i] + "_" + span[i + 1 :] for i in range(n)]
    insertions = [span[:i] + "_" + span[i:] for i in range(n + 1)]
    deletions = [span[:i] + span[i + 1 :] for i in range(n)] if n >= 3 else []
    table = _table()
    clauses = [f"(length = %s AND ({' OR '.join(['term LIKE %s'] * len(substitutions))}))"]
    params: list[object] = [n, *substitutions]
    clauses.append(f"(length = %s AND ({' OR '.join(['term LIKE %s'] * len(insertions))}))")
    params += [n + 1, *insertions]
    if deletions:
        clauses.append(f"(length = %s AND term IN ({', '.join(['%s'] * len(deletions))}))")
        params += [n - 1, *deletions]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT term, df FROM {table} WHERE df > 0 AND term <> %s AND ({' OR '.join(clauses)}) "
            "ORDER BY df DESC, term LIMIT 50",
            [span, *params],
        )
        rows = cursor.fetchall()
    rows.sort(key=lambda r: (len(r[0]) != n, -r[1], r[0]))
    return [term for term, _ in rows[:limit]]


def suggest(text: str, has_results: Callable[[str], bool]) -> str | None:
    """A corrected query that has results, or None.

    Typos usually break a word apart (义务较育 is cut into 义务 + 较育), so besides each query
    term we also try runs of up to four adjacent terms, longest first, as one word.
    """
    spans: dict[str, list[str]] = {}
    for chunk in chunks(text):
        terms = query_terms(chunk)
        for size in range(min(MAX_SPAN_TERMS, len(terms)), 0, -1):
            for i in range(len(terms) - size + 1):
                span = "".join(terms[i : i + size])
                if 2 <= len(span) <= 12 and span in chunk:
                    spans.setdefault(span, terms[i : i + size])
    if not spans:
        return None
    present = known(list(spans) + [t for parts in spans.values() for t in parts])
    normalized = " ".join(chunks(text))
    tries = 0
    for span, parts in spans.items():
        # A run of words that are all known is not a typo, just words that do not co-occur.
        if span in present or all(t in present for t in parts):
            continue
        for candidate in neighbours(span):
            corrected = normalized.replace(span, candidate, 1)
            tries += 1
            if has_results(corrected):
                return corrected
            if tries >= MAX_TRIES:
                return None
    return None
