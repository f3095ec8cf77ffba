"""Middleware of the whole site that belongs to no one app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext

NUL = "\x00"


def _has_nul(request: HttpRequest) -> bool:
    if NUL in request.path or any(NUL in k or any(NUL in v for v in vs) for k, vs in request.GET.lists()):
        return True
    content_type = request.content_type or ""
    if content_type == "application/json":
        return b"\\u0000" in request.body or b"\x00" in request.body
    if request.method == "POST" and content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return any(NUL in k or any(NUL in v for v in vs) for k, vs in request.POST.lists())  # files may hold NULs
    return False


def reject_nul_bytes(get_response):
    """A NUL character in a parameter is a 400 everywhere. Why here: PostgreSQL refuses NUL in text (a DataError,
    a 500, after the query was sent), SQLite stores it; Django's form fields refuse it but the API's do not."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            message = gettext("请求中含有不允许的空字符（NUL）。")
            if request.path.startswith("/api/"):
                return JsonResponse({"error": "invalid", "message": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return get_response(request)

    return middleware
