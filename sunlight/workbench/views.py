"""Staff workbench: sign-in (password, then TOTP when enrolled), to-do list, events and timelines."""

from __future__ import annotations

from io import BytesIO

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from sunlight.accounts.middleware import SESSION_MARK
from sunlight.accounts.models import ApiToken, User
from sunlight.events.log import client_ip, events_for, record, visible_events
from sunlight.events.models import Event
from sunlight.orgs import scope
from sunlight.orgs.models import Org

from .access import is_staff_user, staff_required
from .forms import ApiTokenForm, EventFilterForm, LoginForm, TokenForm
from .models import Todo
from django.utils.translation import gettext

PENDING_OTP = "sunlight_pending_otp_user"


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or reverse("workbench:home")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return reverse("workbench:home")
    return target


def _finish_login(request: HttpRequest, user: User, device: TOTPDevice | None = None) -> HttpResponse:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if device is not None:
        otp_login(request, device)
    response = redirect(_safe_next(request))
    # Marks this browser as having had a staff session, so an expiry can be told apart from "never signed in".
    response.set_cookie(SESSION_MARK, "1", max_age=30 * 24 * 3600, httponly=True, samesite="Lax")
    return response


def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and is_staff_user(request.user):
        return redirect("workbench:home")
    pending_id = request.session.get(PENDING_OTP)
    if pending_id and request.method == "POST" and "token" in request.POST:
        return _otp_step(request, pending_id)
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=form.cleaned_data["username"], password=form.cleaned_data["password"])
        if getattr(request, "axes_locked_out", False):
            return render(request, "accounts/locked_out.html", status=429)
        if user is None:
            form.add_error(None, gettext("用户名或密码不正确。连续多次失败后账户将被暂时锁定。"))
            status = 400
        elif not is_staff_user(user):
            form.add_error(None, gettext("这是公众账户，请从公众登录入口登录。"))
            status = 403
        else:
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                return _finish_login(request, user)
            request.session[PENDING_OTP] = user.pk
            return render(request, "workbench/login_otp.html", {"form": TokenForm(), "next": _safe_next(request)})
    elif request.method == "POST":
        status = 400
    return render(request, "workbench/login.html", {"form": form, "next": request.GET.get("next", "")}, status=status)


def _otp_step(request: HttpRequest, user_id: int) -> HttpResponse:
    form = TokenForm(request.POST)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() if user else None
    if user is not None and device is not None and form.is_valid() and device.verify_token(form.cleaned_data["token"]):
        del request.session[PENDING_OTP]
        return _finish_login(request, user, device)
    record("security.otp_failed", actor=user, ip=client_ip(request))
    form.add_error(None, gettext("验证码不正确或已过期。"))
    return render(request, "workbench/login_otp.html", {"form": form, "next": _safe_next(request)}, status=400)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, gettext("您已安全退出。"))
    response = redirect("workbench:login")
    response.delete_cookie(SESSION_MARK)
    return response


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    todos = Todo.objects.filter(user=request.user, done_at__isnull=True)
    return render(
        request,
        "workbench/home.html",
        {"todos": todos, "memberships": scope.memberships(request.user), "has_otp": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()},
    )


@staff_required
@require_POST
def todo_done(request: HttpRequest, pk: int) -> HttpResponse:
    todo = get_object_or_404(Todo, pk=pk, user=request.user)
    todo.done_at = timezone.now()
    todo.save(update_fields=["done_at"])
    return redirect("workbench:home")


@staff_required
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    qs = visible_events(request.user).order_by("-seq")
    if form.is_valid():
        data = form.cleaned_data
        if data["verb"]:
            qs = qs.filter(verb__startswith=data["verb"])
        if data["date_from"]:
            qs = qs.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            qs = qs.filter(at__date__lte=data["date_to"])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "workbench/events.html", {"form": form, "page": page})


def _object_org(obj) -> Org | None:
    if isinstance(obj, Org):
        return obj
    return getattr(obj, "org", None)


@staff_required
def timeline(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    """The event timeline of one object, for staff who may see the object's org."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        raise Http404(gettext("没有这种对象。"))
    obj = model._default_manager.filter(pk=object_id).first() if object_id.isdigit() else None
    if obj is None:
        raise Http404(gettext("对象不存在。"))
    org = _object_org(obj)
    if not request.user.is_superuser and (org is None or not scope.can_see(request.user, org)):
        raise PermissionDenied(gettext("无权查看该对象的记录。"))
    return render(request, "workbench/timeline.html", {"obj": obj, "events": events_for(obj).order_by("seq")})


@staff_required
def org_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(Org.objects.select_related("region", "parent"), pk=pk)
    if not scope.can_see(request.user, org):
        raise PermissionDenied(gettext("无权查看该机构。"))
    children = scope.visible_orgs(request.user).filter(parent=org)
    members = org.memberships.filter(is_active=True).select_related("user", "window")
    return render(request, "workbench/org.html", {"org": org, "children": children, "members": members, "events": events_for(org).order_by("-seq")[:50]})


@staff_required
def security(request: HttpRequest) -> HttpResponse:
    """Enrol a TOTP authenticator (optional second factor) and manage API tokens."""
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    token_form, otp_form, new_token = ApiTokenForm(), TokenForm(), None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "otp_start" and confirmed is None:
            pending = pending or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
        elif action == "otp_confirm" and pending is not None:
            otp_form = TokenForm(request.POST)
            if otp_form.is_valid() and pending.verify_token(otp_form.cleaned_data["token"]):
                with transaction.atomic():
                    pending.confirmed = True
                    pending.save(update_fields=["confirmed"])
                    record("security.otp_enrolled", actor=user, ip=client_ip(request))
                messages.success(request, gettext("已启用动态验证码登录。"))
                return redirect("workbench:security")
            otp_form.add_error(None, gettext("验证码不正确，请重试。"))
        elif action == "otp_remove" and confirmed is not None:
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user).delete()
                record("security.otp_removed", actor=user, ip=client_ip(request))
            messages.success(request, gettext("已关闭动态验证码。"))
            return redirect("workbench:security")
        elif action == "token_issue":
            token_form = ApiTokenForm(request.POST)
            if token_form.is_valid():
                with transaction.atomic():
                    token, new_token = ApiToken.issue(user, token_form.cleaned_data["name"], token_form.cleaned_data["days"])
                    record("security.token_issued", actor=user, obj=token, ip=client_ip(request))
        elif action == "token_revoke":
            token = get_object_or_404(ApiToken, pk=request.POST.get("token"), user=user, revoked_at__isnull=True)
            with transaction.atomic():
                token.revoked_at = timezone.now()
                token.save(update_fields=["revoked_at"])
                record("security.token_revoked", actor=user, obj=token, ip=client_ip(request))
            return redirect("workbench:security")
    qr_svg = _qr_svg(pending.config_url) if pending is not None and confirmed is None else None
    return render(
        request,
        "workbench/security.html",
        {
            "confirmed": confirmed, "pending": pending if confirmed is None else None, "qr_svg": qr_svg,
            "otp_form": otp_form, "token_form": token_form, "new_token": new_token,
            "tokens": ApiToken.objects.filter(user=user).order_by("-created_at"),
        },
        status=200 if not (otp_form.errors or token_form.errors) else 400,
    )


def _qr_svg(data: str) -> str:
    import qrcode
    import qrcode.image.svg

    buffer = BytesIO()
    qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
    return buffer.getvalue().decode("utf-8")
