"""What the public sees (consultations once opened, approved comments, published reports, announced hearings) and
what a member of staff sees (their orgs' consultations and hearings, supervisors and admins their subtree)."""

from __future__ import annotations

from datetime import date

from django.db.models import Case, IntegerField, QuerySet, Value, When

from sunlight.orgs import scope

from .models import Comment, Consultation, Hearing

RELATED = ("org", "draft", "final_document")


def public_consultations() -> QuerySet[Consultation]:
    """Opened at some point (never a draft still being prepared); the open ones first, then the newest."""
    return (
        Consultation.objects.filter(status__in=Consultation.PUBLIC)
        .select_related(*RELATED)
        .annotate(
            open_first=Case(
                When(status=Consultation.Status.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("open_first", "-start_on", "-pk")
    )


def public_comments(consultation: Consultation) -> QuerySet[Comment]:
    return consultation.comments.filter(moderation=Comment.Moderation.APPROVED).order_by("number")


def public_hearings() -> QuerySet[Hearing]:
    return Hearing.objects.select_related("org").order_by("-held_on", "-pk")


def staff_consultations(user) -> QuerySet[Consultation]:
    return scope.scoped(Consultation.objects.select_related(*RELATED), user, "org").order_by("-start_on", "-pk")


def staff_hearings(user) -> QuerySet[Hearing]:
    return scope.scoped(Hearing.objects.select_related("org"), user, "org").order_by("-held_on", "-pk")


def days_left(consultation: Consultation, today: date) -> dict:
    """The days-left line of a consultation: {"state": "not_started" | "open" | "last_day" | "ended", "days": n}."""
    if consultation.status != Consultation.Status.OPEN or today > consultation.end_on:
        return {"state": "ended", "days": 0}
    if today < consultation.start_on:
        return {"state": "not_started", "days": (consultation.start_on - today).days}
    left = (consultation.end_on - today).days
    return {"state": "last_day" if left == 0 else "open", "days": left}
