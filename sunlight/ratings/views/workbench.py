"""Staff pages: their orgs' ratings (never who rated), appeals, and the heads' rectifications of 差评."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from sunlight.accounts.access import staff_required
from sunlight.acts import perform
from sunlight.orgs import scope

from .. import actions, indicators
from ..forms import AppealForm, CallbackForm, RectifyForm, ReportForm, ReviewForm
from ..models import Appeal
from ..queries import (
    reviewable,
    staff_appeal,
    staff_appeals,
    staff_rating,
    staff_ratings,
    staff_rectification,
    staff_rectifications,
)


@staff_required
def rating_list(request: HttpRequest) -> HttpResponse:
    ratings = staff_ratings(request.user)
    return render(
        request,
        "ratings/workbench/list.html",
        {"ratings": ratings[:200], "rows": indicators.by_org(ratings.filter(excluded=False))},
    )


def _rating_page(request, rating, form=None, status: int = 200) -> HttpResponse:
    may_appeal = scope.can_act(request.user, rating.org, actions.STAFF_ROLES)
    return render(
        request,
        "ratings/workbench/rating.html",
        {
            "rating": rating,
            "appeals": rating.appeals.all(),
            "form": form or (AppealForm() if may_appeal else None),
        },
        status=status,
    )


@staff_required
def rating_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _rating_page(request, staff_rating(request.user, pk))


@staff_required
def appeal(request: HttpRequest, pk: int) -> HttpResponse:
    rating = staff_rating(request.user, pk)
    form = AppealForm(request.POST)
    return perform(
        request,
        lambda data: actions.appeal_rating(rating, by=request.user, **data) and _("已提交申诉，等待上级复核。"),
        form=form,
        done=reverse("ratings_wb:rating", args=[pk]),
        refused=lambda exc: _rating_page(request, rating, form, status=exc.status),
    )


@staff_required
def rectification_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "ratings/workbench/rectifications.html", {"rectifications": staff_rectifications(request.user)[:200]}
    )


FORMS = {"callback": CallbackForm, "rectify": RectifyForm, "report": ReportForm}
NEXT = {"open": "callback", "called_back": "rectify", "rectified": "report"}


def _rect_page(request, rect, form=None, status: int = 200) -> HttpResponse:
    step = NEXT.get(rect.status)
    may_act = scope.can_act(request.user, rect.org, actions.HEAD_ROLES)
    if form is None and step and may_act:
        form = FORMS[step]()
    return render(
        request,
        "ratings/workbench/rectification.html",
        {
            "rect": rect,
            "rating": rect.rating,
            "form": form if may_act else None,
            "step": step,
            "action": reverse(f"ratings_wb:{step}", args=[rect.pk]) if step else "",
        },
        status=status,
    )


@staff_required
def rectification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _rect_page(request, staff_rectification(request.user, pk))


def _rect_act(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    rect = staff_rectification(request.user, pk)
    form = FORMS[step](request.POST)
    acts = {
        "callback": lambda d: actions.record_callback(rect, by=request.user, **d) and _("已记录回访。"),
        "rectify": lambda d: actions.record_rectification(rect, by=request.user, **d) and _("已记录整改措施。"),
        "report": lambda d: actions.report_result(rect, by=request.user, **d) and _("已向评价人反馈整改结果。"),
    }
    return perform(
        request,
        acts[step],
        form=form,
        done=reverse("ratings_wb:rectification", args=[pk]),
        refused=lambda exc: _rect_page(request, rect, form, status=exc.status),
    )


@staff_required
def callback(request: HttpRequest, pk: int) -> HttpResponse:
    return _rect_act(request, pk, "callback")


@staff_required
def rectify(request: HttpRequest, pk: int) -> HttpResponse:
    return _rect_act(request, pk, "rectify")


@staff_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    return _rect_act(request, pk, "report")


@staff_required
def appeal_list(request: HttpRequest) -> HttpResponse:
    appeals = staff_appeals(request.user)
    return render(request, "ratings/workbench/appeals.html", {"appeals": appeals[:200]})


def _appeal_page(request, found: Appeal, form=None, status: int = 200) -> HttpResponse:
    may_review = found.status == Appeal.Status.PENDING and reviewable(request.user, found)
    return render(
        request,
        "ratings/workbench/appeal.html",
        {"appeal": found, "rating": found.rating, "form": form or (ReviewForm() if may_review else None)},
        status=status,
    )


@staff_required
def appeal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _appeal_page(request, staff_appeal(request.user, pk))


@staff_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    found = staff_appeal(request.user, pk)
    form = ReviewForm(request.POST)
    return perform(
        request,
        lambda data: actions.review_appeal(found, by=request.user, **data) and _("已复核申诉。"),
        form=form,
        done=reverse("ratings_wb:appeal", args=[pk]),
        refused=lambda exc: _appeal_page(request, found, form, status=exc.status),
    )
