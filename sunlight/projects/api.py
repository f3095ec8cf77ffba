"""/api/v1/projects: the province's engineering-construction approval system (工程建设项目审批管理系统) pushing a
project and its stage applications in and pulling their progress (a lead-window clerk's token); the staff's stage
list and acts (一口受理, 不予受理, 征求意见, 联合审查, 统一出件); the owner's projects with their forecast and
timeline (session); the city's distribution of approval days (public)."""

import json
from datetime import date
from decimal import Decimal
from typing import Annotated

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Field, Form, Query, Router, Schema, Status

from sunlight.api.auth import public_account, staff_or_token_auth
from sunlight.api.types import INT64_MAX, Id
from sunlight.cases.actions import DELIVERY_METHODS
from sunlight.errors import Conflict, SunlightError
from sunlight.orgs.models import Org

from . import actions, forecast, timeline
from .actions import ProjectInput, StageMaterialInput
from .actions.rules import lead_receiver
from .models import Consultation, JointReview, Pathway, Project, Stage, StageApplication, StageCase
from .queries import owner_projects, staff_applications, staff_projects

router = Router(tags=["projects 工程建设项目并联审批"])
P = StageApplication.Status

OrgId = Annotated[int, Field(ge=1, le=INT64_MAX)]


# --- what staff may see ----------------------------------------------------------------------------------------------


# What _child reads of a department's case (a case row is wide: its form, clock and correction lists stay unread).
CHILD_FIELDS = (
    "application",
    "required",
    "case__number",
    "case__status",
    "case__accepted_on",
    "case__due_on",
    "case__decided_on",
    "case__decision",
    "case__item__name",
    "case__org__name",
)


def _children_prefetch() -> Prefetch:
    return Prefetch(
        "children",
        queryset=StageCase.objects.select_related("case", "case__item", "case__org")
        .only(*CHILD_FIELDS)
        .order_by("-required", "pk"),
    )


# --- schemas -------------------------------------------------------------------------------------------------------


class ChildOut(Schema):
    number: str
    item: str
    org: str
    required: bool
    status: str
    status_label: str
    accepted_on: date | None
    due_on: date | None
    decided_on: date | None
    decision: str


class StageOut(Schema):
    id: int
    number: str
    stage_id: int
    stage: str
    stage_order: int
    stage_kind: str
    lead_org: str
    status: str
    status_label: str
    channel: str
    received_on: date
    accepted_on: date | None
    due_on: date | None
    completed_on: date | None
    delivered_on: date | None
    working_days: int | None
    refusal_reason: str
    external_ref: str
    children: list[ChildOut]


class ProjectOut(Schema):
    code: str
    name: str
    project_type: str
    project_type_label: str
    pathway_id: int
    pathway: str
    owner_name: str
    location: str
    investment: str
    status: str
    status_label: str
    started_on: date | None
    completed_on: date | None
    total_days: int | None
    external_ref: str


class ProjectStagesOut(ProjectOut):
    stages: list[StageOut]


class StageMaterialOut(Schema):
    position: int
    name: str
    required: bool
    provision: str
    file_name: str
    size: int


class ConsultationOut(Schema):
    id: int
    from_org: str
    to_org: str
    question: str
    asked_on: date
    due_on: date
    answer: str
    answered_on: date | None


class JointReviewOut(Schema):
    held_on: date
    passed: bool
    conclusion: str
    opinions: list[dict]


class StaffStageOut(StageOut):
    project_code: str
    project_name: str
    form_data: dict
    optional_items: list[int]
    materials: list[StageMaterialOut]
    consultations: list[ConsultationOut]
    joint_review: JointReviewOut | None = Field(description="最近一次联合审查（决定能否统一出件）")
    joint_reviews: list[JointReviewOut] = Field(description="全部联合审查，先后为序（未通过的整改后复审）")


class StageRowOut(StageOut):
    project_code: str
    project_name: str


class StageListOut(Schema):
    count: int
    items: list[StageRowOut]


class ChildForecastOut(Schema):
    number: str
    item: str
    expected_median: date | None
    expected_p90: date | None
    samples: int


class StageForecastOut(Schema):
    name: str
    status: str = Field(..., description="done / current / waiting")
    due_on: date | None
    expected_median: date
    expected_p90: date
    basis: str = Field(..., description="actual / history / limit")
    children: list[ChildForecastOut]


class ForecastOut(Schema):
    expected_median: date | None = Field(..., description="整个审批的预计完成日期（历史中位数）")
    expected_p90: date | None = Field(..., description="整个审批的预计完成日期（历史第 90 百分位）")
    stages: list[StageForecastOut]


class BarOut(Schema):
    label: str
    org: str
    number: str
    status: str
    start: date | None
    end: date | None
    due: date | None
    done: bool
    late: bool
    critical: bool
    correction_days: int
    special_days: int


class StageBarOut(BarOut):
    children: list[BarOut]


class TimelineOut(Schema):
    working_days: int
    correction_days: int = Field(..., description="关键路径上因补正停止计时的工作日")
    special_days: int = Field(..., description="关键路径上因特别程序、中止停止计时的工作日")
    stages: list[StageBarOut]


class MyProjectOut(ProjectStagesOut):
    forecast: ForecastOut
    timeline: TimelineOut


class TypeOut(Schema):
    project_type: str
    label: str
    count: int
    median: float | None
    p90: float | None
    within_target: int = Field(..., description="不超过 120 个工作日的项目数")


class DistributionOut(Schema):
    city_id: int
    city: str
    target_days: int
    completed: int
    types: list[TypeOut]
    bins: list[str]
    counts: dict[str, list[int]]
    baselines: dict[str, int] = Field(..., description="before 改革前 135, after 新余改革后 36, national 国家目标 120")


# --- rows to answers -----------------------------------------------------------------------------------------------


def _project(p: Project) -> dict:
    return {
        "code": p.code,
        "name": p.name,
        "project_type": p.project_type,
        "project_type_label": p.get_project_type_display(),
        "pathway_id": p.pathway_id,
        "pathway": p.pathway.name,
        "owner_name": p.owner_name,
        "location": p.location,
        "investment": str(p.investment),
        "status": p.status,
        "status_label": p.get_status_display(),
        "started_on": p.started_on,
        "completed_on": p.completed_on,
        "total_days": p.total_days,
        "external_ref": p.external_ref,
    }


def _child(link: StageCase) -> dict:
    case = link.case
    return {
        "number": case.number,
        "item": case.item.name,
        "org": case.org.name,
        "required": link.required,
        "status": case.status,
        "status_label": case.get_status_display(),
        "accepted_on": case.accepted_on,
        "due_on": case.due_on,
        "decided_on": case.decided_on,
        "decision": case.decision,
    }


def _stage(a: StageApplication) -> dict:
    """`a` with stage, stage__lead_org and the children prefetched (_children_prefetch)."""
    return {
        "id": a.pk,
        "number": a.number,
        "stage_id": a.stage_id,
        "stage": a.stage.name,
        "stage_order": a.stage.order,
        "stage_kind": a.stage.kind,
        "lead_org": a.stage.lead_org.name,
        "status": a.status,
        "status_label": a.get_status_display(),
        "channel": a.channel,
        "received_on": a.received_on,
        "accepted_on": a.accepted_on,
        "due_on": a.due_on,
        "completed_on": a.completed_on,
        "delivered_on": a.delivered_on,
        "working_days": a.working_days,
        "refusal_reason": a.refusal_reason,
        "external_ref": a.external_ref,
        "children": [_child(link) for link in a.children.all()],
    }


def _stages_of(project: Project) -> list[dict]:
    rows = (
        project.applications.select_related("stage", "stage__lead_org")
        .prefetch_related(_children_prefetch())
        .order_by("stage__order", "pk")
    )
    return [_stage(a) for a in rows]


def _with_stages(project: Project) -> dict:
    return {**_project(project), "stages": _stages_of(project)}


def _staff_stage(application_id: int) -> dict:
    a = (
        StageApplication.objects.select_related("project", "stage", "stage__lead_org")
        .prefetch_related(
            _children_prefetch(),
            "materials",
            "joint_reviews",
            Prefetch("consultations", queryset=Consultation.objects.select_related("from_org", "to_org")),
        )
        .get(pk=application_id)
    )
    review = a.joint_review
    return {
        **_stage(a),
        "project_code": a.project.code,
        "project_name": a.project.name,
        "form_data": a.form_data or {},
        "optional_items": list(a.optional_items or []),
        "materials": [
            {
                "position": m.position,
                "name": m.name,
                "required": m.required,
                "provision": m.provision,
                "file_name": m.file_name,
                "size": m.size,
            }
            for m in a.materials.all()
        ],
        "consultations": [
            {
                "id": c.pk,
                "from_org": c.from_org.name,
                "to_org": c.to_org.name,
                "question": c.question,
                "asked_on": c.asked_on,
                "due_on": c.due_on,
                "answer": c.answer,
                "answered_on": c.answered_on,
            }
            for c in a.consultations.all()
        ],
        "joint_review": _review(review) if review is not None else None,
        "joint_reviews": [_review(r) for r in sorted(a.joint_reviews.all(), key=lambda r: r.pk)],
    }


def _review(review: JointReview) -> dict:
    return {
        "held_on": review.held_on,
        "passed": review.passed,
        "conclusion": review.conclusion,
        "opinions": review.opinions,
    }


def _bar(b: timeline.Bar) -> dict:
    return {
        "label": b.label,
        "org": b.org,
        "number": b.number,
        "status": b.status,
        "start": b.start,
        "end": b.end,
        "due": b.due,
        "done": b.done,
        "late": b.late,
        "critical": b.critical,
        "correction_days": b.correction_days,
        "special_days": b.special_days,
    }


def _forecast(f: forecast.ProjectForecast) -> dict:
    return {
        "expected_median": f.expected.median if f.expected else None,
        "expected_p90": f.expected.p90 if f.expected else None,
        "stages": [
            {
                "name": s.name,
                "status": s.status,
                "due_on": s.due_on,
                "expected_median": s.expected.median,
                "expected_p90": s.expected.p90,
                "basis": s.basis,
                "children": [
                    {
                        "number": c.case.number,
                        "item": c.case.item.name,
                        "expected_median": c.expected.median if c.expected else None,
                        "expected_p90": c.expected.p90 if c.expected else None,
                        "samples": c.samples,
                    }
                    for c in s.children
                ],
            }
            for s in f.stages
        ],
    }


def _timeline(t: timeline.Timeline) -> dict:
    return {
        "working_days": t.working_days,
        "correction_days": t.correction_days,
        "special_days": t.special_days,
        "stages": [{**_bar(s.bar), "children": [_bar(c) for c in s.children]} for s in t.stages],
    }


# --- the province's engineering-construction approval system (a lead-window clerk's token) -----------------------------


class ProjectIn(Schema):
    pathway_id: Id
    external_ref: str = Field(
        ..., min_length=1, max_length=60, description="审批管理系统的项目编号（重复推送不重复登记）"
    )
    name: str = Field(..., min_length=1, max_length=200)
    project_type: str = Field(..., max_length=20, description="government / social / small / linear")
    location: str = Field(..., min_length=1, max_length=200)
    investment: Decimal = Field(..., gt=0, lt=Decimal("1e12"), allow_inf_nan=False, description="总投资（万元）")
    owner_name: str = Field(..., min_length=1, max_length=200)
    owner_credit_code: str = Field(..., min_length=1, max_length=30)
    code: str = Field("", max_length=40, description="项目代码（已赋码时填写，如 2026-530102-48-01-000123）")
    industry: str = Field("48", pattern=r"^\d{2}$", description="国民经济行业门类代码（两位）")


@router.post(
    "/platform/projects",
    auth=staff_or_token_auth(),
    response={200: ProjectStagesOut, 201: ProjectStagesOut},
    summary="审批管理系统推送项目 / the approval system pushes a project",
    description="201：新登记；200：同一 external_ref 已经登记过（返回已登记的项目，不重复登记）。",
)
def platform_project(request: HttpRequest, data: ProjectIn):
    ref = data.external_ref.strip()
    if not ref:
        raise SunlightError(gettext("请提供来源系统的项目编号。"), code="bad_request")
    with transaction.atomic():
        # One registration at a time per pathway, so a retry racing the first push finds it instead of registering
        # the project twice (external_ref is not unique in the table).
        pathway = Pathway.objects.select_for_update(of=("self",)).filter(pk=data.pathway_id).first()
        if pathway is None:
            raise Http404(gettext("没有这个审批流程。"))
        existing = Project.objects.filter(pathway=pathway, external_ref=ref).first()
        if existing is not None:
            first = pathway.stages.select_related("pathway__city", "lead_org").first()
            if first is None:
                raise SunlightError(gettext("该审批流程尚未设置阶段。"), code="stage_empty")
            lead_receiver(request.user, first)  # the same clerks who may register it may see it again
            return Status(200, _with_stages(existing))
        project = actions.register_project(
            pathway,
            ProjectInput(
                name=data.name,
                project_type=data.project_type,
                location=data.location,
                investment=data.investment,
                owner_name=data.owner_name,
                owner_credit_code=data.owner_credit_code,
                code=data.code,
                industry=data.industry,
                external_ref=ref,
            ),
            by=request.user,
        )
    return Status(201, _with_stages(project))


def _visible_project(request: HttpRequest, code: str) -> Project:
    project = staff_projects(request.user).filter(code=code[:40]).first()
    if project is None:
        raise Http404(gettext("没有这个项目，或您无权查看。"))
    return project


def _id_list(text: str, what: str) -> list[int]:
    out = []
    for part in (text or "").replace("，", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not (part.isascii() and part.isdigit()) or len(part) > 18:
            raise SunlightError(gettext("%(what)s须为以逗号分隔的数字。") % {"what": what}, code="bad_request")
        out.append(int(part))
    return out


class StagePushIn(Schema):
    external_ref: str = Field(
        ..., min_length=1, max_length=60, description="审批管理系统的阶段申报编号（重复推送不重复申报）"
    )
    form_data: str = Field("", max_length=100_000, description="一张表单：JSON 对象（字段名 → 值）")
    optional_items: str = Field("", max_length=1000, description="选办事项的事项 id，以逗号分隔")
    in_person: str = Field("", max_length=1000, description="现场提交的材料序号（从 0 起），以逗号分隔")


@router.post(
    "/platform/projects/{code}/stages/{int:stage_id}",
    auth=staff_or_token_auth(),
    response={200: StaffStageOut, 201: StaffStageOut},
    summary="审批管理系统推送阶段申报 / the approval system files a stage (multipart: fields + files m0, m1, …)",
    description="材料文件字段 m{序号}（阶段材料清单的序号，从 0 起），或在 in_person 中列出现场提交的序号。"
    "201：新申报，待统一受理；200：同一 external_ref 已经申报过。",
)
def platform_stage(request: HttpRequest, code: str, stage_id: Id, data: Form[StagePushIn]):
    project = _visible_project(request, code)
    stage = Stage.objects.select_related("pathway__city", "lead_org").filter(pk=stage_id).first()
    if stage is None:
        raise Http404(gettext("没有这个审批阶段。"))
    ref = data.external_ref.strip()
    if not ref:
        raise SunlightError(gettext("请提供来源系统的申请编号。"), code="bad_request")

    def already() -> StageApplication | None:
        found = project.applications.filter(stage=stage, external_ref=ref).first()
        if found is not None:
            lead_receiver(request.user, stage)
        return found

    existing = already()
    if existing is not None:
        return Status(200, _staff_stage(existing.pk))
    try:
        form = json.loads(data.form_data) if data.form_data.strip() else {}
    except ValueError:
        form = None
    if not isinstance(form, dict):
        raise SunlightError(gettext("表单内容须为 JSON 对象。"), code="bad_request")
    materials: dict[int, StageMaterialInput] = {}
    for position in _id_list(data.in_person, gettext("现场提交的材料序号")):
        materials[position] = StageMaterialInput(position, "in_person")
    for key, upload in request.FILES.items():
        position = key[1:] if key.startswith("m") else ""
        if not (position.isascii() and position.isdigit()) or len(position) > 4 or int(position) in materials:
            raise SunlightError(
                gettext("材料文件字段应为 m 加材料序号（如 m0），且每个序号只提供一次。"), code="bad_material"
            )
        materials[int(position)] = StageMaterialInput(int(position), "uploaded", upload)
    try:
        application = actions.file_stage(
            project,
            stage,
            by=request.user,
            form_data=form,
            materials=sorted(materials.values(), key=lambda m: m.position),
            optional_items=_id_list(data.optional_items, gettext("选办事项")),
            external_ref=ref,
        )
    except Conflict as exc:
        # A retry that raced the first push: that one filed the stage under the same external_ref.
        existing = already() if exc.code == "filed" else None
        if existing is None:
            raise
        return Status(200, _staff_stage(existing.pk))
    return Status(201, _staff_stage(application.pk))


@router.get(
    "/platform/projects/{code}",
    auth=staff_or_token_auth(),
    response=ProjectStagesOut,
    summary="审批管理系统查询项目进度 / the approval system pulls a project's stages and departments' cases",
)
def platform_project_status(request: HttpRequest, code: str):
    return _with_stages(_visible_project(request, code))


# --- staff: the stage applications and their acts ------------------------------------------------------------------


@router.get(
    "/staff/stages",
    auth=staff_or_token_auth(),
    response=StageListOut,
    summary="阶段申请列表 / the stage applications the user may see",
)
def staff_stages(
    request: HttpRequest,
    status: str = Query("", max_length=20, description="submitted / accepted / delivered / not_accepted"),
    stage: Id | None = Query(None),
    page: int = Query(1, ge=1, le=100000),
    size: int = Query(50, ge=1, le=200),
):
    rows = staff_applications(request.user)
    if status:
        if status not in P.values:
            raise SunlightError(gettext("状态参数不在可选范围内。"), code="bad_request")
        rows = rows.filter(status=status)
    if stage is not None:
        rows = rows.filter(stage_id=stage)
    # Page the ids (narrow rows to sort), then load the page's fifty with their stage, project and cases.
    paged = Paginator(rows.order_by("-submitted_at", "-pk").values_list("pk", flat=True), size).get_page(page)
    loaded = StageApplication.objects.select_related("project", "stage", "stage__lead_org").prefetch_related(
        _children_prefetch()
    )
    by_id = {a.pk: a for a in loaded.filter(pk__in=list(paged))}
    return {
        "count": paged.paginator.count,
        "items": [
            {**_stage(a), "project_code": a.project.code, "project_name": a.project.name}
            for a in (by_id[pk] for pk in paged)
        ],
    }


def _visible_stage(request: HttpRequest, application_id: int) -> StageApplication:
    application = staff_applications(request.user).filter(pk=application_id).first()
    if application is None:
        raise Http404(gettext("没有这个阶段申请，或您无权查看。"))
    return application


@router.get(
    "/staff/stages/{int:application_id}",
    auth=staff_or_token_auth(),
    response=StaffStageOut,
    summary="一个阶段申请 / one stage application",
)
def staff_stage(request: HttpRequest, application_id: Id):
    return _staff_stage(_visible_stage(request, application_id).pk)


class StageActIn(Schema):
    reason: str = Field("", max_length=2000, description="refuse：不予受理理由")
    method: str = Field("窗口领取", max_length=20, description="deliver：" + "、".join(DELIVERY_METHODS))
    from_org: OrgId | None = Field(None, description="ask：征求部门")
    to_org: OrgId | None = Field(None, description="ask：被征求部门")
    question: str = Field("", max_length=4000, description="ask：征求事项")
    days: int = Field(5, ge=0, le=365, description="ask：答复时限（工作日）")
    consultation: Id | None = Field(None, description="answer：征求意见的 id")
    case: Id | None = Field(None, description="deliver_late：选办事项办件的 id")
    answer: str = Field("", max_length=4000, description="answer：意见")
    conclusion: str = Field("", max_length=4000, description="joint_review：联审结论")
    passed: bool = Field(True, description="joint_review：是否通过")
    opinions: dict[OrgId, Annotated[str, Field(max_length=2000)]] = Field(
        default_factory=dict, max_length=100, description="joint_review：部门 id → 意见"
    )


def _org(pk: int | None) -> Org:
    org = Org.objects.filter(pk=pk).first() if pk is not None else None
    if org is None:
        raise SunlightError(gettext("请选择征求部门和被征求部门。"), code="bad_request")
    return org


def _ask(a: StageApplication, user, data: StageActIn) -> None:
    actions.ask_opinion(
        a,
        by=user,
        from_org=_org(data.from_org),
        to_org=_org(data.to_org),
        question=data.question,
        days_allowed=data.days,
    )


def _answer(a: StageApplication, user, data: StageActIn) -> None:
    consultation = a.consultations.filter(pk=data.consultation).first() if data.consultation else None
    if consultation is None:
        raise Http404(gettext("该阶段申请没有这个征求意见。"))
    actions.answer_opinion(consultation, by=user, answer=data.answer)


def _method(data: StageActIn) -> str:
    if data.method not in DELIVERY_METHODS:
        raise SunlightError(gettext("送达方式不在可选范围内。"), code="bad_method")
    return data.method


def _deliver(a: StageApplication, user, data: StageActIn) -> None:
    actions.deliver_stage(a, by=user, method=_method(data))


def _deliver_late(a: StageApplication, user, data: StageActIn) -> None:
    method = _method(data)
    link = a.children.select_related("case").filter(case_id=data.case).first() if data.case else None
    if link is None:
        raise Http404(gettext("该阶段申请没有这个办件。"))
    actions.deliver_late_case(a, link.case, by=user, method=method)


STAGE_ACTS = {
    "accept": lambda a, user, data: actions.accept_stage(a, by=user),
    "refuse": lambda a, user, data: actions.refuse_stage(a, by=user, reason=data.reason),
    "deliver": _deliver,
    "deliver_late": _deliver_late,
    "ask": _ask,
    "answer": _answer,
    "joint_review": lambda a, user, data: actions.record_joint_review(
        a, by=user, conclusion=data.conclusion, passed=data.passed, opinions=dict(data.opinions)
    ),
}


@router.post(
    "/staff/stages/{int:application_id}/acts/{name}",
    auth=staff_or_token_auth(),
    response=StaffStageOut,
    summary="阶段办理操作 / an act on a stage",
    description="name: accept（统一受理）, refuse（不予受理）, deliver（统一出件）, deliver_late（选办事项补充出件）, "
    "ask（征求意见）, "
    "answer（答复征求意见）, joint_review（联合审查）.",
)
def staff_stage_act(request: HttpRequest, application_id: Id, name: str, data: StageActIn):
    act = STAGE_ACTS.get(name[:20])
    if act is None:
        raise Http404(gettext("没有这个办理操作。"))
    application = _visible_stage(request, application_id)
    act(application, request.user, data)
    return _staff_stage(application.pk)


# --- the owner (the company's portal session) ----------------------------------------------------------------------


@router.get("/mine", auth=None, response=list[ProjectOut], summary="我的工程建设项目 / my projects")
def mine(request: HttpRequest, limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0, le=100000)):
    public_account(request)
    return [_project(p) for p in owner_projects(request.user).order_by("-created_at", "-pk")[offset : offset + limit]]


@router.get(
    "/mine/{code}",
    auth=None,
    response=MyProjectOut,
    summary="我的一个项目：阶段、部门办件、预计完成日期和用时 / one of my projects with its forecast and timeline",
)
def my_project(request: HttpRequest, code: str):
    public_account(request)
    project = owner_projects(request.user).filter(code=code[:40]).first()
    if project is None:
        raise Http404(gettext("没有这个项目。"))
    return {
        **_with_stages(project),
        "forecast": _forecast(forecast.project_forecast(project)),
        "timeline": _timeline(timeline.project_timeline(project)),
    }


# --- public ----------------------------------------------------------------------------------------------------------


@router.get(
    "/cities/{int:org_id}/distribution",
    auth=None,
    response=DistributionOut,
    summary="全市审批用时分布 / the city's distribution of total approval days by project type",
)
def city_distribution(request: HttpRequest, org_id: Id):
    city = Org.objects.filter(pk=org_id, is_active=True).first()
    pathways = list(Pathway.objects.filter(city=city)) if city is not None else []
    if not pathways:
        raise Http404(gettext("该地没有设置工程建设项目审批流程。"))
    d = timeline.distribution(city, pathways)
    return {
        "city_id": city.pk,
        "city": city.name,
        "target_days": d.target_days,
        "completed": d.completed,
        "types": [
            {
                "project_type": t.project_type,
                "label": t.label,
                "count": t.count,
                "median": t.median,
                "p90": t.p90,
                "within_target": t.within_target,
            }
            for t in d.types
        ],
        "bins": d.bins,
        "counts": d.counts,
        "baselines": d.baselines,
    }
