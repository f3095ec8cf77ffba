"""Demo hall: next week's slots at every window of the demo centers, `count` bookings by the demo citizens, and one
no-show on the last working day. Runs after the base demo (users, centers, windows) and the catalog; a rerun adds
nothing twice (slots already open are kept; bookings and the no-show are made once)."""

from __future__ import annotations

from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from sunlight.catalog.queries import public_items
from sunlight.clock.calendar import get_calendar
from sunlight.errors import SunlightError
from sunlight.orgs import scope

from . import actions
from .models import Appointment, ServiceSlot
from .queries import open_windows

# The demo citizens of sunlight/demo/build.py (a domain does not import the demo door).
DEMO_CITIZENS = ("lin.xiaoyu", "gao.jian", "tang.mei")
TIMES = [
    (time(9, 0), time(9, 30)),
    (time(9, 30), time(10, 0)),
    (time(10, 0), time(10, 30)),
    (time(14, 0), time(14, 30)),
    (time(14, 30), time(15, 0)),
]


def _clerk(window):
    for membership in scope.who_can_act(window.center, actions.CLERK_ROLES):
        return membership.user
    return None


def _open_next_week(windows) -> int:
    today = timezone.localdate()
    monday = today + timedelta(days=7 - today.weekday())
    made = 0
    for window in windows:
        clerk = _clerk(window)
        if clerk is None:
            continue
        try:
            made += len(
                actions.open_slots(
                    window, by=clerk, first_day=monday, last_day=monday + timedelta(days=4), times=TIMES, capacity=2
                )
            )
        except SunlightError:  # a week the calendar has not loaded, or no working day in it
            continue
    return made


def _last_workday():
    calendar = get_calendar()
    day = timezone.localdate()
    for _back in range(14):
        day -= timedelta(days=1)
        try:
            if calendar.is_workday(day):
                return day
        except SunlightError:
            return None
    return None


def build_hall(count: int = 6) -> int:
    windows = list(open_windows().order_by("center__path", "number"))
    made = _open_next_week(windows)
    citizens = list(get_user_model().objects.filter(username__in=DEMO_CITIZENS, is_active=True).order_by("pk"))
    if not citizens or Appointment.objects.filter(user__in=citizens).exists():
        return made
    items = list(public_items().order_by("pk")[:count])
    slots = list(
        ServiceSlot.objects.filter(window__in=windows, day__gt=timezone.localdate()).order_by(
            "day", "starts_at", "window__pk"
        )[: count * 3 : 3]
    )
    for n, slot in enumerate(slots):
        try:
            actions.book_appointment(slot, by=citizens[n % len(citizens)], item=items[n] if n < len(items) else None)
            made += 1
        except SunlightError:  # a citizen at the open-bookings limit
            continue
    day = _last_workday()
    if day is not None and windows:
        slot, _new = ServiceSlot.objects.get_or_create(
            window=windows[0], day=day, starts_at=time(9, 0), defaults={"ends_at": time(9, 30), "capacity": 2}
        )
        # Booked before the day (the act refuses a past slot, so the demo writes it), then the worker's job runs.
        Appointment.objects.create(slot=slot, user=citizens[-1])
        made += actions.mark_no_shows(day)
    return made
