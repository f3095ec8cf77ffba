"""/api/v1/requests: intake and tracking for other systems and apps; the staff acts for case systems.

Public: submit a request (an applicant without an account gets the query code once) and read its
status with the code in the body (never in a URL); both rate-limited per client address. Staff
(session or bearer token): the scoped queue, one request with personal data masked, register,
correction notice, correction received, extension, reply — each calls the action in actions.py.
"""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from sunlight.api.main import staff_or_token_auth
from sunlight.errors import RateLimited, SunlightError
from sunlight.events.log import client_ip
from sunlight.masking import mask_email, mask_id_number, mask_phone
from sunlight.orgs import scope
from sunlight.orgs.models import Org
from sunlight.query_codes import InvalidQueryCode, check_rate, hash_query_code

from . import actions
from .models import ApplicantType, InfoRequest
from .queries import OpenFirst

router = Router()
SUBMIT_LIMIT, SUBMIT_WINDOW = 10, 3600
TRACK_LIMIT, TRACK_WINDOW = 20, 600
WRONG_CODE = "查询码不正确。 / Unknown query code."


def _limited(request: HttpRequest, what: str, limit: int, window: int) -> None:
    if not check_rate(f"api-{what}:{client_ip(request) or 'unknown'}", limit=limit, window_seconds=window):
        raise RateLimited("操作过于频繁，请稍后再试。 / Too many requests; try again later.")


class ApplicantIn(Schema):
    type: str = Field(..., description="申请人类型代码，如 natural_person、business", max_length=30)
    name: str = Field(..., min_length=1, max_length=200)
    id_number: str = Field("", max_length=40)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=200)
    address: str = Field("", max_length=300)


class RequestIn(Schema):
    org_id: int
    applicant: ApplicantIn
    description: str = Field(..., min_length=1, max_length=4000)
    format: str = Field(..., pattern="^(paper|electronic)$")
    delivery: str = Field(..., pattern="^(post|email|pickup|online)$")


class RegisterIn(RequestIn):
    channel: str = Field(..., pattern="^(in_person|registered_post|ordinary_post|fax|email)$")
    received_on: date


class ClockLine(Schema):
    date: date | None
    kind: str
    text: str


class StatusOut(Schema):
    number: str
    org: str
    received_on: date
    status: str
    status_label: str
    due_on: date | None
    outcome: str | None
    replied_on: date | None
    reply_text: str
    clock: list[ClockLine]


class SubmittedOut(StatusOut):
    query_code: str = Field("", description="只在提交时返回一次；请妥善保存 / returned once only")


class StaffOut(StatusOut):
    id: int
    channel: str
    applicant_type: str
    applicant_name: str
    id_number: str
    phone: str
    email: str
    description: str
    corrections: int
    extended_days: int


class QueueOut(Schema):
    total: int
    page: int
    per_page: int
    items: list[StaffOut]


class TrackIn(Schema):
    query_code: str = Field(..., max_length=40)


class CorrectionIn(Schema):
    items: str = Field(..., min_length=1, max_length=4000)
    correct_by: date
    second_reason: str = Field("", max_length=1000)


class CorrectionReceivedIn(Schema):
    on: date
    note: str = Field("", max_length=1000)


class ExtensionIn(Schema):
    days: int = Field(..., ge=1, le=60)
    reason: str = Field(..., min_length=1, max_length=1000)
    approved_by: str = Field(..., description="批准人用户名 / username of the approver", max_length=150)


class ReplyIn(Schema):
    category: str = Field(..., max_length=20)
    number: int | None = None
    text: str = Field(..., min_length=1, max_length=20000)
    on: date | None = None


def _applicant(data: ApplicantIn) -> actions.Applicant:
    kind = ApplicantType.objects.filter(code=data.type).first()
    if kind is None:
        raise SunlightError("未知的申请人类型。 / Unknown applicant type.", code="bad_request")
    return actions.Applicant(type=kind, name=data.name, id_number=data.id_number, phone=data.phone, email=data.email,
                             address=data.address)


def _status(r: InfoRequest, with_clock: bool = True) -> dict:
    clock = []  # lists leave the explanation to the detail (it rebuilds the clock per request)
    try:
        if with_clock:
            clock = [{"date": s.date, "kind": s.kind, "text": s.text} for s in actions.clock_of(r).explain()]
    except SunlightError:
        pass  # a deadline beyond the loaded calendar: the request itself is still shown
    return {
        "number": r.number, "org": r.org.name, "received_on": r.received_on, "status": r.status,
        "status_label": r.get_status_display(), "due_on": r.due_on,
        "outcome": r.outcome.printed_name if r.outcome_id else None, "replied_on": r.replied_on,
        "reply_text": r.reply_text, "clock": clock,
    }


def _staff(r: InfoRequest, with_clock: bool = True) -> dict:
    return {
        **_status(r, with_clock), "id": r.pk, "channel": r.channel, "applicant_type": r.applicant_type.code,
        "applicant_name": r.applicant_name, "id_number": mask_id_number(r.id_number), "phone": mask_phone(r.phone),
        "email": mask_email(r.email), "description": r.description, "corrections": r.corrections,
        "extended_days": r.extended_days,
    }


def _visible(request: HttpRequest, request_id: int) -> InfoRequest:
    r = get_object_or_404(InfoRequest.objects.select_related("org", "applicant_type", "outcome"), pk=request_id)
    scope.require_visible(request.user, r, "org")
    return r


@router.post("/", auth=None, response={201: SubmittedOut}, summary="提交政府信息公开申请 / submit a request")
def submit(request: HttpRequest, data: RequestIn):
    _limited(request, "submit", SUBMIT_LIMIT, SUBMIT_WINDOW)
    org = Org.objects.filter(pk=data.org_id, is_active=True).first()
    if org is None:
        raise SunlightError("受理机关不存在。 / Unknown agency.", code="bad_request")
    user = request.user if request.user.is_authenticated else None
    r, code = actions.submit_online(org=org, applicant=_applicant(data.applicant), description=data.description,
                                    format=data.format, delivery=data.delivery, user=user)
    return Status(201, {**_status(r), "query_code": code})


@router.post("/track", auth=None, response=StatusOut, summary="凭查询码查询办理进度 / status by query code")
def track(request: HttpRequest, data: TrackIn):
    _limited(request, "track", TRACK_LIMIT, TRACK_WINDOW)
    try:
        digest = hash_query_code(data.query_code)
    except InvalidQueryCode:
        raise Http404(WRONG_CODE) from None
    r = InfoRequest.objects.select_related("org", "outcome").filter(query_code_hash=digest).first()
    if r is None:
        raise Http404(WRONG_CODE)
    return _status(r)


@router.get("/staff", auth=staff_or_token_auth(), response=QueueOut, summary="申请办理队列 / the staff queue")
def queue(request: HttpRequest, status: str | None = None, org: int | None = None, overdue: bool = False,
          page: int = Query(1, ge=1, le=10000), per_page: int = Query(30, ge=1, le=100)):
    rows = scope.scoped(InfoRequest.objects.select_related("org", "applicant_type", "outcome"), request.user, "org")
    if status:
        if status not in InfoRequest.Status.values:
            raise SunlightError("未知的状态。 / Unknown status.", code="bad_request")
        rows = rows.filter(status=status)
    if org is not None:
        rows = rows.filter(org_id=org)
    if overdue:
        rows = rows.exclude(status=InfoRequest.Status.CLOSED).filter(due_on__lt=timezone.localdate())
    ordered = OpenFirst(rows)
    total = ordered.count()
    items = [_staff(r, with_clock=False) for r in ordered[(page - 1) * per_page : page * per_page]]
    return {"total": total, "page": page, "per_page": per_page, "items": items}


@router.get("/staff/{int:request_id}", auth=staff_or_token_auth(), response=StaffOut, summary="一件申请 / one request")
def detail(request: HttpRequest, request_id: int):
    return _staff(_visible(request, request_id))


@router.post("/staff/register", auth=staff_or_token_auth(), response={201: StaffOut}, summary="登记申请 / register a request")
def register(request: HttpRequest, data: RegisterIn):
    org = get_object_or_404(Org, pk=data.org_id)
    r = actions.register(by=request.user, org=org, applicant=_applicant(data.applicant), channel=data.channel,
                         received_on=data.received_on, description=data.description, format=data.format, delivery=data.delivery)
    return Status(201, _staff(r))


@router.post("/staff/{int:request_id}/correction", auth=staff_or_token_auth(), response=StaffOut, summary="补正告知 / correction notice")
def correction(request: HttpRequest, request_id: int, data: CorrectionIn):
    r = actions.request_correction(_visible(request, request_id), by=request.user, items=data.items,
                                   correct_by=data.correct_by, second_reason=data.second_reason)
    return _staff(r)


@router.post("/staff/{int:request_id}/correction-received", auth=staff_or_token_auth(), response=StaffOut,
             summary="收到补正 / correction received")
def correction_received(request: HttpRequest, request_id: int, data: CorrectionReceivedIn):
    return _staff(actions.receive_correction(_visible(request, request_id), by=request.user, on=data.on, note=data.note))


@router.post("/staff/{int:request_id}/extension", auth=staff_or_token_auth(), response=StaffOut, summary="延期答复 / extension")
def extension(request: HttpRequest, request_id: int, data: ExtensionIn):
    from django.contrib.auth import get_user_model

    approver = get_user_model().objects.filter(username=data.approved_by, is_active=True).first()
    r = actions.extend(_visible(request, request_id), by=request.user, approved_by=approver, days=data.days, reason=data.reason)
    return _staff(r)


@router.post("/staff/{int:request_id}/reply", auth=staff_or_token_auth(), response=StaffOut, summary="答复 / reply")
def reply(request: HttpRequest, request_id: int, data: ReplyIn):
    r = actions.reply(_visible(request, request_id), by=request.user, category=data.category, number=data.number,
                      text=data.text, on=data.on)
    return _staff(r)
