"""The one safe "next" target for every door that sends a person back where they came from.

Logins (public, staff, the admin's redirect, the code step), logout, the language switch and elder mode all
read `next` through `safe_next`, so an open redirect cannot come back through one forgotten view.
"""

from __future__ import annotations

import unicodedata

from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def is_safe_path(target: object, request: HttpRequest) -> bool:
    """A local path on this site: one leading "/" (never "//" or "/\\"), no scheme, no host, no control characters."""
    if not isinstance(target, str) or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    # Browsers drop tabs and newlines inside URLs ("/\t/evil.example" becomes "//evil.example").
    if any(unicodedata.category(ch).startswith("C") for ch in target):
        return False
    return url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next(request: HttpRequest, default: str = "/") -> str:
    """The request's `next` (POST first, then the query string) when it is a safe local path, else `default`
    (a URL name or a path)."""
    for target in (request.POST.get("next"), request.GET.get("next")):
        if target and is_safe_path(target, request):
            return target
    return resolve_url(default)
