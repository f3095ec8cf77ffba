"""Indicators and rankings: the figures of an org's subtree for a month with their formulas, the ranking of its
departments and districts, the distribution per item, and the drill-down to the cases behind a figure."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sunlight.accounts.access import staff_required

from ... import indicators as ind
from ...queries import object_url, staff_watches
from ._shared import chosen_month, chosen_org


@staff_required
def indicators(request: HttpRequest) -> HttpResponse:
    org = chosen_org(request)
    start, end, month = chosen_month(request)
    counts = ind.counts_by_org(org, start, end)  # one set of grouped queries for the figures, ranking and levels
    return render(
        request,
        "supervision/workbench/indicators.html",
        {
            "org": org,
            "month": month,
            "start": start,
            "end": end,
            "figures": ind.figures(org, start, end, counts),
            "ranking": ind.ranking(org, start, end, counts),
            "items": ind.by_item(org, start, end),
            "levels": ind.by_level(org, start, end, counts),
            "months": ind.monthly(org, ind.months_back(end, 6)),
            "labels": ind.LABELS,
        },
    )


@staff_required
def drill(request: HttpRequest) -> HttpResponse:
    """The cases behind a figure: those decided in the month in the org's subtree, late ones first."""
    org = chosen_org(request)
    start, end, month = chosen_month(request)
    qs = staff_watches(request.user).filter(pk__in=ind.closed_cases(org, start, end).values("pk"))
    late = request.GET.get("late") == "1"
    if late:
        qs = qs.filter(on_time=False)
    page = Paginator(qs.order_by("on_time", "-closed_on", "pk"), 50).get_page(request.GET.get("page"))
    for w in page:
        w.url = object_url(w.kind, w.object_id)
    return render(
        request,
        "supervision/workbench/drill.html",
        {"org": org, "month": month, "page": page, "late": late, "figure": request.GET.get("figure", "")[:30]},
    )
