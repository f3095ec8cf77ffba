"""Rich-text bodies of government information: what HTML is kept, and the plain text derived from it.

- ``clean_html`` keeps the markup a government document needs (headings, lists, tables, links,
  images) and nothing that runs, styles or embeds: no script/style/iframe, no ``on*`` or ``style``
  attributes, links only to http/https/mailto (or relative), images only from http/https (or relative).
- ``html_to_text`` gives the plain text that search indexes and screening scans. Screening offsets
  (Finding.start/end) refer to exactly this text, so it must stay deterministic: same HTML in,
  same text out. Change its rules only together with a re-screening of stored bodies.

Pure Python (nh3 + stdlib); no Django needed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "s",
        "sub",
        "sup",
        "ul",
        "ol",
        "li",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "blockquote",
        "a",
        "img",
        "span",
        "div",
        "hr",
        "pre",
        "code",
        "caption",
        "figure",
        "figcaption",
    }
)

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}

URL_SCHEMES = frozenset({"http", "https", "mailto"})

# Removed together with their content (must be disjoint from ALLOWED_TAGS).
DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "noscript",
        "template",
        "textarea",
        "select",
        "svg",
        "math",
        "head",
        "title",
    }
)

_DIMENSION = re.compile(r"^\s*\d{1,4}(?:px|%)?\s*$")
_SPAN = re.compile(r"^\s*\d{1,3}\s*$")
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.\-]*):")


def _filter_attribute(tag: str, attr: str, value: str) -> str | None:
    if tag == "img" and attr == "src":
        match = _SCHEME.match(value)
        if match and match.group(1).lower() not in {"http", "https"}:
            return None  # mailto: is allowed for links, not for images
        return value
    if attr in {"width", "height"}:
        return value.strip() if _DIMENSION.match(value) else None
    if attr in {"colspan", "rowspan"}:
        return value.strip() if _SPAN.match(value) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_filter_attribute,
    strip_comments=True,
    link_rel="noopener noreferrer",
    url_schemes=set(URL_SCHEMES),
)


def clean_html(html: str) -> str:
    """The body with only the allowed markup left; text (Chinese included) is kept as written."""
    if not html:
        return ""
    return _CLEANER.clean(html)


# --- plain text -------------------------------------------------------------------------------

_CELL, _LINE, _PARAGRAPH = 1, 2, 3
_BREAK_TEXT = {_CELL: "\t", _LINE: "\n", _PARAGRAPH: "\n\n"}

# Where one paragraph ends and the next begins (a blank line in the text).
_PARAGRAPH_TAGS = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "table",
        "ul",
        "ol",
        "figure",
        "hr",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "nav",
        "main",
        "address",
        "dl",
        "form",
        "fieldset",
        "details",
        "summary",
    }
)
# Where a line ends without starting a new paragraph.
_LINE_TAGS = frozenset({"li", "tr", "caption", "figcaption", "dt", "dd", "thead", "tbody", "tfoot"})
_CELL_TAGS = frozenset({"td", "th"})
_SKIPPED_TAGS = DROPPED_WITH_CONTENT
_VOID_TAGS = frozenset({"br", "hr", "img", "wbr", "input", "meta", "link", "area", "base", "col", "source"})

# str.split() whitespace: includes U+3000 (ideographic space) and U+00A0 (&nbsp;).
_WHITESPACE = re.compile(r"\s+")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.pending_break = 0  # the strongest break seen since the last text
        self.pending_space = False
        self.at_start = True
        self.skip_depth = 0
        self.pre_depth = 0

    # breaks ------------------------------------------------------------------
    def _break(self, strength: int) -> None:
        self.pending_break = max(self.pending_break, strength)
        self.pending_space = False

    def _emit(self, text: str) -> None:
        if not text:
            return
        if not self.at_start:
            if self.pending_break:
                self.parts.append(_BREAK_TEXT[self.pending_break])
            elif self.pending_space:
                self.parts.append(" ")
        self.parts.append(text)
        self.at_start = False
        self.pending_break = 0
        self.pending_space = False

    # parser callbacks ----------------------------------------------------------
    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIPPED_TAGS:
            if tag not in _VOID_TAGS:
                self.skip_depth += 1
            return
        if self.skip_depth:
            return
        self._boundary(tag)
        if tag == "pre":
            self.pre_depth += 1

    def handle_startendtag(self, tag: str, attrs) -> None:
        if self.skip_depth or tag in _SKIPPED_TAGS:
            return
        self._boundary(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if self.skip_depth:
            return
        if tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)
        if tag in _CELL_TAGS:
            self._break(_CELL)
        elif tag != "br":
            self._boundary(tag)

    def _boundary(self, tag: str) -> None:
        if tag in _PARAGRAPH_TAGS:
            self._break(_PARAGRAPH)
        elif tag in _LINE_TAGS or tag == "br":
            self._break(_LINE)

    def handle_data(self, data: str) -> None:
        if self.skip_depth or not data:
            return
        if self.pre_depth:
            lines = data.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            for index, line in enumerate(lines):
                if index:
                    self._break(_LINE)
                self._inline(line)
        else:
            self._inline(data)

    def _inline(self, data: str) -> None:
        words = data.split()  # the same whitespace as _WHITESPACE
        if not words:
            if data:
                self.pending_space = True
            return
        if data[0].isspace():
            self.pending_space = True
        self._emit(" ".join(words))
        if data[-1].isspace():
            self.pending_space = True


def html_to_text(html: str) -> str:
    """Plain text of an HTML body, for search and screening.

    Rules (deterministic; screening offsets refer to this output):
    - headings, paragraphs, divs, lists, tables, blockquotes, figures → a blank line between blocks;
    - <br>, list items, table rows, captions → a line break; table cells → a tab between cells;
    - entities decoded; runs of whitespace (including U+3000 and &nbsp;) inside a line → one space;
      no leading or trailing whitespace on a line or on the whole text;
    - content of script/style/iframe/… is dropped; image alt text is not included.
    """
    if not html:
        return ""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return "".join(collector.parts)
