"""Who sees which cases: staff their orgs' (deciding org or receiving center; supervisors and admins their
subtree), applicants their own (or their agent's), a query-code holder the one case."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sunlight.orgs import scope

from .models import Case


def staff_cases(user) -> QuerySet[Case]:
    return Case.objects.filter(scope.org_q(user, "org") | scope.org_q(user, "center")).select_related(
        "item", "org", "window"
    )


def applicant_cases(user) -> QuerySet[Case]:
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    return Case.objects.filter(Q(applicant_user=user) | Q(agent_user=user)).select_related("item", "org")


def case_for_code(number: str, code_hash: str) -> Case | None:
    if not code_hash:
        return None
    return Case.objects.filter(number=number, query_code_hash=code_hash).select_related("item", "org").first()
