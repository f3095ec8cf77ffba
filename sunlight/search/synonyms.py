"""Query-time synonyms and abbreviations (低保 → 最低生活保障), from the admin-edited Synonym table.

``expand(terms)`` turns the query's words into groups for a MatchPlan: each group is the word itself
OR any of its synonyms (each synonym an AND of its own words), so both backends (FTS5 and tsvector)
answer it with the OR they already support and nothing is re-indexed. Matching is on word
sequences (a term the segmenter cuts in two still matches) and inside a longer query word (城乡低保
also tries 城乡 + 最低生活保障). The table is read once per process and re-read after TTL_SECONDS (or at
once in the process that saved a change).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from .segment import query_terms

TTL_SECONDS = 30
MAX_ALTERNATIVES = 8  # per query word: keeps a query over a long synonym list bounded


@dataclass
class Unit:
    """One or more consecutive query words and what else they may match."""

    words: list[str]  # the query's own words (all must match)
    alternatives: list[list[str]] = field(default_factory=list)  # each: words that must all match
    phrases: list[str] = field(default_factory=list)  # the synonyms as typed in the table, for display


@dataclass
class _Table:
    by_words: dict[tuple[str, ...], list[str]]  # a member's word sequence → the phrases it may also match
    by_text: dict[str, list[str]]  # a one-word member → phrases (for words that contain it)
    words_of: dict[str, list[str]]  # phrase → its query words
    longest: int  # words in the longest member
    members: list[str] = field(default_factory=list)  # by_text's keys, longest first
    # Members whose words drop a character (个税 → 税: 个 is a stopword): matched only when the query's
    # text holds the member itself, so that 房产税 never expands to 个人所得税.
    lossy: dict[str, tuple[tuple[str, ...], list[str]]] = field(default_factory=dict)


_cache: dict[str, object] = {"at": 0.0, "table": None}


def invalidate(**_kwargs) -> None:
    _cache["table"] = None


def _load() -> _Table:
    from .models import Synonym

    links: dict[str, list[str]] = {}
    for row in Synonym.objects.filter(is_active=True).only("term", "expansions"):
        term, expansions = row.term.strip(), row.expansion_list()
        if not term:
            continue
        links.setdefault(term, []).extend(expansions)
        for e in expansions:  # both ways: 最低生活保障 also finds 低保 (not the other expansions of it)
            links.setdefault(e, []).append(term)
    words_of: dict[str, list[str]] = {}
    by_words: dict[tuple[str, ...], list[str]] = {}
    by_text: dict[str, list[str]] = {}
    lossy: dict[str, tuple[tuple[str, ...], list[str]]] = {}
    for member, phrases in links.items():
        phrases = list(dict.fromkeys(p for p in phrases if p != member))
        for p in [member, *phrases]:
            if p not in words_of:
                words_of[p] = query_terms(p)
        key = tuple(words_of[member])
        if not key or not phrases:
            continue
        if len("".join(key)) < len("".join(member.split())):
            lossy[member] = (key, phrases)
            continue
        by_words.setdefault(key, [])
        by_words[key] = list(dict.fromkeys(by_words[key] + phrases))
        if len(key) == 1 and len(member) >= 2:
            by_text[member] = by_words[key]
    longest = max((len(k) for k in by_words), default=0)
    return _Table(
        by_words=by_words,
        by_text=by_text,
        words_of=words_of,
        longest=longest,
        members=sorted(by_text, key=len, reverse=True),
        lossy=lossy,
    )


def _table() -> _Table:
    table, at = _cache["table"], float(_cache["at"])  # type: ignore[arg-type]
    if table is None or time.monotonic() - at > TTL_SECONDS:
        table = _load()
        _cache["table"], _cache["at"] = table, time.monotonic()
    return table  # type: ignore[return-value]


def expand(terms: list[str], text: str = "") -> list[Unit]:
    """The query's words as units, each with the synonyms it may also match (none: an empty list).

    TEXT is the query as typed, for the members whose words lose a character (see _Table.lossy).
    """
    table = _table()
    by_words, longest = table.by_words, table.longest
    present = {key: phrases for member, (key, phrases) in table.lossy.items() if member in text}
    if present:
        by_words = {**by_words, **present}
        longest = max(longest, *(len(k) for k in present))
    if not by_words:
        return [Unit([t]) for t in terms]
    units: list[Unit] = []
    i = 0
    while i < len(terms):
        matched = None
        for size in range(min(longest, len(terms) - i), 0, -1):
            phrases = by_words.get(tuple(terms[i : i + size]))
            if phrases:
                matched = Unit(list(terms[i : i + size]), phrases=list(phrases))
                break
        if matched is None:
            matched = Unit([terms[i]], phrases=_inside(terms[i], table))
        for phrase in matched.phrases[:MAX_ALTERNATIVES]:
            words = table.words_of.get(phrase) or query_terms(phrase)
            if words and words != matched.words:
                matched.alternatives.append(words)
        units.append(matched)
        i += len(matched.words)
    return units


def _inside(term: str, table: _Table) -> list[str]:
    """For a longer word holding a member (城乡低保 holds 低保): the word with the member replaced."""
    out: list[str] = []
    for member in table.members:
        if member == term or member not in term:
            continue
        for phrase in table.by_text[member]:
            if phrase not in term:  # 营商 → 营商环境 must not turn 营商环境 into 营商环境环境
                out.append(term.replace(member, phrase))
        break  # the longest member only
    return out
