"""民意热点, public: a month's hot topics (for everyone, an area or a department), their trend (ECharts from a JSON
endpoint), and the published letters behind a topic."""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from sunlight.ints import ascii_int
from sunlight.notify.public_cache import public_page
from sunlight.orgs.models import Org, Region
from sunlight.supervision.periods import parse_month

from .. import topics


def _month(request: HttpRequest) -> tuple[int, int]:
    raw = request.GET.get("month")
    if not raw:  # early in a month, last month says more than a few days do
        today = timezone.localdate()
        if today.day < 10:
            today = today.replace(day=1) - timedelta(days=1)
        return today.year, today.month
    year, month = parse_month(raw)
    if year is None:
        raise Http404(_("月份格式应为 2026-11。"))
    return year, month


def _scope(request: HttpRequest) -> tuple[str, object | None]:
    region_id = ascii_int(request.GET.get("region"))
    org_id = ascii_int(request.GET.get("org"))
    if region_id:
        region = Region.objects.filter(pk=region_id).first()
        if region is None:
            raise Http404(_("没有这个地区。"))
        return f"r{region.pk}", region
    if org_id:
        org = Org.objects.filter(pk=org_id, is_active=True).first()
        if org is None:
            raise Http404(_("没有这个单位。"))
        return f"o{org.pk}", org
    return "all", None


def index(request: HttpRequest) -> HttpResponse:
    year, month = _month(request)
    scope, chosen = _scope(request)
    hot = topics.hot_topics(year, month, scope)
    return render(
        request,
        "attention/public/index.html",
        {
            "year": year,
            "month": month,
            "month_value": f"{year}-{month:02d}",
            "hot": hot,
            "scope": scope,
            "chosen": chosen,
            "regions": Region.objects.filter(level__lte=Region.Level.TOWNSHIP).order_by("code")[:300],
            "orgs": Org.objects.filter(is_active=True, kind=Org.Kind.DEPARTMENT).order_by("path")[:300],
            "query": request.GET.urlencode(),
            "region_id": chosen.pk if scope.startswith("r") else None,
            "org_id": chosen.pk if scope.startswith("o") else None,
        },
    )


def trend_data(request: HttpRequest) -> JsonResponse:
    year, month = _month(request)
    scope, _chosen = _scope(request)
    terms = [t.term for t in topics.hot_topics(year, month, scope, limit=5)]
    return JsonResponse(topics.trend(terms, year, month, scope))


@public_page("letters")
def topic(request: HttpRequest) -> HttpResponse:
    year, month = _month(request)
    term = (request.GET.get("term") or "").strip()[:30]
    if not term or " " in term:
        raise Http404(_("请从热点列表选择话题。"))
    letters = topics.letters_behind(term, year, month)
    return render(
        request,
        "attention/public/topic.html",
        {"term": term, "year": year, "month": month, "letters": letters, "trend": topics.trend([term], year, month)},
    )
