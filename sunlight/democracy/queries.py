"""Who sees what: the public the open, closed and published items (results only once published); staff the items
and residents of the villages in their scope (supervisors and admins their subtree)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sunlight.disclosure.models import Document
from sunlight.disclosure.queries import public_documents
from sunlight.orgs import scope
from sunlight.orgs.models import Org

from .models import PUBLIC_STATUSES, Evaluation, Proposal, Resident, Status


def public_evaluations() -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(status__in=PUBLIC_STATUSES, org__is_active=True).select_related("org")


def public_proposals() -> QuerySet[Proposal]:
    return Proposal.objects.filter(status__in=PUBLIC_STATUSES, org__is_active=True).select_related("org")


def public_villages() -> QuerySet[Org]:
    """Villages with something public: an evaluation or a vote open, closed or published."""
    return (
        Org.objects.filter(kind=Org.Kind.COMMITTEE, is_active=True)
        .filter(Q(evaluations__status__in=PUBLIC_STATUSES) | Q(proposals__status__in=PUBLIC_STATUSES))
        .distinct()
        .order_by("path")
    )


def open_counts(org: Org) -> tuple[int, int]:
    return (
        Evaluation.objects.filter(org=org, status=Status.OPEN).count(),
        Proposal.objects.filter(org=org, status=Status.OPEN).count(),
    )


def linked_documents(evaluation: Evaluation) -> QuerySet[Document]:
    return public_documents().filter(pk__in=evaluation.documents.values("pk")).order_by("-published_at")


def village_documents(org: Org, limit: int = 20) -> list[Document]:
    """The village's 三务公开: its published information in the village key areas (党务、村务、财务), and whatever its
    evaluations link."""
    linked = Evaluation.objects.filter(org=org, status__in=PUBLIC_STATUSES).values("documents")
    rows = (
        public_documents()
        .filter(publisher=org)
        .filter(Q(key_areas__for_villages=True) | Q(pk__in=linked))
        .distinct()
        .order_by("-published_at", "-pk")
    )
    return list(rows[:limit])


def staff_residents(user) -> QuerySet[Resident]:
    return scope.scoped(Resident.objects.all(), user).select_related("org", "user", "registered_by")


def staff_evaluations(user) -> QuerySet[Evaluation]:
    return scope.scoped(Evaluation.objects.all(), user).select_related("org")


def staff_proposals(user) -> QuerySet[Proposal]:
    return scope.scoped(Proposal.objects.all(), user).select_related("org")
