"""Whole numbers typed by people and robots into URLs and forms."""

from __future__ import annotations


def ascii_int(text: str | None, *, max_digits: int = 18) -> int | None:
    """The number `text` spells in ASCII digits, else None. Why not str.isdigit(): "²" and "٣" pass it and int()
    refuses or misreads them; and more than 18 digits overflow a 64-bit database integer (a 500, not a 404)."""
    if not text or not (text.isascii() and text.isdigit()) or len(text) > max_digits:
        return None
    return int(text)
