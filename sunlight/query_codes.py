"""Query codes (查询码) that let an applicant without an account follow a request, and guessing limits.

A code looks like ``K7PX-3QMH-9TRA-W4NE``: 16 characters from a 31-character alphabet without 0/O,
1/I/L (read aloud over a hotline or copied from paper without ambiguity), 4 groups of 4, about 79 bits
from ``secrets``. Twelve characters of this alphabet would give only 59.4 bits, hence four groups.

Only ``hash_query_code(code)`` is stored (HMAC-SM3 under FIELD_INDEX_KEY), so a copy of the database
does not let anyone follow requests. ``check_rate`` caps how often one client may try codes.
"""

from __future__ import annotations

import math
import re
import secrets
import unicodedata

from sunlight.crypto import blind_index, sm3_hex

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # digits and Latin capitals minus 0 O 1 I L
GROUPS = 4
GROUP_SIZE = 4
LENGTH = GROUPS * GROUP_SIZE
ENTROPY_BITS = LENGTH * math.log2(len(ALPHABET))
HASH_PURPOSE = "query_code"

# What people type between groups: spaces, ASCII/Unicode hyphens and dashes, underscores, and 一/ー
# that a Chinese or Japanese IME produces for "-". Full-width forms are folded by NFKC first.
_SEPARATORS_RE = re.compile(r"[\s\-_\u2010-\u2015\u2212\u30fc\u4e00]+")


class InvalidQueryCode(ValueError):
    """The text cannot be a query code (wrong length or a character outside the alphabet)."""


def new_query_code() -> str:
    """A fresh random code, e.g. ``K7PX-3QMH-9TRA-W4NE``. Show it once; store ``hash_query_code`` of it."""
    return _group("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def _group(chars: str) -> str:
    return "-".join(chars[i : i + GROUP_SIZE] for i in range(0, len(chars), GROUP_SIZE))


def normalize_query_code(text: str) -> str:
    """The canonical form of a typed code: full-width → ASCII, upper case, separators regrouped.

    ``" k7px 3qmh－9tra—w4ne "`` → ``"K7PX-3QMH-9TRA-W4NE"``. Raises InvalidQueryCode (a ValueError)
    when the result is not 16 characters of the alphabet; no guessing of confusable characters,
    since the alphabet has none to confuse with.
    """
    chars = _SEPARATORS_RE.sub("", unicodedata.normalize("NFKC", text or "")).upper()
    if len(chars) != LENGTH:
        raise InvalidQueryCode(f"a query code has {LENGTH} characters, got {len(chars)}")
    bad = sorted(set(chars) - set(ALPHABET))
    if bad:
        raise InvalidQueryCode(f"a query code has no character {''.join(bad)!r}")
    return _group(chars)


def hash_query_code(code: str) -> str:
    """What is stored for a code: 64 hex of HMAC-SM3 of its canonical form. Raises InvalidQueryCode."""
    return blind_index(normalize_query_code(code), purpose=HASH_PURPOSE)


def check_rate(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt for KEY; True while at most LIMIT attempts fell in the current window.

    Fixed windows aligned to multiples of ``window_seconds`` (so at most 2 × LIMIT attempts can straddle
    a boundary), counted by sunlight.throttle in a store all processes share and a restart keeps (the
    database, or Redis when REDIS_URL is set). KEY is hashed, so it may hold an IP address or a code.
    Refused attempts count too, so a client that keeps trying stays blocked until the window ends.
    """
    from sunlight.throttle.store import hit

    if limit < 1 or window_seconds < 1:
        raise ValueError("limit and window_seconds must be at least 1")
    return hit(sm3_hex(key)[:40], window_seconds=window_seconds) <= limit
