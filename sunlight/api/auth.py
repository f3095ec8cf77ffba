"""Who may call a staff endpoint: a staff session that owes no second factor, or a staff bearer token.

Module routers import `staff_or_token_auth` from here (never from sunlight.api.main, which imports the routers).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from sunlight.accounts.access import SecondFactor, is_staff_user, second_factor
from sunlight.accounts.models import ApiToken


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


def public_account(request: HttpRequest):
    """The portal session of a citizen's or company's account (public accounts have no bearer tokens).

    Applicant endpoints declare no ninja auth (the OpenAPI "security" marks the staff operations, and the staff-only
    walk in tests/test_api_staff_only.py reads it); they ask here instead: anonymous is a 401, a staff account a 403,
    and a POST needs the session's CSRF token as the staff session does."""
    user = request.user
    if not user.is_authenticated:
        raise AuthenticationError()
    if is_staff_user(user):
        raise PermissionDenied(_("该接口供公众账户使用。"))
    if request.method == "POST" and check_csrf(request) is not None:
        raise PermissionDenied(_("CSRF 校验失败，请刷新页面后重试。"))
    return user


def staff_or_token_auth():
    return [TokenAuth(), StaffSessionAuth()]
