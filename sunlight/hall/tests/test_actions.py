"""The hall's acts, each refusal leaving nothing written."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from sunlight.errors import SunlightError
from sunlight.events.models import Event
from sunlight.hall import actions
from sunlight.hall.models import Appointment, ServiceSlot, Ticket
from sunlight.orgs.models import Role, Window

from .builders import (
    MORNING,
    arrived,
    booked,
    called,
    citizen,
    force_slot_today,
    past_booking,
    past_slot,
    slot,
)


def counts():
    return (
        ServiceSlot.objects.count(),
        Appointment.objects.count(),
        Ticket.objects.count(),
        Event.objects.filter(verb__startswith="hall.").count(),
    )


def refused(act, *args, code=None, denied=False, **kwargs):
    before = counts()
    with pytest.raises(PermissionDenied if denied else SunlightError) as exc:
        act(*args, **kwargs)
    assert counts() == before
    if code:
        assert exc.value.code == code
    return exc.value


# Opening slots


def test_a_clerk_opens_slots_on_working_days_only_and_existing_slots_are_kept(cast):
    # 2026-06-15 is a Monday: the 19th is the Dragon Boat holiday, the 20th and 21st a weekend.
    made = actions.open_slots(
        cast.window, by=cast.clerk, first_day=date(2026, 6, 16), last_day=date(2026, 6, 22), times=MORNING, capacity=3
    )
    days = sorted({s.day for s in made})
    assert date(2026, 6, 20) not in days and date(2026, 6, 21) not in days
    assert date(2026, 6, 16) in days and date(2026, 6, 22) in days
    assert all(s.capacity == 3 for s in made)
    again = actions.open_slots(
        cast.window, by=cast.clerk, first_day=date(2026, 6, 16), last_day=date(2026, 6, 22), times=MORNING, capacity=5
    )
    assert again == []
    assert ServiceSlot.objects.filter(capacity=5).count() == 0
    assert Event.objects.filter(verb="hall.open_slots").count() == 2


def test_an_admin_above_the_center_may_open_slots(cast):
    made = actions.open_slots(
        cast.window, by=cast.admin, first_day=date(2026, 6, 16), last_day=date(2026, 6, 16), times=MORNING, capacity=1
    )
    assert len(made) == 2


@pytest.mark.parametrize("who", ["outsider", "supervisor", "citizen"])
def test_someone_not_of_the_center_cannot_open_slots(cast, who):
    day = date(2026, 6, 16)
    refused(
        actions.open_slots,
        cast.window,
        by=getattr(cast, who),
        first_day=day,
        last_day=day,
        times=MORNING,
        capacity=1,
        denied=True,
    )


@pytest.mark.parametrize(
    ("first", "last", "times", "capacity", "code"),
    [
        (date(2026, 6, 17), date(2026, 6, 16), MORNING, 1, "bad_range"),
        (date(2026, 6, 12), date(2026, 6, 16), MORNING, 1, "past_day"),
        (date(2026, 6, 16), date(2026, 6, 16), [], 1, "no_times"),
        (date(2026, 6, 16), date(2026, 6, 16), [(time(10), time(9))], 1, "bad_times"),
        (date(2026, 6, 16), date(2026, 6, 16), MORNING, 0, "bad_capacity"),
        (date(2026, 6, 20), date(2026, 6, 21), MORNING, 1, "no_workdays"),
    ],
)
def test_bad_slot_openings_are_refused_and_nothing_is_written(cast, first, last, times, capacity, code):
    refused(
        actions.open_slots,
        cast.window,
        by=cast.clerk,
        first_day=first,
        last_day=last,
        times=times,
        capacity=capacity,
        code=code,
    )


def test_a_closed_window_opens_no_slots(cast):
    Window.objects.filter(pk=cast.window.pk).update(is_active=False)
    cast.window.refresh_from_db()
    day = date(2026, 6, 16)
    refused(
        actions.open_slots,
        cast.window,
        by=cast.clerk,
        first_day=day,
        last_day=day,
        times=MORNING,
        capacity=1,
        code="window_closed",
    )


# Booking


def test_a_citizen_books_a_place(cast):
    the_slot = slot(cast.window, cast.clerk)
    appointment = actions.book_appointment(the_slot, by=cast.citizen)
    assert appointment.status == Appointment.Status.BOOKED
    assert Event.objects.filter(verb="hall.book", object_id=str(appointment.pk)).exists()


def test_booking_the_same_slot_twice_is_refused_and_nothing_is_written(cast):
    the_slot = slot(cast.window, cast.clerk)
    booked(the_slot, cast.citizen)
    refused(actions.book_appointment, the_slot, by=cast.citizen, code="already_booked")


def test_a_full_slot_is_refused(cast):
    the_slot = slot(cast.window, cast.clerk, capacity=1)
    booked(the_slot, citizen("first"))
    refused(actions.book_appointment, the_slot, by=cast.citizen, code="slot_full")


def test_a_cancelled_place_can_be_booked_again(cast):
    the_slot = slot(cast.window, cast.clerk, capacity=1)
    actions.cancel_appointment(booked(the_slot, cast.citizen), by=cast.citizen)
    assert booked(the_slot, cast.citizen).status == Appointment.Status.BOOKED


def test_a_past_slot_is_refused(cast):
    refused(actions.book_appointment, past_slot(cast.window), by=cast.citizen, code="slot_past")


def test_a_slot_of_a_closed_window_is_refused(cast):
    the_slot = slot(cast.window, cast.clerk)
    Window.objects.filter(pk=cast.window.pk).update(is_active=False)
    refused(actions.book_appointment, the_slot, by=cast.citizen, code="window_closed")


@pytest.mark.parametrize("who", ["clerk", "supervisor"])
def test_staff_accounts_and_anonymous_visitors_cannot_book(cast, who):
    from django.contrib.auth.models import AnonymousUser

    the_slot = slot(cast.window, cast.clerk)
    refused(actions.book_appointment, the_slot, by=getattr(cast, who), denied=True)
    refused(actions.book_appointment, the_slot, by=AnonymousUser(), denied=True)


def test_more_open_bookings_than_the_setting_are_refused(cast, settings):
    settings.HALL_MAX_OPEN_APPOINTMENTS = 2
    slots = [slot(cast.window, cast.clerk, start=time(14 + n), end=time(14 + n, 30)) for n in range(3)]
    booked(slots[0], cast.citizen)
    booked(slots[1], cast.citizen)
    refused(actions.book_appointment, slots[2], by=cast.citizen, code="too_many_open")


def test_a_person_with_too_many_recent_no_shows_cannot_book(cast, settings):
    settings.HALL_NO_SHOW_LIMIT = 2
    for n in (1, 2):
        past_booking(past_slot(cast.window, days_ago=n), cast.citizen, Appointment.Status.NO_SHOW)
    refused(actions.book_appointment, slot(cast.window, cast.clerk), by=cast.citizen, code="no_show_limit")


def test_no_shows_older_than_ninety_days_are_forgotten(cast, settings):
    settings.HALL_NO_SHOW_LIMIT = 1
    past_booking(past_slot(cast.window, days_ago=91), cast.citizen, Appointment.Status.NO_SHOW)
    assert booked(slot(cast.window, cast.clerk), cast.citizen)


def test_the_database_refuses_a_second_active_appointment_of_one_person_in_a_slot(cast):
    the_slot = slot(cast.window, cast.clerk)
    booked(the_slot, cast.citizen)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(slot=the_slot, user=cast.citizen)


# Cancelling


def test_only_the_owner_cancels(cast):
    appointment = booked(slot(cast.window, cast.clerk), cast.citizen)
    for who in (citizen("other"), cast.clerk):
        refused(actions.cancel_appointment, appointment, by=who, denied=True)
    done = actions.cancel_appointment(appointment, by=cast.citizen)
    assert done.status == Appointment.Status.CANCELLED and done.cancelled_at
    refused(actions.cancel_appointment, appointment, by=cast.citizen, code="not_booked")


def test_a_started_slot_cannot_be_cancelled(cast):
    appointment = booked(slot(cast.window, cast.clerk), cast.citizen)
    ServiceSlot.objects.filter(pk=appointment.slot_id).update(day=timezone.localdate(), starts_at=time(9))
    refused(actions.cancel_appointment, appointment, by=cast.citizen, code="slot_started")


# Check-in and the queue


def test_the_clerk_checks_in_on_the_day_and_a_ticket_is_issued(cast):
    ticket = arrived(slot(cast.window, cast.clerk), cast.citizen, cast.clerk)
    appointment = ticket.appointment
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.ARRIVED and appointment.ticket_number == ticket.label == "A001"
    assert ticket.center == cast.east_center and ticket.day == timezone.localdate()


def test_the_owner_checks_in_at_a_kiosk(cast):
    appointment = booked(slot(cast.window, cast.clerk), cast.citizen)
    force_slot_today(appointment.slot)
    ticket = actions.check_in(appointment, by=cast.citizen)
    assert ticket.appointment_id == appointment.pk


def test_an_outsider_clerk_or_another_citizen_cannot_check_in(cast):
    appointment = booked(slot(cast.window, cast.clerk), cast.citizen)
    force_slot_today(appointment.slot)
    for who in (cast.outsider, cast.supervisor, citizen("other")):
        refused(actions.check_in, appointment, by=who, denied=True)


def test_check_in_is_only_on_the_slots_day_and_only_once(cast):
    appointment = booked(slot(cast.window, cast.clerk), cast.citizen)
    refused(actions.check_in, appointment, by=cast.clerk, code="not_today")
    force_slot_today(appointment.slot)
    actions.check_in(appointment, by=cast.clerk)
    refused(actions.check_in, appointment, by=cast.clerk, code="not_booked")


def test_walk_in_numbers_follow_on_per_center_and_day(cast):
    other = Window.objects.create(center=cast.east_center, number="B02", name="社保")
    labels = [actions.take_ticket(w, by=cast.clerk).label for w in (cast.window, other, cast.window)]
    assert labels == ["A001", "B002", "A003"]
    west = Window.objects.create(center=cast.west_center, number="A01", name="综合")
    assert actions.take_ticket(west, by=cast.outsider).number == 1


def test_an_outsider_cannot_take_call_or_finish(cast):
    refused(actions.take_ticket, cast.window, by=cast.outsider, denied=True)
    actions.take_ticket(cast.window, by=cast.clerk)
    refused(actions.call_next, cast.window, by=cast.outsider, denied=True)
    ticket = actions.call_next(cast.window, by=cast.clerk)
    refused(actions.finish_ticket, ticket, by=cast.outsider, denied=True)
    refused(actions.finish_ticket, ticket, by=cast.citizen, denied=True)


def test_appointments_are_called_before_walk_ins(cast):
    walk_in = actions.take_ticket(cast.window, by=cast.clerk)
    with_appointment = arrived(slot(cast.window, cast.clerk), cast.citizen, cast.clerk)
    assert actions.call_next(cast.window, by=cast.clerk) == with_appointment
    assert actions.call_next(cast.window, by=cast.clerk) == walk_in
    refused(actions.call_next, cast.window, by=cast.clerk, code="queue_empty")


def test_finishing_a_ticket_serves_its_appointment(cast):
    ticket = arrived(slot(cast.window, cast.clerk), cast.citizen, cast.clerk)
    refused(actions.finish_ticket, ticket, by=cast.clerk, code="not_called")
    actions.call_next(cast.window, by=cast.clerk)
    done = actions.finish_ticket(ticket, by=cast.colleague)
    assert done.status == Ticket.Status.SERVED and done.served_by == cast.colleague
    appointment = Appointment.objects.get(pk=ticket.appointment_id)
    assert appointment.status == Appointment.Status.SERVED and appointment.served_at


def test_a_called_ticket_may_be_skipped(cast):
    ticket = called(cast.window, cast.clerk)
    assert actions.skip_ticket(ticket, by=cast.clerk).status == Ticket.Status.SKIPPED
    refused(actions.finish_ticket, ticket, by=cast.clerk, code="not_called")


def test_ticket_numbers_are_unique_even_when_the_counter_is_behind(cast):
    from sunlight.hall.models import TicketCounter

    first = actions.take_ticket(cast.window, by=cast.clerk)
    TicketCounter.objects.update(last=0)  # a counter lost or raced: the issued numbers still count
    second = actions.take_ticket(cast.window, by=cast.clerk)
    assert second.number == first.number + 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.create(
            window=cast.window, center=cast.east_center, day=first.day, number=first.number, label="X"
        )


def test_many_tickets_get_distinct_numbers(cast):
    numbers = [actions.take_ticket(cast.window, by=cast.clerk).number for _ in range(30)]
    assert numbers == list(range(1, 31))


# The worker


def test_no_shows_are_marked_once(cast):
    gone = past_booking(past_slot(cast.window), cast.citizen)
    served = past_booking(past_slot(cast.window, days_ago=2), cast.citizen, Appointment.Status.SERVED)
    future = booked(slot(cast.window, cast.clerk), cast.citizen)
    assert actions.mark_no_shows() == 1
    assert actions.mark_no_shows() == 0
    gone.refresh_from_db(), served.refresh_from_db(), future.refresh_from_db()
    assert gone.status == Appointment.Status.NO_SHOW
    assert served.status == Appointment.Status.SERVED and future.status == Appointment.Status.BOOKED
    assert Event.objects.filter(verb="hall.no_show").count() == 1


def test_the_no_show_job_never_touches_today(cast):
    appointment = booked(slot(cast.window, cast.clerk), cast.citizen)
    force_slot_today(appointment.slot)
    assert actions.mark_no_shows(timezone.localdate() + timedelta(days=3)) == 0


def test_the_nightly_task_runs_the_job(cast):
    from sunlight.hall.tasks import mark_yesterdays_no_shows

    past_booking(past_slot(cast.window), cast.citizen)
    mark_yesterdays_no_shows()
    assert Appointment.objects.get().status == Appointment.Status.NO_SHOW


def test_a_window_clerk_role_is_what_the_queue_needs(cast):
    handler = cast.add_staff("handler", cast.east_center, Role.HANDLER)
    refused(actions.take_ticket, cast.window, by=handler, denied=True)
