"""Tell a person plainly that their session ended, instead of silently showing a login form."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext

SESSION_MARK = "sunlight_staff"


class SessionExpiryMiddleware:
    """Staff pages with an expired session redirect to login with a message saying so.

    The login view sets a long-lived marker cookie; if it is present but the session is gone,
    the session expired (rather than never having existed).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith("/workbench/")
            and not request.path.startswith(("/workbench/login", "/workbench/logout"))
            and not request.user.is_authenticated
            and request.COOKIES.get(SESSION_MARK)
        ):
            messages.warning(request, gettext("会话已超时，请重新登录。"))
            response = redirect(f"{reverse('workbench:login')}?next={request.path}")
            response.delete_cookie(SESSION_MARK)
            return response
        return self.get_response(request)
