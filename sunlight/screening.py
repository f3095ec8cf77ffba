"""Automatic screening of text before the secrecy and privacy review (保密审查).

``screen(text, words)`` finds what a reviewer must look at before a document is published:

- 居民身份证号 (GB 11643-1999, 18 characters): province code, real date of birth, check character;
- 手机号码: 11 digits 1[3-9]…, plain or in 3-4-4 groups (spaces or hyphens), optionally +86/0086;
- 银行卡号: 16–19 digits (plain or in groups of 4) passing the Luhn check;
- 电子邮箱 (ASCII addresses);
- 密级标志: 绝密/机密/秘密 with or without ★ and a term (机密★1年, ★秘密, 秘密★2030年12月31日),
  国家秘密, 工作秘密, 内部/内部资料/内部使用/…, 不予公开, 密级;
- words from the admin list (SensitiveWord), literal, case-insensitive for Latin letters.

Recall over precision: the reviewer sees the context and decides. Known deliberate over-matches:
"秘密" inside 商业秘密, "机密" inside 机密性, "内部" inside 内部控制/内部审计 are all flagged.

Matching runs on a copy of the text in which full-width digits, letters and signs (０-９, Ａ-Ｚ, ＋, －, ＠,
＊) and U+3000/U+00A0 are folded to ASCII one character for one character, so offsets are offsets into
the original text and "１３８１２３４５６７８" is found too. A digit run is never split: an ID number,
mobile or card number is not matched inside a longer run of digits.

Overlaps are resolved by kind, most specific first: id_number, bank_card, mobile, email,
secrecy_mark, word; a match overlapping one already kept is dropped.

Masking (``mask_text``/``mask_span``) never changes the length of the text, so the offsets of
other findings in the same text stay valid whichever is masked first.

Pure Python; importing this module does not need Django (kind values mirror Finding.Kind).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

# Mirrors sunlight.disclosure.models.Finding.Kind (kept as plain strings so no Django set-up is needed).
ID_NUMBER = "id_number"
MOBILE = "mobile"
BANK_CARD = "bank_card"
EMAIL = "email"
SECRECY_MARK = "secrecy_mark"
WORD = "word"

# Which kind wins when two matches overlap: earlier in this tuple wins.
PRECEDENCE = (ID_NUMBER, BANK_CARD, MOBILE, EMAIL, SECRECY_MARK, WORD)

CONTEXT_CHARS = 30

# --- folding ------------------------------------------------------------------------------------

# Only the full-width characters a pattern can contain (digits, letters, * + - . % @ _ and spaces):
# Chinese text is full of full-width punctuation (，：（）) that no pattern needs, and translating
# every character of a document costs more than all the patterns together.
_FOLDABLE = "\uff05\uff0a\uff0b\uff0d\uff0e\uff10-\uff19\uff20-\uff3a\uff3f\uff41-\uff5a\u3000\u00a0"
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}  # full-width ASCII block → ASCII
_FOLD.update({0x3000: 0x20, 0x00A0: 0x20})
_FOLDABLE_RE = re.compile(f"[{_FOLDABLE}]+")


def _fold(text: str) -> str:
    """Full-width forms → ASCII, one character for one, so offsets are unchanged."""
    return _FOLDABLE_RE.sub(lambda m: m.group().translate(_FOLD), text)


def _lower_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters (e.g. "İ") lower to two; keep those as they are so offsets still line up.
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


# --- ID numbers (GB 11643-1999) ----------------------------------------------------------------

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
PROVINCE_CODES = frozenset(
    [*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55), *range(61, 66), 71, 81, 82, 91]
)


def id_check_char(first17: str) -> str:
    """The check character of an 18-character resident ID number, from its first 17 digits."""
    return ID_CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def is_valid_id_number(value: str, *, today: date | None = None) -> bool:
    """18 characters: a province code, a real date of birth from 1900 to today, the right check character."""
    value = _fold(value)
    if len(value) != 18 or not value[:17].isascii() or not value[:17].isdigit():
        return False
    if int(value[:2]) not in PROVINCE_CODES:
        return False
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    if not date(1900, 1, 1) <= born <= (today or date.today()):
        return False
    return id_check_char(value[:17]) == value[17].upper()


# --- bank cards ---------------------------------------------------------------------------------


def luhn_valid(digits: str) -> bool:
    if not digits or not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for index, ch in enumerate(reversed(digits)):
        n = int(ch)
        if index % 2:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


# --- patterns (applied to the folded text) ------------------------------------------------------

# Every pattern starts with a character (class), and "no digit just before" is checked after that
# first character ("[0-9](?<![0-9]{2})" = a digit not preceded by a digit): re can then skip the
# positions that cannot start a match in C, several times faster than a lookbehind at every position.
_ID_RE = re.compile(r"[0-9](?<![0-9]{2})[0-9]{16}[0-9Xx](?![0-9])")

_MOBILE_RE = re.compile(
    # +86 / 0086 prefix (no digit or + before it), or no digit just before the 1
    r"(?:\+(?<![0-9+]\+)86[ -]?1|0(?<![0-9+]0)086[ -]?1|1(?<![0-9]1))"
    r"[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}(?![0-9])"
)

_CARD_PLAIN_RE = re.compile(r"[0-9](?<![0-9]{2})[0-9]{15,18}(?![0-9])")
_CARD_GROUPED_RE = re.compile(
    r"[0-9](?<![0-9]{2})(?<![0-9] [0-9])[0-9]{3}( )[0-9]{4}\1[0-9]{4}\1[0-9]{4}(?:\1[0-9]{1,3})?(?![0-9])(?! [0-9])"
)

_EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+\-])"
    r"[A-Za-z0-9_%+\-](?:[A-Za-z0-9._%+\-]{0,62}[A-Za-z0-9_%+\-])?"
    r"@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z]{2,24}"
    r"(?![A-Za-z0-9\-])"
)

_STAR = "[★☆*]"
_TERM = r"(?:[0-9]{4}年[0-9]{1,2}月(?:[0-9]{1,2}日)?|[0-9一二三四五六七八九十两]{1,3}(?:个月|年)|长期)"
_LEVELS = ("绝", "机", "秘")
_SECRECY_RE = re.compile(
    "|".join(
        [
            "国家秘密",
            "工作秘密",
            # ★机密★1年: the optional leading star spelled out as its own branches, so that every
            # branch starts with a literal and re can skip ahead in C.
            *(rf"{star}{level} {{0,3}}密(?: ?{_STAR}{_TERM}?)?" for star in (_STAR, "") for level in _LEVELS),
            "内部资料",
            "内部使用",
            "内部文件",
            "内部发行",
            "内部",
            "不予公开",
            "密 {0,3}级",
        ]
    )
)


@dataclass(frozen=True)
class Match:
    kind: str  # a Finding.Kind value
    start: int
    end: int
    text: str  # text[start:end] of the screened text, as written
    context: str  # about 30 characters either side with the match, on one line


def _context(text: str, start: int, end: int) -> str:
    snippet = text[max(0, start - CONTEXT_CHARS) : end + CONTEXT_CHARS]
    return " ".join(snippet.split())


def _id_numbers(folded: str, today: date) -> Iterable[tuple[str, int, int]]:
    for m in _ID_RE.finditer(folded):
        if is_valid_id_number(m.group(), today=today):
            yield ID_NUMBER, m.start(), m.end()


def _bank_cards(folded: str, today: date) -> Iterable[tuple[str, int, int]]:
    for regex in (_CARD_PLAIN_RE, _CARD_GROUPED_RE):
        for m in regex.finditer(folded):
            digits = m.group().replace(" ", "")
            if luhn_valid(digits) and not (len(digits) == 18 and is_valid_id_number(digits, today=today)):
                yield BANK_CARD, m.start(), m.end()


def _mobiles(folded: str) -> Iterable[tuple[str, int, int]]:
    for m in _MOBILE_RE.finditer(folded):
        yield MOBILE, m.start(), m.end()


def _emails(folded: str) -> Iterable[tuple[str, int, int]]:
    if "@" not in folded:
        return
    for m in _EMAIL_RE.finditer(folded):
        yield EMAIL, m.start(), m.end()


def _secrecy_marks(folded: str) -> Iterable[tuple[str, int, int]]:
    for m in _SECRECY_RE.finditer(folded):
        yield SECRECY_MARK, m.start(), m.end()


def _words(folded: str, words: Iterable[str]) -> Iterable[tuple[str, int, int]]:
    needles = sorted(
        {_lower_same_length(_fold(w.strip())) for w in words if w and w.strip()}, key=lambda w: (-len(w), w)
    )
    if not needles:
        return
    haystack = _lower_same_length(folded)
    for needle in needles:
        at = haystack.find(needle)
        while at != -1:
            yield WORD, at, at + len(needle)
            at = haystack.find(needle, at + len(needle))


def screen(text: str, words: Iterable[str] = (), *, today: date | None = None) -> list[Match]:
    """Everything the reviewer should look at in ``text``, by position, without overlaps.

    ``words``: the active SensitiveWord list. ``today`` bounds dates of birth (default: the real today).
    """
    if not text:
        return []
    today = today or date.today()
    folded = _fold(text)
    candidates = [
        *_id_numbers(folded, today),
        *_bank_cards(folded, today),
        *_mobiles(folded),
        *_emails(folded),
        *_secrecy_marks(folded),
        *_words(folded, words),
    ]
    rank = {kind: index for index, kind in enumerate(PRECEDENCE)}
    candidates.sort(key=lambda c: (rank[c[0]], c[1], -(c[2] - c[1])))
    # Kept spans never overlap, so sorted by start they are sorted by end too: only the kept span
    # starting last before a candidate's end can overlap it.
    kept: list[tuple[int, int, str]] = []
    for kind, start, end in candidates:
        index = bisect_left(kept, (end,))
        if index and kept[index - 1][1] > start:
            continue
        kept.insert(index, (start, end, kind))
    return [Match(kind, start, end, text[start:end], _context(text, start, end)) for start, end, kind in kept]


# --- masking ------------------------------------------------------------------------------------

_MOBILE_PREFIX_RE = re.compile(r"^(?:\+|00)86[ -]?")
_DIGITISH_RE = re.compile(r"^[0-9Xx*+\- ()]*[0-9][0-9Xx*+\- ()]*$")
_EMAIL_FULL_RE = re.compile(r"^([^@\s]+)@([^@\s]+\.[^@\s]+)$")


def _keep_ends(text: str, folded: str, offset: int, keep_first: int, keep_last: int) -> str:
    """Replace the significant characters (digits, X, *) of text[offset:] with "*" except the first/last few."""
    significant = [i for i in range(offset, len(folded)) if folded[i] in "0123456789Xx*"]
    hidden = set(significant[keep_first : len(significant) - keep_last])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(text))


def mask_text(text: str) -> str:
    """How one finding is masked; the result has the same length as ``text``.

    - a number with 15 or more digits (ID, bank card): first 6 and last 4 kept → 110101********1234;
      group separators are kept (6222 02** **** 7890);
    - an 11-digit mobile starting with 1: first 3 and last 4 kept → 138****5678 (a +86/0086 prefix is kept);
    - an e-mail address: first character and the domain kept → z****@example.com;
    - any other number: every character but spaces → ＊;
    - anything else (secrecy marks, words): every character but spaces → ■.
    """
    if not text:
        return text
    folded = _fold(text)
    stripped = folded.strip()
    email = _EMAIL_FULL_RE.match(stripped)
    if email:
        lead = len(folded) - len(folded.lstrip())
        local_end = lead + len(email.group(1))
        return text[: lead + 1] + "*" * (local_end - lead - 1) + text[local_end:]
    if _DIGITISH_RE.match(stripped):
        prefix = _MOBILE_PREFIX_RE.match(stripped)
        lead = len(folded) - len(folded.lstrip())
        offset = lead + (prefix.end() if prefix else 0)
        significant = [ch for ch in folded[offset:] if ch in "0123456789Xx*"]
        if len(significant) == 11 and significant[0] == "1":
            return _keep_ends(text, folded, offset, 3, 4)
        if prefix is None and len(significant) >= 15:
            return _keep_ends(text, folded, offset, 6, 4)
        return "".join(ch if ch.isspace() else "＊" for ch in text)
    return "".join(ch if ch.isspace() else "■" for ch in text)


def mask_span(text: str, start: int, end: int) -> str:
    """The whole text with text[start:end] masked by ``mask_text``; everything else unchanged, same length."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {start}:{end} is outside a text of {len(text)} characters")
    return text[:start] + mask_text(text[start:end]) + text[end:]


def mask_matches(text: str, matches: Iterable[Match]) -> str:
    """The text with each match masked by ``mask_text`` (lengths kept, so the order of masking does not matter)."""
    for match in sorted(matches, key=lambda m: -m.start):
        text = mask_span(text, match.start, match.end)
    return text
