"""/api/v1/requests: intake and tracking for other systems and apps; the staff acts for case systems.

Public: submit a request (an applicant without an account gets the query code once) and read its
status with the code in the body (never in a URL); both rate-limited per client address. Staff
(session or bearer token): the scoped queue, one request with personal data masked, register,
correction notice, correction received, extension, reply — each calls the action in actions/.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from ninja import Field, File, Header, Query, Router, Schema, Status
from ninja.files import UploadedFile

from sunlight import idempotency
from sunlight.api.auth import staff_or_token_auth
from sunlight.api.limits import limit_per_ip
from sunlight.api.types import Count, Id
from sunlight.errors import SunlightError
from sunlight.masking import mask_email, mask_id_number, mask_phone
from sunlight.orgs import scope
from sunlight.orgs.models import Org
from sunlight.query_codes import InvalidQueryCode, hash_query_code
from sunlight.validators import applicant_document_error

from . import actions
from .forms.public import is_natural
from .models import ApplicantType, Consultation, InfoRequest
from .queries import OpenFirst

router = Router()
SUBMIT_LIMIT, SUBMIT_WINDOW = 10, 3600
TRACK_LIMIT, TRACK_WINDOW = 20, 600
WRONG_CODE = gettext_lazy("查询码不正确。")


class ApplicantIn(Schema):
    type: str = Field(..., description="申请人类型代码，如 natural_person、business", max_length=30)
    name: str = Field(..., min_length=1, max_length=200)
    id_number: str = Field("", max_length=40)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=200)
    address: str = Field("", max_length=300)


class RequestIn(Schema):
    org_id: Id
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
    # True when due_on is counted through a year whose official holiday notice is not entered: 预计, not official.
    due_on_estimated: bool = False
    outcome: str | None
    replied_on: date | None
    reply_text: str
    clock: list[ClockLine]


class TrackedOut(StatusOut):
    related: list[StatusOut] = Field(
        default_factory=list,
        description="同一查询码下拆分出的其他申请 / the other requests split off the same submission",
    )


class SubmittedOut(StatusOut):
    query_code: str = Field("", description="只在提交时返回一次；请妥善保存 / returned once only")
    replayed: bool = Field(
        False,
        description="同一 Idempotency-Key 的重复提交：返回第一次提交的申请，未重复立案；"
        "未登录申请人的查询码重新生成，原查询码作废",
    )


class KeyReused(SunlightError):
    status = 422
    code = "idempotency_key_reused"


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
    # 信息处理费 and what the reply carries (actions.fees, actions.reply).
    fee_method: str = ""
    fee_pages: int | None = None
    fee_amount: Decimal | None = None
    fee_notified_on: date | None = None
    fee_due_on: date | None = None
    fee_paid_on: date | None = None
    withheld_parts: list[dict] = []
    disclosed_document_id: int | None = None
    referred_agency: str = ""
    repeat_of_id: int | None = None
    split_from_id: int | None = None
    reasonable_due_on: date | None = None
    consultations: list[ConsultationOut] = []
    extensions: list[ExtensionOut] = []
    reply_attachments: list[AttachmentOut] = []
    reply_drafts: list[DraftOut] = []


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    sha256: str


class DraftOut(Schema):
    id: int
    outcome: str
    text: str
    drafted_by: str
    drafted_on: date
    status: str
    status_label: str
    decided_by: str | None
    decided_on: date | None
    decision_reason: str


class ExtensionOut(Schema):
    id: int
    days: int
    reason: str
    requested_by: str
    requested_on: date
    status: str
    status_label: str
    decided_by: str | None
    decided_on: date | None
    decision_reason: str


class ConsultationOut(Schema):
    id: int
    kind: str
    kind_label: str
    party: str
    matter: str
    sent_on: date
    due_on: date
    answer: str
    answer_label: str
    answered_on: date | None
    answer_text: str
    public_interest_override: bool
    override_reason: str


StaffOut.model_rebuild()


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


class ExtensionDecisionIn(Schema):
    reason: str = Field("", max_length=2000, description="不予批准的理由（必填）或批准意见")


class WithheldPartIn(Schema):
    part: str = Field(..., max_length=2000)
    reason: str = Field(..., max_length=2000)


class DraftIn(Schema):
    """A reply's content: sent at once (ReplyIn), or as a draft for the approver's sign-off."""

    category: str = Field(..., max_length=20)
    number: Count | None = None
    text: str = Field(..., min_length=1, max_length=20000)
    withheld_parts: list[WithheldPartIn] | None = Field(
        None, max_length=200, description="部分公开：不予公开的部分及理由"
    )
    disclosed_document_id: Id | None = Field(None, description="予以公开：已主动公开的政府信息（第三十六条第一项）")
    referred_agency: str = Field("", max_length=200, description="无法提供 1：负责公开该信息的机关")
    repeat_of_id: Id | None = Field(None, description="不予处理 2：此前已答复的申请")

    def act_kwargs(self) -> dict:
        """The keywords actions.reply and actions.draft_reply share."""
        parts = [p.dict() for p in self.withheld_parts] if self.withheld_parts is not None else None
        return {
            "category": self.category,
            "number": self.number,
            "text": self.text,
            "withheld_parts": parts,
            "disclosed_document": self.disclosed_document_id,
            "referred_agency": self.referred_agency,
            "repeat_of": self.repeat_of_id,
        }


class ReplyIn(DraftIn):
    on: date | None = None


class FeeNoticeIn(Schema):
    method: str = Field(..., pattern="^(per_request|per_page)$")
    pages: int | None = Field(None, ge=1, le=10**6)
    on: date | None = None


class PaymentIn(Schema):
    on: date | None = None


class SplitIn(Schema):
    parts: list[str] = Field(..., min_length=2, max_length=50)
    on: date | None = None


def _applicant(data: ApplicantIn) -> actions.Applicant:
    kind = ApplicantType.objects.select_related("parent").filter(code=data.type).first()
    if kind is None:
        raise SunlightError(gettext("未知的申请人类型。"), code="bad_request")
    if data.id_number.strip() and (error := applicant_document_error(data.id_number, natural=is_natural(kind))):
        # The same check digits as the forms: GB 11643 for a resident ID, GB 32100 for a credit code.
        raise SunlightError(str(error), code="bad_id_number")
    return actions.Applicant(
        type=kind, name=data.name, id_number=data.id_number, phone=data.phone, email=data.email, address=data.address
    )


def _status(info_request: InfoRequest, with_clock: bool = True) -> dict:
    clock = []  # lists leave the explanation to the detail (it rebuilds the clock per request)
    try:
        if with_clock:
            clock = [{"date": s.date, "kind": s.kind, "text": s.text} for s in actions.clock_of(info_request).explain()]
    except SunlightError:
        pass  # a deadline beyond the loaded calendar: the request itself is still shown
    return {
        "number": info_request.number,
        "org": info_request.org.name,
        "received_on": info_request.received_on,
        "status": info_request.status,
        "status_label": info_request.get_status_display(),
        "due_on": info_request.due_on,
        "due_on_estimated": info_request.due_on_estimated,
        "outcome": info_request.outcome.printed_name if info_request.outcome_id else None,
        "replied_on": info_request.replied_on,
        "reply_text": info_request.reply_text,
        "clock": clock,
    }


def _staff(info_request: InfoRequest, with_clock: bool = True) -> dict:
    return {
        **_status(info_request, with_clock),
        "id": info_request.pk,
        "channel": info_request.channel,
        "applicant_type": info_request.applicant_type.code,
        "applicant_name": info_request.applicant_name,
        "id_number": mask_id_number(info_request.id_number),
        "phone": mask_phone(info_request.phone),
        "email": mask_email(info_request.email),
        "description": info_request.description,
        "corrections": info_request.corrections,
        "extended_days": info_request.extended_days,
        "fee_method": info_request.fee_method,
        "fee_pages": info_request.fee_pages,
        "fee_amount": info_request.fee_amount,
        "fee_notified_on": info_request.fee_notified_on,
        "fee_due_on": info_request.fee_due_on,
        "fee_paid_on": info_request.fee_paid_on,
        "withheld_parts": info_request.withheld_parts,
        "disclosed_document_id": info_request.disclosed_document_id,
        "referred_agency": info_request.referred_agency,
        "repeat_of_id": info_request.repeat_of_id,
        "split_from_id": info_request.split_from_id,
        "reasonable_due_on": info_request.reasonable_due_on,
        # The detail only (the queue would query per row); never the party's contact.
        "consultations": [_consultation(c) for c in info_request.consultations.all()] if with_clock else [],
        "extensions": [_extension(e) for e in info_request.extensions.select_related("requested_by", "decided_by")]
        if with_clock
        else [],
        "reply_attachments": [
            {"id": a.pk, "name": a.name, "kind": a.kind, "size": a.size, "sha256": a.sha256}
            for a in info_request.reply_attachments.all()
        ]
        if with_clock
        else [],
        "reply_drafts": [
            _draft(d) for d in info_request.reply_drafts.select_related("outcome", "drafted_by", "decided_by")
        ]
        if with_clock
        else [],
    }


def _draft(d) -> dict:
    return {
        "id": d.pk,
        "outcome": d.outcome.printed_name,
        "text": d.text,
        "drafted_by": d.drafted_by.get_username(),
        "drafted_on": d.drafted_on,
        "status": d.status,
        "status_label": d.get_status_display(),
        "decided_by": d.decided_by.get_username() if d.decided_by_id else None,
        "decided_on": d.decided_on,
        "decision_reason": d.decision_reason,
    }


def _extension(e) -> dict:
    return {
        "id": e.pk,
        "days": e.days,
        "reason": e.reason,
        "requested_by": e.requested_by.get_username(),
        "requested_on": e.requested_on,
        "status": e.status,
        "status_label": e.get_status_display(),
        "decided_by": e.decided_by.get_username() if e.decided_by_id else None,
        "decided_on": e.decided_on,
        "decision_reason": e.decision_reason,
    }


def _consultation(c: Consultation) -> dict:
    return {
        "id": c.pk,
        "kind": c.kind,
        "kind_label": c.get_kind_display(),
        "party": c.party,
        "matter": c.matter,
        "sent_on": c.sent_on,
        "due_on": c.due_on,
        "answer": c.answer,
        "answer_label": c.get_answer_display(),
        "answered_on": c.answered_on,
        "answer_text": c.answer_text,
        "public_interest_override": c.public_interest_override,
        "override_reason": c.override_reason,
    }


def _visible(request: HttpRequest, request_id: Id) -> InfoRequest:
    info_request = get_object_or_404(
        InfoRequest.objects.select_related("org", "applicant_type", "outcome"), pk=request_id
    )
    scope.require_visible(request.user, info_request, "org")
    return info_request


@router.post(
    "/",
    auth=None,
    response={201: SubmittedOut},
    summary="提交政府信息公开申请 / submit a request",
    description="可带 `Idempotency-Key` 请求头（8–128 位字母、数字或 `-_.:`，如 UUID）：同一键、同一内容的重复提交"
    "（重试、网络中断后重发）不再立案，返回第一次提交的申请（`replayed: true`）；同一键、不同内容返回 422。",
)
def submit(
    request: HttpRequest,
    data: RequestIn,
    idempotency_key: str = Header("", alias="Idempotency-Key", description="一次性键（如 UUID）：重复提交只立案一次"),
):
    key = (idempotency_key or "").strip()
    if key and not idempotency.is_valid_key(key):
        raise SunlightError(
            "Idempotency-Key 应为 8–128 位字母、数字或 -_.: 字符（建议使用 UUID）。", code="bad_idempotency_key"
        )
    limit_per_ip(request, "submit", SUBMIT_LIMIT, SUBMIT_WINDOW)
    org = Org.objects.filter(pk=data.org_id, is_active=True).first()
    if org is None:
        raise SunlightError(gettext("受理机关不存在。"), code="bad_request")
    user = request.user if request.user.is_authenticated else None
    submission = {
        "org": org,
        "applicant": _applicant(data.applicant),
        "description": data.description,
        "format": data.format,
        "delivery": data.delivery,
    }
    if not key:
        info_request, code = actions.submit_online(user=user, **submission)
        return Status(201, {**_status(info_request), "query_code": code})
    # The key is the client's: a replay must also carry the same content, so a reused key never files something else.
    fingerprint = idempotency.digest(json.dumps(data.model_dump(), sort_keys=True, default=str, ensure_ascii=False))
    try:
        done = actions.submit_online_once(key=key, fingerprint=fingerprint, user=user, **submission)
    except idempotency.KeyReused:
        raise KeyReused("该 Idempotency-Key 已用于内容不同的另一次提交。请为新的申请使用新的键。") from None
    return Status(201, {**_status(done.info_request), "query_code": done.code, "replayed": done.replayed})


def _by_code(request: HttpRequest, code: str) -> list[InfoRequest]:
    """The requests a query code follows (counted against the guessing limit); a wrong code of any shape is a 404."""
    limit_per_ip(request, "track", TRACK_LIMIT, TRACK_WINDOW)
    try:
        digest = hash_query_code(code)
    except InvalidQueryCode:
        raise Http404(WRONG_CODE) from None
    found = list(InfoRequest.objects.select_related("org", "outcome").filter(query_code_hash=digest).order_by("pk"))
    if not found:
        raise Http404(WRONG_CODE)
    return found


@router.post("/track", auth=None, response=TrackedOut, summary="凭查询码查询办理进度 / status by query code")
def track(request: HttpRequest, data: TrackIn):
    found = _by_code(request, data.query_code)
    # A submission split by 一事一申请 keeps its code: the first request, and the others in `related`.
    return {**_status(found[0]), "related": [_status(info_request, with_clock=False) for info_request in found[1:]]}


class CorrectIn(TrackIn):
    number: str = Field(..., max_length=30)
    text: str = Field(..., max_length=4000)


@router.post("/track/correct", auth=None, response=StatusOut, summary="凭查询码提交补正 / the applicant's correction")
def track_correct(request: HttpRequest, data: CorrectIn):
    match = [info_request for info_request in _by_code(request, data.query_code) if info_request.number == data.number]
    if not match:
        raise Http404(WRONG_CODE)
    return _status(actions.submit_correction(match[0], text=data.text))


@router.get("/staff", auth=staff_or_token_auth(), response=QueueOut, summary="申请办理队列 / the staff queue")
def queue(
    request: HttpRequest,
    status: str | None = None,
    org: Id | None = None,
    overdue: bool = False,
    page: int = Query(1, ge=1, le=10000),
    per_page: int = Query(30, ge=1, le=100),
):
    rows = scope.scoped(InfoRequest.objects.select_related("org", "applicant_type", "outcome"), request.user, "org")
    if status:
        if status not in InfoRequest.Status.values:
            raise SunlightError(gettext("未知的状态。"), code="bad_request")
        rows = rows.filter(status=status)
    if org is not None:
        rows = rows.filter(org_id=org)
    if overdue:
        rows = rows.exclude(status=InfoRequest.Status.CLOSED).filter(due_on__lt=timezone.localdate())
    ordered = OpenFirst(rows)
    total = ordered.count()
    items = [
        _staff(info_request, with_clock=False) for info_request in ordered[(page - 1) * per_page : page * per_page]
    ]
    return {"total": total, "page": page, "per_page": per_page, "items": items}


@router.get("/staff/{int:request_id}", auth=staff_or_token_auth(), response=StaffOut, summary="一件申请 / one request")
def detail(request: HttpRequest, request_id: Id):
    return _staff(_visible(request, request_id))


@router.post(
    "/staff/register", auth=staff_or_token_auth(), response={201: StaffOut}, summary="登记申请 / register a request"
)
def register(request: HttpRequest, data: RegisterIn):
    org = get_object_or_404(Org, pk=data.org_id)
    info_request = actions.register(
        by=request.user,
        org=org,
        applicant=_applicant(data.applicant),
        channel=data.channel,
        received_on=data.received_on,
        description=data.description,
        format=data.format,
        delivery=data.delivery,
    )
    return Status(201, _staff(info_request))


@router.post(
    "/staff/{int:request_id}/correction",
    auth=staff_or_token_auth(),
    response=StaffOut,
    summary="补正告知 / correction notice",
)
def correction(request: HttpRequest, request_id: Id, data: CorrectionIn):
    info_request = actions.request_correction(
        _visible(request, request_id),
        by=request.user,
        items=data.items,
        correct_by=data.correct_by,
        second_reason=data.second_reason,
    )
    return _staff(info_request)


@router.post(
    "/staff/{int:request_id}/correction-received",
    auth=staff_or_token_auth(),
    response=StaffOut,
    summary="收到补正 / correction received",
)
def correction_received(request: HttpRequest, request_id: Id, data: CorrectionReceivedIn):
    return _staff(
        actions.receive_correction(_visible(request, request_id), by=request.user, on=data.on, note=data.note)
    )


@router.post(
    "/staff/{int:request_id}/extension",
    auth=staff_or_token_auth(),
    response={201: StaffOut},
    summary="申请延期答复（待审批人批准） / ask for an extension (the approver decides)",
)
def extension(request: HttpRequest, request_id: Id, data: ExtensionIn):
    info_request = _visible(request, request_id)
    actions.request_extension(info_request, by=request.user, days=data.days, reason=data.reason)
    return Status(201, _staff(_visible(request, request_id)))


def _visible_child(request: HttpRequest, model, pk: int):
    """An extension or a draft reply, if its request is in the user's scope (404 / 403 otherwise)."""
    row = get_object_or_404(model.objects.select_related("request__org"), pk=pk)
    scope.require_visible(request.user, row.request, "org")
    return row


def _visible_extension(request: HttpRequest, extension_id: Id):
    from .models import Extension

    return _visible_child(request, Extension, extension_id)


@router.post(
    "/staff/extensions/{int:extension_id}/approve",
    auth=staff_or_token_auth(),
    response=StaffOut,
    summary="批准延期（审批人本人） / approve an extension (the approver)",
)
def extension_approve(request: HttpRequest, extension_id: Id, data: ExtensionDecisionIn):
    e = _visible_extension(request, extension_id)
    actions.approve_extension(e, by=request.user, note=data.reason)
    return _staff(_visible(request, e.request_id))


@router.post(
    "/staff/extensions/{int:extension_id}/refuse",
    auth=staff_or_token_auth(),
    response=StaffOut,
    summary="不予批准延期（审批人本人） / refuse an extension (the approver)",
)
def extension_refuse(request: HttpRequest, extension_id: Id, data: ExtensionDecisionIn):
    e = _visible_extension(request, extension_id)
    actions.refuse_extension(e, by=request.user, reason=data.reason)
    return _staff(_visible(request, e.request_id))


@router.post("/staff/{int:request_id}/reply", auth=staff_or_token_auth(), response=StaffOut, summary="答复 / reply")
def reply(request: HttpRequest, request_id: Id, data: ReplyIn):
    return _staff(actions.reply(_visible(request, request_id), by=request.user, on=data.on, **data.act_kwargs()))


class ReturnIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000)


@router.post(
    "/staff/{int:request_id}/reply-attachments",
    auth=staff_or_token_auth(),
    response={201: StaffOut},
    summary="上传答复附件 / upload a file disclosed with the reply",
)
def reply_attachment(request: HttpRequest, request_id: Id, file: UploadedFile = File(...)):

    info_request = _visible(request, request_id)
    actions.add_reply_attachment(info_request, by=request.user, data=file.read(), filename=file.name or "")
    return Status(201, _staff(_visible(request, request_id)))


@router.post(
    "/staff/{int:request_id}/reply-draft",
    auth=staff_or_token_auth(),
    response={201: StaffOut},
    summary="提交答复稿待签发（REQUESTS_REPLY_SIGNOFF） / a draft reply for the approver's sign-off",
)
def reply_draft(request: HttpRequest, request_id: Id, data: DraftIn):

    actions.draft_reply(_visible(request, request_id), by=request.user, **data.act_kwargs())
    return Status(201, _staff(_visible(request, request_id)))


def _visible_draft(request: HttpRequest, draft_id: Id):
    from .models import ReplyDraft

    return _visible_child(request, ReplyDraft, draft_id)


@router.post(
    "/staff/reply-drafts/{int:draft_id}/sign-off",
    auth=staff_or_token_auth(),
    response=StaffOut,
    summary="签发答复（审批人本人） / sign a draft reply off (the approver)",
)
def reply_sign_off(request: HttpRequest, draft_id: Id):

    d = _visible_draft(request, draft_id)
    actions.sign_off_reply(d, by=request.user)
    return _staff(_visible(request, d.request_id))


@router.post(
    "/staff/reply-drafts/{int:draft_id}/return",
    auth=staff_or_token_auth(),
    response=StaffOut,
    summary="退回答复稿（审批人本人） / return a draft reply to the handler",
)
def reply_return(request: HttpRequest, draft_id: Id, data: ReturnIn):

    d = _visible_draft(request, draft_id)
    actions.return_reply(d, by=request.user, reason=data.reason)
    return _staff(_visible(request, d.request_id))


@router.post(
    "/staff/{int:request_id}/fee-notice", auth=staff_or_token_auth(), response=StaffOut, summary="收费通知 / fee notice"
)
def fee_notice(request: HttpRequest, request_id: Id, data: FeeNoticeIn):

    info_request = actions.issue_fee_notice(
        _visible(request, request_id), by=request.user, method=data.method, pages=data.pages, on=data.on
    )
    return _staff(info_request)


@router.post(
    "/staff/{int:request_id}/payment", auth=staff_or_token_auth(), response=StaffOut, summary="缴费 / fee paid"
)
def payment(request: HttpRequest, request_id: Id, data: PaymentIn):

    return _staff(actions.record_payment(_visible(request, request_id), by=request.user, on=data.on))


@router.post(
    "/staff/{int:request_id}/split",
    auth=staff_or_token_auth(),
    response=list[StaffOut],
    summary="一事一申请：拆分 / split into one request per matter",
)
def split(request: HttpRequest, request_id: Id, data: SplitIn):
    rows = actions.split_request(_visible(request, request_id), by=request.user, parts=data.parts, on=data.on)
    return [_staff(info_request) for info_request in rows]


# --- 征求意见 (Art. 32–34) and the Art. 35 deadline: the same actions as the workbench (actions.consultation) ---


class ConsultIn(Schema):
    kind: str = Field(..., pattern="^(third_party|agency|co_producer)$")
    party: str = Field(..., min_length=1, max_length=200)
    party_address: str = Field("", max_length=500)
    matter: str = Field(..., min_length=1, max_length=4000)
    on: date | None = None


class AnswerIn(Schema):
    answer: str = Field(..., pattern="^(consent|objection)$")
    text: str = Field("", max_length=4000)
    on: date | None = None


class OverrideIn(Schema):
    reason: str = Field(..., min_length=1, max_length=4000)
    on: date | None = None


class ReasonableDeadlineIn(Schema):
    due_on: date
    reason: str = Field(..., min_length=1, max_length=2000)
    on: date | None = None


def _visible_consultation(request: HttpRequest, consultation_id: Id) -> Consultation:
    c = get_object_or_404(Consultation.objects.select_related("request__org"), pk=consultation_id)
    scope.require_visible(request.user, c.request, "org")
    return c


@router.post(
    "/staff/{int:request_id}/consultations",
    auth=staff_or_token_auth(),
    response={201: StaffOut},
    summary="征求第三方或其他机关意见 / consult a third party or agency",
)
def consult(request: HttpRequest, request_id: Id, data: ConsultIn):
    c = actions.consult(
        _visible(request, request_id),
        by=request.user,
        kind=data.kind,
        party=data.party,
        matter=data.matter,
        party_address=data.party_address,
        on=data.on,
    )
    return Status(201, _staff(_visible(request, c.request_id)))


@router.post(
    "/staff/consultations/{int:consultation_id}/answer",
    auth=staff_or_token_auth(),
    response=StaffOut,
    summary="记录征求意见的答复 / record the answer",
)
def consultation_answer(request: HttpRequest, consultation_id: Id, data: AnswerIn):
    c = actions.record_answer(
        _visible_consultation(request, consultation_id), by=request.user, answer=data.answer, text=data.text, on=data.on
    )
    return _staff(_visible(request, c.request_id))


@router.post(
    "/staff/consultations/{int:consultation_id}/override",
    auth=staff_or_token_auth(),
    response=StaffOut,
    summary="因公共利益决定公开 / public-interest override",
)
def consultation_override(request: HttpRequest, consultation_id: Id, data: OverrideIn):
    c = actions.override_objection(
        _visible_consultation(request, consultation_id), by=request.user, reason=data.reason, on=data.on
    )
    return _staff(_visible(request, c.request_id))


@router.post(
    "/staff/{int:request_id}/reasonable-deadline",
    auth=staff_or_token_auth(),
    response=StaffOut,
    summary="第三十五条确定答复期限 / Art. 35 deadline",
)
def reasonable_deadline(request: HttpRequest, request_id: Id, data: ReasonableDeadlineIn):
    info_request = actions.set_reasonable_deadline(
        _visible(request, request_id), by=request.user, due_on=data.due_on, reason=data.reason, on=data.on
    )
    return _staff(info_request)


@router.get("/statistics", auth=None, summary="申请办理情况统计 / request statistics of an agency and year")
def statistics(request: HttpRequest, org: str = "", year: str = "", subtree: bool = False):
    """Public counts only (no personal data): received, closed by outcome category, on-time rate, average working days."""
    from .statistics import cached_statistics, find_org, parse_year

    y, o = parse_year(year), find_org(org)
    if o is None:
        raise SunlightError(gettext("请指定机关（org）。"), code="bad_request")
    return cached_statistics(o, y, subtree=subtree and o.kind == Org.Kind.GOVERNMENT).as_dict()


class ClusterOut(Schema):
    org_id: int
    org: str
    request_ids: list[int]
    applicant_count: int
    keywords: list[str]
    title: str


class ProposeIn(Schema):
    request_ids: list[Id] = Field(..., min_length=1, max_length=500)
    title: str


class ProposedOut(Schema):
    document_id: int
    index_number: str
    title: str


@router.get(
    "/staff/popular",
    auth=staff_or_token_auth(),
    response=list[ClusterOut],
    summary="多人申请的相同信息（第四十四条） / information several applicants asked for (Art. 44)",
)
def popular_clusters(request: HttpRequest, org: Id | None = None, since: date | None = None):
    from . import popular
    from .forms.workbench import handler_orgs

    orgs = handler_orgs(request.user)
    if org is not None:
        orgs = orgs.filter(pk=org)
    since = since or timezone.localdate().replace(year=timezone.localdate().year - 1)
    return [
        {
            "org_id": c.org.pk,
            "org": c.org.name,
            "request_ids": [info_request.pk for info_request in c.requests],
            "applicant_count": c.applicant_count,
            "keywords": c.keywords,
            "title": c.title,
        }
        for c in popular.clusters(list(orgs), since=since)
    ]


@router.post(
    "/staff/popular/propose",
    auth=staff_or_token_auth(),
    response={201: ProposedOut},
    summary="转为主动公开草稿（第四十四条） / a draft document from the requests (Art. 44)",
)
def popular_propose(request: HttpRequest, data: ProposeIn):

    ids = set(data.request_ids)
    chosen = list(scope.scoped(InfoRequest.objects.filter(pk__in=ids), request.user, "org"))
    if len(chosen) != len(ids):  # unknown, or not the caller's to see: the same answer
        raise Http404(gettext("申请不存在。"))
    doc = actions.propose_for_disclosure(chosen, by=request.user, title=data.title)
    return Status(201, {"document_id": doc.pk, "index_number": doc.index_number, "title": doc.title})
