"""补正 (Art. 30): the notice, the corrected request received by staff or submitted online, and the lapse."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from sunlight.clock.calendar import working_days_between
from sunlight.errors import refuse
from sunlight.events.log import record

from .. import law
from ..models import InfoRequest
from ..notices import cn_date, issue_notice
from .common import close_as_lapsed, each_in_own_transaction, once, tell_handlers
from .rules import S, clock_of, lock, require_handler, require_open, save_clock

CORRECTION_LAPSE_TEXT = (
    "本机关于{notified}告知您对政府信息公开申请作出补正，补正期限为{due}。您无正当理由逾期未补正，"
    "根据《中华人民共和国政府信息公开条例》第三十条，视为放弃申请，本机关不再处理该政府信息公开申请。"
)


@transaction.atomic
def request_correction(
    info_request: InfoRequest, *, by, items: str, correct_by: date, on: date | None = None, second_reason: str = ""
) -> InfoRequest:
    """补正告知 (Art. 30): once, in one notice, within 7 working days of receipt. A second notice is
    refused unless a new reason is recorded, and is then flagged. The clock stops until the
    corrected request arrives (it then restarts in full)."""
    info_request = lock(info_request)
    require_handler(by, info_request)
    require_open(info_request)
    on = on or timezone.localdate()
    if not items.strip():
        raise refuse(gettext("请写明需要补正的事项和合理的补正期限。"), "bad_request")
    window = law.limit(law.CORRECTION_NOTICE).days
    if working_days_between(info_request.received_on, on) > window:
        raise refuse(
            gettext("补正告知须在收到申请之日起%(window)s个工作日内作出，已经超过。") % {"window": window},
            "correction_too_late",
        )
    if correct_by <= on:
        raise refuse(gettext("补正期限须晚于告知日期。"), "bad_request")
    if info_request.corrections and not second_reason.strip():
        raise refuse(gettext("补正应当一次性告知；再次告知须记录新的理由。"), "second_correction")
    clock = clock_of(info_request).pause(on, "补正告知")
    info_request.corrections += 1
    info_request.status = S.CORRECTING
    info_request.correction_due_on = correct_by
    save_clock(info_request, clock, "corrections", "status", "correction_due_on")
    record(
        "requests.correction_notice",
        actor=by,
        org=info_request.org,
        obj=info_request,
        data={
            "items": items,
            "correct_by": correct_by.isoformat(),
            "second": info_request.corrections > 1,
            "second_reason": second_reason.strip(),
        },
    )
    issue_notice(info_request, "correction", on=on, context={"items": items.strip(), "correct_by": correct_by})
    return info_request


def _correction_arrived(info_request: InfoRequest, on: date, *fields: str) -> None:
    if info_request.status != S.CORRECTING:
        raise refuse(gettext("该申请没有待补正的事项。"), "bad_state")
    clock = clock_of(info_request).restart(on, "收到补正后的申请")
    info_request.status = S.PROCESSING
    save_clock(info_request, clock, "status", *fields)


@transaction.atomic
def receive_correction(info_request: InfoRequest, *, by, on: date, note: str = "") -> InfoRequest:
    """The corrected request arrived (by post, in person…): the reply period counts in full again from that day (Art. 30)."""
    info_request = lock(info_request)
    require_handler(by, info_request)
    require_open(info_request)
    _correction_arrived(info_request, on)
    record(
        "requests.correction_received",
        actor=by,
        org=info_request.org,
        obj=info_request,
        data={"on": on.isoformat(), "note": note},
    )
    return info_request


@transaction.atomic
def submit_correction(info_request: InfoRequest, *, text: str, user=None) -> InfoRequest:
    """补正 by the applicant online (the query code or the account was checked by the caller): the corrected
    description replaces the old one (kept in the event), received today (Art. 31, online), and the reply period
    counts in full again from today (Art. 30). Refused after the correction deadline: the request then lapses."""
    info_request = lock(info_request)
    require_open(info_request)
    text = (text or "").strip()
    if not text:
        raise refuse(gettext("请填写补正后的申请内容。"), "bad_request")
    if len(text) > 4000:
        raise refuse(gettext("补正内容不超过4000字。"), "bad_request")
    today = timezone.localdate()
    if (
        info_request.status == S.CORRECTING
        and info_request.correction_due_on
        and today > info_request.correction_due_on
    ):
        raise refuse(
            gettext("补正期限（%(day)s）已过，请与受理机关联系。")
            % {"day": info_request.correction_due_on.isoformat()},
            "correction_too_late",
        )
    previous = info_request.description
    info_request.description = text
    _correction_arrived(info_request, today, "description")
    record(
        "requests.correction_submitted",
        actor=user if user is not None and user.is_authenticated else None,
        org=info_request.org,
        obj=info_request,
        data={"on": today.isoformat(), "previous_description": previous},
    )
    tell_handlers(info_request, f"申请 {info_request.number} 已补正，答复期限重新计算")
    return info_request


@transaction.atomic
def submit_correction_once(info_request: InfoRequest, *, key: str, text: str, user=None) -> tuple[InfoRequest, bool]:
    """submit_correction guarded by the form's one-time key: a second POST with it (double click, back and
    resubmit) sends nothing and is answered like the first. Returns (request, replayed)."""
    info_request, outcome = once(
        "requests.correction",
        key=key,
        submitter=user,
        create=lambda: submit_correction(info_request, text=text, user=user),
    )
    return info_request, outcome.replay


def lapse_corrections(today: date | None = None) -> int:
    """System act (Art. 30): a request not corrected by its correction deadline is treated as abandoned and
    closed as 其他处理 1, with a reply notice. Idempotent; returns how many were closed."""
    today = today or timezone.localdate()
    return each_in_own_transaction(
        InfoRequest.objects.filter(status=S.CORRECTING, correction_due_on__lt=today).values_list("pk", flat=True),
        lambda pk: _close_uncorrected(pk, today),
        "lapse_corrections",
    )


@transaction.atomic
def _close_uncorrected(pk: int, today: date) -> int:
    info_request = InfoRequest.objects.select_related("org").select_for_update().get(pk=pk)
    if (
        info_request.status != S.CORRECTING
        or not info_request.correction_due_on
        or info_request.correction_due_on >= today
    ):
        return 0
    notified = next((e["date"] for e in reversed(info_request.clock_events) if e["kind"] == "pause"), None)
    notified_text = cn_date(date.fromisoformat(notified)) if notified else "此前"
    close_as_lapsed(
        info_request,
        category="other",
        number=1,
        on=today,
        verb="requests.correction_lapse",
        text=CORRECTION_LAPSE_TEXT.format(notified=notified_text, due=cn_date(info_request.correction_due_on)),
        data={"correction_due_on": info_request.correction_due_on.isoformat()},
    )
    return 1
