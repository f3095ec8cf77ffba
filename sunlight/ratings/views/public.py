"""Public pages: the satisfaction and rectification rates per org and per item; the applicant's rating form."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sunlight.acts import perform
from sunlight.notify.public_cache import public_page

from .. import actions, indicators
from ..forms import RatingForm
from ..models import IN_PERSON_ASPECTS, Rating
from ..queries import my_case, served_visit, stages_open


@public_page("ratings")
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "ratings/public/index.html",
        {"orgs": indicators.by_org()[:500], "items": indicators.by_item()[:500]},
    )


def _case_page(request, case, form, status: int = 200) -> HttpResponse:
    return render(
        request,
        "ratings/public/case.html",
        {"case": case, "form": form, "given": case.ratings.order_by("created_at")},
        status=status,
    )


@never_cache
@login_required(login_url="accounts:login")
@require_http_methods(["GET", "POST"])
def rate_case(request: HttpRequest, number: str) -> HttpResponse:
    """The applicant rates their own case (any other case is a 404); POST/redirect/GET."""
    case = my_case(request.user, number)
    stages = stages_open(case)
    aspects = actions.aspects_for(actions.channel_of(case))
    if request.method != "POST":
        form = RatingForm(stages=stages, aspects=aspects) if stages else None
        return _case_page(request, case, form)
    form = RatingForm(request.POST, stages=stages, aspects=aspects)
    done = reverse("ratings:case", args=[case.number])
    return perform(
        request,
        lambda data: actions.rate_case(case, by=request.user, **form.act_data()) and _("感谢您的评价。"),
        form=form,
        done=done,
        refused=lambda exc: _case_page(request, case, form, status=exc.status),
    )


def _visit_page(request, appointment, form, given, status: int = 200) -> HttpResponse:
    return render(
        request,
        "ratings/public/visit.html",
        {"appointment": appointment, "form": form, "given": given},
        status=status,
    )


@never_cache
@login_required(login_url="accounts:login")
@require_http_methods(["GET", "POST"])
def rate_visit(request: HttpRequest, appointment_pk: int) -> HttpResponse:
    """一次一评: the booker rates a served window visit (anyone else's, or one not served, is a 404)."""
    appointment = served_visit(request.user, appointment_pk)
    ref = f"{actions.VISIT_PREFIX}{appointment.pk}"
    given = Rating.objects.filter(visit_ref=ref).first()
    aspects = dict(IN_PERSON_ASPECTS)
    if request.method != "POST":
        form = None if given else RatingForm(stages=[Rating.Stage.VISIT], aspects=aspects)
        return _visit_page(request, appointment, form, given)
    form = RatingForm(request.POST, stages=[Rating.Stage.VISIT], aspects=aspects)

    def act(data: dict) -> str:
        rated = form.act_data()
        rated.pop("stage")
        actions.rate_visit(appointment.slot.window, ref, by=request.user, **rated)
        return _("感谢您的评价。")

    return perform(
        request,
        act,
        form=form,
        done=reverse("ratings:visit", args=[appointment.pk]),
        refused=lambda exc: _visit_page(request, appointment, form, given, status=exc.status),
    )
