"""REST API /api/v1 (django-ninja). Each module declares a router in its AppConfig; errors come back as JSON 4xx.

The credentials (staff session or bearer token) are in sunlight.api.auth, which module routers import."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from sunlight import modules
from sunlight.errors import SunlightError
from sunlight.events.security import record_denied

api = NinjaAPI(
    title="Sunlight 阳光政务平台 API",
    version="1",
    description="REST API of Sunlight. Public endpoints need no credentials; staff endpoints take a "
    "session cookie or `Authorization: Bearer <token>`.",
    urls_namespace="api",
    # The docs page renders from ninja's own static files ("ninja" in INSTALLED_APPS), never a CDN; no online
    # validator badge either (an intranet has no internet, and the CSP allows images from this site only).
    docs=Swagger(settings={"validatorUrl": None}),
)


def _error(request, status: int, code: str, message: str, **extra):
    return api.create_response(request, {"error": code, "message": message, **extra}, status=status)


@api.exception_handler(SunlightError)
def on_sunlight_error(request, exc: SunlightError):
    return _error(request, exc.status, exc.code, exc.message)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc: PermissionDenied):
    record_denied(request, exc)
    return _error(request, 403, "forbidden", str(exc) or gettext("无权访问。"))


@api.exception_handler(Http404)
def on_not_found(request, exc: Http404):
    return _error(request, 404, "not_found", str(exc) or gettext("未找到。"))


@api.exception_handler(ValidationError)
def on_django_validation(request, exc: ValidationError):
    return _error(request, 400, "invalid", "；".join(exc.messages))


@api.exception_handler(NinjaValidationError)
def on_schema_validation(request, exc: NinjaValidationError):
    return _error(request, 422, "invalid", gettext("请求内容格式不正确。"), detail=exc.errors)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return _error(request, 401, "unauthorized", gettext("需要登录或有效的接口令牌。"))


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    # ninja raises HttpError(400) for a body it cannot parse; keep our error shape for it too.
    if exc.status_code == 400:
        return _error(request, 400, "malformed", gettext("请求内容不是有效的 JSON。"))
    return _error(request, exc.status_code, "error", str(exc))


# Each module declares its router in its AppConfig (sunlight.modules.ApiRouter).
for _router in modules.api_routers():
    api.add_router(_router.prefix, _router.router, tags=[_router.tag])
