"""Workbench page of appeals (行政复议、行政诉讼) about disclosure: record one, then its decision.

The records are the requests module's (sunlight.requests.actions.appeals); the annual report counts them. Both acts are
posted through sunlight.acts.perform: a refusal re-renders the page with the bound form and the action's status.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from sunlight.accounts.access import staff_required
from sunlight.acts import perform
from sunlight.errors import SunlightError
from sunlight.orgs import scope as access
from sunlight.requests.actions import appeals
from sunlight.requests.forms.workbench import handler_orgs
from sunlight.requests.models import Appeal, InfoRequest

from ...forms import AppealForm, DecideForm
from .common import PAGE_SIZE, int_or, years_offered


@staff_required
def appeal_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    orgs = handler_orgs(user)
    if request.method != "POST":
        return _render_appeals(request, orgs, today)
    form = AppealForm(request.POST, orgs=orgs)

    def act(d):
        linked = None
        if d["request_number"]:
            linked = InfoRequest.objects.filter(number=d["request_number"].strip(), org=d["org"]).first()
            if linked is None:
                raise SunlightError(_("本机关没有该申请编号的申请。"))
        appeals.record_appeal(
            by=user,
            org=d["org"],
            kind=d["kind"],
            filed_on=d["filed_on"],
            info_request=linked,
            case_number=d["case_number"],
            note=d["note"],
        )
        return _("已登记。")

    return perform(
        request,
        act,
        form=form,
        done=reverse("reports_wb:appeals"),
        refused=lambda exc: _render_appeals(request, orgs, today, form, status=exc.status),
    )


def _render_appeals(
    request: HttpRequest, orgs, today, bound=None, *, status: int = 200, decide_bound=None
) -> HttpResponse:
    years = years_offered(today)
    year = int_or(request.GET.get("year"), 0)
    rows = access.scoped(Appeal.objects.select_related("org", "request"), request.user, "org")
    if year in years:
        rows = rows.filter(filed_on__year=year)
    page = Paginator(rows.order_by("-filed_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    can_act = {org.pk for org in orgs} if not request.user.is_superuser else None
    items = []
    for a in page:
        form = None
        if a.result == Appeal.Result.PENDING and (can_act is None or a.org_id in can_act):
            form = (
                decide_bound
                if decide_bound is not None and decide_bound.prefix == f"a{a.pk}"
                else DecideForm(prefix_pk=a.pk)
            )
        items.append((a, form))
    response = render(
        request,
        "reports/workbench/appeals.html",
        {
            "page": page,
            "items": items,
            "year": year if year in years else None,
            "years": years,
            "form": bound if bound is not None else (AppealForm(orgs=orgs) if orgs.exists() else None),
            "keep": urlencode({"year": year}) if year in years else "",
        },
        status=status,
    )
    add_never_cache_headers(response)
    return response


@staff_required
def appeal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    done = reverse("reports_wb:appeals")
    if request.method != "POST":
        return redirect(done)  # before loading the appeal, as perform would: acts are POST-only
    appeal = get_object_or_404(Appeal.objects.select_related("org"), pk=pk)
    access.require_visible(request.user, appeal)
    form = DecideForm(request.POST, prefix_pk=appeal.pk)

    def act(d):
        appeals.decide_appeal(appeal, by=request.user, result=d["result"], decided_on=d["decided_on"], note=d["note"])
        return _("已登记审结结果。")

    return perform(
        request,
        act,
        form=form,
        done=done,
        refused=lambda exc: _render_appeals(
            request, handler_orgs(request.user), timezone.localdate(), status=exc.status, decide_bound=form
        ),
    )
