"""What the applicant's page and the staff page both show of a case: its clocks explained, steps, materials, notices."""

from __future__ import annotations

from django.utils import timezone

from sunlight.clock.calendar import get_calendar
from sunlight.modules import url_if_declared

from ..actions.levels import levels_chain
from ..actions.rules import clocks
from ..models import Case


def light(due, today) -> str:
    """The deadline colour of an open case: red overdue, yellow within 2 working days, green otherwise."""
    if due is None:
        return "none"
    if due < today:
        return "red"
    return "yellow" if get_calendar().between(today, due, "working") <= 2 else "green"


def rating_url(case: Case) -> str:
    """好差评 for the case once it was accepted or closed, when a rating module declares "ratings:case" (a module
    above this one: found by its URL name, never imported)."""
    if case.accepted_on is None and case.status not in (Case.Status.DELIVERED, Case.Status.NOT_ACCEPTED):
        return ""
    return url_if_declared("ratings:case", case.number)


def case_context(case: Case) -> dict:
    today = timezone.localdate()
    statutory, promised = clocks(case)
    return {
        "case": case,
        "version": case.version,
        "steps": list(case.steps.select_related("done_by")),
        "materials": list(case.materials.all()),
        "notices": list(case.notices.all()),
        "statutory_lines": [s.text for s in statutory.explain()] if case.clock_events else [],
        "promised_lines": [s.text for s in promised.explain()] if case.clock_events else [],
        "light": light(case.promised_due_on or case.due_on, today) if case.is_open else "none",
        "accept_light": light(case.accept_due_on, today) if case.status == Case.Status.SUBMITTED else "none",
        "today": today,
        "rating_url": rating_url(case),
        "levels": levels_chain(case),
    }
