"""Who may open the workbench at all: signed-in staff (public accounts are sent to the portal)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext


def is_staff_user(user) -> bool:
    return user.is_authenticated and (user.is_superuser or getattr(user, "kind", "") == "staff")


def staff_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_user(request.user):
            raise PermissionDenied(gettext("工作台仅供工作人员使用。"))
        return view(request, *args, **kwargs)

    return wrapper
