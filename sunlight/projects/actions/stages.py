"""The acts of a stage: filed once with one form and one set of materials (一张表单), accepted once by the lead
window (一口受理) which opens every department's case the same day, opinions exchanged between departments
(征求意见), the joint review of one set of drawings (多图联审 / 联合验收), and the results delivered together
(统一出件) once every required department has decided. Facts: services-and-supervision.md (parallel approval)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext

from sunlight.cases import days
from sunlight.cases.actions import Applicant, MaterialInput, Submission, open_joint_case
from sunlight.cases.actions.joint import deliver_joint_case
from sunlight.cases.actions.rules import CLERK_ROLES
from sunlight.cases.models import Case
from sunlight.cases.uploads import check_upload, no_files_left_on_failure, written
from sunlight.clock.calendar import get_calendar
from sunlight.errors import Conflict, refuse
from sunlight.events.log import record
from sunlight.notify.public_cache import public_changed
from sunlight.notify.todos import close_todos, feed_role_todos
from sunlight.numbering import create_numbered

from ..models import Project, Stage, StageApplication, StageCase, StageMaterial
from .materials import applicable_items, combined_materials
from .rules import is_owner, lead_receiver, lock_application, lock_project, tell_owner

DECIDED = (Case.Status.DECIDED, Case.Status.DELIVERED)
P = StageMaterial.Provision


@dataclass
class StageMaterialInput:
    position: int  # index in the stage's combined list
    provision: str = P.UPLOADED
    upload: object | None = None


def _todo_key(application: StageApplication) -> str:
    return f"stage:{application.pk}:"


def _require_status(application: StageApplication, status: str, act: str, code: str) -> None:
    if application.status != status:
        raise Conflict(
            gettext("该阶段申请当前为“%(s)s”，%(act)s。") % {"s": application.get_status_display(), "act": act},
            code=code,
        )


def _check_stage_order(project: Project, stage: Stage) -> None:
    if stage.pathway_id != project.pathway_id:
        raise refuse(gettext("该阶段不属于本项目的审批流程。"), "stage_not_in_pathway")
    earlier = project.pathway.stages.filter(order__lt=stage.order)
    delivered = set(
        project.applications.filter(status=StageApplication.Status.DELIVERED).values_list("stage_id", flat=True)
    )
    missing = [s.name for s in earlier if s.pk not in delivered]
    if missing:
        raise Conflict(
            gettext("上一阶段尚未统一出件（%(stages)s），不能申报“%(stage)s”。")
            % {"stages": "、".join(missing), "stage": stage.name},
            code="earlier_stage_open",
        )


def _check_optional(stage: Stage, optional: list[int]) -> list[int]:
    allowed = set(stage.items.values_list("item_id", flat=True))
    strange = [i for i in optional if i not in allowed]
    if strange:
        raise refuse(
            gettext("事项 %(ids)s 不在“%(stage)s”阶段的事项清单中。")
            % {"ids": "、".join(map(str, strange)), "stage": stage.name},
            "item_not_in_stage",
        )
    return sorted(set(optional))


@no_files_left_on_failure
@transaction.atomic
def file_stage(
    project: Project,
    stage: Stage,
    *,
    by,
    form_data: dict | None = None,
    materials: list[StageMaterialInput] | None = None,
    optional_items: list[int] | None = None,
    external_ref: str = "",
) -> StageApplication:
    """申报: the owner online, or the construction window for them, files a stage with one form and one set of
    materials. A stage already filed (and not refused) is refused: it is accepted once."""
    project = lock_project(project)
    stage = Stage.objects.select_related("pathway__city", "lead_org").get(pk=stage.pk)
    at_window = not is_owner(by, project)
    if at_window:
        lead_receiver(by, stage)
    _check_stage_order(project, stage)
    if project.applications.filter(stage=stage, status__in=StageApplication.ACTIVE).exists():
        raise Conflict(gettext("该项目的“%(stage)s”阶段已经申报，不能重复申报。") % {"stage": stage.name}, code="filed")
    optional = _check_optional(stage, [int(i) for i in (optional_items or [])])
    today = days.today()
    listed = combined_materials(applicable_items(stage, project.project_type, optional), today)
    given: dict[int, StageMaterialInput] = {}
    for m in materials or []:
        if not 0 <= m.position < len(listed) or m.position in given:
            raise refuse(gettext("材料序号 %(n)s 不在该阶段的材料清单中。") % {"n": m.position + 1}, "bad_material")
        if m.provision not in P.values or (m.provision == P.IN_PERSON and not at_window):
            raise refuse(gettext("材料提供方式不在可选范围内。"), "bad_material")
        given[m.position] = m
    application = create_numbered(
        StageApplication,
        "BL",
        today,
        project=project,
        stage=stage,
        channel="window" if at_window else "online",
        form_data={str(k)[:60]: str(v)[:2000] for k, v in list((form_data or {}).items())[:80]},
        optional_items=optional,
        submitted_at=days.now(),
        received_on=today,
        external_ref=external_ref[:60],
    )
    for position, spec in enumerate(listed):
        m = given.get(position) or StageMaterialInput(position, P.MISSING)
        if m.provision == P.UPLOADED and m.upload is None:
            m = StageMaterialInput(position, P.MISSING)
        if m.provision == P.MISSING and spec.required and not at_window:
            raise refuse(gettext("请提供必要材料“%(m)s”。") % {"m": spec.name}, "material_missing")
        row = StageMaterial(
            application=application,
            position=position,
            name=spec.name,
            required=spec.required,
            provision=m.provision,
            items={str(k): v for k, v in spec.positions.items()},
        )
        if m.provision == P.UPLOADED:
            _kind, row.sha256 = check_upload(m.upload, spec.name)
            ext = m.upload.name.rsplit(".", 1)[-1].lower()
            row.file_name, row.size = m.upload.name[-200:], m.upload.size
            row.file.save(f"{application.number}-{position}.{ext}", m.upload, save=False)
            written(row.file.name)
        row.save()
    record("projects.file", actor=by, org=stage.lead_org, obj=application, data={"stage": stage.name})
    feed_role_todos(
        stage.lead_org_id,
        CLERK_ROLES,
        f"{_todo_key(application)}accept",
        gettext("项目“%(p)s”申报“%(s)s”阶段，待统一受理") % {"p": project.name, "s": stage.name},
        url=f"/workbench/projects/stages/{application.pk}/",
        due=get_calendar().add(today, 5, "working"),
    )
    return application


def _child_submission(project: Project, application: StageApplication, item_id: int) -> Submission:
    """The department's case gets, from the one set, the materials its own version lists."""
    inputs = []
    for m in application.materials.all():
        position = m.items.get(str(item_id))
        if position is None:
            continue
        if m.provision == P.UPLOADED:
            inputs.append(MaterialInput(position, P.UPLOADED, stored=m.file.name, sha256=m.sha256, size=m.size))
        elif m.provision == P.IN_PERSON:
            inputs.append(MaterialInput(position, P.IN_PERSON))
    return Submission(
        applicant=Applicant(Case.ApplicantKind.COMPANY, project.owner_name, project.owner_credit_code),
        materials=inputs,
        summary=gettext("工程建设项目“%(p)s”（%(code)s）“%(s)s”阶段并联审批")
        % {"p": project.name, "code": project.code, "s": application.stage.name},
        form_data=application.form_data,
    )


@transaction.atomic
def accept_stage(application: StageApplication, *, by) -> StageApplication:
    """一口受理: the lead window accepts the stage once; every department's case opens the same day on its own
    clock, and the stage's own clock (its limit in working days) starts."""
    application = lock_application(application)
    stage, project = application.stage, application.project
    receiver = lead_receiver(by, stage)
    _require_status(application, StageApplication.Status.SUBMITTED, gettext("不能再次受理"), "already_accepted")
    today = days.today()
    items = applicable_items(stage, project.project_type, application.optional_items)
    if not items:
        raise refuse(gettext("该阶段没有需要办理的事项，请先在审批流程中设置阶段事项。"), "stage_empty")
    for si in items:
        case = open_joint_case(
            si.item,
            _child_submission(project, application, si.item_id),
            by=by,
            receiver=receiver,
            received_on=application.received_on,
            accepted_on=today,
            applicant_user=project.owner_user,
            channel=Case.Channel.ONLINE if application.channel == "online" else Case.Channel.WINDOW,
            parent_ref=application.number,
        )
        StageCase.objects.create(
            application=application, case=case, stage_item=si, required=si.required_for(project.project_type)
        )
    application.status = StageApplication.Status.ACCEPTED
    application.accepted_on = today
    application.accepted_by = by
    application.due_on = get_calendar().add(today, stage.limit_days, "working")
    application.save()
    if project.started_on is None:
        Project.objects.filter(pk=project.pk).update(started_on=today)
    close_todos(prefix=_todo_key(application))
    record(
        "projects.accept",
        actor=by,
        org=receiver,
        obj=application,
        data={"stage": stage.name, "cases": len(items), "due_on": application.due_on.isoformat()},
    )
    tell_owner(project, gettext("“%(s)s”阶段已统一受理（%(n)s）") % {"s": stage.name, "n": application.number})
    return application


@transaction.atomic
def refuse_stage(application: StageApplication, *, by, reason: str) -> StageApplication:
    """不予受理 of the whole stage, with reasons (the owner may file it again)."""
    application = lock_application(application)
    lead_receiver(by, application.stage)
    if application.status != StageApplication.Status.SUBMITTED:
        raise Conflict(gettext("只有待受理的阶段申请可以不予受理。"), code="not_waiting")
    reason = (reason or "").strip()
    if not reason:
        raise refuse(gettext("请填写不予受理的理由。"), "reason_required")
    application.status = StageApplication.Status.NOT_ACCEPTED
    application.refusal_reason = reason[:2000]
    application.save(update_fields=["status", "refusal_reason"])
    close_todos(prefix=_todo_key(application))
    record("projects.refuse", actor=by, org=application.stage.lead_org, obj=application, data={"reason": reason[:500]})
    tell_owner(application.project, gettext("“%(s)s”阶段申请不予受理") % {"s": application.stage.name})
    return application


@transaction.atomic
def deliver_stage(application: StageApplication, *, by, method: str) -> StageApplication:
    """统一出件: every required department has decided; the results go out together and the stage is done. The
    last stage delivered completes the project and fixes its total approval days."""
    application = lock_application(application)
    stage, project = application.stage, application.project
    receiver = lead_receiver(by, stage)
    _require_status(application, StageApplication.Status.ACCEPTED, gettext("不能统一出件"), "not_accepted")
    children = list(application.children.select_related("case", "case__item").select_for_update(of=("self",)))
    waiting = [c.case for c in children if c.required and c.case.status not in DECIDED]
    if waiting:
        raise Conflict(
            gettext("以下必办事项尚未作出决定，不能统一出件：%(items)s")
            % {"items": "、".join(f"{c.item.name}（{c.get_status_display()}）" for c in waiting)},
            code="children_undecided",
        )
    review = application.joint_review if stage.is_joint else None
    if stage.is_joint and review is None:
        raise Conflict(
            gettext("“%(s)s”须先完成联合审查。") % {"s": stage.get_kind_display()}, code="joint_review_missing"
        )
    if review is not None and not review.passed:
        raise Conflict(
            gettext("“%(s)s”未通过，须整改后重新联合审查，通过后才能统一出件。") % {"s": stage.get_kind_display()},
            code="joint_review_failed",
        )
    today = days.today()
    for child in children:
        if child.case.status == Case.Status.DECIDED:
            deliver_joint_case(child.case, by=by, receiver=receiver, method=method)
    decided = [c.case.decided_on for c in children if c.required and c.case.decided_on]
    application.completed_on = max(decided) if decided else today
    application.status = StageApplication.Status.DELIVERED
    application.delivered_on, application.delivered_by = today, by
    application.delivery_method = method[:40]
    application.working_days = get_calendar().between(application.accepted_on, today, "working")
    application.save()
    project = lock_project(project)
    if not project.pathway.stages.filter(order__gt=stage.order).exists():
        project.status = Project.Status.COMPLETED
        project.completed_on = today
        project.total_days = sum(
            project.applications.filter(status=StageApplication.Status.DELIVERED).values_list("working_days", flat=True)
        )
        project.save(update_fields=["status", "completed_on", "total_days"])
        public_changed("projects")  # the city's public distribution counts completed projects
    close_todos(prefix=_todo_key(application))
    record(
        "projects.deliver",
        actor=by,
        org=receiver,
        obj=application,
        data={"stage": stage.name, "days": application.working_days, "method": method},
    )
    tell_owner(project, gettext("“%(s)s”阶段审批结果已统一出件") % {"s": stage.name})
    return application


@transaction.atomic
def deliver_late_case(application: StageApplication, case: Case, *, by, method: str) -> Case:
    """补充出件: an optional (选办) item decided after its stage was delivered goes out on its own, by the same
    lead window; a required item never waits for this (the stage is not delivered before it is decided)."""
    application = lock_application(application)
    receiver = lead_receiver(by, application.stage)
    _require_status(application, StageApplication.Status.DELIVERED, gettext("不能补充出件"), "not_delivered")
    link = application.children.select_related("case").filter(case=case).first()
    if link is None:
        raise refuse(gettext("该办件不属于这个阶段申请。"), "not_in_stage")
    if link.case.status != Case.Status.DECIDED:
        raise Conflict(
            gettext("办件 %(n)s 尚未作出决定（%(s)s），不能补充出件。")
            % {"n": link.case.number, "s": link.case.get_status_display()},
            code="case_undecided",
        )
    delivered = deliver_joint_case(link.case, by=by, receiver=receiver, method=method)
    record(
        "projects.deliver_late",
        actor=by,
        org=receiver,
        obj=application,
        data={"case": delivered.number, "item": delivered.item.name, "method": method},
    )
    tell_owner(
        application.project,
        gettext("“%(s)s”阶段的选办事项“%(i)s”审批结果已补充出件")
        % {"s": application.stage.name, "i": delivered.item.name},
    )
    return delivered
