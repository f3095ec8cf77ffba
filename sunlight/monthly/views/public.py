"""Public pages: every org's monthly reports, one report as HTML, and its PDF."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from sunlight import pdf
from sunlight.ints import ascii_int
from sunlight.notify.public_cache import public_page
from sunlight.orgs import tree
from sunlight.orgs.models import Org

from ..queries import public_report, public_reports


@public_page("monthly")
def index(request: HttpRequest) -> HttpResponse:
    """The reports, newest month first; ?org= narrows to one org (an unknown org is a 404)."""
    reports = public_reports()
    org = None
    if request.GET.get("org"):
        pk = ascii_int(request.GET["org"])
        org = Org.objects.filter(pk=pk, is_active=True).first() if pk else None
        if org is None:
            raise Http404("没有该机构。")
        reports = reports.filter(org=org)
    orgs = tree.ordered(Org.objects.filter(monthly_reports__isnull=False, is_active=True).distinct())
    return render(request, "monthly/public/index.html", {"reports": reports[:200], "org": org, "orgs": orgs})


@public_page("monthly")
def report(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "monthly/public/report.html", {"report": public_report(pk)})


@public_page("monthly")
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    found = public_report(pk)
    html = render_to_string("monthly/pdf/report.html", {"report": found})
    response = HttpResponse(pdf.render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="monthly-{found.org_id}-{found.period}.pdf"'
    return response
