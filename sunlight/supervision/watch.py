"""What supervision keeps of one clocked object (a `Watch` row), read from the object itself: one adapter per kind.
`fields(kind, obj, today)` returns the row's values; the light is derived from them by `light_of`."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta

from django.conf import settings

from sunlight.cases.models import Case, CaseFee, CaseMaterial, CaseStep, CaseTransfer
from sunlight.clock.calendar import CalendarNotLoaded, get_calendar
from sunlight.letters.models import Letter
from sunlight.projects.models import StageApplication
from sunlight.requests.models import InfoRequest

from .models import Kind, Light, Phase


def yellow_from(due: date | None, limit: int, days: int, percent: int) -> date | None:
    """The day the light turns yellow: N working days or X % of the limit before the deadline, whichever is earlier."""
    if due is None:
        return None
    ahead = max(days, math.ceil(limit * percent / 100))
    try:
        return get_calendar().add_working_days(due, -ahead) if ahead else due
    except CalendarNotLoaded:  # a calendar gap: warn from the deadline itself rather than fail the act
        return due


def light_of(row: dict, today: date) -> str:
    if not row["open"]:
        return row.get("light") or Light.GREEN
    due = row["due_on"]
    if due is None:
        return Light.PAUSED
    if due < today:
        return Light.RED
    if row["yellow_on"] is not None and row["yellow_on"] <= today:
        return Light.YELLOW
    return Light.GREEN


def _pause_started(events: list[dict]) -> date | None:
    for e in reversed(events or []):
        if e.get("kind") == "pause":
            return date.fromisoformat(e["date"])
        if e.get("kind") == "resume":
            return None
    return None


def _add(day: date | None, n: int) -> date | None:
    if day is None:
        return None
    try:
        return get_calendar().add_working_days(day, n)
    except CalendarNotLoaded:
        return None


def case_fields(case: Case, params: dict) -> dict:
    S = Case.Status
    row = {
        "number": case.number,
        "title": case.item.name[:200] if case.item_id else "",
        "org_id": case.org_id,
        "item_id": case.item_id,
        "opened_on": case.received_on,
        "limit_days": case.statutory_limit,
        "promised_days": case.promised_limit,
        "open": case.status in Case.OPEN,
        "step_key": "",
        "step_name": "",
        "step_due_on": None,
        "closed_on": None,
        "on_time": None,
        "used_days": None,
    }
    due = legal = None
    if case.status == S.SUBMITTED:
        phase, due = Phase.ACCEPT, case.accept_due_on
        legal = due
        row["org_id"] = case.level_org_id or case.center_id or case.org_id
    elif case.status == S.CORRECTING:
        phase = Phase.PAUSED
    elif case.status in (S.SPECIAL, S.SUSPENDED):
        phase = Phase.SPECIAL
        row["step_key"], row["step_name"] = "special", case.pause_reason[:100]
        row["step_due_on"] = _add(_pause_started(case.clock_events), params.get("special_days", 30))
    elif case.status == S.DECIDED:
        phase, due = Phase.DELIVER, case.delivery_due_on
        legal = due
    elif case.status == S.HANDLING:
        phase = Phase.REVIEW if case.with_lower_level else Phase.HANDLE
        legal = case.due_on
        due = (
            min(d for d in (case.due_on, case.promised_due_on) if d) if (case.due_on or case.promised_due_on) else None
        )
        if case.with_lower_level:
            row["org_id"] = case.level_org_id
        step = next((s for s in case.steps.all() if s.index == case.step_index), None)  # prefetched (ADAPTERS)
        if step is not None and step.done_on is None:
            row["step_key"], row["step_name"], row["step_due_on"] = str(step.index), step.name, step.due_on
    else:
        phase = Phase.CLOSED
        end = case.decided_on or (case.closed_at.date() if case.closed_at else None)
        row["closed_on"] = end
        if case.decided_on and case.due_on:
            row["on_time"] = case.decided_on <= case.due_on
            if case.accepted_on:
                try:
                    used = get_calendar().working_days_between(case.accepted_on, case.decided_on)
                    row["used_days"] = max(0, min(used, 32000))
                except CalendarNotLoaded:
                    row["used_days"] = None
    row.update(phase=phase, due_on=due, legal_due_on=legal)
    return row


def stage_fields(app: StageApplication, params: dict) -> dict:
    S = StageApplication.Status
    stage = app.stage
    is_open = app.status in (S.SUBMITTED, S.ACCEPTED)
    return {
        "number": app.number,
        "title": f"{app.project.name}｜{stage.name}"[:200],
        "org_id": stage.lead_org_id,
        "item_id": None,
        "opened_on": app.received_on,
        "limit_days": stage.limit_days,
        "promised_days": stage.limit_days,
        "open": is_open,
        "phase": Phase.ACCEPT if app.status == S.SUBMITTED else (Phase.HANDLE if is_open else Phase.CLOSED),
        "due_on": app.due_on if app.status == S.ACCEPTED else None,
        "legal_due_on": app.due_on if app.status == S.ACCEPTED else None,
        "step_key": "",
        "step_name": "",
        "step_due_on": None,
        "closed_on": app.delivered_on,
        "on_time": (app.delivered_on <= app.due_on) if (app.delivered_on and app.due_on) else None,
        "used_days": app.working_days,
    }


def request_fields(req: InfoRequest, params: dict) -> dict:
    S = InfoRequest.Status
    is_open = req.status != S.CLOSED
    paused = req.status in (S.CORRECTING, S.CONSULTING, S.FEE_PENDING) or req.due_on is None
    return {
        "number": req.number,
        "title": req.description[:200],
        "org_id": req.org_id,
        "item_id": None,
        "opened_on": req.received_on,
        "limit_days": 20,
        "promised_days": 20,
        "open": is_open,
        "phase": (Phase.PAUSED if paused else Phase.HANDLE) if is_open else Phase.CLOSED,
        "due_on": None if (paused or not is_open) else req.due_on,
        "legal_due_on": req.due_on if is_open else None,
        "step_key": "",
        "step_name": "",
        "step_due_on": None,
        "closed_on": req.replied_on,
        "on_time": (req.replied_on <= req.due_on) if (req.replied_on and req.due_on) else None,
        "used_days": None,
    }


def letter_fields(letter: Letter, params: dict) -> dict:
    """A letter's answering clock, and the 3-month rule's two lines counted in natural days from its arrival (from
    the reopening, for a letter the writer sent back)."""
    S = Letter.Status
    is_open = letter.status in Letter.OPEN
    since = letter.assigned_on if (letter.reopened and letter.assigned_on) else letter.received_on
    accepting = letter.status == S.RECEIVED
    return {
        "number": letter.number,
        "title": letter.subject[:200],
        "org_id": letter.handler_org_id or letter.mailbox.org_id,
        "item_id": None,
        "opened_on": letter.received_on,
        "limit_days": settings.LETTERS_LIMIT_DAYS.get(letter.type, 15),
        "promised_days": settings.LETTERS_LIMIT_DAYS.get(letter.type, 15),
        "open": is_open,
        "phase": (Phase.ACCEPT if accepting else Phase.HANDLE) if is_open else Phase.CLOSED,
        "due_on": (letter.accept_due_on if accepting else letter.due_on) if is_open else None,
        "legal_due_on": since + timedelta(days=settings.LETTERS_MAX_DAYS) if is_open else None,
        "step_key": "alarm" if is_open else "",
        "step_name": "",
        "step_due_on": since + timedelta(days=settings.LETTERS_ALARM_DAYS) if is_open else None,
        "closed_on": letter.replied_on if letter.status in Letter.ANSWERED else None,
        "on_time": (letter.replied_on <= letter.due_on) if (letter.replied_on and letter.due_on) else None,
        "used_days": None,
    }


# What evaluating a case reads of it (a case row is wide: its form, its applicant's encrypted details stay unread).
CASE_FIELDS = (
    "number",
    "item__name",
    "version__guide",
    "version__charges_fee",
    "org_id",
    "center_id",
    "level_org_id",
    "forwarded_on",
    "received_on",
    "statutory_limit",
    "promised_limit",
    "status",
    "accept_due_on",
    "pause_reason",
    "clock_events",
    "delivery_due_on",
    "due_on",
    "promised_due_on",
    "step_index",
    "decided_on",
    "closed_at",
    "accepted_on",
    "repeat_correction",
    "correction_reasons",
    "corrections",
    "accepted_by_default",
    "decision",
    "decision_text",
    "id_number_index",
)


def _load_case(pk: int) -> Case | None:
    """The case in its narrow fields, and what the rules read of its steps, materials, fees and transfers, placed
    where `case.steps.all()` and the like find them (four plain queries: cheaper than prefetch_related's machinery,
    and the evaluation runs on every act)."""
    case = Case.objects.select_related("item", "version").only(*CASE_FIELDS).filter(pk=pk).first()
    if case is None:
        return None
    case._prefetched_objects_cache = {
        "steps": list(
            CaseStep.objects.filter(case_id=pk).only("index", "name", "org_id", "due_on", "done_on").order_by("index")
        ),
        "materials": list(CaseMaterial.objects.filter(case_id=pk).only("name")),
        "fees": list(CaseFee.objects.filter(case_id=pk).only("name", "amount")),
        # only a case across levels has any
        "transfers": list(CaseTransfer.objects.filter(case_id=pk).only("on_time")) if case.level_org_id else [],
    }
    return case


# kind → (model, fields, select_related): what evaluating one object reads.
ADAPTERS: dict[str, tuple[type, Callable[[object, dict], dict], tuple[str, ...]]] = {
    Kind.CASE: (Case, case_fields, ()),
    Kind.STAGE: (StageApplication, stage_fields, ("stage", "project")),
    Kind.REQUEST: (InfoRequest, request_fields, ()),
    Kind.LETTER: (Letter, letter_fields, ("mailbox",)),
}


def load(kind: str, pk: int):
    if kind == Kind.CASE:
        return _load_case(pk)
    model, _fields, related = ADAPTERS[kind]
    return model.objects.select_related(*related).filter(pk=pk).first()


def fields(kind: str, obj, params: dict) -> dict:
    return ADAPTERS[kind][1](obj, params)
