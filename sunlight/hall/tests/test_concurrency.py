"""Ticket numbers and the last place of a slot under concurrent acts (threads with their own connections).

Run on PostgreSQL (CI) or on a SQLite file (SUNLIGHT_TEST_SQLITE); the in-memory SQLite of a local run skips them."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection

from sunlight.errors import SunlightError
from sunlight.hall import actions
from sunlight.hall.models import Appointment, Ticket

from .builders import citizen, slot

# Skipped before any database fixture runs: a transactional test flushes the seeded tables when it ends, even when
# it skips itself inside, and the tests after it on the same worker would lose them.
IN_MEMORY = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and not (
    settings.DATABASES["default"].get("TEST", {}).get("NAME")
)
pytestmark = [
    pytest.mark.skipif(IN_MEMORY, reason="an in-memory SQLite database locks tables instead of waiting"),
    pytest.mark.django_db(transaction=True),
]
THREADS = 6


@pytest.fixture(autouse=True)
def _calendar(transactional_db):
    """A transactional test starts from empty tables: load 2026's working days as the data migration does."""
    from sunlight.clock import calendar
    from sunlight.clock.seed import seed_from_chinesecalendar

    seed_from_chinesecalendar([2026])
    calendar.invalidate()
    yield
    calendar.invalidate()


def _together(work) -> list:
    """Run `work(n)` in THREADS threads started at the same moment; each result or exception, in order."""
    barrier = threading.Barrier(THREADS)
    results: list = [None] * THREADS

    def run(n):
        try:
            barrier.wait()
            results[n] = work(n)
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            results[n] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_walk_in_tickets_taken_at_once_get_distinct_numbers(cast):
    results = _together(lambda n: actions.take_ticket(cast.window, by=cast.clerk).number)
    assert sorted(results) == list(range(1, THREADS + 1))
    assert Ticket.objects.count() == THREADS


def test_the_last_place_of_a_slot_goes_to_one_person_only(cast):
    the_slot = slot(cast.window, cast.clerk, capacity=1)
    people = [citizen(f"person{n}") for n in range(THREADS)]
    results = _together(lambda n: actions.book_appointment(the_slot, by=people[n]))
    booked = [r for r in results if isinstance(r, Appointment)]
    assert len(booked) == 1
    assert all(isinstance(r, SunlightError) and r.code == "slot_full" for r in results if r not in booked)
    assert Appointment.objects.count() == 1
