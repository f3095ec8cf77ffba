"""征求意见 (Art. 32–34), the reasonable later deadline (Art. 35) and the lapse of a consultation's window.

While any consultation of a request is open its reply clock is paused (Art. 33: the time is not counted);
it resumes when the last one is answered or its window ends. A lapse is a system act (no actor): the
daily task (tasks.lapse_due) runs it, and running it twice changes nothing.
Facts: shared/reference/disclosure-law.md."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from sunlight.clock.calendar import get_calendar, working_days_between
from sunlight.clock.clock import Clock
from sunlight.errors import refuse
from sunlight.events.log import record
from sunlight.orgs import scope

from .. import duties, law
from ..models import Consultation, InfoRequest
from ..notices import LAWSUIT_BASIS, LAWSUIT_MONTHS, RECONSIDERATION_BASIS, RECONSIDERATION_DAYS, issue_notice
from ..roles import APPROVER_ROLES
from .common import each_in_own_transaction
from .rules import S, clock_of, require_handler, require_open, save_clock

K = Consultation.Kind
A = Consultation.Answer


# The clock's pause reasons (shown to the applicant in the deadline's explanation: never the party's name).
PAUSE_REASONS = {K.THIRD_PARTY: "征求第三方意见", K.AGENCY: "征求其他机关意见", K.CO_PRODUCER: "征求其他机关意见"}
RESUME_REASON = "征求意见结束"


AGENCY_LETTER_TITLE = "政府信息公开征求意见函"  # legal text, as Notice.TITLES
REASONABLE_PREFIX = "第三十五条"


def _limit_key(kind: str) -> str:
    # Art. 32 for a third party; Art. 34 (and the same 15 days) for a co-producer or another agency.
    return law.THIRD_PARTY_REPLY if kind == K.THIRD_PARTY else law.CO_PRODUCER_REPLY


def _today(on: date | None) -> date:
    return on or timezone.localdate()


def _lock(info_request: InfoRequest) -> InfoRequest:
    return InfoRequest.objects.select_related("org").select_for_update().get(pk=info_request.pk)


def _lock_consultation(consultation: Consultation) -> tuple[InfoRequest, Consultation]:
    """Lock the request first, then the consultation: every act here takes them in this order."""
    info_request = _lock(consultation.request)
    return info_request, Consultation.objects.select_for_update().get(pk=consultation.pk)


def _last_clock_day(clock: Clock) -> date | None:
    days = [e.date for e in clock.events if e.date is not None]
    return max(days) if days else None


def _resume_if_done(info_request: InfoRequest) -> date | None:
    """Resume the clock when no consultation of the request is open any more; returns the day it resumed.

    The uncounted time ends when the last window closed: the answer, or the window's end if the answer
    came later (the 15 working days are the most Art. 32/34 allow), never before the clock's last event.
    """
    if info_request.status != S.CONSULTING or info_request.consultations.filter(answer=A.PENDING).exists():
        return None
    clock = clock_of(info_request)
    if not clock.is_paused:
        return None
    ends = [min(c.answered_on or c.due_on, c.due_on) for c in info_request.consultations.exclude(answer=A.PENDING)]
    last = _last_clock_day(clock)
    day = max([d for d in ends + [last] if d is not None])
    clock.resume(day, RESUME_REASON)
    info_request.status = S.PROCESSING
    save_clock(info_request, clock, "status")
    return day


def _letter_context(c: Consultation, limit) -> dict:
    """What the letter to the party needs. It is addressed to the party, so the salutation is theirs; a letter
    to an agency is not a third-party letter, so it carries the general title."""
    title = {} if c.kind == K.THIRD_PARTY else {"title": AGENCY_LETTER_TITLE}
    return {
        **title,
        "applicant_name": c.party,
        "party": c.party,
        "kind": c.kind,
        "kind_label": c.get_kind_display(),
        "matter": c.matter,
        "sent_on": c.sent_on,
        "reply_by": c.due_on,
        "reply_limit_days": limit.days,
        "article": limit.article,
        "is_third_party": c.kind == K.THIRD_PARTY,
        "reply_by_estimated": c.due_on_estimated,
    }


@transaction.atomic
def consult(
    info_request: InfoRequest,
    *,
    by,
    kind: str,
    party: str,
    matter: str,
    party_address: str = "",
    on: date | None = None,
) -> Consultation:
    """书面征求意见: a third party (Art. 32) or a co-producer / another agency (Art. 34), 15 working days to answer.

    The first open consultation pauses the reply clock (Art. 33: the time is not counted)."""
    info_request = _lock(info_request)
    require_handler(by, info_request)
    require_open(info_request)
    on = _today(on)
    if info_request.status not in (S.PROCESSING, S.CONSULTING):
        raise refuse(
            gettext("申请当前状态为“%(status)s”，不能征求意见；请待补正或缴费完成后再办理。")
            % {"status": info_request.get_status_display()},
            "bad_state",
        )
    if kind not in K.values:
        raise refuse(gettext("请选择征求意见的对象类别（第三方、其他机关或共同制作机关）。"), "bad_request")
    party, matter = (party or "").strip(), (matter or "").strip()
    if not party or len(party) > 200:
        raise refuse(gettext("请填写征求意见的对象（不超过200字）。"), "bad_request")
    if not matter:
        raise refuse(gettext("请写明征求意见的事项。"), "bad_request")
    if on < info_request.received_on or on > timezone.localdate():
        raise refuse(gettext("发函日期须在收到申请之后、不晚于今天。"), "bad_request")
    limit = law.limit(_limit_key(kind))
    due_on = get_calendar().add(on, limit.days, "working")
    first = info_request.status == S.PROCESSING  # while consulting the clock is already paused
    if first:
        clock = clock_of(info_request).pause(on, PAUSE_REASONS[kind])
        info_request.status = S.CONSULTING
        save_clock(info_request, clock, "status")
    c = Consultation.objects.create(
        request=info_request,
        kind=kind,
        party=party,
        party_address=(party_address or "").strip(),
        matter=matter,
        sent_on=on,
        due_on=due_on,
    )
    record(
        "requests.consult",
        actor=by,
        org=info_request.org,
        obj=info_request,
        data={
            "consultation": c.pk,
            "kind": kind,
            "party": party,
            "sent_on": on.isoformat(),
            "due_on": due_on.isoformat(),
            "paused": first,
        },
    )
    issue_notice(info_request, "consultation", on=on, context=_letter_context(c, limit))
    return c


@transaction.atomic
def record_answer(
    consultation: Consultation, *, by, answer: str, text: str = "", on: date | None = None
) -> Consultation:
    """The party's answer: consent, or an objection with its reasons. The last answer resumes the clock."""
    info_request, c = _lock_consultation(consultation)
    require_handler(by, info_request)
    require_open(info_request)
    on = _today(on)
    text = (text or "").strip()
    if not c.is_open:
        raise refuse(
            gettext("该征求意见已有结果（%(answer)s），不能再记录。") % {"answer": c.get_answer_display()},
            "consultation_closed",
        )
    if answer not in (A.CONSENT, A.OBJECTION):
        raise refuse(gettext("意见只能是同意公开或不同意公开。"), "bad_request")
    if answer == A.OBJECTION and not text:
        raise refuse(gettext("不同意公开的，请记录其理由（第三十二条：合理理由）。"), "bad_request")
    if on < c.sent_on or on > timezone.localdate():
        raise refuse(gettext("答复日期须在发函之后、不晚于今天。"), "bad_request")
    c.answer, c.answer_text, c.answered_on = answer, text, on
    c.save(update_fields=["answer", "answer_text", "answered_on"])
    resumed = _resume_if_done(info_request)
    record(
        "requests.consultation_answer",
        actor=by,
        org=info_request.org,
        obj=info_request,
        data={
            "consultation": c.pk,
            "answer": answer,
            "on": on.isoformat(),
            "late": on > c.due_on,
            "resumed_on": resumed.isoformat() if resumed else None,
        },
    )
    if answer == A.OBJECTION and c.kind == K.THIRD_PARTY:
        # Only the head may decide to disclose despite the objection (Art. 32): the decision is theirs to consider.
        duties.tell(
            info_request,
            _objection_key(info_request, c),
            f"第三方不同意公开：{info_request.number}，如认为不公开可能对公共利益造成重大影响，可决定予以公开",
            roles=APPROVER_ROLES,
            due=info_request.due_on,
        )
    return c


def _objection_key(info_request: InfoRequest, c: Consultation) -> str:
    return f"request:{info_request.pk}:objection:{c.pk}"


@transaction.atomic
def override_objection(consultation: Consultation, *, by, reason: str, on: date | None = None) -> Consultation:
    """Art. 32: the agency finds that withholding would gravely affect the public interest and decides to disclose
    despite the third party's objection. The head decides (APPROVER_ROLES); the third party is told in writing."""
    info_request, c = _lock_consultation(consultation)
    scope.require(by, info_request.org, APPROVER_ROLES, what="因公共利益决定公开第三方不同意公开的信息")
    require_open(info_request)
    on = _today(on)
    reason = (reason or "").strip()
    if c.kind != K.THIRD_PARTY or c.answer != A.OBJECTION:
        raise refuse(gettext("只有第三方不同意公开的，才需要因公共利益作出公开决定。"), "not_an_objection")
    if c.public_interest_override:
        raise refuse(gettext("已经作出因公共利益公开的决定。"), "already_overridden")
    if not reason:
        raise refuse(gettext("请写明不公开可能对公共利益造成重大影响的理由。"), "bad_request")
    if on < (c.answered_on or c.sent_on) or on > timezone.localdate():
        raise refuse(gettext("决定日期须在第三方答复之后、不晚于今天。"), "bad_request")
    c.public_interest_override, c.override_reason = True, reason
    c.save(update_fields=["public_interest_override", "override_reason"])
    duties.close(_objection_key(info_request, c))
    record(
        "requests.consultation_override",
        actor=by,
        org=info_request.org,
        obj=info_request,
        data={"consultation": c.pk, "reason": reason, "on": on.isoformat()},
    )
    issue_notice(
        info_request,
        "third_party_decision",
        on=on,
        context={
            "applicant_name": c.party,
            "party": c.party,
            "matter": c.matter,
            "reason": reason,
            "sent_on": c.sent_on,
            "objection": c.answer_text,
            "objected_on": c.answered_on or c.sent_on,
            "reconsideration_days": RECONSIDERATION_DAYS,
            "reconsideration_basis": RECONSIDERATION_BASIS,
            "lawsuit_months": LAWSUIT_MONTHS,
            "lawsuit_basis": LAWSUIT_BASIS,
        },
    )
    return c


def lapse_consultations(today: date | None = None) -> int:
    """System act: every consultation whose window ended before `today` without an answer becomes 逾期未答复
    (third party: the agency decides; co-producer / agency: consent). Idempotent; returns how many lapsed."""
    today = today or timezone.localdate()
    return each_in_own_transaction(
        Consultation.objects.filter(answer=A.PENDING, due_on__lt=today).values_list("pk", flat=True),
        lambda pk: _lapse_one(pk, today),
        "lapse_consultations",
    )


@transaction.atomic
def _lapse_one(pk: int, today: date) -> int:
    c = Consultation.objects.filter(pk=pk).select_related("request").first()
    if c is None:
        return 0
    info_request, c = _lock_consultation(c)
    if not c.is_open or c.due_on >= today:  # answered or lapsed meanwhile
        return 0
    c.answer, c.answered_on = A.NO_REPLY, c.due_on
    c.save(update_fields=["answer", "answered_on"])
    resumed = _resume_if_done(info_request) if not info_request.is_closed else None
    record(
        "requests.consultation_lapse",
        actor=None,
        org=info_request.org,
        obj=info_request,
        data={
            "consultation": c.pk,
            "kind": c.kind,
            "due_on": c.due_on.isoformat(),
            "means": "consent" if c.kind != K.THIRD_PARTY else "agency_decides",
            "resumed_on": resumed.isoformat() if resumed else None,
        },
    )
    return 1


@transaction.atomic
def set_reasonable_deadline(
    info_request: InfoRequest, *, by, due_on: date, reason: str, on: date | None = None
) -> InfoRequest:
    """Art. 35: the applicant's requests clearly exceed a reasonable range, are reasonable but cannot be answered
    in time: the agency sets a later, reasonable deadline and tells the applicant. Once, before the deadline."""
    info_request = _lock(info_request)
    require_handler(by, info_request)
    require_open(info_request)
    on = _today(on)
    reason = (reason or "").strip()
    if info_request.reasonable_due_on:
        raise refuse(gettext("已经依照第三十五条确定过答复期限，不能再次确定。"), "already_set")
    if info_request.status != S.PROCESSING or info_request.due_on is None:
        raise refuse(gettext("只能在办理中（计时进行中）的申请上确定答复期限。"), "bad_state")
    if not reason:
        raise refuse(
            gettext("请写明申请数量、频次明显超过合理范围且理由合理、但无法在期限内答复的情况。"), "bad_request"
        )
    if on > info_request.due_on:
        raise refuse(gettext("答复期限已过，不能再确定新的答复期限。"), "too_late")
    if due_on <= info_request.due_on:
        raise refuse(gettext("确定的答复期限须晚于当前答复期限。"), "bad_request")
    if not get_calendar().is_workday(due_on):
        raise refuse(gettext("确定的答复期限应为工作日。"), "bad_request")
    days = working_days_between(info_request.due_on, due_on)
    previous = info_request.due_on
    clock = clock_of(info_request).extend(days, f"{REASONABLE_PREFIX}：{reason}", on)
    info_request.reasonable_due_on = due_on
    save_clock(info_request, clock, "reasonable_due_on")
    record(
        "requests.reasonable_deadline",
        actor=by,
        org=info_request.org,
        obj=info_request,
        data={
            "reason": reason,
            "days": days,
            "previous_due_on": previous.isoformat(),
            "due_on": info_request.due_on.isoformat(),
        },
    )
    issue_notice(
        info_request,
        "deadline",
        on=on,
        context={"reason": reason, "days": days, "previous_due_on": previous, "due_on": info_request.due_on},
    )
    return info_request
