"""Staff page: their orgs' monthly reports, and regenerating a month by hand."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from sunlight.accounts.access import staff_required
from sunlight.acts import perform

from .. import actions
from ..forms import GenerateForm
from ..queries import staff_orgs, staff_reports


def _page(request: HttpRequest, form: GenerateForm, status: int = 200) -> HttpResponse:
    reports = staff_reports(request.user)[:100]
    return render(request, "monthly/workbench/list.html", {"reports": reports, "form": form}, status=status)


@staff_required
def report_list(request: HttpRequest) -> HttpResponse:
    return _page(request, GenerateForm(orgs=staff_orgs(request.user)))


@staff_required
def generate(request: HttpRequest) -> HttpResponse:
    form = GenerateForm(request.POST, orgs=staff_orgs(request.user))

    def act(data):
        year, month = data["month"]
        done = actions.generate_monthly_report(data["org"], year, month, by=request.user)
        return _("已生成%(org)s %(period)s 月报。") % {"org": done.org.name, "period": done.period}

    return perform(
        request,
        act,
        form=form,
        done=reverse("monthly_wb:list"),
        refused=lambda exc: _page(request, form, status=exc.status),
    )
