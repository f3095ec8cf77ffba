"""What the supervision workbench pages share: the org a supervisor looks at (one they may see), the month."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from sunlight.ints import ascii_int
from sunlight.orgs.models import Org
from sunlight.orgs.scope import visible_orgs

from ...periods import month_range, parse_month


def chosen_org(request: HttpRequest) -> Org:
    orgs = visible_orgs(request.user)
    pk = ascii_int(request.GET.get("org"))
    if pk:
        org = orgs.filter(pk=pk).first()
        if org is None:
            raise Http404
        return org
    org = orgs.order_by("depth", "sort_order", "pk").first()
    if org is None:
        raise Http404
    return org


def chosen_month(request: HttpRequest):
    year, month = parse_month(request.GET.get("month"))
    start, end = month_range(year, month)
    return start, end, f"{start:%Y-%m}"
