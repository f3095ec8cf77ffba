"""A case of a parallel approval (联办件) corrected while being handled: 补正 stops only its own clock, and the
corrected materials restart it (the stage and the other departments' cases run on)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext

from sunlight.clock.calendar import get_calendar

from .. import days
from ..models import Case
from .rules import apply_clock, hand_to, tell_applicant


def pause_for_correction(case: Case) -> None:
    apply_clock(case, "pause", days.today(), "补正")
    case.pause_reason = gettext("等待申请人补正材料")


def shift_current_step(case: Case, paused_from: date) -> None:
    """The current step's own limit does not count the paused days either."""
    step = case.steps.filter(index=case.step_index, done_on__isnull=True).first()
    if step is None or step.due_on is None:
        return
    paused = get_calendar().between(paused_from, days.today(), "working")
    if paused > 0:
        step.due_on = get_calendar().add(step.due_on, paused, "working")
        step.save(update_fields=["due_on"])


def last_pause(case: Case) -> date:
    return date.fromisoformat(
        next((e["date"] for e in reversed(case.clock_events) if e["kind"] == "pause"), days.today().isoformat())
    )


def resume_after_correction(case: Case) -> Case:
    today = days.today()
    paused_on = last_pause(case)
    apply_clock(case, "resume", today, "收到补正材料")
    shift_current_step(case, paused_on)
    case.status = Case.Status.HANDLING
    case.pause_reason = ""
    case.save()
    step = case.steps.filter(index=case.step_index).first()
    if step is not None:
        hand_to(case, case.org_id, (step.role,), gettext("审查补正材料：") + step.name, step.due_on)
    tell_applicant(case, gettext("补正材料已收到，您的申请继续办理（%(number)s）") % {"number": case.number})
    return case
