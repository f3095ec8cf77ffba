"""Who sees which complaints: staff those about their orgs or handled by them (supervisors and admins their subtree),
a complainant their own, a query-code holder the one complaint; the public only the totals (stats.py)."""

from __future__ import annotations

from django.db.models import QuerySet

from sunlight.orgs import scope

from .models import Complaint

RELATED = ("org", "supervising_org", "case", "window__center", "staff_user")


def staff_complaints(user) -> QuerySet[Complaint]:
    rows = Complaint.objects.all()
    if not getattr(user, "is_superuser", False):
        rows = rows.filter(scope.org_q(user, "org") | scope.org_q(user, "supervising_org"))
    return rows.select_related(*RELATED)


def my_complaints(user) -> QuerySet[Complaint]:
    if not getattr(user, "is_authenticated", False):
        return Complaint.objects.none()
    return Complaint.objects.filter(complainant_user=user).select_related(*RELATED)


def complaint_for_code(number: str, code_hash: str) -> Complaint | None:
    if not code_hash:
        return None
    return Complaint.objects.filter(number=number, query_code_hash=code_hash).select_related(*RELATED).first()
