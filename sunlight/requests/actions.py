"""The statutory acts of a request (依申请公开), one function each.

Every act is atomic, checks who may do it, validates against the law tables (law.py), moves the
clock (sunlight.clock.Clock, stored as its events on the request) and writes one event. Views,
the API, imports and the demo call these; nothing else changes a request's statutory state.
Facts: shared/reference/disclosure-law.md (Art. 30–36).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from sunlight.clock.calendar import working_days_between
from sunlight.clock.clock import Clock
from sunlight.crypto import blind_index
from sunlight.errors import refuse
from sunlight.events.log import record
from sunlight.orgs import scope
from sunlight.orgs.models import Org, Role
from sunlight.query_codes import hash_query_code, new_query_code

from . import law
from .models import ApplicantType, Extension, InfoRequest, ReplyDraft
from .notices import cn_date, issue_notice

log = logging.getLogger(__name__)

# Who handles requests in the agency: its disclosure officers, its 承办人 (handlers) and its admins. Who may
# approve an extension or sign a reply off (Art. 33: the head of the disclosure office): the agency's 审批人
# (approver), its 审核人 (reviewer) or its admin.
HANDLER_ROLES = (Role.DISCLOSURE_OFFICER, Role.HANDLER, Role.ADMIN)
# The orgs that receive requests: people's governments and their departments (not centers or committees).
HANDLING_KINDS = (Org.Kind.GOVERNMENT, Org.Kind.DEPARTMENT)
APPROVER_ROLES = (Role.APPROVER, Role.REVIEWER, Role.ADMIN)
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


def clock_of(request: InfoRequest) -> Clock:
    return Clock.from_events(law.limit(law.REPLY).days, request.clock_events)


def _save_clock(request: InfoRequest, clock: Clock, *fields: str) -> None:
    # An applicant is never refused because next year's calendar is missing: the deadline waits (None) and
    # refresh_deadlines() fills it in once the days are loaded.
    request.clock_events = clock.to_list()
    request.due_on = clock.known_due_date
    request.save(update_fields=["clock_events", "due_on", "updated_at", *fields])


def each_in_own_transaction(pks, act: Callable[[int], int], what: str) -> int:
    """Run a nightly system act row by row, each in its own transaction (`act` is atomic and returns 1 when it
    acted): one row that fails — its notice cannot be rendered, its calendar is missing — is logged and left
    for the next night without holding up the others. Returns how many rows were acted on."""
    done = 0
    for pk in list(pks):
        try:
            done += act(pk)
        except Exception:  # noqa: BLE001 — a nightly run must not stop at one bad row; the log says which
            log.exception("%s: row %s skipped", what, pk)
    return done


def refresh_deadlines() -> int:
    """Give a deadline to every running request whose deadline waited for the calendar (run nightly and after
    the calendar is loaded). Returns how many got one."""
    return each_in_own_transaction(
        InfoRequest.objects.filter(status=S.PROCESSING, due_on__isnull=True).values_list("pk", flat=True),
        _refresh_deadline,
        "refresh_deadlines",
    )


@transaction.atomic
def _refresh_deadline(pk: int) -> int:
    request = InfoRequest.objects.select_for_update().get(pk=pk)
    due = clock_of(request).known_due_date
    if request.status != S.PROCESSING or request.due_on is not None or due is None:
        return 0
    request.due_on = due
    request.save(update_fields=["due_on", "updated_at"])
    record(
        "requests.deadline_set",
        actor=None,
        org=request.org,
        obj=request,
        data={"due_on": due.isoformat(), "why": "工作日历已载入"},
    )
    return 1


def close_as_lapsed(
    request: InfoRequest, *, category: str, number: int, text: str, on: date, verb: str, data: dict
) -> None:
    """System act (no actor): the applicant let a window lapse (correction: 其他处理 1; fee: 其他处理 2), so the
    request closes with that outcome and a reply notice. Call inside the caller's transaction, row locked."""
    outcome = law.outcome(category, number)
    request.outcome, request.reply_text, request.replied_on, request.status = outcome, text, on, S.CLOSED
    request.save(update_fields=["outcome", "reply_text", "replied_on", "status", "updated_at"])
    record(
        verb,
        actor=None,
        org=request.org,
        obj=request,
        data={**data, "outcome": outcome.printed_name, "on": on.isoformat()},
    )
    issue_notice(request, "reply", on=on, context={})
    _closed(request)


def _closed(request: InfoRequest) -> None:
    """The request is closed: its to-dos are done and what waited for it (an extension, a draft reply) is void."""
    from . import duties

    request.extensions.filter(status=Extension.Status.PENDING).update(
        status=Extension.Status.REFUSED, decision_reason="申请已办结", decided_on=timezone.localdate()
    )
    request.reply_drafts.filter(status=ReplyDraft.Status.PENDING).update(
        status=ReplyDraft.Status.RETURNED, decision_reason="申请已办结", decided_on=timezone.localdate()
    )
    duties.close_request(request)


def _require_handler(by, request: InfoRequest) -> None:
    scope.require(by, request.org, HANDLER_ROLES, what="办理政府信息公开申请")


def _require_open(request: InfoRequest) -> None:
    if request.status == S.CLOSED:
        raise refuse(gettext("该申请已经办结，不能再办理。"), "request_closed")


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


def _intake(
    *,
    org: Org,
    applicant: Applicant,
    channel: str,
    received_on: date,
    description: str,
    format: str,
    delivery: str,
    user=None,
    query_code_hash: str = "",
) -> InfoRequest:
    description = (description or "").strip()
    if not description:
        raise refuse(gettext("请描述所需政府信息（名称、文号或便于查询的特征）。"), "bad_request")
    if not applicant.name.strip():
        raise refuse(gettext("请填写申请人姓名或名称。"), "bad_request")
    if received_on > timezone.localdate():
        raise refuse(gettext("收到申请日期不能晚于今天。"), "bad_request")
    if format not in InfoRequest.Format.values or delivery not in InfoRequest.Delivery.values:
        raise refuse(gettext("载体形式或获取方式不在可选范围内。"), "bad_request")
    request = _create(
        org=org,
        channel=channel,
        applicant_user=user,
        applicant_type=applicant.type,
        applicant_name=applicant.name.strip(),
        id_number=applicant.id_number.strip(),
        phone=applicant.phone.strip(),
        email=applicant.email.strip(),
        address=applicant.address.strip(),
        id_number_index=blind_index(applicant.id_number, purpose="requests.id_number")
        if applicant.id_number.strip()
        else "",
        description=description,
        format=format,
        delivery=delivery,
        query_code_hash=query_code_hash,
        submitted_at=timezone.now(),
        received_on=received_on,
    )
    clock = Clock(law.limit(law.REPLY).days).start(received_on, "收到申请")
    _save_clock(request, clock)
    return request


@transaction.atomic
def submit_online(
    *, org: Org, applicant: Applicant, description: str, format: str, delivery: str, user=None
) -> tuple[InfoRequest, str]:
    """A request through the portal. Art. 31: online, received on the day both sides confirm — the
    system confirms at once, so that is today. Without an account the applicant gets a query code,
    shown once; only its keyed hash is kept. Returns (request, query code or "")."""
    if org.kind not in HANDLING_KINDS:
        raise refuse(gettext("该机构不受理政府信息公开申请。"), "bad_request")
    code = "" if user is not None and user.is_authenticated else new_query_code()
    request = _intake(
        org=org,
        applicant=applicant,
        channel=InfoRequest.Channel.ONLINE,
        received_on=timezone.localdate(),
        description=description,
        format=format,
        delivery=delivery,
        user=user if code == "" else None,
        query_code_hash=hash_query_code(code) if code else "",
    )
    record(
        "requests.submit",
        actor=user if code == "" else None,
        org=org,
        obj=request,
        data={"channel": request.channel, "received_on": request.received_on.isoformat()},
    )
    issue_notice(request, "receipt", on=request.received_on, context={})
    _tell_handlers(request, f"新申请 {request.number}：请办理")
    return request, code


ONLINE_SCOPE = "requests.online"


@dataclass
class OnlineSubmission:
    request: InfoRequest
    code: str  # the query code to show ("" for an account's request, or a replay whose code was already shown)
    replayed: bool  # the key had filed this request before: nothing new was filed
    key_id: int  # the SubmissionKey row (the result page marks it shown)


@transaction.atomic
def submit_online_once(*, key: str, fingerprint: str = "", user=None, **submission) -> OnlineSubmission:
    """submit_online guarded by an idempotency key (the form's one-time key or the API's Idempotency-Key header).

    A second submission with the same key (double click, reload, back and resubmit, a retry after a lost
    response) files nothing and returns the first request, flagged as a replay. The platform keeps no plain
    query code, so a replay for an applicant without an account gets a fresh code that replaces the unseen one
    (unless the web result page already showed it: then it stays the only one)."""
    from sunlight import idempotency

    codes: list[str] = []

    def create() -> str:
        request, code = submit_online(user=user, **submission)
        codes.append(code)
        return str(request.pk)

    outcome = idempotency.once(
        scope=ONLINE_SCOPE, submitter=idempotency.submitter_of(user), key=key, create=create, fingerprint=fingerprint
    )
    request = InfoRequest.objects.select_related("org").get(pk=int(outcome.row.object_id))
    if not outcome.replay:
        return OnlineSubmission(request, codes[0], False, outcome.row.pk)
    code = ""
    if request.query_code_hash and not outcome.row.shown:
        code = new_query_code()
        # Every request the unseen code followed (a split keeps the code) follows the new one instead.
        InfoRequest.objects.filter(query_code_hash=request.query_code_hash).update(
            query_code_hash=hash_query_code(code)
        )
        request.query_code_hash = hash_query_code(code)
        record("requests.query_code_reissued", org=request.org, obj=request, data={})
    return OnlineSubmission(request, code, True, outcome.row.pk)


@transaction.atomic
def register(
    *,
    by,
    org: Org,
    applicant: Applicant,
    channel: str,
    received_on: date,
    description: str,
    format: str,
    delivery: str,
    on: date | None = None,
) -> InfoRequest:
    """Staff enter a request that came in person, by post, fax or e-mail; received_on follows Art. 31
    (in person: the day handed in; registered post: the day signed for; ordinary post: the day
    confirmed with the applicant; fax / e-mail: the day both sides confirmed). `on` is the day the
    receipt is issued (today unless a past register is being entered, e.g. migrated records)."""
    scope.require(by, org, HANDLER_ROLES, what="登记政府信息公开申请")
    if channel not in InfoRequest.Channel.values or channel == InfoRequest.Channel.ONLINE:
        raise refuse(gettext("请选择申请方式（当面、邮寄、传真或电子邮件）。"), "bad_request")
    request = _intake(
        org=org,
        applicant=applicant,
        channel=channel,
        received_on=received_on,
        description=description,
        format=format,
        delivery=delivery,
    )
    on = on or timezone.localdate()
    if on < received_on or on > timezone.localdate():  # after _intake, which explains a future receipt date first
        raise refuse(gettext("回执日期须在收到申请之日和今天之间。"), "bad_request")
    record(
        "requests.register",
        actor=by,
        org=org,
        obj=request,
        data={"channel": channel, "received_on": received_on.isoformat()},
    )
    issue_notice(request, "receipt", on=on, context={})
    _tell_handlers(request, f"新申请 {request.number}：请办理")
    return request


@transaction.atomic
def register_once(*, key: str, by, **registration) -> tuple[InfoRequest, bool]:
    """register guarded by the form's one-time key: a double click or a resubmitted page registers one request.
    Returns (request, replayed)."""
    from sunlight import idempotency

    outcome = idempotency.once(
        scope="requests.register",
        submitter=idempotency.submitter_of(by),
        key=key,
        create=lambda: str(register(by=by, **registration).pk),
    )
    return InfoRequest.objects.get(pk=int(outcome.row.object_id)), outcome.replay


@transaction.atomic
def request_correction(
    request: InfoRequest, *, by, items: str, correct_by: date, on: date | None = None, second_reason: str = ""
) -> InfoRequest:
    """补正告知 (Art. 30): once, in one notice, within 7 working days of receipt. A second notice is
    refused unless a new reason is recorded, and is then flagged. The clock stops until the
    corrected request arrives (it then restarts in full)."""
    request = InfoRequest.objects.select_for_update().get(pk=request.pk)
    _require_handler(by, request)
    _require_open(request)
    on = on or timezone.localdate()
    if not items.strip():
        raise refuse(gettext("请写明需要补正的事项和合理的补正期限。"), "bad_request")
    window = law.limit(law.CORRECTION_NOTICE).days
    if working_days_between(request.received_on, on) > window:
        raise refuse(
            gettext("补正告知须在收到申请之日起%(window)s个工作日内作出，已经超过。") % {"window": window},
            "correction_too_late",
        )
    if correct_by <= on:
        raise refuse(gettext("补正期限须晚于告知日期。"), "bad_request")
    if request.corrections and not second_reason.strip():
        raise refuse(gettext("补正应当一次性告知；再次告知须记录新的理由。"), "second_correction")
    clock = clock_of(request).pause(on, "补正告知")
    request.corrections += 1
    request.status = S.CORRECTING
    request.correction_due_on = correct_by
    _save_clock(request, clock, "corrections", "status", "correction_due_on")
    record(
        "requests.correction_notice",
        actor=by,
        org=request.org,
        obj=request,
        data={
            "items": items,
            "correct_by": correct_by.isoformat(),
            "second": request.corrections > 1,
            "second_reason": second_reason.strip(),
        },
    )
    issue_notice(request, "correction", on=on, context={"items": items.strip(), "correct_by": correct_by})
    return request


def _correction_arrived(request: InfoRequest, on: date, *fields: str) -> None:
    if request.status != S.CORRECTING:
        raise refuse(gettext("该申请没有待补正的事项。"), "bad_state")
    clock = clock_of(request).restart(on, "收到补正后的申请")
    request.status = S.PROCESSING
    _save_clock(request, clock, "status", *fields)


@transaction.atomic
def receive_correction(request: InfoRequest, *, by, on: date, note: str = "") -> InfoRequest:
    """The corrected request arrived (by post, in person…): the reply period counts in full again from that day (Art. 30)."""
    request = InfoRequest.objects.select_for_update().get(pk=request.pk)
    _require_handler(by, request)
    _require_open(request)
    _correction_arrived(request, on)
    record(
        "requests.correction_received",
        actor=by,
        org=request.org,
        obj=request,
        data={"on": on.isoformat(), "note": note},
    )
    return request


@transaction.atomic
def submit_correction(request: InfoRequest, *, text: str, user=None) -> InfoRequest:
    """补正 by the applicant online (the query code or the account was checked by the caller): the corrected
    description replaces the old one (kept in the event), received today (Art. 31, online), and the reply period
    counts in full again from today (Art. 30). Refused after the correction deadline: the request then lapses."""
    request = InfoRequest.objects.select_for_update().get(pk=request.pk)
    _require_open(request)
    text = (text or "").strip()
    if not text:
        raise refuse(gettext("请填写补正后的申请内容。"), "bad_request")
    if len(text) > 4000:
        raise refuse(gettext("补正内容不超过4000字。"), "bad_request")
    today = timezone.localdate()
    if request.status == S.CORRECTING and request.correction_due_on and today > request.correction_due_on:
        raise refuse(
            gettext("补正期限（%(day)s）已过，请与受理机关联系。") % {"day": request.correction_due_on.isoformat()},
            "correction_too_late",
        )
    previous = request.description
    request.description = text
    _correction_arrived(request, today, "description")
    record(
        "requests.correction_submitted",
        actor=user if user is not None and user.is_authenticated else None,
        org=request.org,
        obj=request,
        data={"on": today.isoformat(), "previous_description": previous},
    )
    _tell_handlers(request, f"申请 {request.number} 已补正，答复期限重新计算")
    return request


@transaction.atomic
def submit_correction_once(request: InfoRequest, *, key: str, text: str, user=None) -> tuple[InfoRequest, bool]:
    """submit_correction guarded by the form's one-time key: a second POST with it (double click, back and
    resubmit) sends nothing and is answered like the first. Returns (request, replayed)."""
    from sunlight import idempotency

    outcome = idempotency.once(
        scope="requests.correction",
        submitter=idempotency.submitter_of(user),
        key=key,
        create=lambda: str(submit_correction(request, text=text, user=user).pk),
    )
    return InfoRequest.objects.get(pk=int(outcome.row.object_id)), outcome.replay


def _tell_handlers(request: InfoRequest, title: str) -> None:
    """After commit, a to-do for the people who can act on the request (the queue shows it too; this is the nudge)."""
    from . import duties

    duties.tell(request, duties.request_key(request), title, due=request.due_on)


def _check_extension(request: InfoRequest, days: int, reason: str, on: date) -> None:
    """What the law asks of an extension (Art. 33), checked when it is asked for and again when it is approved."""
    allowed = law.limit(law.EXTENSION).days
    if request.extended_days:
        raise refuse(gettext("该申请已经延期，不能再次延期。"), "already_extended")
    if request.status != S.PROCESSING:
        raise refuse(
            gettext("申请当前状态为“%(status)s”，计时暂停，不能延期。") % {"status": request.get_status_display()},
            "bad_state",
        )
    if not 0 < days <= allowed:
        raise refuse(gettext("延长的期限最长不超过%(allowed)s个工作日。") % {"allowed": allowed}, "bad_request")
    if not reason.strip():
        raise refuse(gettext("请写明延期理由。"), "bad_request")
    if request.due_on and on > request.due_on:
        raise refuse(
            gettext("答复期限已过（%(day)s），不能再延期：延期须在答复期限届满前经批准。")
            % {"day": request.due_on.isoformat()},
            "too_late",
        )


@transaction.atomic
def extend(request: InfoRequest, *, by, approved_by, days: int, reason: str, on: date | None = None) -> InfoRequest:
    """延期答复 (Art. 33), the statutory act: at most 20 more working days, approved by the head of the disclosure
    office (recorded), the applicant told by an extension notice. Once, and before the deadline. `by` is the handler
    who asked for it; the doors never call this directly — it runs from approve_extension, in the approver's session."""
    request = InfoRequest.objects.select_for_update().get(pk=request.pk)
    _require_handler(by, request)
    _require_open(request)
    on = on or timezone.localdate()
    if approved_by is None or not scope.can_act(approved_by, request.org, APPROVER_ROLES):
        raise refuse(
            gettext("延期须经政府信息公开工作机构负责人（本机关审批人、审核人或管理员）同意。"),
            "extension_not_approved",
        )
    _check_extension(request, days, reason, on)
    clock = clock_of(request).extend(days, reason, on)
    clock.due_date  # noqa: B018 - the notice states the new deadline: beyond the loaded calendar this refuses (4xx), never guesses
    request.extended_days = days
    _save_clock(request, clock, "extended_days")
    record(
        "requests.extend",
        actor=by,
        org=request.org,
        obj=request,
        data={
            "days": days,
            "reason": reason,
            "approved_by": approved_by.get_username(),
            "due_on": request.due_on.isoformat(),
        },
    )
    issue_notice(
        request, "extension", on=on, context={"days": days, "reason": reason.strip(), "due_on": request.due_on}
    )
    return request


def extension_key(extension: Extension) -> str:
    """Under the request's key, so closing the request closes it (duties.close_request)."""
    from . import duties

    return duties.request_key(extension.request, f"extension:{extension.pk}")


@transaction.atomic
def request_extension(request: InfoRequest, *, by, days: int, reason: str, on: date | None = None) -> Extension:
    """延期申请: the handler asks the head of the disclosure office for more days, with the reason. Nothing changes
    on the clock yet; the approvers of the agency get a to-do linking to the request page."""
    from . import duties

    request = InfoRequest.objects.select_for_update().get(pk=request.pk)
    _require_handler(by, request)
    _require_open(request)
    on = on or timezone.localdate()
    reason = (reason or "").strip()
    if request.extensions.filter(status=Extension.Status.PENDING).exists():
        raise refuse(gettext("已有一项延期申请等待批准。"), "extension_pending")
    _check_extension(request, days, reason, on)
    extension = Extension.objects.create(request=request, days=days, reason=reason, requested_by=by, requested_on=on)
    record(
        "requests.extension_requested",
        actor=by,
        org=request.org,
        obj=request,
        data={"extension": extension.pk, "days": days, "reason": reason, "on": on.isoformat()},
    )
    duties.tell(
        request,
        extension_key(extension),
        f"审批延期申请：{request.number}（延长{days}个工作日）",
        roles=APPROVER_ROLES,
        level="warning",
        due=request.due_on,
        detail=reason[:200],
    )
    return extension


def _lock_pending_extension(extension: Extension, by) -> tuple[InfoRequest, Extension]:
    request = InfoRequest.objects.select_for_update().get(pk=extension.request_id)
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    scope.require(by, request.org, APPROVER_ROLES, what="审批延期答复")
    if extension.status != Extension.Status.PENDING:
        raise refuse(
            gettext("该延期申请已经处理（%(status)s）。") % {"status": extension.get_status_display()},
            "extension_decided",
        )
    if by.pk == extension.requested_by_id and not by.is_superuser:
        raise refuse(gettext("提出延期的人不能批准自己的延期申请，须由本机关其他审批人批准。"), "own_extension")
    return request, extension


@transaction.atomic
def approve_extension(extension: Extension, *, by, on: date | None = None, note: str = "") -> InfoRequest:
    """批准延期: the head of the disclosure office approves in their own session; only now the clock is extended
    and the applicant told (extend). After the deadline (the statutory window) it is refused with the reason."""
    from . import duties

    request, extension = _lock_pending_extension(extension, by)
    on = on or timezone.localdate()
    if request.due_on and on > request.due_on:
        raise refuse(
            gettext(
                "答复期限已过（%(day)s），不能再批准延期：第三十三条的延期须在答复期限内作出。请作出不予批准的决定，并尽快答复。"
            )
            % {"day": request.due_on.isoformat()},
            "too_late",
        )
    request = extend(
        request, by=extension.requested_by, approved_by=by, days=extension.days, reason=extension.reason, on=on
    )
    extension.status, extension.decided_by, extension.decided_on = Extension.Status.APPROVED, by, on
    extension.decision_reason = (note or "").strip()
    extension.save(update_fields=["status", "decided_by", "decided_on", "decision_reason"])
    record(
        "requests.extension_approved",
        actor=by,
        org=request.org,
        obj=request,
        data={
            "extension": extension.pk,
            "days": extension.days,
            "on": on.isoformat(),
            "due_on": request.due_on.isoformat(),
        },
    )
    duties.close(extension_key(extension))
    duties.tell(
        request,
        extension_key(extension) + ":decided",
        f"延期已批准：{request.number}，答复期限延至 {request.due_on.isoformat()}",
        users=[extension.requested_by],
        due=request.due_on,
    )
    return request


@transaction.atomic
def refuse_extension(extension: Extension, *, by, reason: str, on: date | None = None) -> Extension:
    """不予批准延期: the approver refuses, with the reason; the handler is told. The clock does not move."""
    from . import duties

    request, extension = _lock_pending_extension(extension, by)
    on = on or timezone.localdate()
    reason = (reason or "").strip()
    if not reason:
        raise refuse(gettext("请写明不予批准的理由。"), "bad_request")
    extension.status, extension.decided_by, extension.decided_on, extension.decision_reason = (
        Extension.Status.REFUSED,
        by,
        on,
        reason,
    )
    extension.save(update_fields=["status", "decided_by", "decided_on", "decision_reason"])
    record(
        "requests.extension_refused",
        actor=by,
        org=request.org,
        obj=request,
        data={"extension": extension.pk, "reason": reason, "on": on.isoformat()},
    )
    duties.close(extension_key(extension))
    duties.tell(
        request,
        extension_key(extension) + ":decided",
        f"延期未获批准：{request.number}，请在原答复期限内答复",
        users=[extension.requested_by],
        level="warning",
        due=request.due_on,
        detail=reason[:200],
    )
    return extension


# While a window of the applicant or a third party is open the agency cannot answer, except by the
# outcome that closes that very window once it has lapsed (Art. 30: 其他处理 1; 109号: 其他处理 2).
_WAITING = {
    S.CORRECTING: (gettext_lazy("申请正在等待补正，收到补正或补正期限届满（其他处理 1）前不能答复。"), ("other", 1)),
    S.FEE_PENDING: (
        gettext_lazy("申请正在等待缴纳信息处理费，缴费或缴费期限届满（其他处理 2）前不能答复。"),
        ("other", 2),
    ),
    S.CONSULTING: (gettext_lazy("申请正在征求第三方或其他机关意见，征求意见结束前不能答复。"), None),
}


def _check_state_for(request: InfoRequest, category: str, number: int | None, on: date) -> None:
    lapse = {("other", 1): ("correction_due_on", S.CORRECTING), ("other", 2): ("fee_due_on", S.FEE_PENDING)}
    waiting = _WAITING.get(request.status)
    if waiting and (category, number) != waiting[1]:
        raise refuse(waiting[0], "bad_state")
    if (category, number) in lapse:
        field, status = lapse[(category, number)]
        deadline = getattr(request, field)
        if request.status != status or deadline is None or on <= deadline:
            what = "补正期限" if status == S.CORRECTING else "缴费期限"
            raise refuse(
                gettext("只有申请人在%(what)s届满后仍未%(act)s的，才能以此类型答复。")
                % {"what": what, "act": "补正" if status == S.CORRECTING else "缴费"},
                "bad_request",
            )


def _reply_details(
    request: InfoRequest,
    category: str,
    number: int | None,
    *,
    withheld_parts,
    disclosed_document,
    referred_agency: str,
    repeat_of,
) -> dict:
    """What the outcome must or may carry (Art. 36–37), validated; refusals say which rule."""
    from sunlight.disclosure.models import Document

    from .repeats import earlier_q, same_applicant_q

    parts = []
    for item in withheld_parts or []:
        part = str((item or {}).get("part", "")).strip() if isinstance(item, dict) else ""
        reason = str((item or {}).get("reason", "")).strip() if isinstance(item, dict) else ""
        if not part or not reason:
            raise refuse(gettext("每一项不予公开的部分都须写明内容和理由。"), "bad_request")
        parts.append({"part": part, "reason": reason})
    if category == "partial" and not parts:
        raise refuse(gettext("部分公开须列明不予公开的部分及其理由（第三十七条）。"), "bad_request")
    if parts and category != "partial":
        raise refuse(gettext("只有部分公开的答复才列明不予公开的部分。"), "bad_request")

    document = None
    if disclosed_document is not None:
        if category != "disclosed":
            raise refuse(gettext("只有予以公开的答复才能指向已主动公开的政府信息。"), "bad_request")
        pk = disclosed_document.pk if isinstance(disclosed_document, Document) else disclosed_document
        document = Document.objects.filter(pk=pk).first() if isinstance(pk, int) else None
        if document is None or not document.is_public:
            raise refuse(gettext("所指的政府信息不存在或不是已发布的主动公开信息（第三十六条第一项）。"), "bad_request")

    agency = (referred_agency or "").strip()
    if agency and (category, number) != ("unavailable", 1):
        raise refuse(gettext("只有“本机关不掌握相关政府信息”的答复才告知负责公开的机关。"), "bad_request")

    earlier = None
    if (category, number) == ("not_handled", 2) and repeat_of is None:
        raise refuse(gettext("重复申请须指明此前已答复的同一申请人的申请。"), "bad_request")
    if repeat_of is not None:
        if (category, number) != ("not_handled", 2):
            raise refuse(gettext("只有“重复申请”的答复才指向此前的申请。"), "bad_request")
        pk = repeat_of.pk if isinstance(repeat_of, InfoRequest) else repeat_of
        earlier = (
            InfoRequest.objects.filter(same_applicant_q(request), earlier_q(request), pk=pk, org_id=request.org_id)
            .exclude(pk=request.pk)
            .first()
            if isinstance(pk, int)
            else None
        )
        if earlier is None:
            raise refuse(gettext("所指的申请不是同一申请人此前向本机关提出的申请。"), "bad_request")
        if earlier.status != S.CLOSED:
            raise refuse(gettext("所指的申请尚未答复，不能认定为重复申请。"), "bad_request")
    return {"withheld_parts": parts, "disclosed_document": document, "referred_agency": agency, "repeat_of": earlier}


def _check_sign_off(request: InfoRequest, by, signed_off_by) -> None:
    from django.conf import settings

    if signed_off_by is None:
        if getattr(settings, "REQUESTS_REPLY_SIGNOFF", False):
            raise refuse(gettext("本机关的答复须经审批人签发：请提交答复稿，由审批人签发后发出。"), "signoff_required")
        return
    if not scope.can_act(signed_off_by, request.org, APPROVER_ROLES):
        raise refuse(gettext("签发人须为本机关审批人、审核人或管理员。"), "signoff_not_allowed")
    if signed_off_by.pk == by.pk and not signed_off_by.is_superuser:
        raise refuse(gettext("拟稿人不能签发自己的答复稿。"), "own_draft")


def _size_label(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))} KB"


def _attachment_lines(request: InfoRequest) -> list[dict]:
    """The reply's files as the notice lists them: name and size."""
    return [{"name": a.name, "size": _size_label(a.size)} for a in request.reply_attachments.all()]


def _reply_notice_context(details: dict) -> dict:
    """The details as the reply notice prints them (legal text; the document by title, 索引号 and address)."""
    from django.urls import reverse

    doc, earlier = details["disclosed_document"], details["repeat_of"]
    return {
        "withheld_parts": details["withheld_parts"],
        "disclosed_document": {
            "title": doc.title,
            "index_number": doc.index_number,
            "doc_number": doc.doc_number,
            "url": reverse("disclosure:document", args=[doc.pk]),
        }
        if doc
        else None,
        "referred_agency": details["referred_agency"],
        "repeat_of": {
            "number": earlier.number,
            "received_on": cn_date(earlier.received_on),
            "replied_on": cn_date(earlier.replied_on) if earlier.replied_on else "",
        }
        if earlier
        else None,
    }


@transaction.atomic
def reply(
    request: InfoRequest,
    *,
    by,
    category: str,
    number: int | None = None,
    text: str,
    on: date | None = None,
    withheld_parts: list[dict] | None = None,
    disclosed_document=None,
    referred_agency: str = "",
    repeat_of=None,
    signed_off_by=None,
) -> InfoRequest:
    """答复 (Art. 36–39): close the request with exactly one of the law's outcomes and what it must carry:
    部分公开 the withheld parts with reasons (Art. 37); 予以公开 optionally the published document it is
    in (Art. 36(1)); 无法提供 1 optionally the agency that holds it (Art. 36(5)); 不予处理 2 the earlier,
    answered request it repeats (Art. 36(6)). No reply while a correction, fee or consultation is open.
    With settings.REQUESTS_REPLY_SIGNOFF the reply needs `signed_off_by`, an approver other than `by` (it runs from
    replies.sign_off_reply, in the approver's session). The files uploaded for the reply are listed in the notice."""
    request = InfoRequest.objects.select_for_update().get(pk=request.pk)
    _require_handler(by, request)
    _require_open(request)
    _check_sign_off(request, by, signed_off_by)
    outcome = law.outcome(category, number)
    on = on or timezone.localdate()
    _check_state_for(request, category, number, on)
    if on < request.received_on:
        raise refuse(gettext("答复日期不能早于收到申请日期。"), "bad_request")
    if not text.strip():
        raise refuse(gettext("请写明答复内容和理由。"), "bad_request")
    details = _reply_details(
        request,
        category,
        number,
        withheld_parts=withheld_parts,
        disclosed_document=disclosed_document,
        referred_agency=referred_agency,
        repeat_of=repeat_of,
    )
    request.outcome, request.reply_text, request.replied_on, request.status = outcome, text.strip(), on, S.CLOSED
    for field, value in details.items():
        setattr(request, field, value)
    request.save(update_fields=["outcome", "reply_text", "replied_on", "status", *details, "updated_at"])
    doc, earlier = details["disclosed_document"], details["repeat_of"]
    record(
        "requests.reply",
        actor=by,
        org=request.org,
        obj=request,
        data={
            "outcome": outcome.printed_name,
            "on": on.isoformat(),
            "overdue": bool(request.due_on and on > request.due_on),
            "withheld_parts": len(details["withheld_parts"]),
            "disclosed_document": doc.index_number if doc else "",
            "referred_agency": details["referred_agency"],
            "repeat_of": earlier.number if earlier else "",
            "attachments": [a.name for a in request.reply_attachments.all()],
            "signed_off_by": signed_off_by.get_username() if signed_off_by is not None else "",
        },
    )
    issue_notice(
        request, "reply", on=on, context={**_reply_notice_context(details), "attachments": _attachment_lines(request)}
    )
    _closed(request)
    return request


@transaction.atomic
def split_request(request: InfoRequest, *, by, parts: list[str], on: date | None = None) -> list[InfoRequest]:
    """一事一申请: a submission with several unrelated matters becomes one request per matter. The request
    keeps parts[0]; each other part is a new request of the same applicant, received the same day (its
    own clock from that day, its own receipt), followed with the same account or query code.
    Returns [the original, *the new ones]."""
    request = InfoRequest.objects.select_for_update().get(pk=request.pk)
    _require_handler(by, request)
    _require_open(request)
    on = on or timezone.localdate()
    parts = [p.strip() for p in parts or [] if isinstance(p, str) and p.strip()]
    if len(parts) < 2:
        raise refuse(gettext("拆分须至少有两项彼此无关的申请内容。"), "bad_request")
    if on < request.received_on:
        raise refuse(gettext("拆分日期不能早于收到申请日期。"), "bad_request")
    before = request.description
    request.description = parts[0]
    request.save(update_fields=["description", "updated_at"])
    copied = {
        f: getattr(request, f)
        for f in (
            "org",
            "channel",
            "applicant_user",
            "applicant_type",
            "applicant_name",
            "id_number",
            "id_number_index",
            "phone",
            "email",
            "address",
            "format",
            "delivery",
            "query_code_hash",
            "submitted_at",
            "received_on",
        )
    }
    created = []
    for part in parts[1:]:
        new = _create(**copied, description=part, split_from=request)
        _save_clock(new, Clock(law.limit(law.REPLY).days).start(new.received_on, f"收到申请（拆分自{request.number}）"))
        record(
            "requests.split_off",
            actor=by,
            org=new.org,
            obj=new,
            data={"split_from": request.number, "received_on": new.received_on.isoformat()},
        )
        issue_notice(new, "receipt", on=on, context={})
        created.append(new)
    record(
        "requests.split",
        actor=by,
        org=request.org,
        obj=request,
        before={"description": before},
        after={"description": request.description},
        data={"into": [r.number for r in created], "on": on.isoformat()},
    )
    return [request, *created]


@transaction.atomic
def reveal_personal_data(request: InfoRequest, *, by, ip: str | None = None) -> None:
    """显示完整信息: a handler looks at the decrypted personal data; who looked, and when, is recorded."""
    scope.require(by, request.org, HANDLER_ROLES, what="查看申请人完整信息")
    record(
        "requests.reveal_personal_data",
        actor=by,
        org=request.org,
        obj=request,
        ip=ip,
        data={"fields": ["applicant_name", "id_number", "phone", "email", "address"]},
    )
