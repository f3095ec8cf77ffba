"""Marked-up titles and snippets, built in Python from the stored text (never HTML from the index)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from html import escape

SNIPPET_CHARS = 120
# How far before the first hit a snippet window starts, so the hit has some context.
LEAD_CHARS = 20
# Enough hits to pick a good window; a body repeating a word thousands of times need not be scanned.
MAX_HITS = 64
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=256)
def _pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    # Longest first, so 政府信息公开 is marked whole rather than as 政府 + 信息公开.
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def _hits(text: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
    pattern = _pattern(terms)
    if pattern is None:
        return []
    hits = []
    for m in pattern.finditer(text):
        hits.append((m.start(), m.end()))
        if len(hits) >= MAX_HITS:
            break
    return hits


def _render(text: str, start: int, end: int, hits: list[tuple[int, int]]) -> str:
    spans: list[list[int]] = []
    for s, e in hits:
        if s < start or e > end:
            continue
        if spans and s == spans[-1][1]:  # adjacent terms (网站 + 安全) read as one mark
            spans[-1][1] = e
        else:
            spans.append([s, e])
    out, pos = [], start
    for s, e in spans:
        out.append(escape(text[pos:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    out.append(escape(text[pos:end]))
    return "".join(out)


def mark(text: str, terms: Sequence[str]) -> str:
    """The whole text, HTML-escaped, with every query term wrapped in <mark>."""
    text = text or ""
    return _render(text, 0, len(text), _hits(text, tuple(terms)))


def _best_window(text: str, hits: list[tuple[int, int]], width: int) -> tuple[int, int, int]:
    """(score, start, end) of the window with the most distinct terms, then the most hits."""
    best = (0, 0, min(len(text), width))
    words = [text[a:b].lower() for a, b in hits]
    counts: dict[str, int] = {}
    j = 0  # hits[i:j] lie inside the window anchored at hit i (two pointers: windows only move right)
    for i, (s, _) in enumerate(hits):
        # Near the end, the window slides back so it is still full width.
        start = max(0, min(s - LEAD_CHARS, len(text) - width))
        end = min(len(text), start + width)
        while j < len(hits) and hits[j][1] <= end:
            counts[words[j]] = counts.get(words[j], 0) + 1
            j += 1
        if j > i:
            score = len(counts) * 1000 + (j - i)
            if score > best[0]:
                best = (score, start, end)
            # hit i leaves the window before the next anchor
            counts[words[i]] -= 1
            if not counts[words[i]]:
                del counts[words[i]]
        else:
            j = i + 1
    return best


def snippet(texts: Sequence[str], terms: Sequence[str], width: int = SNIPPET_CHARS) -> str:
    """About `width` characters from the best place among `texts` (summary first, then body)."""
    key = tuple(terms)
    best: tuple[int, str, int, int, list[tuple[int, int]]] | None = None
    for raw in texts:
        text = _SPACE.sub(" ", raw or "").strip()
        if not text:
            continue
        hits = _hits(text, key)
        score, start, end = _best_window(text, hits, width)
        if best is None or score > best[0]:
            best = (score, text, start, end, hits)
    if best is None:
        return ""
    _, text, start, end, hits = best
    html = _render(text, start, end, hits)
    return ("…" if start > 0 else "") + html + ("…" if end < len(text) else "")
