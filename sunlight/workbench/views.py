"""Staff workbench: sign-in (password, then TOTP when enrolled), to-do list, events and timelines."""

from __future__ import annotations

from io import BytesIO

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from sunlight.accounts.access import (
    SecondFactor,
    forget_second_factor,
    is_staff_user,
    second_factor,
    staff_required,
)
from sunlight.accounts.actions import (
    enrol_totp,
    issue_api_token,
    remove_totp,
    revoke_api_token,
    start_totp_enrolment,
)
from sunlight.accounts.middleware import SESSION_MARK
from sunlight.accounts.models import ApiToken, User
from sunlight.errors import SunlightError, refuse
from sunlight.events.log import client_ip, events_for, record, visible_events
from sunlight.ints import ascii_int
from sunlight.notify import notices
from sunlight.notify.models import Todo
from sunlight.notify.todos import mark_todo_done
from sunlight.orgs import scope
from sunlight.orgs.models import Org
from sunlight.redirects import safe_next

from .forms import ApiTokenForm, EventFilterForm, LoginForm, TokenForm

PENDING_OTP = "sunlight_pending_otp_user"


def _safe_next(request: HttpRequest) -> str:
    return safe_next(request, "workbench:home")


def _finish_login(request: HttpRequest, user: User, device: TOTPDevice | None = None) -> HttpResponse:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if device is not None:
        otp_login(request, device)
    forget_second_factor(request)
    # An account that must enrol goes straight to the enrolment page (the middleware would send it there anyway).
    target = reverse("workbench:security") if second_factor(request) is SecondFactor.ENROL else _safe_next(request)
    response = redirect(target)
    # Marks this browser as having had a staff session, so an expiry can be told apart from "never signed in".
    response.set_cookie(
        SESSION_MARK, "1", max_age=30 * 24 * 3600, httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE
    )
    return response


def _otp_page(request: HttpRequest, form: TokenForm, status: int = 200) -> HttpResponse:
    return render(request, "workbench/login_otp.html", {"form": form, "next": _safe_next(request)}, status=status)


def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and is_staff_user(request.user):
        # A signed-in session that still owes its code (from before a device was enrolled elsewhere, or an old
        # session) gives it here; the staff doors send it here until it does.
        if second_factor(request) is SecondFactor.VERIFY:
            if request.method == "POST" and "token" in request.POST:
                return _otp_step(request, request.user.pk)
            return _otp_page(request, TokenForm())
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
            return _otp_page(request, TokenForm())
    elif request.method == "POST":
        status = 400
    next_url = _safe_next(request) if request.GET.get("next") else ""
    return render(request, "workbench/login.html", {"form": form, "next": next_url}, status=status)


def _otp_step(request: HttpRequest, user_id: int) -> HttpResponse:
    form = TokenForm(request.POST)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() if user else None
    if user is not None and device is not None and form.is_valid() and device.verify_token(form.cleaned_data["token"]):
        request.session.pop(PENDING_OTP, None)
        return _finish_login(request, user, device)
    record("security.otp_failed", actor=user, ip=client_ip(request))
    form.add_error(None, gettext("验证码不正确或已过期。"))
    return _otp_page(request, form, status=400)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, gettext("您已安全退出。"))
    response = redirect(safe_next(request, "workbench:login"))
    response.delete_cookie(SESSION_MARK)
    return response


def _overdue_reports(user) -> list[dict]:
    """For supervisors (and admins): last year's annual reports in their subtree that are past the deadline and not
    published (条例第四十九条: departments by 31 January, governments' consolidated reports by 31 March)."""
    from sunlight.orgs.models import Role
    from sunlight.reports.reminders import overdue

    roles = [Role.SUPERVISOR, Role.ADMIN]
    if not any(m.role in roles for m in scope.memberships(user)):
        return []
    today = timezone.localdate()
    year = today.year - 1
    return [
        {
            "org": org,
            "deadline": deadline,
            "year": year,
            "url": reverse("reports_wb:report", args=[org.pk, year]) + f"?scope={report_scope}",
        }
        for org, report_scope, deadline in overdue(scope.visible_orgs(user, roles), year, today)
    ]


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    todos = Todo.objects.filter(user=request.user, done_at__isnull=True)
    return render(
        request,
        "workbench/home.html",
        {
            "todos": todos,
            "memberships": scope.memberships(request.user),
            "has_otp": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
            "overdue_reports": _overdue_reports(request.user),
            "notices": notices.unread(request.user)[:20],
        },
    )


@staff_required
@require_POST
def todo_done(request: HttpRequest, pk: int) -> HttpResponse:
    mark_todo_done(get_object_or_404(Todo, pk=pk, user=request.user), by=request.user)
    return redirect("workbench:home")


@staff_required
@require_POST
def notices_read(request: HttpRequest) -> HttpResponse:
    notices.mark_notices_read(request.user)
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
        raise Http404(gettext("没有这种对象。")) from None
    pk = ascii_int(object_id)
    obj = model._default_manager.filter(pk=pk).first() if pk else None
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
    return render(
        request,
        "workbench/org.html",
        {"org": org, "children": children, "members": members, "events": events_for(org).order_by("-seq")[:50]},
    )


NEW_TOKEN = "workbench:new_token"  # session: a just-issued API token, shown once after the redirect


@staff_required
def security(request: HttpRequest) -> HttpResponse:
    """Enrol a TOTP authenticator (optional second factor) and manage API tokens.

    Each button is an act of sunlight.accounts.actions: a success answers with a redirect back here
    (POST/redirect/GET), a refusal is shown on this page — in the form it came from, else as a message.
    """
    user = request.user
    token_form, otp_form, status = ApiTokenForm(), TokenForm(), 200
    if request.method == "POST":
        act, ip = request.POST.get("action"), client_ip(request)
        owes_nothing = second_factor(request) is SecondFactor.OK
        shown_in = None  # the form a refusal is shown in
        try:
            if act == "otp_start":
                start_totp_enrolment(by=user)
                return redirect("workbench:security")  # the page shows the pending device's QR code
            if act == "otp_confirm":
                shown_in = otp_form = TokenForm(request.POST)
                device = _enrolling_device(user)
                if not otp_form.is_valid():
                    raise refuse(gettext("验证码不正确，请重试。"), "wrong_code")
                enrol_totp(device, by=user, code=otp_form.cleaned_data["token"], ip=ip)
                # The code was just given: this session counts as verified, like a sign-in with it.
                otp_login(request, device)
                forget_second_factor(request)
                messages.success(request, gettext("已启用动态验证码登录。"))
                return redirect("workbench:security")
            if act == "otp_remove":
                remove_totp(by=user, session_owes_nothing=owes_nothing, ip=ip)
                messages.success(request, gettext("已关闭动态验证码。"))
                return redirect("workbench:security")
            if act == "token_issue":
                shown_in = token_form = ApiTokenForm(request.POST)
                if token_form.is_valid():
                    _token, plain = issue_api_token(
                        by=user,
                        name=token_form.cleaned_data["name"],
                        days=token_form.cleaned_data["days"],
                        session_owes_nothing=owes_nothing,
                        ip=ip,
                    )
                    # A reload must not issue a second token: the secret waits in the server-side session for its
                    # one display on the next page.
                    request.session[NEW_TOKEN] = plain
                    return redirect("workbench:security")
            if act == "token_revoke":
                token = get_object_or_404(ApiToken, pk=request.POST.get("token"), user=user, revoked_at__isnull=True)
                revoke_api_token(token, by=user, ip=ip)
                return redirect("workbench:security")
        except SunlightError as exc:
            status = exc.status
            if shown_in is not None:
                shown_in.add_error(None, exc.message)
            else:
                messages.error(request, exc.message)
    new_token = request.session.pop(NEW_TOKEN, None) if request.method == "GET" else None
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).first() if confirmed is None else None
    return render(
        request,
        "workbench/security.html",
        {
            "confirmed": confirmed,
            "pending": pending,
            "qr_svg": _qr_svg(pending.config_url) if pending is not None else None,
            "otp_form": otp_form,
            "token_form": token_form,
            "new_token": new_token,
            "tokens": ApiToken.objects.filter(user=user).order_by("-created_at"),
        },
        status=400 if (otp_form.errors or token_form.errors) else status,
    )


def _enrolling_device(user: User) -> TOTPDevice:
    """The device a code confirms: the pending one, else the confirmed one (which enrol_totp refuses)."""
    device = TOTPDevice.objects.filter(user=user).order_by("confirmed", "pk").first()
    if device is None:
        raise Http404(gettext("请先启用动态验证码。"))
    return device


def _qr_svg(data: str) -> str:
    import qrcode
    import qrcode.image.svg

    buffer = BytesIO()
    qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
    return buffer.getvalue().decode("utf-8")
