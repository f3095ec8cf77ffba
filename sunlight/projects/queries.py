"""Who sees which projects: the owner their own; staff the projects of their city's pathways when they are
supervisors or admins above it, and any project in which their org leads a stage or holds a department's case."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from sunlight.cases.models import Case
from sunlight.orgs import scope
from sunlight.orgs.models import Org

from .models import Pathway, Project, Stage, StageApplication, StageCase


def owner_projects(user) -> QuerySet[Project]:
    if not getattr(user, "is_authenticated", False):
        return Project.objects.none()
    return Project.objects.filter(owner_user=user).select_related("pathway")


def _scope(user) -> tuple[list[int], list[int]]:
    """The ids of the orgs the user sees, and the regions of the service centers among them."""
    orgs = list(scope.visible_orgs(user).values_list("pk", "kind", "region_id", "is_active"))
    centers = [region for _pk, kind, region, active in orgs if kind == Org.Kind.SERVICE_CENTER and active]
    return [pk for pk, *_rest in orgs], centers


def staff_projects(user) -> QuerySet[Project]:
    """The projects of the pathways of the cities the user sees (supervisors and admins above them) or whose
    service center they work at (its construction window accepts and delivers every stage, rules.lead_receiver),
    and any project in which their org leads a stage or holds a case. Pathways and lead stages are resolved to ids
    first (a few dozen), so the database tests each project against short lists."""
    rows = Project.objects.select_related("pathway")
    if getattr(user, "is_superuser", False):
        return rows
    ids, regions = _scope(user)
    pathways = list(
        Pathway.objects.filter(Q(city_id__in=ids) | Q(city__region_id__in=regions)).values_list("pk", flat=True)
    )
    lead_stages = list(Stage.objects.filter(lead_org_id__in=ids).values_list("pk", flat=True))
    leads = StageApplication.objects.filter(project=OuterRef("pk"), stage_id__in=lead_stages)
    cases = StageCase.objects.filter(application__project=OuterRef("pk"), case__org_id__in=ids)
    return rows.filter(Q(pathway_id__in=pathways) | Exists(leads) | Exists(cases))


def staff_applications(user) -> QuerySet[StageApplication]:
    """The stage applications the user sees, by the rule of staff_projects, the stages resolved to ids first."""
    rows = StageApplication.objects.select_related("project", "stage", "stage__lead_org")
    if getattr(user, "is_superuser", False):
        return rows
    ids, regions = _scope(user)
    whole = Q(lead_org_id__in=ids) | Q(pathway__city_id__in=ids) | Q(pathway__city__region_id__in=regions)
    stages = list(Stage.objects.filter(whole).values_list("pk", flat=True))
    others = list(Stage.objects.exclude(pk__in=stages).values_list("pk", flat=True))
    if not others:  # every stage is visible as a whole (a city's supervisor or window): no case to look for
        return rows.filter(stage_id__in=stages)
    # The applications of the other stages in which the user's orgs hold a case. IN, not EXISTS: under an OR,
    # PostgreSQL costs a correlated EXISTS once per row (a city's list was estimated high enough to be
    # JIT-compiled, +330 ms); the uncorrelated IN is one hashed subplan.
    mine = StageCase.objects.filter(case__org_id__in=ids, application__stage_id__in=others).values("application_id")
    return rows.filter(Q(stage_id__in=stages) | Q(pk__in=mine))


def may_see(user, project: Project) -> bool:
    if project.owner_user_id is not None and getattr(user, "pk", None) == project.owner_user_id:
        return True
    if getattr(user, "kind", "") != "staff":
        return False
    return staff_projects(user).filter(pk=project.pk).exists()


BLOCKING = {
    Case.Status.CORRECTING: "等待申请人补正",
    Case.Status.SPECIAL: "特别程序中",
    Case.Status.SUSPENDED: "中止办理",
    Case.Status.SUBMITTED: "待受理",
}


def children(application: StageApplication) -> list[StageCase]:
    return list(
        application.children.select_related("case", "case__item", "case__org", "stage_item").order_by("-required", "pk")
    )


def late_cases(application: StageApplication) -> list[Case]:
    """The decided cases of a delivered stage still waiting to go out (补充出件)."""
    if application.status != StageApplication.Status.DELIVERED:
        return []
    return [
        link.case
        for link in application.children.select_related("case", "case__item").order_by("pk")
        if link.case.status == Case.Status.DECIDED
    ]
