"""Heading levels of stored rich text fitted into the page around it (WCAG 1.3.1, axe heading-order).

A document's body is written on its own: it may start with <h3>, or go from <h2> to <h4>. Shown under the page's
<h1>, it would skip levels. Its levels are renumbered: the distinct levels it uses become consecutive from `start`,
and no heading goes more than one level deeper than the heading before it. The text and attributes stay as stored.
"""

from __future__ import annotations

import re

_TAG = re.compile(r"<(/?)h([1-6])(\s[^>]*)?>", re.IGNORECASE)


def outline(html: str, start: int = 2) -> str:
    levels = sorted({int(m.group(2)) for m in _TAG.finditer(html) if not m.group(1)})
    if not levels:
        return html
    rank = {level: min(6, start + i) for i, level in enumerate(levels)}
    state = {"prev": start - 1, "open": start}

    def renumber(m: re.Match) -> str:
        closing, level, attrs = m.group(1), int(m.group(2)), m.group(3) or ""
        if closing:
            return f"</h{state['open']}>"
        new = min(rank.get(level, start), state["prev"] + 1)
        state["prev"] = state["open"] = new
        return f"<h{new}{attrs}>"

    return _TAG.sub(renumber, html)
