"""Who counts as staff, and whether this session has given the second factor a staff door asks for.

Every staff door asks the same question here: the workbench (middleware), the Django admin (its site's
has_permission) and the staff API with a session (its auth class). Bearer tokens are a factor of their own:
they are issued only in a session that needs nothing more (see accounts.actions.issue_api_token).
"""

from __future__ import annotations

from enum import Enum
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext
from django_otp import user_has_device


class SecondFactor(str, Enum):
    OK = "ok"  # nothing more to give (verified, or not required and no device)
    VERIFY = "verify"  # the account has a confirmed device; this session has not given its code
    ENROL = "enrol"  # a setting requires a device and the account has none yet


def is_staff_user(user) -> bool:
    """Staff accounts (kind "staff") and superusers; public accounts never, whatever their flags say."""
    return bool(user.is_authenticated and (user.is_superuser or getattr(user, "kind", "") == "staff"))


def is_admin_user(user) -> bool:
    """Superusers, Django-admin users (is_staff) and holders of an active admin membership."""
    from sunlight.orgs.shared import is_any_admin  # the memberships the scope helper already loaded for this user

    return bool(user.is_superuser or user.is_staff or is_any_admin(user))


def totp_required(user) -> bool:
    return bool(settings.STAFF_REQUIRE_TOTP or (settings.ADMIN_REQUIRE_TOTP and is_admin_user(user)))


def _is_verified(user) -> bool:
    check = getattr(user, "is_verified", None)  # set by django_otp's OTPMiddleware on session users
    return bool(check and check())


def second_factor(request: HttpRequest) -> SecondFactor:
    """What the signed-in staff member of this session still owes; cached on the request (asked several times)."""
    cached = getattr(request, "_sunlight_second_factor", None)
    if cached is not None:
        return cached
    user = request.user
    if not user.is_authenticated or not (is_staff_user(user) or user.is_staff) or _is_verified(user):
        state = SecondFactor.OK
    elif user_has_device(user, confirmed=True):
        state = SecondFactor.VERIFY
    elif totp_required(user):
        state = SecondFactor.ENROL
    else:
        state = SecondFactor.OK
    request._sunlight_second_factor = state
    return state


def forget_second_factor(request: HttpRequest) -> None:
    """After the code was given (or a device enrolled) in this request."""
    request.__dict__.pop("_sunlight_second_factor", None)


def staff_required(view):
    """Who may open a workbench page at all: signed-in staff (public accounts are refused). The second factor is
    asked for before any workbench view by sunlight.accounts.middleware.SecondFactorMiddleware."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_user(request.user):
            raise PermissionDenied(gettext("工作台仅供工作人员使用。"))
        return view(request, *args, **kwargs)

    return wrapper
