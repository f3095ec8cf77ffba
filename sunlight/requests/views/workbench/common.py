"""What the workbench pages of a request share: loading a request the user may see, how a deadline looks,
and who may act."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from sunlight.clock.calendar import CalendarNotLoaded, WorkCalendar
from sunlight.orgs import scope

from ...models import InfoRequest

S = InfoRequest.Status
AMBER_WORKING_DAYS = 3  # a row turns amber at this many working days left


NATURAL_PERSON = "natural_person"


@dataclass
class Deadline:
    """How a row's deadline looks: a CSS level (never the only signal) and its text label."""

    level: str  # "overdue" | "soon" | "normal" | "paused" | "closed"
    label: str
    days_left: int | None = None


def days_until(cal: WorkCalendar, today: date, due: date) -> int | None:
    """Working days in (today, due] (negative when past); None when the calendar does not reach that far."""
    try:
        return cal.working_days_between(today, due)
    except CalendarNotLoaded:
        return None


def deadline_of(info_request: InfoRequest, cal: WorkCalendar, today: date) -> Deadline:
    if info_request.status == S.CLOSED:
        late = bool(info_request.due_on and info_request.replied_on and info_request.replied_on > info_request.due_on)
        return Deadline("closed", _("已办结（超期答复）") if late else _("已办结"))
    if info_request.deadline_waits_for_calendar:
        return Deadline("pending", _("期限待定：工作日历尚未载入"))
    if info_request.due_on is None:
        # Paused (待补正 and the other stopped windows): no running deadline.
        return Deadline("paused", _("暂停计时"))
    left = days_until(cal, today, info_request.due_on)
    if info_request.due_on < today:
        over = -left if left else 0
        label = _("已超期 %(n)s 个工作日") % {"n": over} if over > 0 else _("已超期")
        return Deadline("overdue", label, left)
    if left is not None and left <= AMBER_WORKING_DAYS:
        label = _("今天到期") if left == 0 else _("即将到期 %(n)s 个工作日") % {"n": left}
        return Deadline("soon", label, left)
    if left is None:
        return Deadline("normal", _("未到期"), None)
    return Deadline("normal", _("剩余 %(n)s 个工作日") % {"n": left}, left)


def visible_request(request: HttpRequest, pk: int) -> InfoRequest:
    info_request = get_object_or_404(
        InfoRequest.objects.select_related("org", "applicant_type__parent", "outcome", "applicant_user"), pk=pk
    )
    scope.require_visible(request.user, info_request)
    return info_request


def people(memberships) -> list[tuple[str, str, str]]:
    """(name, role, org) of the people who may act, for the page's "who can act" line."""
    return [(m.user.display_name or m.user.get_username(), str(m.get_role_display()), m.org.name) for m in memberships]


def shown(day: date | None, estimated: bool) -> str:
    """A date for a staff message: "2027-01-04（预计）" when counted through an estimated year, "—" when there is none."""
    if day is None:
        return "—"
    return f"{day.isoformat()}（{_('预计')}）" if estimated else day.isoformat()
