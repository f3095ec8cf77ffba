from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from sunlight import modules
from sunlight.clock.clock import Clock
from sunlight.errors import SunlightError
from sunlight.notify.public_cache import ELDER_COOKIE, public_page
from sunlight.orgs import tree
from sunlight.orgs.models import Org
from sunlight.redirects import safe_next


@public_page("disclosure")
def home(request: HttpRequest) -> HttpResponse:
    governments = tree.ordered(
        Org.objects.filter(kind=Org.Kind.GOVERNMENT, is_active=True, depth__lte=3).select_related("region")
    )[:20]
    return render(request, "portal/home.html", {"modules": modules.portal_entries(), "governments": governments})


def module_placeholder(request: HttpRequest, module: str) -> HttpResponse:
    """/m/<slug>/: a built module's own page, a placeholder for an installed module without one; 404 otherwise."""
    found = modules.portal_entry(module)
    if found is None:
        raise Http404("没有这个栏目。")
    if found.url != request.path:
        return redirect(found.url)
    return render(
        request,
        "portal/module.html",
        {"module": found, "query": request.GET.get("q", "")[:100]},
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html", {})


def deadline(request: HttpRequest) -> HttpResponse:
    """A citizen-facing statutory deadline calculator on the official working-day calendar."""
    context: dict = {"start": request.GET.get("start", ""), "working_days": request.GET.get("working_days", "")}
    if context["start"]:
        try:
            start = date.fromisoformat(context["start"])
            days = int(context["working_days"] or "20")
            if not 0 <= days <= 3650:
                raise ValueError
        except ValueError:
            context["error"] = gettext("请输入有效的日期（YYYY-MM-DD）和 0–3650 之间的工作日数。")
        else:
            try:
                clock = Clock(limit=days)
                clock.start(start)
                context.update(
                    due_date=clock.due_date, explanation=[s.text for s in clock.explain()], estimated=clock.is_estimated
                )
            except SunlightError as exc:
                context["error"] = exc.message
    status = 400 if "error" in context else 200
    return render(request, "portal/deadline.html", context, status=status)


def _back(request: HttpRequest) -> str:
    return safe_next(request, "/")


# Display preferences are plain links (GET): they only set a cookie, and keeping forms (and so CSRF
# tokens) off public pages is what lets those pages be cached whole for anonymous visitors.
@require_http_methods(["GET", "POST"])
def toggle_elder_mode(request: HttpRequest) -> HttpResponse:
    """Elder mode persists in a cookie for a year, and on the account when someone is signed in."""
    on = (request.GET.get("on") or request.POST.get("on")) == "1"
    response = redirect(_back(request))
    response.set_cookie(
        ELDER_COOKIE, "1" if on else "0", max_age=365 * 24 * 3600, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE
    )
    if request.user.is_authenticated and request.user.elder_mode != on:
        request.user.elder_mode = on
        request.user.save(update_fields=["elder_mode"])
    return response


@require_http_methods(["GET"])
def set_language(request: HttpRequest, code: str) -> HttpResponse:
    if code not in dict(settings.LANGUAGES):
        raise Http404(gettext("不支持的语言。"))
    response = redirect(_back(request))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def healthz(request: HttpRequest) -> JsonResponse:
    """Database reachability and how long ago the background worker last beat."""
    from sunlight.workbench.models import Heartbeat

    body: dict = {"status": "ok", "time": timezone.now().isoformat()}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        body["database"] = {"status": "ok", "vendor": connection.vendor}
    except Exception as exc:  # the whole point is to report it, not to crash
        body["database"] = {"status": "error", "error": str(exc)[:200]}
        body["status"] = "error"
        return JsonResponse(body, status=503)
    beat = Heartbeat.objects.filter(pk=1).first()
    if beat is None:
        body["worker"] = {"status": "unknown", "message": gettext("后台任务进程尚未报到。")}
    else:
        age = (timezone.now() - beat.at).total_seconds()
        stale = age > 3 * settings.WORKER_HEARTBEAT_SECONDS
        body["worker"] = {
            "status": "stale" if stale else "ok",
            "last_seen": beat.at.isoformat(),
            "age_seconds": int(age),
        }
        if stale:
            body["status"] = "degraded"
    return JsonResponse(body)
