"""公开年报: the published annual reports (Art. 49–50), per org and year, newest first, the consolidated report first.

A report is public when its catalog document is (disclosure.queries.public_documents): the page reads the
document's state and never keeps its own copy of it, so a withdrawn report disappears from here too.
"""

from __future__ import annotations

from itertools import groupby

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sunlight.disclosure.queries import public_documents
from sunlight.ints import ascii_int
from sunlight.notify.public_cache import public_page
from sunlight.orgs import tree
from sunlight.orgs.models import Org

from ..models import AnnualReport


def published_reports():
    return AnnualReport.objects.filter(document__in=public_documents()).select_related("org", "document")


def org_page(org: Org) -> dict:
    """The 公开年报 column of an org's public page (declared in ReportsConfig.org_page)."""
    return {"reports": published_reports().filter(org=org).order_by("-year", "scope")[:3]}


def _org(value: str | None) -> Org | None:
    """The org asked for: none, or an active org with a published report; anything else is a 404 (never a 500)."""
    if not value:
        return None
    pk = ascii_int(value)
    org = Org.objects.filter(pk=pk, is_active=True).first() if pk else None
    if org is None:
        raise Http404("没有该机构。")
    return org


@public_page("disclosure")
def annual_reports(request: HttpRequest) -> HttpResponse:
    """Every published report, or one org's (?org=): grouped by year, newest first; in a year the consolidated
    reports (本级政府及所属部门) first, then each org's own in tree order."""
    org = _org(request.GET.get("org"))
    reports = list(published_reports())
    publishers = tree.ordered({r.org for r in reports})
    position = {o.pk: i for i, o in enumerate(publishers)}
    shown = [r for r in reports if org is None or r.org_id == org.pk]
    shown.sort(key=lambda r: (-r.year, r.scope != AnnualReport.Scope.SUBTREE, position[r.org_id]))
    years = [(year, list(items)) for year, items in groupby(shown, key=lambda r: r.year)]
    return render(
        request,
        "reports/public/annual.html",
        {
            "org": org,
            "years": years,
            "publishers": publishers,
        },
    )
