"""/api/v1/cases: an item's application schema; apply, follow and correct as the applicant (session); the staff queue
and acts (staff session or token); the province's platform pushing a case in and pulling its status (token)."""

from datetime import date

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status

from sunlight.api.auth import public_account, staff_or_token_auth
from sunlight.api.types import Id
from sunlight.catalog.models import ServiceItem
from sunlight.catalog.queries import published_item, version_in_force
from sunlight.errors import SunlightError
from sunlight.query_codes import InvalidQueryCode, check_rate, hash_query_code, normalize_query_code

from . import actions
from .actions import Applicant, MaterialInput, Submission
from .models import Case, CaseMaterial
from .queries import applicant_cases, case_for_code, only_open, staff_cases
from .views.workbench import ACTS

router = Router()
P = CaseMaterial.Provision


class MaterialSpec(Schema):
    position: int
    name: str
    required: bool
    form: str = ""
    condition: str = ""


class ApplicationSchema(Schema):
    item_id: int
    item_code: str
    name: str
    version: int
    version_id: int
    statutory_limit: int | None
    promised_limit: int
    audience: str
    materials: list[MaterialSpec]
    upload_types: list[str]
    upload_max_mb: int
    fields: dict = Field(..., description="申请表字段 / the form's fields and whether each is required")


class StepOut(Schema):
    name: str
    role: str
    days: int
    due_on: date | None
    done_on: date | None


class MaterialOut(Schema):
    position: int
    name: str
    required: bool
    provision: str
    round: int
    size: int
    certificate_number: str


class CaseOut(Schema):
    number: str
    item: str
    org: str
    status: str
    status_label: str
    kind: str
    way: str
    received_on: date
    accept_due_on: date
    accepted_on: date | None
    due_on: date | None
    promised_due_on: date | None
    extended_days: int
    corrections: int
    decision: str
    decided_on: date | None
    delivery_due_on: date | None
    delivered_on: date | None
    steps: list[StepOut]
    notices: list[str]
    materials: list[MaterialOut]
    level_org: str = Field("", description="受理机构（下级）: the lower level that accepted it, if any (三级运行)")
    forwarded_on: date | None = None
    holder: str = Field("", description="the org that holds the case now")


class StaffCaseOut(CaseOut):
    id: int
    applicant_name: str
    repeat_correction: bool
    accepted_by_default: bool


class QueueOut(Schema):
    count: int
    items: list[StaffCaseOut]


def _out(case: Case) -> dict:
    return {
        "id": case.pk,
        "number": case.number,
        "item": case.item.name,
        "org": case.org.name,
        "status": case.status,
        "status_label": case.get_status_display(),
        "kind": case.kind,
        "way": case.way,
        "received_on": case.received_on,
        "accept_due_on": case.accept_due_on,
        "accepted_on": case.accepted_on,
        "due_on": case.due_on,
        "promised_due_on": case.promised_due_on,
        "extended_days": case.extended_days,
        "corrections": case.corrections,
        "decision": case.decision,
        "decided_on": case.decided_on,
        "delivery_due_on": case.delivery_due_on,
        "delivered_on": case.delivered_on,
        "steps": [
            {"name": s.name, "role": s.role, "days": s.days, "due_on": s.due_on, "done_on": s.done_on}
            for s in case.steps.all()
        ],
        "notices": [n.title for n in case.notices.all()],
        "materials": [
            {
                "position": m.position,
                "name": m.name,
                "required": m.required,
                "provision": m.provision,
                "round": m.round,
                "size": m.size,
                "certificate_number": m.certificate_number,
            }
            for m in case.materials.all()
        ],
        "level_org": case.level_org.name if case.level_org_id else "",
        "forwarded_on": case.forwarded_on,
        "holder": (case.level_org if case.with_lower_level else case.org).name,
        "applicant_name": case.applicant_name,
        "repeat_correction": case.repeat_correction,
        "accepted_by_default": case.accepted_by_default,
    }


def _open_version(item_id: int):
    item = published_item(item_id)
    version = version_in_force(item, timezone.localdate()) if item else None
    if version is None:
        raise Http404(gettext("没有这个事项，或该事项没有现行有效的办事指南。"))
    return item, version


@router.get(
    "/items/{int:item_id}/schema", auth=None, response=ApplicationSchema, summary="事项申请表 / application schema"
)
def application_schema(request: HttpRequest, item_id: Id):
    from django.conf import settings

    item, version = _open_version(item_id)
    return {
        "item_id": item.pk,
        "item_code": item.code,
        "name": version.name,
        "version": version.number,
        "version_id": version.pk,
        "statutory_limit": version.statutory_limit,
        "promised_limit": version.promised_limit,
        "audience": version.audience,
        "materials": [
            {
                "position": i,
                "name": m.get("name", ""),
                "required": bool(m.get("required", True)),
                "form": m.get("form", ""),
                "condition": m.get("condition", ""),
            }
            for i, m in enumerate((version.guide or {}).get("materials", []))
        ],
        "upload_types": list(settings.CASES_UPLOAD_TYPES),
        "upload_max_mb": settings.CASES_UPLOAD_MAX_MB,
        "fields": {
            "applicant_name": True,
            "id_number": settings.CASES_REAL_NAME_REQUIRED,
            "phone": False,
            "summary": False,
        },
    }


@router.post(
    "/items/{int:item_id}/apply",
    auth=None,
    response={201: CaseOut},
    summary="网上申请 / apply (multipart: fields + files m0, m1, …)",
    description="表单字段 applicant_name、id_number、phone、summary、version_id；材料文件字段 m{序号}，或 m{序号}_cert 填电子证照编号（免提交）。",
)
def apply(request: HttpRequest, item_id: Id):
    public_account(request)
    item, version = _open_version(item_id)
    post = request.POST
    if post.get("version_id") and post.get("version_id") != str(version.pk):
        raise SunlightError(gettext("该事项的办事指南已更新，请按现行版本重新填写申请。"), code="version_not_in_force")
    materials = []
    for i in range(len((version.guide or {}).get("materials", []))):
        if post.get(f"m{i}_cert"):
            materials.append(MaterialInput(i, P.CERTIFICATE, certificate_number=post[f"m{i}_cert"][:60]))
        elif request.FILES.get(f"m{i}"):
            materials.append(MaterialInput(i, P.UPLOADED, upload=request.FILES[f"m{i}"]))
    kind = Case.ApplicantKind.COMPANY if request.user.kind == "legal_person" else Case.ApplicantKind.PERSON
    submission = Submission(
        Applicant(
            kind, post.get("applicant_name", "")[:200], post.get("id_number", "")[:30], post.get("phone", "")[:30]
        ),
        materials,
        summary=post.get("summary", "")[:4000],
    )
    case = actions.submit_online(item, submission, by=request.user, version=version)
    return Status(201, _out(case))


@router.get("/mine", auth=None, response=list[CaseOut], summary="我的办件 / my cases")
def mine(request: HttpRequest, limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0, le=100000)):
    public_account(request)
    cases = applicant_cases(request.user).order_by("-submitted_at", "-pk")[offset : offset + limit]
    return [_out(c) for c in cases]


@router.get("/mine/{number}", auth=None, response=CaseOut, summary="我的一个办件 / one of my cases")
def my_case(request: HttpRequest, number: str):
    public_account(request)
    case = applicant_cases(request.user).filter(number=number[:30]).first()
    if case is None:
        raise Http404(gettext("没有这个办件。"))
    return _out(case)


class TrackIn(Schema):
    number: str = Field(..., max_length=30)
    query_code: str = Field(..., max_length=40)


@router.post("/track", auth=None, response=CaseOut, summary="凭查询码查询办件 / status by query code")
def track(request: HttpRequest, data: TrackIn):
    from sunlight.errors import RateLimited

    if not check_rate(f"cases:track:{request.META.get('REMOTE_ADDR', '')}", limit=20, window_seconds=600):
        raise RateLimited(gettext("查询过于频繁，请 10 分钟后再试。"))
    try:
        code_hash = hash_query_code(normalize_query_code(data.query_code))
    except InvalidQueryCode:
        code_hash = ""
    case = case_for_code(data.number.strip(), code_hash)
    if case is None:
        raise Http404(gettext("办件编号或查询码不正确。"))
    return _out(case)


# --- staff ---------------------------------------------------------------------------------------------------------


@router.get("/staff", auth=staff_or_token_auth(), response=QueueOut, summary="办件队列 / the staff queue")
def staff_queue(
    request: HttpRequest,
    status: str = Query("open", max_length=20),
    page: int = Query(1, ge=1, le=100000),
    size: int = Query(50, ge=1, le=200),
):
    cases = staff_cases(request.user)
    if status == "open":
        cases = only_open(cases)
    elif status in Case.OPEN:
        cases = only_open(cases).filter(status=status)  # "open" too, so the partial indexes serve it
    elif status in Case.Status.values:
        cases = cases.filter(status=status)
    else:
        raise SunlightError(gettext("状态参数不在可选范围内。"), code="bad_request")
    cases = cases.order_by("due_on", "accept_due_on", "id").prefetch_related("steps", "notices", "materials")
    paged = Paginator(cases, size).get_page(page)
    return {"count": paged.paginator.count, "items": [_out(c) for c in paged]}


def _staff_case(request: HttpRequest, case_id: int) -> Case:
    case = staff_cases(request.user).filter(pk=case_id).first()
    if case is None:
        raise Http404(gettext("没有这个办件，或您无权查看。"))
    return case


@router.get("/staff/{int:case_id}", auth=staff_or_token_auth(), response=StaffCaseOut, summary="一个办件 / one case")
def staff_case(request: HttpRequest, case_id: Id):
    return _out(_staff_case(request, case_id))


class ActIn(Schema):
    note: str = Field("", max_length=500)
    reason: str = Field("", max_length=2000)
    opinion: str = Field("", max_length=4000)
    defects: list[str] = Field(default_factory=list, max_length=50)
    repeat_reason: str = Field("", max_length=1000)
    granted: bool = True
    text: str = Field("", max_length=4000)
    scope: str = Field("", max_length=2000)
    valid_until: date | None = None
    procedure: str = Field("", max_length=20)
    expected_days: int = Field(0, ge=0, le=365)
    method: str = Field("", max_length=20)
    to_org: int | None = Field(None, ge=1, le=2**31 - 1, description="transfer: 接收机构 (the deciding org)")
    kind: str = Field("report", max_length=10, description="transfer: report 上报 / guide 指导办")


class _ApiForm:
    """The act table's forms are Django forms; the API passes its JSON body through the same act functions."""

    def __init__(self, data: ActIn):
        self.data = data

    def defect_list(self) -> list[str]:
        return [d for d in self.data.defects if d.strip()]

    def certificate(self):
        if not (self.data.scope or self.data.valid_until):
            return None
        return {"scope": self.data.scope, "valid_until": self.data.valid_until}


@router.post(
    "/staff/{int:case_id}/acts/{name}",
    auth=staff_or_token_auth(),
    response=StaffCaseOut,
    summary="办理操作 / a staff act",
    description="name: " + ", ".join(ACTS),
)
def staff_act(request: HttpRequest, case_id: Id, name: str, data: ActIn):
    spec = ACTS.get(name[:20])
    if spec is None:
        raise Http404(gettext("没有这个办理操作。"))
    case = _staff_case(request, case_id)
    spec.run(case, request.user, data.model_dump(), _ApiForm(data))
    return _out(Case.objects.get(pk=case.pk))


class PlatformMaterial(Schema):
    position: int = Field(..., ge=0, le=99)
    provision: str = Field("in_person", max_length=20, description="in_person（平台已核验）或 missing")


class PlatformIn(Schema):
    item_id: int = Field(..., ge=1, le=2**31 - 1)
    external_ref: str = Field(..., min_length=1, max_length=60)
    received_on: date
    applicant_kind: str = Field("person", max_length=20)
    applicant_name: str = Field(..., min_length=1, max_length=200)
    id_number: str = Field("", max_length=30)
    phone: str = Field("", max_length=30)
    summary: str = Field("", max_length=4000)
    materials: list[PlatformMaterial] = Field(default_factory=list, max_length=100)


@router.post(
    "/platform",
    auth=staff_or_token_auth(),
    response={201: StaffCaseOut},
    summary="一体化平台推送办件 / the province's platform pushes a case",
    description="同一 external_ref 重复推送返回已登记的办件（不重复立案）。",
)
def platform_push(request: HttpRequest, data: PlatformIn):
    item = get_object_or_404(ServiceItem, pk=data.item_id)
    if data.applicant_kind not in Case.ApplicantKind.values:
        raise SunlightError(gettext("申请人类型不在可选范围内。"), code="bad_request")
    materials = []
    for m in data.materials:
        if m.provision not in (P.IN_PERSON, P.MISSING):
            raise SunlightError(gettext("平台推送的材料只能是“现场提交”或“未提供”。"), code="bad_material")
        materials.append(MaterialInput(m.position, m.provision))
    case = actions.receive_from_platform(
        item,
        Submission(
            Applicant(data.applicant_kind, data.applicant_name, data.id_number, data.phone), materials, data.summary
        ),
        by=request.user,
        external_ref=data.external_ref,
        received_on=data.received_on,
    )
    return Status(201, _out(case))


@router.get(
    "/platform/{external_ref}",
    auth=staff_or_token_auth(),
    response=StaffCaseOut,
    summary="一体化平台查询办件状态 / the platform pulls a case's status",
)
def platform_status(request: HttpRequest, external_ref: str):
    case = staff_cases(request.user).filter(external_ref=external_ref[:60]).first()
    if case is None:
        raise Http404(gettext("没有这个办件，或您无权查看。"))
    return _out(case)
