"""The statutory acts of a request (依申请公开), one function each.

Every act is atomic, checks who may do it, validates against the law tables (law.py), moves the
clock (sunlight.clock.Clock, stored as its events on the request) and writes one event. Views,
the API, imports and the demo call these; nothing else changes a request's statutory state.
Facts: shared/reference/disclosure-law.md (Art. 30–36).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from sunlight.clock.calendar import working_days_between
from sunlight.clock.clock import Clock
from sunlight.crypto import blind_index
from sunlight.errors import SunlightError
from sunlight.events.log import record
from sunlight.orgs import scope
from sunlight.orgs.models import Org, Role
from sunlight.query_codes import hash_query_code, new_query_code

from . import law
from .models import ApplicantType, InfoRequest
from .notices import issue_notice

# Who handles requests in the agency, and who may approve an extension (Art. 33: the head of the
# disclosure office; the org's reviewer or admin stands for that role here).
HANDLER_ROLES = (Role.DISCLOSURE_OFFICER, Role.ADMIN)
APPROVER_ROLES = (Role.REVIEWER, Role.ADMIN)
S = InfoRequest.Status


@dataclass
class Applicant:
    """Who asks: what the form or the staff member enters."""

    type: ApplicantType
    name: str
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


def _refuse(zh: str, en: str, code: str = "request_refused") -> SunlightError:
    return SunlightError(f"{zh} / {en}", code=code)


def clock_of(request: InfoRequest) -> Clock:
    return Clock.from_events(law.limit(law.REPLY).days, request.clock_events)


def _save_clock(request: InfoRequest, clock: Clock, *fields: str) -> None:
    request.clock_events = clock.to_list()
    request.due_on = clock.due_date
    request.save(update_fields=["clock_events", "due_on", "updated_at", *fields])


def _require_handler(by, request: InfoRequest) -> None:
    scope.require(by, request.org, HANDLER_ROLES, what="办理政府信息公开申请")


def _require_open(request: InfoRequest) -> None:
    if request.status == S.CLOSED:
        raise _refuse("该申请已经办结，不能再办理。", "The request is closed.", "request_closed")


def _new_number(on: date) -> str:
    return f"YSQ{on:%Y%m%d}{secrets.randbelow(10**6):06d}"


def _create(**fields) -> InfoRequest:
    # The number has six random digits per day; on the rare clash take another.
    for _ in range(5):
        try:
            with transaction.atomic():
                return InfoRequest.objects.create(number=_new_number(fields["received_on"]), **fields)
        except IntegrityError:
            continue
    raise IntegrityError("could not allocate a request number")


def _intake(*, org: Org, applicant: Applicant, channel: str, received_on: date, description: str, format: str,
            delivery: str, user=None, query_code_hash: str = "") -> InfoRequest:
    description = (description or "").strip()
    if not description:
        raise _refuse("请描述所需政府信息（名称、文号或便于查询的特征）。", "Describe the information requested.", "bad_request")
    if not applicant.name.strip():
        raise _refuse("请填写申请人姓名或名称。", "The applicant's name is required.", "bad_request")
    if received_on > timezone.localdate():
        raise _refuse("收到申请日期不能晚于今天。", "The receipt date cannot be in the future.", "bad_request")
    if format not in InfoRequest.Format.values or delivery not in InfoRequest.Delivery.values:
        raise _refuse("载体形式或获取方式不在可选范围内。", "Unknown format or delivery.", "bad_request")
    request = _create(
        org=org, channel=channel, applicant_user=user, applicant_type=applicant.type, applicant_name=applicant.name.strip(),
        id_number=applicant.id_number.strip(), phone=applicant.phone.strip(), email=applicant.email.strip(),
        address=applicant.address.strip(),
        id_number_index=blind_index(applicant.id_number, purpose="requests.id_number") if applicant.id_number.strip() else "",
        description=description, format=format, delivery=delivery, query_code_hash=query_code_hash,
        submitted_at=timezone.now(), received_on=received_on,
    )
    clock = Clock(law.limit(law.REPLY).days).start(received_on, "收到申请")
    _save_clock(request, clock)
    return request


@transaction.atomic
def submit_online(*, org: Org, applicant: Applicant, description: str, format: str, delivery: str, user=None) -> tuple[InfoRequest, str]:
    """A request through the portal. Art. 31: online, received on the day both sides confirm — the
    system confirms at once, so that is today. Without an account the applicant gets a query code,
    shown once; only its keyed hash is kept. Returns (request, query code or "")."""
    if org.kind not in (Org.Kind.GOVERNMENT, Org.Kind.DEPARTMENT):
        raise _refuse("该机构不受理政府信息公开申请。", "This org does not handle disclosure requests.", "bad_request")
    code = "" if user is not None and user.is_authenticated else new_query_code()
    request = _intake(org=org, applicant=applicant, channel=InfoRequest.Channel.ONLINE, received_on=timezone.localdate(),
                      description=description, format=format, delivery=delivery,
                      user=user if code == "" else None, query_code_hash=hash_query_code(code) if code else "")
    record("requests.submit", actor=user if code == "" else None, org=org, obj=request,
           data={"channel": request.channel, "received_on": request.received_on.isoformat()})
    issue_notice(request, "receipt", on=request.received_on, context={})
    return request, code


@transaction.atomic
def register(*, by, org: Org, applicant: Applicant, channel: str, received_on: date, description: str, format: str,
             delivery: str) -> InfoRequest:
    """Staff enter a request that came in person, by post, fax or e-mail; received_on follows Art. 31
    (in person: the day handed in; registered post: the day signed for; ordinary post: the day
    confirmed with the applicant; fax / e-mail: the day both sides confirmed)."""
    scope.require(by, org, HANDLER_ROLES, what="登记政府信息公开申请")
    if channel not in InfoRequest.Channel.values or channel == InfoRequest.Channel.ONLINE:
        raise _refuse("请选择申请方式（当面、邮寄、传真或电子邮件）。", "Choose how the request arrived.", "bad_request")
    request = _intake(org=org, applicant=applicant, channel=channel, received_on=received_on, description=description,
                      format=format, delivery=delivery)
    record("requests.register", actor=by, org=org, obj=request,
           data={"channel": channel, "received_on": received_on.isoformat()})
    issue_notice(request, "receipt", on=timezone.localdate(), context={})
    return request


@transaction.atomic
def request_correction(request: InfoRequest, *, by, items: str, correct_by: date, on: date | None = None,
                       second_reason: str = "") -> InfoRequest:
    """补正告知 (Art. 30): once, in one notice, within 7 working days of receipt. A second notice is
    refused unless a new reason is recorded, and is then flagged. The clock stops until the
    corrected request arrives (it then restarts in full)."""
    request = InfoRequest.objects.select_for_update().get(pk=request.pk)
    _require_handler(by, request)
    _require_open(request)
    on = on or timezone.localdate()
    if not items.strip():
        raise _refuse("请写明需要补正的事项和合理的补正期限。", "State what must be corrected.", "bad_request")
    window = law.limit(law.CORRECTION_NOTICE).days
    if working_days_between(request.received_on, on) > window:
        raise _refuse(f"补正告知须在收到申请之日起{window}个工作日内作出，已经超过。",
                      f"A correction notice must be sent within {window} working days of receipt.", "correction_too_late")
    if correct_by <= on:
        raise _refuse("补正期限须晚于告知日期。", "The correction deadline must be after the notice.", "bad_request")
    if request.corrections and not second_reason.strip():
        raise _refuse("补正应当一次性告知；再次告知须记录新的理由。", "Corrections are notified once; a second notice needs a recorded reason.",
                      "second_correction")
    clock = clock_of(request).pause(on, "补正告知")
    request.corrections += 1
    request.status = S.CORRECTING
    request.correction_due_on = correct_by
    _save_clock(request, clock, "corrections", "status", "correction_due_on")
    record("requests.correction_notice", actor=by, org=request.org, obj=request,
           data={"items": items, "correct_by": correct_by.isoformat(), "second": request.corrections > 1,
                 "second_reason": second_reason.strip()})
    issue_notice(request, "correction", on=on, context={"items": items.strip(), "correct_by": correct_by})
    return request


@transaction.atomic
def receive_correction(request: InfoRequest, *, by, on: date, note: str = "") -> InfoRequest:
    """The corrected request arrived: the reply period counts in full again from that day (Art. 30)."""
    request = InfoRequest.objects.select_for_update().get(pk=request.pk)
    _require_handler(by, request)
    _require_open(request)
    if request.status != S.CORRECTING:
        raise _refuse("该申请没有待补正的事项。", "The request is not waiting for a correction.", "bad_state")
    clock = clock_of(request).restart(on, "收到补正后的申请")
    request.status = S.PROCESSING
    _save_clock(request, clock, "status")
    record("requests.correction_received", actor=by, org=request.org, obj=request, data={"on": on.isoformat(), "note": note})
    return request


@transaction.atomic
def extend(request: InfoRequest, *, by, approved_by, days: int, reason: str, on: date | None = None) -> InfoRequest:
    """延期答复 (Art. 33): at most 20 more working days, approved by the head of the disclosure office
    (recorded), the applicant told by an extension notice. Once, and before the deadline."""
    request = InfoRequest.objects.select_for_update().get(pk=request.pk)
    _require_handler(by, request)
    _require_open(request)
    on = on or timezone.localdate()
    allowed = law.limit(law.EXTENSION).days
    if approved_by is None or not scope.can_act(approved_by, request.org, APPROVER_ROLES):
        raise _refuse("延期须经政府信息公开工作机构负责人（本机关审核人或管理员）同意。",
                      "An extension needs the approval of the head of the disclosure office.", "extension_not_approved")
    if request.extended_days:
        raise _refuse("该申请已经延期，不能再次延期。", "The request has already been extended.", "already_extended")
    if not 0 < days <= allowed:
        raise _refuse(f"延长的期限最长不超过{allowed}个工作日。", f"An extension is at most {allowed} working days.", "bad_request")
    if not reason.strip():
        raise _refuse("请写明延期理由。", "State the reason for the extension.", "bad_request")
    if request.due_on and on > request.due_on:
        raise _refuse("答复期限已过，不能再延期。", "The deadline has passed; it can no longer be extended.", "too_late")
    clock = clock_of(request).extend(days, reason, on)
    request.extended_days = days
    _save_clock(request, clock, "extended_days")
    record("requests.extend", actor=by, org=request.org, obj=request,
           data={"days": days, "reason": reason, "approved_by": approved_by.get_username(), "due_on": request.due_on.isoformat()})
    issue_notice(request, "extension", on=on, context={"days": days, "reason": reason.strip(), "due_on": request.due_on})
    return request


@transaction.atomic
def reply(request: InfoRequest, *, by, category: str, number: int | None = None, text: str, on: date | None = None) -> InfoRequest:
    """答复 (Art. 36–39): close the request with exactly one of the law's outcomes."""
    request = InfoRequest.objects.select_for_update().get(pk=request.pk)
    _require_handler(by, request)
    _require_open(request)
    outcome = law.outcome(category, number)
    on = on or timezone.localdate()
    if on < request.received_on:
        raise _refuse("答复日期不能早于收到申请日期。", "The reply cannot predate the receipt.", "bad_request")
    if not text.strip():
        raise _refuse("请写明答复内容和理由。", "The reply needs its text and reasons.", "bad_request")
    request.outcome, request.reply_text, request.replied_on, request.status = outcome, text.strip(), on, S.CLOSED
    request.save(update_fields=["outcome", "reply_text", "replied_on", "status", "updated_at"])
    record("requests.reply", actor=by, org=request.org, obj=request,
           data={"outcome": outcome.printed_name, "on": on.isoformat(), "overdue": bool(request.due_on and on > request.due_on)})
    issue_notice(request, "reply", on=on, context={})
    return request


@transaction.atomic
def reveal_personal_data(request: InfoRequest, *, by, ip: str | None = None) -> None:
    """显示完整信息: a handler looks at the decrypted personal data; who looked, and when, is recorded."""
    scope.require(by, request.org, HANDLER_ROLES, what="查看申请人完整信息")
    record("requests.reveal_personal_data", actor=by, org=request.org, obj=request, ip=ip,
           data={"fields": ["applicant_name", "id_number", "phone", "email", "address"]})
