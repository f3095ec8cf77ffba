"""Tell a person plainly that their session ended, instead of silently showing a login form."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext as _

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
            response = redirect(f"{reverse('workbench:login')}?{urlencode({'next': request.path})}")
            response.delete_cookie(SESSION_MARK)
            return response
        return self.get_response(request)


class SecondFactorMiddleware:
    """The workbench and the Django admin open only to a session that has given what its account owes:
    the code of its authenticator when it has one, an enrolment when a setting requires one.

    Runs after django_otp's OTPMiddleware (request.user.is_verified). A session still owing its code is sent to
    the workbench login's code step; an account that must enrol may open only the enrolment page (and log out).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .access import SecondFactor, second_factor

        path = request.path
        if path.startswith(("/workbench/", "/admin/")) and request.user.is_authenticated:
            login_url, logout_url = reverse("workbench:login"), reverse("workbench:logout")
            if not path.startswith((login_url, logout_url, "/admin/login/", "/admin/logout/")):
                state = second_factor(request)
                if state is SecondFactor.VERIFY:
                    return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
                if state is SecondFactor.ENROL and not path.startswith(reverse("workbench:security")):
                    messages.warning(
                        request,
                        _("您的账户须启用动态验证码后才能使用工作台和系统管理。请先用验证器应用扫描二维码完成绑定。"),
                    )
                    return redirect("workbench:security")
        return self.get_response(request)
