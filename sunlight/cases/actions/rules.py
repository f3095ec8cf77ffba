"""What several acts of a case share: locking, state checks, who may act, the clocks, to-dos and notices."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext

from sunlight.clock.clock import Clock
from sunlight.errors import Conflict, refuse
from sunlight.notify.notices import send_notice
from sunlight.notify.todos import close_todos, feed_role_todos
from sunlight.orgs import scope
from sunlight.orgs.models import Role

from ..models import Case

CLERK_ROLES = (Role.WINDOW_CLERK, Role.HANDLER, Role.ADMIN)
HANDLER_ROLES = (Role.HANDLER, Role.ADMIN)
APPROVER_ROLES = (Role.APPROVER,)
HANDLING_ROLES = (Role.HANDLER, Role.APPROVER, Role.ADMIN)  # pause, suspend and resume a case being handled
STAFF_ROLES = (Role.WINDOW_CLERK, Role.HANDLER, Role.REVIEWER, Role.APPROVER, Role.ADMIN, Role.SUPERVISOR)
UNITS = {"workdays": "working", "days": "natural"}


def lock(case: Case) -> Case:
    """Re-read the case under a row lock: two clerks acting at once act one after the other."""
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("item", "version", "org", "center", "level_org")
        .get(pk=case.pk)
    )


def require_status(case: Case, *statuses: str, act: str) -> None:
    if case.status not in statuses:
        if case.status in Case.CLOSED:
            raise Conflict(
                gettext("该办件已%(status)s，不能%(act)s。") % {"status": case.get_status_display(), "act": act}
            )
        raise Conflict(
            gettext("办件当前状态为“%(status)s”，不能%(act)s。") % {"status": case.get_status_display(), "act": act}
        )


def can_act(user, case: Case, roles: Iterable[str]) -> bool:
    """Staff of the deciding org, or of the service center that received the case, holding one of the roles.
    A case accepted at a lower level (三级运行) is that level's alone until it forwards it (actions/levels.py)."""
    roles = tuple(roles)
    if case.with_lower_level:
        return scope.can_act(user, case.level_org, roles)
    return scope.can_act(user, case.org, roles) or (
        case.center_id is not None and scope.can_act(user, case.center, roles)
    )


def require_staff(user, case: Case, roles: Iterable[str], what: str) -> None:
    if not can_act(user, case, roles):
        raise PermissionDenied(gettext("无权对办件 %(number)s %(act)s。") % {"number": case.number, "act": what})


def require_reason(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise refuse(gettext("请填写%(what)s。") % {"what": what}, "reason_required")
    return text


def clocks(case: Case, events: list[dict] | None = None) -> tuple[Clock, Clock]:
    """The statutory and the promised clock, both from the case's events (an extension lengthens both)."""
    events = case.clock_events if events is None else events
    version = case.version
    statutory = Clock.from_events(case.statutory_limit, events, UNITS.get(version.statutory_unit, "working"))
    promised = Clock.from_events(case.promised_limit, events, UNITS.get(version.promised_unit, "working"))
    return statutory, promised


def apply_clock(case: Case, kind: str, on: date, reason: str = "", days: int = 0) -> None:
    """Add one event to the case's clocks (refused by the clock if it does not fit) and store the deadlines."""
    events = [*case.clock_events, {"kind": kind, "date": on.isoformat(), "days": days, "reason": reason}]
    statutory, promised = clocks(case, events)
    case.clock_events = events
    case.due_on = statutory.due_date
    case.promised_due_on = promised.due_date


def step_roles(role: str) -> tuple[str, ...]:
    """Who may do a step: its post, or an admin — except a decision, which the law gives to the approver alone."""
    return (role,) if role == Role.APPROVER else (role, Role.ADMIN)


def staff_url(case: Case) -> str:
    return reverse("cases_wb:detail", args=[case.pk])


def applicant_url(case: Case) -> str:
    return reverse("cases:case", args=[case.number])


def todo_key(case: Case) -> str:
    return f"case:{case.pk}:"


def hand_to(case: Case, org_id: int, roles: Iterable[str], what: str, due: date | None) -> None:
    """The case now waits for `roles` in an org: their to-do replaces whatever the case asked of anyone before.
    While a lower level holds the case (三级运行), whatever it waits for is asked of that level."""
    if case.with_lower_level:
        org_id = case.level_org_id
    close_todos(prefix=todo_key(case))
    feed_role_todos(
        org_id,
        roles,
        f"{todo_key(case)}{what}",
        gettext("办件 %(number)s 待%(what)s：%(item)s") % {"number": case.number, "what": what, "item": case.item.name},
        url=staff_url(case),
        due=due,
    )


def tell_applicant(case: Case, subject: str, body: str = "") -> None:
    """In-app, e-mail and SMS to the applicant's account (sent after the act commits, retried by the worker)."""
    for user in {u for u in (case.applicant_user, case.agent_user) if u is not None}:
        send_notice(user, subject, body, url=applicant_url(case), channels=("inapp", "email", "sms"))


def pass_step(case: Case, step, by, opinion: str, today: date):
    """The step is done with its holder's opinion; the next one starts today with its own limit (returned)."""
    from sunlight.clock.calendar import get_calendar

    step.done_on, step.done_by, step.opinion = today, by, opinion[:4000]
    step.save(update_fields=["done_on", "done_by", "opinion"])
    following = case.steps.get(index=step.index + 1)
    following.started_on = today
    following.due_on = get_calendar().add(today, following.days, "working")
    following.save(update_fields=["started_on", "due_on"])
    case.step_index = following.index
    return following
