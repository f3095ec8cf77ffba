"""Public-content revisions and the whole-page cache of public pages for anonymous visitors.

An action that changes what the public sees calls `public_changed(area)` inside its transaction: the new revision
commits with it, so the next request in every process renders afresh. A cached page is keyed by the path and
query, the language, elder mode, and the revision of the public content it shows (one indexed read per request).
Anyone with a session gets a freshly rendered page. Public pages carry no CSRF token (their preference switches
are plain links), so a cached copy is safe to serve to anyone.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from .models import PublicRevision

PAGE_SECONDS = 600
ELDER_COOKIE = "elder_mode"  # the elder-mode preference is part of a cached page's key


def public_changed(area: str) -> None:
    """Call inside the transaction that changed public content: the new number commits with it."""
    updated = PublicRevision.objects.filter(area=area).update(n=F("n") + 1)
    if not updated:
        PublicRevision.objects.get_or_create(area=area)
        PublicRevision.objects.filter(area=area).update(n=F("n") + 1)


def current(area: str) -> int:
    return PublicRevision.objects.filter(area=area).values_list("n", flat=True).first() or 0


def public_page(area: str):
    """Cache a public GET page for anonymous visitors until `public_changed(area)` is next called."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
                return view(request, *args, **kwargs)
            elder = request.COOKIES.get(ELDER_COOKIE) == "1"
            # The path is hashed: a long query string would make a key some cache backends refuse (memcached: 250).
            path = hashlib.sha1(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
            key = f"page:{area}:{current(area)}:{get_language()}:{elder}:{path}"
            cached = cache.get(key)
            if cached is not None:
                status, content, content_type = cached
                return HttpResponse(content, status=status, content_type=content_type)
            response = view(request, *args, **kwargs)
            if response.status_code in (200, 404) and not response.streaming and not response.cookies:
                cache.set(key, (response.status_code, response.content, response["Content-Type"]), PAGE_SECONDS)
            return response

        return wrapper

    return decorator
