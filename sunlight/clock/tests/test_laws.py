"""Laws every deadline computation must obey, checked by hypothesis on the real 2004–2026 data."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sunlight.clock.calendar import WorkCalendar
from sunlight.clock.clock import Clock

# Built straight from chinesecalendar: the same data the migration loads, without a database.
CAL = WorkCalendar.from_chinesecalendar()

# Later starts plus the longest spans here (pauses, extensions) would run off the end of the 2026 data.
days = st.dates(min_value=date(2004, 1, 1), max_value=date(2025, 12, 31))
counts = st.integers(min_value=0, max_value=120)
positive = st.integers(min_value=1, max_value=120)


@given(days, positive)
def test_the_result_is_always_a_working_day(start, n):
    assert CAL.is_workday(CAL.add_working_days(start, n))


@given(days, counts)
def test_working_days_between_undoes_add_working_days(start, n):
    assert CAL.working_days_between(start, CAL.add_working_days(start, n)) == n


@given(days, st.integers(0, 60), st.integers(0, 60))
def test_adding_in_two_steps_equals_adding_at_once(start, a, b):
    assert CAL.add_working_days(CAL.add_working_days(start, a), b) == CAL.add_working_days(start, a + b)


@given(days, st.integers(0, 119))
def test_more_days_never_give_an_earlier_deadline(start, n):
    assert CAL.add_working_days(start, n) < CAL.add_working_days(start, n + 1)


@given(days, positive)
def test_the_result_is_after_the_start_and_every_day_between_is_counted_once(start, n):
    due = CAL.add_working_days(start, n)
    assert due > start
    assert CAL.working_days_between(start, date.fromordinal(due.toordinal() - 1)) == n - 1


@given(days, days)
def test_working_days_between_is_antisymmetric(a, b):
    assert CAL.working_days_between(a, b) == -CAL.working_days_between(b, a)


@given(days, positive, st.integers(0, 150))
def test_a_pause_and_resume_on_the_same_day_changes_nothing(start, limit, offset):
    pause_day = date.fromordinal(start.toordinal() + offset)
    plain = Clock(limit, calendar=CAL).start(start)
    paused = Clock(limit, calendar=CAL).start(start).pause(pause_day, "测试").resume(pause_day)
    assert paused.due_date == plain.due_date


@given(days, positive, st.integers(0, 150), st.integers(0, 60))
def test_a_pause_never_makes_the_deadline_earlier(start, limit, offset, length):
    pause_day = date.fromordinal(start.toordinal() + offset)
    resume_day = date.fromordinal(pause_day.toordinal() + length)
    plain = Clock(limit, calendar=CAL).start(start)
    paused = Clock(limit, calendar=CAL).start(start).pause(pause_day, "第三方意见征询").resume(resume_day)
    assert paused.due_date >= plain.due_date


@given(days, positive, st.integers(1, 40))
def test_extending_by_k_is_adding_k_more_working_days(start, limit, k):
    clock = Clock(limit, calendar=CAL).start(start)
    before = clock.due_date
    assert clock.extend(k, "经批准延长").due_date == CAL.add_working_days(before, k)


@given(days, positive, st.integers(0, 40), st.integers(0, 30), st.integers(1, 20))
def test_extending_after_a_pause_still_adds_exactly_k_working_days(start, limit, offset, length, k):
    pause_day = date.fromordinal(start.toordinal() + offset)
    # A pause after the limit ran out is another story (the deadline had already passed).
    assume(pause_day < CAL.add_working_days(start, limit))
    clock = (
        Clock(limit, calendar=CAL)
        .start(start)
        .pause(pause_day)
        .resume(date.fromordinal(pause_day.toordinal() + length))
    )
    before = clock.due_date
    assert clock.extend(k).due_date == CAL.add_working_days(before, k)


@settings(max_examples=50)
@given(days, positive, st.integers(0, 150))
def test_used_plus_remaining_is_always_the_limit(start, limit, offset):
    at = date.fromordinal(start.toordinal() + offset)
    clock = Clock(limit, calendar=CAL).start(start)
    assert clock.used_days(at) + clock.remaining_days(at) == limit
    assert clock.overdue(at) == (at > clock.due_date)


@given(days, positive)
def test_a_clock_rebuilt_from_its_stored_events_gives_the_same_deadline(start, limit):
    clock = Clock(limit, calendar=CAL).start(start).pause(start, "征求意见").resume(start).extend(3, "延长")
    rebuilt = Clock.from_events(limit, clock.to_list(), calendar=CAL)
    assert rebuilt.due_date == clock.due_date
    assert [s.text for s in rebuilt.explain()] == [s.text for s in clock.explain()]


@pytest.mark.django_db
def test_the_database_calendar_is_the_chinesecalendar_one():
    from sunlight.clock.calendar import get_calendar

    db_cal = get_calendar()
    assert (db_cal.first_loaded, db_cal.last_loaded) == (CAL.first_loaded, CAL.last_loaded)
    assert db_cal._work_ords == CAL._work_ords
