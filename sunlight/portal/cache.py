"""Whole-page caching of public pages for anonymous visitors.

A cached page is keyed by the path and query, the language, elder mode, and the revision of the
public content it shows (one indexed read per request), so a publication or withdrawal is visible
on the next request in every process. Anyone with a session gets a freshly rendered page.
Public pages carry no CSRF token (their preference switches are plain links), so a cached copy is
safe to serve to anyone.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from .context import ELDER_COOKIE
from .models import current

PAGE_SECONDS = 600


def public_page(area: str):
    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
                return view(request, *args, **kwargs)
            key = f"page:{area}:{current(area)}:{get_language()}:{request.COOKIES.get(ELDER_COOKIE) == '1'}:{request.get_full_path()}"
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
