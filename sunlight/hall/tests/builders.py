"""One way to make the hall's records in a given state, through the acts."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone

from sunlight.accounts.models import User
from sunlight.hall import actions
from sunlight.hall.models import Appointment, ServiceSlot, Ticket

MORNING = [(time(9, 0), time(9, 30)), (time(9, 30), time(10, 0))]
AFTERNOON = [(time(14, 0), time(14, 30))]


def next_workday(day: date | None = None) -> date:
    from sunlight.clock.calendar import get_calendar

    return get_calendar().next_workday(day or timezone.localdate())


def slot(window, clerk, *, day: date | None = None, start=time(14, 0), end=time(14, 30), capacity=2) -> ServiceSlot:
    """An open slot of `window` (by default tomorrow's next working day, 14:00–14:30)."""
    day = day or next_workday()
    actions.open_slots(window, by=clerk, first_day=day, last_day=day, times=[(start, end)], capacity=capacity)
    return ServiceSlot.objects.get(window=window, day=day, starts_at=start)


def citizen(username: str) -> User:
    return User.objects.create_user(username, password="Cast-password-2026", kind=User.Kind.CITIZEN)


def booked(the_slot: ServiceSlot, user, item=None) -> Appointment:
    return actions.book_appointment(the_slot, by=user, item=item)


def force_slot_today(the_slot: ServiceSlot, start=time(23, 30), end=time(23, 50)) -> ServiceSlot:
    """Move a slot to today (as if the day has come) without going through the clock."""
    ServiceSlot.objects.filter(pk=the_slot.pk).update(day=timezone.localdate(), starts_at=start, ends_at=end)
    the_slot.refresh_from_db()
    return the_slot


def past_slot(window, *, days_ago=1) -> ServiceSlot:
    """A slot already over (made directly: no act opens a slot in the past)."""
    return ServiceSlot.objects.create(
        window=window, day=timezone.localdate() - timedelta(days=days_ago), starts_at=time(9), ends_at=time(9, 30)
    )


def past_booking(the_slot: ServiceSlot, user, status=Appointment.Status.BOOKED) -> Appointment:
    """An appointment in a slot that has passed (the act refuses a past slot, so it is written directly)."""
    return Appointment.objects.create(slot=the_slot, user=user, status=status)


def arrived(the_slot: ServiceSlot, user, clerk) -> Ticket:
    """Booked, the day has come, checked in by the clerk: the ticket."""
    appointment = booked(the_slot, user)
    force_slot_today(the_slot)
    return actions.check_in(appointment, by=clerk)


def called(window, clerk) -> Ticket:
    actions.take_ticket(window, by=clerk)
    return actions.call_next(window, by=clerk)
