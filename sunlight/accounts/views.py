"""Public accounts: citizens and legal persons register, sign in and see their own page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sunlight.errors import SunlightError
from sunlight.events.log import client_ip
from sunlight.masking import mask_id_number
from sunlight.redirects import safe_next

from .access import is_staff_user
from .actions import register_account
from .forms import RegisterForm


def register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = register_account(
                username=data["username"],
                password=data["password1"],
                kind=data["kind"],
                display_name=data["display_name"],
                phone=data["phone"],
                credit_code=data["credit_code"],
                ip=client_ip(request),
            )
        except SunlightError as exc:
            form.add_error(None, exc.message)  # shown in place, in the form's error summary
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, gettext("注册成功。"))
            return redirect("accounts:profile")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/register.html", {"form": form}, status=status)


def public_login(request: HttpRequest) -> HttpResponse:
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST":
        if getattr(request, "axes_locked_out", False):
            return render(request, "accounts/locked_out.html", status=429)
        if form.is_valid():
            user = form.get_user()
            if is_staff_user(user) or user.is_staff:
                # Staff sign in only at the staff login, which asks for the second factor; nothing is signed in here.
                messages.info(request, _("工作人员账户请在工作台登录。"))
                return redirect(
                    f"{reverse('workbench:login')}?{urlencode({'next': safe_next(request, 'workbench:home')})}"
                )
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(safe_next(request, "accounts:profile"))
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/login.html", {"form": form}, status=status)


@require_POST
def public_logout(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect(safe_next(request, "portal:home"))


@login_required(login_url="accounts:login")
def profile(request: HttpRequest) -> HttpResponse:
    id_number = request.user.id_number
    return render(request, "accounts/profile.html", {"id_number": mask_id_number(id_number) if id_number else ""})
