"""Errors that reach a person: each carries a clear message in the active language and an HTTP status.

Messages are Chinese gettext msgids (the English catalog translates them); the API negotiates the language
from Accept-Language like the pages do.
"""

from __future__ import annotations


class SunlightError(Exception):
    """Base for refusals caused by input or state, never by a bug: shown to the user as a 4xx."""

    status = 400
    code = "bad_input"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        message = str(message)  # a lazy translation is resolved in the language of the act
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


def refuse(message: str, code: str = "bad_input") -> SunlightError:
    """A refusal of an act: raise refuse(gettext("…。"), "code") — the message already in the active language."""
    return SunlightError(str(message), code=code)


class Conflict(SunlightError):
    status = 409
    code = "conflict"


class RateLimited(SunlightError):
    """Too many attempts from one client in a window (query-code guessing, form flooding)."""

    status = 429
    code = "rate_limited"
