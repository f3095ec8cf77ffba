"""Errors that reach a person: each carries a clear Chinese message (with English) and an HTTP status."""

from __future__ import annotations


class SunlightError(Exception):
    """Base for refusals caused by input or state, never by a bug: shown to the user as a 4xx."""

    status = 400
    code = "bad_input"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


def refuse(zh: str, en: str, code: str = "bad_input") -> SunlightError:
    """A refusal of an act, in Chinese with English: raise refuse("…。", "…", "code")."""
    return SunlightError(f"{zh} / {en}", code=code)


class Conflict(SunlightError):
    status = 409
    code = "conflict"


class RateLimited(SunlightError):
    """Too many attempts from one client in a window (query-code guessing, form flooding)."""

    status = 429
    code = "rate_limited"
