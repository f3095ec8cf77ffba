"""Who still owes last year's annual report (Art. 49): departments at county level and above by 31 January,
a government's consolidated report (汇总) by 31 March.

`due_reminders(today)` only selects; `send_reminders(today)` puts a to-do on each owing org's disclosure
officers and closes the to-dos of reports published since. The daily task calls the latter.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from sunlight.disclosure.models import Document
from sunlight.notify.todos import close_todos, feed_todo
from sunlight.orgs.models import Membership, Org, Region, Role

from .models import AnnualReport

DEPARTMENT_DEADLINE = (1, 31)
GOVERNMENT_DEADLINE = (3, 31)
# "县级以上": province, city and county (incl. district) levels.
COUNTY_AND_ABOVE = Region.Level.COUNTY


def _published(year: int, scope: str):
    """A published report of the org for `year`: its document is published in the catalog."""
    return Exists(
        AnnualReport.objects.filter(
            org=OuterRef("pk"), year=year, scope=scope, document__status=Document.Status.PUBLISHED
        )
    )


def due_reminders(today: date) -> list[tuple[Org, date]]:
    """(org, deadline) for every org that must publish last year's report and has not, on `today`.

    Note — two rules for who owes a report, left as they are: this one reminds governments of county level and
    above only (Art. 49 names 县级以上地方人民政府), while deadline_of / _owing below flag every government,
    townships too, as owing and overdue. Folding them into one rule would change who is reminded or who is
    flagged, which is a decision about the law, not a reshaping: left for that decision.
    """
    year = today.year - 1
    out: list[tuple[Org, date]] = []
    wanted = []
    if today <= date(today.year, *DEPARTMENT_DEADLINE):
        wanted.append((Org.Kind.DEPARTMENT, AnnualReport.Scope.ORG, date(today.year, *DEPARTMENT_DEADLINE)))
    if today <= date(today.year, *GOVERNMENT_DEADLINE):
        wanted.append((Org.Kind.GOVERNMENT, AnnualReport.Scope.SUBTREE, date(today.year, *GOVERNMENT_DEADLINE)))
    for kind, scope, deadline in wanted:
        orgs = (
            Org.objects.filter(kind=kind, is_active=True, region__level__lte=COUNTY_AND_ABOVE)
            .exclude(_published(year, scope))
            .order_by("path")
        )
        out += [(org, deadline) for org in orgs]
    return out


def todo_key(org_id: int, year: int) -> str:
    return f"annual-report:{org_id}:{year}"


def send_reminders(today: date | None = None) -> int:
    """Feed the to-dos for `today` (idempotent: one per officer, org and year); returns how many orgs owe."""

    today = today or timezone.localdate()
    year = today.year - 1
    due = due_reminders(today)
    owing = {org.pk for org, _deadline in due}
    # Reports published since the last run: their to-dos are done. (An overdue one stays open.)
    published = (
        AnnualReport.objects.filter(year=year, document__status=Document.Status.PUBLISHED)
        .exclude(org_id__in=owing)
        .values_list("org_id", flat=True)
    )
    close_todos(*(todo_key(pk, year) for pk in set(published)))
    officers: dict[int, list] = {}
    for m in Membership.objects.filter(org_id__in=owing, role=Role.DISCLOSURE_OFFICER, is_active=True).select_related(
        "user"
    ):
        officers.setdefault(m.org_id, []).append(m.user)
    for org, deadline in due:
        scope = AnnualReport.Scope.SUBTREE if org.kind == Org.Kind.GOVERNMENT else AnnualReport.Scope.ORG
        title = f"{deadline.month}月{deadline.day}日前发布{year}年度报告（{org.name}）"
        for user in officers.get(org.pk, []):
            feed_todo(
                user,
                todo_key(org.pk, year),
                title,
                url=f"{reverse('reports_wb:report', args=[org.pk, year])}?scope={scope}",
                level="warning",
                due=deadline,
                done_at=None,
            )
    return len(due)


# --- overdue: what is owed and late, for the report list and page, supervisors, and the consolidated report ---------


def deadline_of(org: Org, year: int) -> date | None:
    """When `org` must have published its report for `year` (None: no statutory duty — township departments, centers)."""
    if org.kind == Org.Kind.GOVERNMENT:
        return date(year + 1, *GOVERNMENT_DEADLINE)
    if org.kind == Org.Kind.DEPARTMENT and org.region.level <= COUNTY_AND_ABOVE:
        return date(year + 1, *DEPARTMENT_DEADLINE)
    return None


def owed_scope(org: Org) -> str:
    """The report the law asks of the org: a government's consolidated report, a department's own."""
    return AnnualReport.Scope.SUBTREE if org.kind == Org.Kind.GOVERNMENT else AnnualReport.Scope.ORG


def _owing(orgs, year: int):
    """The orgs of `orgs` with a statutory report for `year` that is not published (any date)."""
    return (
        orgs.filter(is_active=True)
        .filter((Q(kind=Org.Kind.DEPARTMENT) & Q(region__level__lte=COUNTY_AND_ABOVE)) | Q(kind=Org.Kind.GOVERNMENT))
        .exclude(Q(kind=Org.Kind.GOVERNMENT) & _published(year, AnnualReport.Scope.SUBTREE))
        .exclude(Q(kind=Org.Kind.DEPARTMENT) & _published(year, AnnualReport.Scope.ORG))
        .select_related("region")
        .order_by("path", "sort_order")
    )


def overdue(orgs, year: int, today: date) -> list[tuple[Org, str, date]]:
    """(org, scope, deadline) for the orgs of `orgs` whose report for `year` is past its deadline and not published."""
    out = []
    for org in _owing(orgs, year):
        deadline = deadline_of(org, year)
        if deadline is not None and today > deadline:
            out.append((org, owed_scope(org), deadline))
    return out


def is_overdue(org: Org, year: int, scope: str, published: bool, today: date) -> bool:
    deadline = deadline_of(org, year)
    return bool(deadline and scope == owed_scope(org) and not published and today > deadline)


def unfiled(government: Org, year: int) -> list[Org]:
    """The agencies under a government (not the government itself) that have not published their own report for
    `year`: its departments of county level and above and the lower governments (their consolidated report).
    The consolidated report names them."""
    return list(_owing(Org.objects.filter(path__startswith=government.path).exclude(pk=government.pk), year))
