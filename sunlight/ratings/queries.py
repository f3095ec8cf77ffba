"""Who sees which ratings: staff their orgs' (supervisors and admins the subtree), never the rater; the applicant
their own cases' ratings; the public only the indicators."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from sunlight.cases.models import Case
from sunlight.cases.queries import applicant_cases
from sunlight.hall.models import Appointment
from sunlight.orgs import scope

from .actions import HEAD_ROLES, can_review
from .models import Appeal, Rating, Rectification


def staff_ratings(user) -> QuerySet[Rating]:
    """The ratings of the user's orgs, and of the cases their service center received (the counter's own)."""
    return Rating.objects.filter(scope.org_q(user, "org") | scope.org_q(user, "case__center")).select_related(
        "org", "item", "window"
    )


def staff_rating(user, pk: int) -> Rating:
    rating = staff_ratings(user).filter(pk=pk).first()
    if rating is None:
        raise Http404(_("没有这条评价，或您无权查看。"))
    return rating


def staff_rectifications(user) -> QuerySet[Rectification]:
    """The org's heads (and admins, supervisors above) see its rectifications; counter staff do not."""
    return scope.scoped(
        Rectification.objects.select_related("org", "rating", "rating__item", "rating__window", "rating__case"),
        user,
        roles=(*HEAD_ROLES, "supervisor"),
    )


def staff_rectification(user, pk: int) -> Rectification:
    rect = staff_rectifications(user).filter(pk=pk).first()
    if rect is None:
        raise Http404(_("没有这项整改，或您无权查看。"))
    return rect


def staff_appeals(user) -> QuerySet[Appeal]:
    return scope.scoped(Appeal.objects.select_related("rating", "rating__org", "rating__item"), user, "rating__org")


def staff_appeal(user, pk: int) -> Appeal:
    appeal = staff_appeals(user).filter(pk=pk).first()
    if appeal is None:
        raise Http404(_("没有这项申诉，或您无权查看。"))
    return appeal


def reviewable(user, appeal: Appeal) -> bool:
    return can_review(user, appeal.rating.org) and appeal.by_id != user.pk


def my_case(user, number: str) -> Case:
    """The applicant's own case by number, else 404 (whoever else asks)."""
    case = applicant_cases(user).filter(number=(number or "")[:30]).select_related("item", "org").first()
    if case is None:
        raise Http404(_("没有这个办件。"))
    return case


def stages_open(case: Case) -> list[str]:
    """The stages the applicant may still rate this case at."""
    done = set(case.ratings.values_list("stage", flat=True))
    stages = []
    if case.accepted_on is not None and Rating.Stage.ACCEPTANCE not in done:
        stages.append(Rating.Stage.ACCEPTANCE)
    if case.status in (Case.Status.DELIVERED, Case.Status.NOT_ACCEPTED) and Rating.Stage.COMPLETION not in done:
        stages.append(Rating.Stage.COMPLETION)
    return stages


def served_visit(user, appointment_pk: int):
    """The user's own served appointment (a window visit they may rate), or a 404."""

    found = (
        Appointment.objects.filter(pk=appointment_pk, user=user, status=Appointment.Status.SERVED)
        .select_related("slot__window__center")
        .first()
    )
    if found is None:
        raise Http404(_("没有这次办事记录。"))
    return found
