"""The demo step: next week's slots, a few bookings, one no-show; a rerun adds nothing twice."""

from __future__ import annotations

from sunlight.hall.demo import DEMO_CITIZENS, build_hall
from sunlight.hall.models import Appointment, ServiceSlot


def test_the_demo_step_opens_slots_books_and_records_a_no_show_once(cast):
    from sunlight.accounts.models import User

    for username in DEMO_CITIZENS:
        User.objects.create_user(username, password="x", kind=User.Kind.CITIZEN)
    first = build_hall(4)
    assert first > 0
    assert ServiceSlot.objects.filter(window=cast.window).exists()
    assert Appointment.objects.filter(status=Appointment.Status.BOOKED).count() == 4
    assert Appointment.objects.filter(status=Appointment.Status.NO_SHOW).count() == 1
    assert build_hall(4) == 0
    assert Appointment.objects.count() == 5
