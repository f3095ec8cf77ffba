"""Public: the rules people are held to (in force, with every version), the aggregate figures with their formulas,
and the hall's big screen (大屏), which refreshes itself. No personal data anywhere."""

from __future__ import annotations

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from sunlight.cases import days
from sunlight.hall.models import Ticket
from sunlight.notify.public_cache import public_page

from .. import public_data
from ..engine import current_rules
from ..models import Rule
from ..rules import CONDITIONS, RECIPIENTS


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "supervision/public/index.html", {"summary": public_data.cached_summary()})


def _rule_rows(rules) -> list[dict]:
    rows = []
    for rule in rules:
        cond = CONDITIONS[rule.code]
        rows.append(
            {
                "rule": rule,
                "name": cond.name,
                "description": cond.description,
                "recipients": [RECIPIENTS[r] for r in rule.recipients if r in RECIPIENTS],
                "params": [(cond.params[k].label, v) for k, v in rule.params.items() if k in cond.params],
                "time_based": cond.deadline is not None,
            }
        )
    return rows


@public_page("supervision")
def rules(request: HttpRequest) -> HttpResponse:
    return render(request, "supervision/public/rules.html", {"rows": _rule_rows(current_rules().values())})


@public_page("supervision")
def rule(request: HttpRequest, code: str) -> HttpResponse:
    if code not in CONDITIONS:
        raise Http404
    versions = list(Rule.objects.filter(code=code).order_by("-version"))
    today = days.today()
    in_force = next((r for r in versions if r.effective_on <= today), None)
    return render(
        request,
        "supervision/public/rule.html",
        {"cond": CONDITIONS[code], "rows": _rule_rows(versions), "in_force": in_force},
    )


def hall_today() -> dict:
    today = days.today()
    tickets = Ticket.objects.filter(day=today)
    counts = dict.fromkeys(Ticket.Status.values, 0)
    for row in tickets.values("status").order_by().annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    calling = [
        {"label": t.label, "window": t.window.name}
        for t in tickets.filter(status=Ticket.Status.CALLED).select_related("window").order_by("-called_at")[:6]
    ]
    return {"counts": counts, "calling": calling}


def screen(request: HttpRequest) -> HttpResponse:
    return render(
        request, "supervision/public/screen.html", {"summary": public_data.cached_summary(), "hall": hall_today()}
    )


@never_cache
def screen_data(request: HttpRequest) -> JsonResponse:
    data = dict(public_data.cached_summary())
    data["hall"] = hall_today()
    data["at"] = days.now().strftime("%H:%M:%S")
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "default": str})
