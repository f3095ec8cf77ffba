"""Who sees which cases: staff their orgs' (deciding org, receiving center, or the lower level that accepted or
handed it on; supervisors and admins their subtree), applicants their own (or their agent's), a query-code holder the one case."""

from __future__ import annotations

from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from sunlight.orgs import scope

from .models import Case, CaseTransfer

# "The case is open" as literal SQL, the very terms of the partial indexes' WHERE (models.Case.Meta.indexes):
# SQLite uses a partial index only when the query repeats its condition with the same constants, and a Django
# filter `status__in=Case.OPEN` sends them as bound parameters. (PostgreSQL proves it either way.)
OPEN_SQL = '"cases_case"."status" IN ({})'.format(", ".join(f"'{s}'" for s in Case.OPEN))


def only_open(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.filter(RawSQL(OPEN_SQL, (), output_field=BooleanField()))


def staff_cases(user) -> QuerySet[Case]:
    # The visible orgs resolved first (a few dozen ids): a subtree as a join on orgs.path would make the
    # database scan cases org by org instead of reading an index in deadline order.
    cases = Case.objects.all()
    if not getattr(user, "is_superuser", False):
        ids = list(scope.visible_orgs(user).values_list("pk", flat=True))
        # Each level sees the cases it touched (三级运行): those it accepted below the deciding org (level_org) and
        # those it handed on (a village service point's registrations), the latter as a small subquery.
        handed_on = CaseTransfer.objects.filter(from_org_id__in=ids).values("case_id")
        cases = cases.filter(Q(org_id__in=ids) | Q(center_id__in=ids) | Q(level_org_id__in=ids) | Q(pk__in=handed_on))
    return cases.select_related("item", "org", "window")


def applicant_cases(user) -> QuerySet[Case]:
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    return Case.objects.filter(Q(applicant_user=user) | Q(agent_user=user)).select_related("item", "org")


def case_for_code(number: str, code_hash: str) -> Case | None:
    if not code_hash:
        return None
    return Case.objects.filter(number=number, query_code_hash=code_hash).select_related("item", "org").first()
