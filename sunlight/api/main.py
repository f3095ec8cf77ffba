"""REST API /api/v1 (django-ninja). Each app contributes a router; errors come back as JSON 4xx."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from sunlight.accounts.access import SecondFactor, is_staff_user, second_factor
from sunlight.accounts.models import ApiToken
from sunlight.errors import SunlightError
from sunlight.events.security import record_denied


def _require_staff(user) -> None:
    """Staff endpoints answer 403 (not an empty 200) to citizens' and companies' sessions and tokens."""
    if not is_staff_user(user):
        raise PermissionDenied(_("该接口仅供工作人员使用。"))


class TokenAuth(HttpBearer):
    """`Authorization: Bearer sl_…` for staff scripts and other systems. A token is a factor of its own: it is
    issued only in a session that owed no second factor."""

    def authenticate(self, request: HttpRequest, token: str):
        user = ApiToken.authenticate(token)
        if user is not None:
            _require_staff(user)
            request.user = user
        return user


class StaffSessionAuth(SessionAuth):
    """The session cookie (with CSRF), for staff only, and only once the session has given its second factor."""

    def authenticate(self, request: HttpRequest, key: str | None):
        user = request.user
        if not user.is_authenticated:
            return None
        _require_staff(user)
        state = second_factor(request)
        if state is SecondFactor.VERIFY:
            raise PermissionDenied(_("请先在工作台登录页输入动态验证码。"))
        if state is SecondFactor.ENROL:
            raise PermissionDenied(_("您的账户须先在工作台启用动态验证码。"))
        return user


def staff_or_token_auth():
    return [TokenAuth(), StaffSessionAuth()]


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


api.add_router("/calendar/", "sunlight.clock.api.router", tags=["calendar 工作日历"])
api.add_router("/orgs/", "sunlight.orgs.api.router", tags=["orgs 机构"])
api.add_router("/events/", "sunlight.events.api.router", tags=["events 事件"])
api.add_router("/me/", "sunlight.accounts.api.router", tags=["accounts 账户"])
api.add_router("/disclosure/", "sunlight.disclosure.api.router", tags=["disclosure 主动公开"])
api.add_router("/requests/", "sunlight.requests.api.router", tags=["requests 依申请公开"])
api.add_router("/reports/", "sunlight.reports.api.router", tags=["reports 年度报告"])
