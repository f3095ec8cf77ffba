"""Opinions departments must exchange during a stage (征求意见), each with its own reply limit, and the joint
review (多图联审 / 联合验收) in which the stage's departments review one set of drawings together."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext

from sunlight.cases import days
from sunlight.clock.calendar import get_calendar
from sunlight.errors import Conflict, refuse
from sunlight.events.log import record
from sunlight.notify.todos import close_todos, feed_role_todos
from sunlight.orgs import scope
from sunlight.orgs.models import Org

from ..models import Consultation, JointReview, StageApplication
from .rules import DEPARTMENT_ROLES, lock_application

MAX_REPLY_DAYS = 20


def stage_orgs(application: StageApplication) -> set[int]:
    """The lead department and every department with a case in the stage."""
    return {application.stage.lead_org_id, *application.children.values_list("case__org_id", flat=True)}


def _require_department(by, org: Org) -> None:
    if not scope.can_act(by, org, DEPARTMENT_ROLES):
        raise PermissionDenied(gettext("只有%(org)s的工作人员可以办理。") % {"org": org.name})


def _require_running(application: StageApplication, act: str) -> None:
    if application.status != StageApplication.Status.ACCEPTED:
        raise Conflict(
            gettext("该阶段申请当前为“%(s)s”，不能%(act)s。") % {"s": application.get_status_display(), "act": act},
            code="not_running",
        )


@transaction.atomic
def ask_opinion(
    application: StageApplication, *, by, from_org: Org, to_org: Org, question: str, days_allowed: int
) -> Consultation:
    """征求意见: a department of the stage asks another for its opinion, to be given within `days_allowed`."""
    application = lock_application(application)
    _require_running(application, gettext("征求意见"))
    orgs = stage_orgs(application)
    if from_org.pk not in orgs or to_org.pk not in orgs or from_org.pk == to_org.pk:
        raise refuse(gettext("征求意见只能在本阶段的牵头部门和审批部门之间进行。"), "org_not_in_stage")
    _require_department(by, from_org)
    question = (question or "").strip()
    if not question:
        raise refuse(gettext("请填写征求意见的事项。"), "reason_required")
    if not 1 <= int(days_allowed) <= MAX_REPLY_DAYS:
        raise refuse(gettext("答复时限须在 1 至 %(n)s 个工作日之间。") % {"n": MAX_REPLY_DAYS}, "bad_days")
    today = days.today()
    consultation = Consultation.objects.create(
        application=application,
        from_org=from_org,
        to_org=to_org,
        question=question[:4000],
        asked_by=by,
        asked_on=today,
        days=int(days_allowed),
        due_on=get_calendar().add(today, int(days_allowed), "working"),
    )
    feed_role_todos(
        to_org.pk,
        DEPARTMENT_ROLES,
        f"consult:{consultation.pk}:",
        gettext("%(org)s征求意见：%(p)s") % {"org": from_org.name, "p": application.project.name},
        url=f"/workbench/projects/stages/{application.pk}/",
        due=consultation.due_on,
    )
    record(
        "projects.ask",
        actor=by,
        org=from_org,
        obj=application,
        data={"to": to_org.pk, "days": consultation.days, "question": question[:300]},
    )
    return consultation


@transaction.atomic
def answer_opinion(consultation: Consultation, *, by, answer: str) -> Consultation:
    consultation = (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("to_org", "application")
        .get(pk=consultation.pk)
    )
    _require_department(by, consultation.to_org)
    if consultation.answered_on is not None:
        raise Conflict(gettext("该征求意见已经答复。"), code="answered")
    answer = (answer or "").strip()
    if not answer:
        raise refuse(gettext("请填写意见。"), "reason_required")
    consultation.answer = answer[:4000]
    consultation.answered_on = days.today()
    consultation.answered_by = by
    consultation.save(update_fields=["answer", "answered_on", "answered_by"])
    close_todos(prefix=f"consult:{consultation.pk}:")
    record(
        "projects.answer",
        actor=by,
        org=consultation.to_org,
        obj=consultation.application,
        data={"consultation": consultation.pk, "on_time": consultation.answered_on <= consultation.due_on},
    )
    return consultation


@transaction.atomic
def record_joint_review(
    application: StageApplication, *, by, conclusion: str, passed: bool, opinions: dict[int, str]
) -> JointReview:
    """多图联审 / 联合验收: the lead department records the joint session; every department of the stage gives its
    opinion on the one set of drawings (or on the finished works). After a failed review the owner puts things
    right and the departments review again (整改后复审); each session is kept, the latest decides."""
    application = lock_application(application)
    stage = application.stage
    if not stage.is_joint:
        raise refuse(gettext("“%(s)s”不是联合审查阶段。") % {"s": stage.name}, "not_joint")
    _require_running(application, gettext("记录联合审查"))
    _require_department(by, stage.lead_org)
    if application.joint_review_passed:
        raise Conflict(gettext("该阶段的联合审查已经通过。"), code="joint_review_done")
    conclusion = (conclusion or "").strip()
    if not conclusion:
        raise refuse(gettext("请填写联合审查结论。"), "reason_required")
    orgs = stage_orgs(application)
    given = {int(k): (v or "").strip() for k, v in opinions.items()}
    if set(given) - orgs:
        raise refuse(gettext("只有本阶段的部门可以出具联审意见。"), "org_not_in_stage")
    missing = [o.name for o in Org.objects.filter(pk__in=orgs - {k for k, v in given.items() if v})]
    if missing:
        raise refuse(gettext("以下部门尚未出具意见：%(orgs)s") % {"orgs": "、".join(missing)}, "opinion_missing")
    names = dict(Org.objects.filter(pk__in=orgs).values_list("pk", "name"))
    review = JointReview.objects.create(
        application=application,
        held_on=days.today(),
        conclusion=conclusion[:4000],
        passed=bool(passed),
        opinions=[{"org": pk, "org_name": names[pk], "opinion": given[pk][:2000]} for pk in sorted(orgs)],
        recorded_by=by,
    )
    record(
        "projects.joint_review",
        actor=by,
        org=stage.lead_org,
        obj=application,
        data={"passed": bool(passed), "orgs": sorted(orgs), "round": application.joint_reviews.count()},
    )
    return review
