"""The monthly supervision reports: the list the user may see with a form to generate a month by hand; one report
(printable HTML); its PDF (the shipped fonts) and XLSX."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from sunlight import pdf
from sunlight.accounts.access import staff_required
from sunlight.acts import perform
from sunlight.orgs.scope import scoped, visible_orgs

from ... import actions
from ...forms import ReportForm
from ...models import SupervisionReport
from ...report import to_xlsx


def _reports(request: HttpRequest):
    return scoped(SupervisionReport.objects.select_related("org"), request.user, "org")


def _page(request: HttpRequest, form: ReportForm, status: int = 200) -> HttpResponse:
    reports = _reports(request).order_by("-year", "-month", "org__path")[:200]
    return render(request, "supervision/workbench/reports.html", {"reports": reports, "form": form}, status=status)


@staff_required
def report_list(request: HttpRequest) -> HttpResponse:
    orgs = visible_orgs(request.user)
    if request.method != "POST":
        return _page(request, ReportForm(orgs=orgs))
    form = ReportForm(request.POST, orgs=orgs)

    def act(d):
        year, month = d["month"]
        done = actions.generate_supervision_report(d["org"], year, month, by=request.user)
        return _("已生成%(org)s %(period)s 电子监察月报。") % {"org": done.org.name, "period": done.data["period"]}

    return perform(
        request,
        act,
        form=form,
        done=reverse("supervision_wb:reports"),
        refused=lambda exc: _page(request, form, exc.status),
    )


def _visible(request: HttpRequest, pk: int) -> SupervisionReport:
    report = _reports(request).filter(pk=pk).first()
    if report is None:
        raise Http404(_("没有这份月报，或您无权查看。"))
    return report


@staff_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible(request, pk)
    return render(request, "supervision/workbench/report.html", {"report": report, "d": report.data})


@staff_required
def report_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = _visible(request, pk)
    name = f"supervision-{report.org_id}-{report.year}-{report.month:02d}"
    if fmt == "pdf":
        html = render_to_string("supervision/pdf/report.html", {"report": report, "d": report.data})
        response = HttpResponse(pdf.render_pdf(html), content_type="application/pdf")
    elif fmt == "xlsx":
        response = HttpResponse(
            to_xlsx(report.data), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
