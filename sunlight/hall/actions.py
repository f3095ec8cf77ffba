"""The acts of the service hall: open slots, book, cancel, check in, take a ticket, call, finish, mark no-shows.

Each act runs in one transaction, checks who may do it, refuses before writing, and records its event.
A slot's places are counted under a lock of the slot row; a center's ticket numbers come from a counter row
locked for the day (and the database refuses a repeated number whatever happens).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sunlight.accounts.access import is_staff_user
from sunlight.catalog.queries import public_items
from sunlight.clock.calendar import get_calendar
from sunlight.errors import refuse
from sunlight.events.log import record
from sunlight.notify.public_cache import public_changed
from sunlight.orgs import scope
from sunlight.orgs.models import Org, Role, Window

from .models import Appointment, ServiceSlot, Ticket, TicketCounter

# Who runs a window's slots and queue: its center's window clerks, and admins of the center or above it.
CLERK_ROLES = (Role.WINDOW_CLERK, Role.ADMIN)
# How far ahead slots may be opened in one go, and how long a run of days one act may cover.
MAX_SPAN_DAYS = 62
NO_SHOW_MEMORY_DAYS = 90


def slot_start(slot: ServiceSlot) -> datetime:
    return timezone.make_aware(datetime.combine(slot.day, slot.starts_at))


def _require_clerk(user, window: Window, what: str) -> None:
    scope.require(user, window.center, CLERK_ROLES, what)


def _require_open_window(window: Window) -> None:
    if not window.is_active or not window.center.is_active or window.center.kind != Org.Kind.SERVICE_CENTER:
        raise refuse(_("该窗口已关闭。"), "window_closed")


def _require_public_account(user) -> None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionDenied(_("请先登录。"))
    if is_staff_user(user):
        raise PermissionDenied(_("工作人员账户不能预约，请使用个人或单位账户。"))


@transaction.atomic
def open_slots(
    window: Window,
    *,
    by,
    first_day: date,
    last_day: date,
    times: list[tuple[time, time]],
    capacity: int,
) -> list[ServiceSlot]:
    """Open the given times on every working day from first_day to last_day; a slot already open is kept as it is."""
    _require_clerk(by, window, _("开放预约时段"))
    _require_open_window(window)
    today = timezone.localdate()
    if first_day > last_day:
        raise refuse(_("开始日期不能晚于结束日期。"), "bad_range")
    if first_day < today:
        raise refuse(_("不能开放已经过去的日期。"), "past_day")
    if (last_day - first_day).days >= MAX_SPAN_DAYS or (last_day - today).days > 366:
        raise refuse(_("一次最多开放 %(n)s 天，且不超过一年以后。") % {"n": MAX_SPAN_DAYS}, "bad_range")
    if not times:
        raise refuse(_("请至少填写一个时段。"), "no_times")
    if len({start for start, _end in times}) != len(times):
        raise refuse(_("时段的开始时间不能重复。"), "bad_times")
    for start, end in times:
        if end <= start:
            raise refuse(_("时段的结束时间必须晚于开始时间。"), "bad_times")
    if not isinstance(capacity, int) or not 1 <= capacity <= 100:
        raise refuse(_("每个时段可预约人数应为 1 到 100。"), "bad_capacity")
    calendar = get_calendar()  # a day the calendar does not know is refused (CalendarNotLoaded), nothing written
    days = [
        first_day + timedelta(days=n)
        for n in range((last_day - first_day).days + 1)
        if calendar.is_workday(first_day + timedelta(days=n))
    ]
    if not days:
        raise refuse(_("所选日期内没有工作日。"), "no_workdays")
    existing = set(ServiceSlot.objects.filter(window=window, day__in=days).values_list("day", "starts_at"))
    now = timezone.now()
    made = [
        ServiceSlot(window=window, day=day, starts_at=start, ends_at=end, capacity=capacity)
        for day in days
        for start, end in sorted(times)
        if (day, start) not in existing and timezone.make_aware(datetime.combine(day, start)) > now
    ]
    ServiceSlot.objects.bulk_create(made)
    record(
        "hall.open_slots",
        actor=by,
        org=window.center,
        obj=window,
        data={
            "first_day": first_day.isoformat(),
            "last_day": last_day.isoformat(),
            "times": [f"{s:%H:%M}-{e:%H:%M}" for s, e in sorted(times)],
            "capacity": capacity,
            "opened": len(made),
        },
    )
    public_changed("hall")
    return made


def open_count(user) -> int:
    """The person's appointments still to come or under way (booked or checked in, today or later)."""
    return Appointment.objects.filter(
        user=user, status__in=Appointment.ACTIVE, slot__day__gte=timezone.localdate()
    ).count()


def recent_no_shows(user) -> int:
    since = timezone.localdate() - timedelta(days=NO_SHOW_MEMORY_DAYS)
    return Appointment.objects.filter(user=user, status=Appointment.Status.NO_SHOW, slot__day__gte=since).count()


@transaction.atomic
def book_appointment(slot: ServiceSlot, *, by, item=None) -> Appointment:
    """A signed-in citizen or company books a place in a slot (the slot row is locked while places are counted)."""
    _require_public_account(by)
    slot = ServiceSlot.objects.select_for_update(of=("self",)).select_related("window__center").get(pk=slot.pk)
    _require_open_window(slot.window)
    if slot_start(slot) <= timezone.now():
        raise refuse(_("该时段已经开始或已过去，不能预约。"), "slot_past")
    if item is not None and not public_items().filter(pk=item.pk).exists():
        raise refuse(_("所选事项不可预约。"), "bad_item")
    taken = slot.appointments.filter(status__in=Appointment.ACTIVE)
    if taken.filter(user=by).exists():
        raise refuse(_("您已预约该时段。"), "already_booked")
    if taken.count() >= slot.capacity:
        raise refuse(_("该时段已约满，请选择其他时段。"), "slot_full")
    limit = settings.HALL_MAX_OPEN_APPOINTMENTS
    if open_count(by) >= limit:
        raise refuse(_("您已有 %(n)s 个未办理的预约，请办理或取消后再预约。") % {"n": limit}, "too_many_open")
    no_show_limit = settings.HALL_NO_SHOW_LIMIT
    if recent_no_shows(by) >= no_show_limit:
        raise refuse(
            _("您在最近 %(days)s 天内爽约 %(n)s 次，暂不能在线预约，请到现场取号。")
            % {"days": NO_SHOW_MEMORY_DAYS, "n": no_show_limit},
            "no_show_limit",
        )
    try:
        with transaction.atomic():
            appointment = Appointment.objects.create(slot=slot, user=by, item=item)
    except IntegrityError:  # the same person's second request, racing the first
        raise refuse(_("您已预约该时段。"), "already_booked") from None
    record(
        "hall.book",
        actor=by,
        org=slot.window.center,
        obj=appointment,
        data={"slot": slot.pk, "day": slot.day.isoformat(), "window": slot.window.number, "item": item and item.pk},
    )
    public_changed("hall")
    return appointment


def _locked(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("slot__window__center", "user")
        .get(pk=appointment.pk)
    )


@transaction.atomic
def cancel_appointment(appointment: Appointment, *, by) -> Appointment:
    """The person who booked cancels, before the slot starts; the place is free again."""
    appointment = _locked(appointment)
    if not getattr(by, "is_authenticated", False) or by.pk != appointment.user_id:
        raise PermissionDenied(_("只有预约人本人可以取消预约。"))
    if appointment.status != Appointment.Status.BOOKED:
        raise refuse(_("该预约已不能取消。"), "not_booked")
    if slot_start(appointment.slot) <= timezone.now():
        raise refuse(_("时段已经开始，不能再取消。"), "slot_started")
    appointment.status = Appointment.Status.CANCELLED
    appointment.cancelled_at = timezone.now()
    appointment.save(update_fields=["status", "cancelled_at"])
    record("hall.cancel", actor=by, org=appointment.slot.window.center, obj=appointment)
    public_changed("hall")
    return appointment


def _ticket_prefix(window: Window) -> str:
    first = (window.number or "A")[:1].upper()
    return first if first.isascii() and first.isalpha() else "A"


def _issue_ticket(window: Window, day: date, appointment: Appointment | None = None) -> Ticket:
    """The center's next number for the day, under a lock of the day's counter row."""
    center = window.center
    counter, _created = TicketCounter.objects.get_or_create(center=center, day=day)
    counter = TicketCounter.objects.select_for_update().get(pk=counter.pk)
    issued = Ticket.objects.filter(center=center, day=day).aggregate(top=Max("number"))["top"] or 0
    counter.last = max(counter.last, issued) + 1
    counter.save(update_fields=["last"])
    return Ticket.objects.create(
        window=window,
        center=center,
        day=day,
        number=counter.last,
        label=f"{_ticket_prefix(window)}{counter.last:03d}",
        appointment=appointment,
    )


@transaction.atomic
def check_in(appointment: Appointment, *, by) -> Ticket:
    """On the slot's day, a clerk of the center (or the person at a kiosk) checks the appointment in: a ticket."""
    appointment = _locked(appointment)
    window = appointment.slot.window
    owner = getattr(by, "is_authenticated", False) and by.pk == appointment.user_id
    if not owner:
        _require_clerk(by, window, _("预约签到"))
    _require_open_window(window)
    if appointment.status != Appointment.Status.BOOKED:
        raise refuse(_("该预约不是待签到状态。"), "not_booked")
    today = timezone.localdate()
    if appointment.slot.day != today:
        raise refuse(_("只能在预约当天签到。"), "not_today")
    ticket = _issue_ticket(window, today, appointment)
    appointment.status = Appointment.Status.ARRIVED
    appointment.arrived_at = timezone.now()
    appointment.ticket_number = ticket.label
    appointment.save(update_fields=["status", "arrived_at", "ticket_number"])
    record(
        "hall.check_in",
        actor=by,
        org=window.center,
        obj=appointment,
        data={"ticket": ticket.label, "kiosk": bool(owner)},
    )
    return ticket


@transaction.atomic
def take_ticket(window: Window, *, by) -> Ticket:
    """A clerk gives a walk-in (no appointment) the next number at the window."""
    _require_clerk(by, window, _("现场取号"))
    _require_open_window(window)
    ticket = _issue_ticket(window, timezone.localdate())
    record("hall.take_ticket", actor=by, org=window.center, obj=ticket, data={"window": window.number})
    return ticket


def waiting(window: Window, day: date | None = None):
    """The window's waiting tickets in calling order: checked-in appointments first, then by number."""
    return (
        Ticket.objects.filter(window=window, day=day or timezone.localdate(), status=Ticket.Status.WAITING)
        .annotate(walk_in=Q(appointment__isnull=True))
        .order_by("walk_in", "number")
    )


@transaction.atomic
def call_next(window: Window, *, by) -> Ticket:
    """The clerk calls the next waiting ticket at the window (appointments first)."""
    _require_clerk(by, window, _("窗口叫号"))
    ticket = waiting(window).select_for_update(of=("self",)).first()
    if ticket is None:
        raise refuse(_("没有等候的号。"), "queue_empty")
    ticket.status = Ticket.Status.CALLED
    ticket.called_at = timezone.now()
    ticket.save(update_fields=["status", "called_at"])
    record("hall.call", actor=by, org=window.center, obj=ticket, data={"window": window.number})
    return ticket


def _locked_ticket(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_for_update(of=("self",)).select_related("window__center").get(pk=ticket.pk)


@transaction.atomic
def finish_ticket(ticket: Ticket, *, by) -> Ticket:
    """The clerk has served a called ticket; its appointment (if any) is served too."""
    ticket = _locked_ticket(ticket)
    _require_clerk(by, ticket.window, _("办理完毕"))
    if ticket.status != Ticket.Status.CALLED:
        raise refuse(_("只有已叫号的号可以办结。"), "not_called")
    now = timezone.now()
    ticket.status = Ticket.Status.SERVED
    ticket.served_at = now
    ticket.served_by = by
    ticket.save(update_fields=["status", "served_at", "served_by"])
    if ticket.appointment_id:
        Appointment.objects.filter(pk=ticket.appointment_id).update(status=Appointment.Status.SERVED, served_at=now)
    record("hall.finish", actor=by, org=ticket.center, obj=ticket, data={"appointment": ticket.appointment_id})
    return ticket


@transaction.atomic
def skip_ticket(ticket: Ticket, *, by) -> Ticket:
    """The called person did not come to the window (过号)."""
    ticket = _locked_ticket(ticket)
    _require_clerk(by, ticket.window, _("过号"))
    if ticket.status != Ticket.Status.CALLED:
        raise refuse(_("只有已叫号的号可以过号。"), "not_called")
    ticket.status = Ticket.Status.SKIPPED
    ticket.save(update_fields=["status"])
    record("hall.skip", actor=by, org=ticket.center, obj=ticket)
    return ticket


@transaction.atomic
def mark_no_shows(day: date | None = None) -> int:
    """The worker: appointments still only booked in slots on or before `day` (default yesterday) are no-shows.
    Idempotent: a rerun finds nothing booked left."""
    today = timezone.localdate()
    day = min(day or today - timedelta(days=1), today - timedelta(days=1))
    late = list(
        Appointment.objects.select_for_update(of=("self",))
        .filter(status=Appointment.Status.BOOKED, slot__day__lte=day)
        .select_related("slot__window__center")
    )
    for appointment in late:
        appointment.status = Appointment.Status.NO_SHOW
        appointment.save(update_fields=["status"])
        record(
            "hall.no_show",
            actor="worker",
            org=appointment.slot.window.center,
            obj=appointment,
            data={"day": appointment.slot.day.isoformat()},
        )
    return len(late)
