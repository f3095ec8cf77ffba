"""What the acts of a project share: locks, who is the lead window, who is the owner, the stage's material list."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext

from sunlight.cases.actions.rules import CLERK_ROLES
from sunlight.notify.notices import send_notice
from sunlight.orgs import scope
from sunlight.orgs.models import Org

from ..models import Project, Stage, StageApplication

DEPARTMENT_ROLES = ("handler", "reviewer", "approver", "admin")


def center_of(stage: Stage) -> Org | None:
    """The city's service center, whose construction window (工程建设项目审批窗口) accepts for every stage."""
    city = stage.pathway.city
    return Org.objects.filter(kind=Org.Kind.SERVICE_CENTER, region_id=city.region_id, is_active=True).first()


def lead_receiver(by, stage: Stage) -> Org:
    """The org in whose name `by` accepts or delivers a stage: the stage's lead department or the city's center."""
    for org in (stage.lead_org, center_of(stage)):
        if org is not None and scope.can_act(by, org, CLERK_ROLES):
            return org
    raise PermissionDenied(
        gettext("只有%(lead)s或政务服务中心工程建设项目窗口的人员可以办理该阶段的统一受理和出件。")
        % {"lead": stage.lead_org.name}
    )


def is_owner(user, project: Project) -> bool:
    return getattr(user, "is_authenticated", False) and project.owner_user_id == user.pk


def lock_application(application: StageApplication) -> StageApplication:
    return (
        StageApplication.objects.select_for_update(of=("self",))
        .select_related("project", "stage", "stage__pathway", "stage__lead_org")
        .get(pk=application.pk)
    )


def lock_project(project: Project) -> Project:
    return Project.objects.select_for_update(of=("self",)).select_related("pathway").get(pk=project.pk)


def tell_owner(project: Project, subject: str) -> None:
    if project.owner_user is not None:
        send_notice(
            project.owner_user,
            subject,
            "",
            url=reverse("projects:project", args=[project.code]),
            channels=("inapp", "email", "sms"),
        )
