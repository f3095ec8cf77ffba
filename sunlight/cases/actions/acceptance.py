"""Acceptance (受理), 《行政许可法》 Art. 32: within 5 working days of receipt, accept, refuse with reasons, or tell
the applicant in ONE notice everything to correct; with no answer in time the application counts as accepted
from the day it was received (the nightly job does that). 即办件 are accepted, decided and delivered on the spot."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext

from sunlight.clock.calendar import get_calendar
from sunlight.errors import refuse
from sunlight.events.log import record
from sunlight.notify.todos import close_todos

from .. import days
from ..models import Case, CaseKind, CaseStep, HandlingWay
from ..notices import K, issue_notice
from .joint_rules import pause_for_correction
from .levels import plan_for_case
from .rules import (
    CLERK_ROLES,
    HANDLING_ROLES,
    apply_clock,
    hand_to,
    lock,
    require_reason,
    require_staff,
    require_status,
    tell_applicant,
    todo_key,
)

WAITING = (Case.Status.SUBMITTED,)


@transaction.atomic
def prereview_case(case: Case, *, by, note: str = "") -> Case:
    """在线预审: a clerk has looked at an online application before deciding on it (recorded, no legal effect)."""
    case = lock(case)
    require_staff(by, case, CLERK_ROLES, gettext("预审"))
    require_status(case, *WAITING, act=gettext("预审"))
    case.prereviewed_at = days.now()
    case.save(update_fields=["prereviewed_at", "updated_at"])
    record("cases.prereview", actor=by, org=case.org, obj=case, data={"note": (note or "")[:500]})
    return case


def _start_steps(case: Case, on: date) -> None:
    """The version's steps for this case (after the lower level's 初审 for a case accepted below, levels.py); the
    first starts today with its own limit and goes to its post's to-do."""
    steps = [
        CaseStep(case=case, index=i, name=p.name, role=p.role, days=p.days, org_id=p.org_id)
        for i, p in enumerate(plan_for_case(case))
    ]
    first = steps[0]
    first.started_on, first.due_on = on, get_calendar().add(on, first.days, "working")
    CaseStep.objects.bulk_create(steps)
    case.step_index = 0
    hand_to(case, case.org_id, (first.role,), first.name, first.due_on)


def _accept(case: Case, *, on: date, by, by_default: bool) -> Case:
    case.status = Case.Status.HANDLING
    case.accepted_on = on
    case.accepted_by_default = by_default
    apply_clock(case, "start", on, "受理" if not by_default else "逾期未作受理决定，视为受理（行政许可法第三十二条）")
    case.save()
    _start_steps(case, days.today() if by_default else on)
    issue_notice(case, K.RECEIPT, on=days.today())
    record(
        "cases.accept",
        actor=by or "worker",
        org=case.org,
        obj=case,
        data={"accepted_on": on.isoformat(), "by_default": by_default, "due_on": str(case.due_on)},
    )
    tell_applicant(case, gettext("您的申请已受理（%(number)s）") % {"number": case.number})
    return case


@transaction.atomic
def accept_case(case: Case, *, by) -> Case:
    """受理: the materials are complete and in legal form. The decision period starts today."""
    case = lock(case)
    require_staff(by, case, CLERK_ROLES, gettext("受理"))
    require_status(case, *WAITING, act=gettext("受理"))
    if case.is_on_the_spot:
        raise refuse(gettext("即办件请使用“当场办结”。"), "on_the_spot")
    return _accept(case, on=days.today(), by=by, by_default=False)


@transaction.atomic
def refuse_case(case: Case, *, by, reason: str) -> Case:
    """不予受理: with the reasons and the applicant's remedies in a written decision (退回件, 明确答复)."""
    case = lock(case)
    require_staff(by, case, CLERK_ROLES, gettext("不予受理"))
    require_status(case, *WAITING, act=gettext("作出不予受理决定"))
    reason = require_reason(reason, gettext("不予受理的理由"))
    case.status = Case.Status.NOT_ACCEPTED
    case.kind = CaseKind.RETURNED
    case.way = HandlingWay.ANSWERED
    case.closed_at = days.now()
    case.save(update_fields=["status", "kind", "way", "closed_at", "updated_at"])
    issue_notice(case, K.NOT_ACCEPTED, on=days.today(), context={"reason": reason})
    record("cases.refuse", actor=by, org=case.org, obj=case, data={"reason": reason[:1000]})
    close_todos(prefix=todo_key(case))
    tell_applicant(case, gettext("您的申请不予受理（%(number)s）") % {"number": case.number})
    return case


@transaction.atomic
def request_correction(case: Case, *, by, defects: list[str], repeat_reason: str = "") -> Case:
    """一次性告知: every defect in one notice. A second notice is refused unless a new reason is recorded (a defect
    the first notice could not have named), and is then flagged for supervision (repeat_correction)."""
    case = lock(case)
    in_handling = case.way == HandlingWay.JOINT and case.status == Case.Status.HANDLING
    require_staff(by, case, HANDLING_ROLES if in_handling else CLERK_ROLES, gettext("出具补正告知"))
    if not in_handling:
        require_status(case, *WAITING, act=gettext("出具补正告知"))
    defects = [d.strip()[:500] for d in defects if d and d.strip()][:50]
    if not defects:
        raise refuse(gettext("请逐项列出需要补正的内容。"), "defects_required")
    repeat_reason = (repeat_reason or "").strip()
    if case.corrections >= 1 and not repeat_reason:
        raise refuse(
            gettext("已经出具过一次性告知书。再次告知补正须写明新的理由（首次告知时无法发现的问题），并将被监察记录。"),
            "second_correction",
        )
    case.corrections += 1
    case.repeat_correction = case.repeat_correction or case.corrections > 1
    case.correction_reasons = [*case.correction_reasons, {"defects": defects, "repeat_reason": repeat_reason}]
    if in_handling:  # a department of a parallel approval: only this case's own clock stops
        pause_for_correction(case)
    else:
        case.kind = CaseKind.CORRECTION
    case.status = Case.Status.CORRECTING
    case.save()
    issue_notice(case, K.CORRECTION, on=days.today(), context={"defects": defects, "repeat_reason": repeat_reason})
    record(
        "cases.correction",
        actor=by,
        org=case.org,
        obj=case,
        data={"defects": defects, "count": case.corrections, "repeat_reason": repeat_reason},
    )
    close_todos(prefix=todo_key(case))
    tell_applicant(case, gettext("您的申请需要补正材料（%(number)s）") % {"number": case.number})
    return case


def accept_overdue_cases(today: date | None = None) -> int:
    """The nightly job (Art. 32): an application with no acceptance decision within 5 working days counts as
    accepted from the day it was received. Idempotent: only cases still waiting are touched."""
    today = today or days.today()
    done = 0
    for pk in Case.objects.filter(status=Case.Status.SUBMITTED, accept_due_on__lt=today).values_list("pk", flat=True):
        with transaction.atomic():
            case = lock(Case(pk=pk))
            if case.status != Case.Status.SUBMITTED or case.accept_due_on >= today:
                continue
            _accept(case, on=case.received_on, by=None, by_default=True)
            done += 1
    return done


@transaction.atomic
def handle_on_the_spot(
    case: Case, *, by, granted: bool = True, text: str = "", delivery_method: str = "当场领取"
) -> Case:
    """即办件 (直接办): accepted, decided and delivered at the window in one act."""
    case = lock(case)
    require_staff(by, case, CLERK_ROLES, gettext("当场办结"))
    require_status(case, *WAITING, act=gettext("当场办结"))
    if not case.is_on_the_spot:
        raise refuse(gettext("只有即办件可以当场办结。"), "not_on_the_spot")
    if not granted:
        require_reason(text, gettext("不予准予的理由"))
    today = days.today()
    case.status = Case.Status.DELIVERED
    case.kind = CaseKind.ORDINARY
    case.way = HandlingWay.DIRECT if granted else HandlingWay.ANSWERED
    case.accepted_on = today
    apply_clock(case, "start", today, "当场受理")
    case.decision = Case.Decision.GRANTED if granted else Case.Decision.REFUSED
    case.decision_text = (text or "").strip()[:4000]
    case.decided_on = case.delivered_on = case.delivery_due_on = today
    case.decided_by = by
    case.delivery_method = delivery_method[:40]
    case.closed_at = days.now()
    case.save()
    issue_notice(case, K.RECEIPT, on=today)
    issue_notice(case, K.DECISION, on=today, context={"decision_text": case.decision_text})
    record("cases.on_the_spot", actor=by, org=case.org, obj=case, data={"granted": granted})
    close_todos(prefix=todo_key(case))
    tell_applicant(case, gettext("您的申请已当场办结（%(number)s）") % {"number": case.number})
    return case
