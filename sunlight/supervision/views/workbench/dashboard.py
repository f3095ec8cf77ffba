"""The supervisor's live dashboard: lights by org, the trend of the last 30 days, the most overdue objects, the
region tree coloured by red lights; refreshed by htmx polling of its data."""

from __future__ import annotations

from datetime import timedelta

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sunlight.accounts.access import staff_required
from sunlight.cases import days
from sunlight.orgs.models import Org
from sunlight.orgs.scope import org_q

from ... import tally
from ...models import Alert, Kind, Light, LightChange, Severity
from ...queries import object_url, staff_alerts, staff_watches
from ._shared import chosen_org


def data(request: HttpRequest) -> dict:
    """Everything the dashboard shows, from the light tallies (never a count over the watches themselves)."""
    org = chosen_org(request)
    today = days.today()
    seen = org_q(request.user, "org")
    rows = tally.counts(seen, org.path)
    lights, by_org = tally.totals(rows), tally.worst(rows, 15)
    since = today - timedelta(days=29)
    changes = dict(
        LightChange.objects.filter(seen, org__path__startswith=org.path, new=Light.RED, on__gte=since)
        .values("on")
        .order_by()
        .annotate(n=Count("pk"))
        .values_list("on", "n")
    )
    alerts = staff_alerts(request.user).filter(org__path__startswith=org.path)
    cards = dict(
        alerts.filter(found_on__gte=since, severity__in=[Severity.YELLOW_CARD, Severity.RED_CARD])
        .values("found_on")
        .order_by()
        .annotate(n=Count("pk"))
        .values_list("found_on", "n")
    )
    dates = [since + timedelta(days=i) for i in range(30)]
    return {
        "org": org,
        "lights": lights,
        "by_org": by_org,
        "trend": {
            "dates": [d.isoformat() for d in dates],
            "red": [changes.get(d, 0) for d in dates],
            "cards": [cards.get(d, 0) for d in dates],
            "labels": {"red": _("新增红灯"), "cards": _("新增红黄牌")},
        },
        "tree": _tree(org, rows),
        "overdue": list(
            staff_watches(request.user)
            .filter(open=True, light=Light.RED, org__path__startswith=org.path)
            .select_related("org")
            .order_by("due_on", "pk")[:10]
        ),
        "open_alerts": alerts.filter(status=Alert.Status.OPEN).count(),
    }


def _tree(org: Org, rows: list[dict]) -> list[dict]:
    """The region tree one level down: each child org's subtree with its open and red counts."""
    out = []
    for child in Org.objects.filter(parent=org, is_active=True).order_by("sort_order", "pk"):
        mine = [r for r in rows if r["path"].startswith(child.path)]
        n = sum(tally.totals(mine).values())
        if n:
            out.append({"name": child.name, "value": n, "red": sum(r["red"] for r in mine)})
    return out


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    d = data(request)
    for w in d["overdue"]:
        w.url = object_url(w.kind, w.object_id)
    chart = {
        "by_org": d["by_org"],
        "trend": d["trend"],
        "tree": d["tree"],
        "labels": {"green": _("绿灯"), "yellow": _("黄灯"), "red": _("红灯")},
    }
    return render(request, "supervision/workbench/dashboard.html", {**d, "chart": chart, "Kind": Kind})


@staff_required
def dashboard_data(request: HttpRequest) -> JsonResponse:
    d = data(request)
    return JsonResponse(
        {"lights": d["lights"], "by_org": d["by_org"], "trend": d["trend"], "open_alerts": d["open_alerts"]},
        json_dumps_params={"ensure_ascii": False},
    )


@staff_required
def lights(request: HttpRequest) -> HttpResponse:
    org = chosen_org(request)
    qs = staff_watches(request.user).filter(open=True, org__path__startswith=org.path)
    light = request.GET.get("light", "")
    if light in Light.values:
        qs = qs.filter(light=light)
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    page = Paginator(qs.order_by("due_on", "pk"), 50).get_page(request.GET.get("page"))
    for w in page:
        w.url = object_url(w.kind, w.object_id)
    return render(
        request,
        "supervision/workbench/lights.html",
        {
            "org": org,
            "page": page,
            "current": {"light": light, "kind": kind},
            "lights": Light.choices,
            "kinds": Kind.choices,
        },
    )
