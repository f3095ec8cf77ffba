"""The calendar engine on the real 2025 schedule (春节 and 国庆 with their 调休 weekend workdays)."""

from __future__ import annotations

from datetime import date

import pytest

from sunlight.clock.calendar import (
    CalendarNotLoaded,
    WorkCalendar,
    add_working_days,
    get_calendar,
    is_workday,
    next_workday,
    working_days_between,
)

pytestmark = pytest.mark.django_db


def test_the_spring_festival_2025_make_up_weekends_are_working_days():
    assert is_workday(date(2025, 1, 26))  # Sunday, 调休上班
    assert is_workday(date(2025, 2, 8))  # Saturday, 调休上班


def test_the_spring_festival_2025_holiday_runs_from_28_january_to_4_february():
    for day in range(28, 32):
        assert not is_workday(date(2025, 1, day))
    for day in range(1, 5):
        assert not is_workday(date(2025, 2, day))
    assert is_workday(date(2025, 2, 5))


def test_the_national_day_2025_make_up_weekends_are_working_days_and_1_to_8_october_is_off():
    assert is_workday(date(2025, 9, 28))  # Sunday
    assert is_workday(date(2025, 10, 11))  # Saturday
    assert all(not is_workday(date(2025, 10, d)) for d in range(1, 9))


def test_the_start_day_does_not_count():
    # Friday 2025-01-24 is a working day, yet one working day after it is the 调休 Sunday 2025-01-26.
    assert add_working_days(date(2025, 1, 24), 1) == date(2025, 1, 26)


def test_zero_working_days_returns_the_start_day_itself():
    assert add_working_days(date(2025, 1, 25), 0) == date(2025, 1, 25)


def test_the_count_jumps_over_the_whole_spring_festival():
    # 2025-01-26 (Sun, workday) is day 1, 01-27 day 2, then nothing until 02-05.
    assert add_working_days(date(2025, 1, 24), 3) == date(2025, 2, 5)


def test_a_twenty_working_day_limit_over_national_day_2025_ends_on_30_october():
    # By hand, from Friday 2025-09-26 (not counted):
    #  1 09-28 Sun(调休)  2 09-29  3 09-30  [10-01..10-08 国庆中秋]  4 10-09  5 10-10  6 10-11 Sat(调休)
    #  7 10-13  8 10-14  9 10-15  10 10-16  11 10-17  12 10-20  13 10-21  14 10-22  15 10-23
    #  16 10-24  17 10-27  18 10-28  19 10-29  20 10-30
    assert add_working_days(date(2025, 9, 26), 20) == date(2025, 10, 30)
    assert working_days_between(date(2025, 9, 26), date(2025, 10, 30)) == 20


def test_working_days_between_counts_the_end_but_not_the_start_and_is_negative_backwards():
    assert working_days_between(date(2025, 9, 30), date(2025, 10, 9)) == 1
    assert working_days_between(date(2025, 10, 9), date(2025, 9, 30)) == -1
    assert working_days_between(date(2025, 10, 1), date(2025, 10, 1)) == 0


def test_next_workday_skips_a_holiday_run():
    assert next_workday(date(2025, 9, 30)) == date(2025, 10, 9)


def test_negative_n_counts_back_from_the_start():
    assert add_working_days(date(2025, 10, 9), -1) == date(2025, 9, 30)


def test_the_loaded_range_is_what_chinesecalendar_knows():
    cal = get_calendar()
    assert cal.first_loaded == date(2004, 1, 1)
    assert cal.last_loaded == date(2026, 12, 31)
    assert not cal.has_gaps


def test_a_deadline_beyond_the_loaded_calendar_is_refused_with_a_clear_message():
    with pytest.raises(CalendarNotLoaded) as caught:
        add_working_days(date(2026, 12, 20), 20)
    message = caught.value.message
    assert "工作日历尚未载入 2027 年的数据（已载入至 2026-12-31）" in message
    assert "已载入至 2026-12-31" in message and " / " not in message
    assert caught.value.status == 400


def test_a_start_date_beyond_the_calendar_is_refused():
    with pytest.raises(CalendarNotLoaded):
        add_working_days(date(2027, 3, 1), 5)
    with pytest.raises(CalendarNotLoaded):
        working_days_between(date(2026, 12, 1), date(2027, 1, 4))
    with pytest.raises(CalendarNotLoaded):
        is_workday(date(2027, 1, 4))


def test_a_date_before_the_calendar_is_refused():
    with pytest.raises(CalendarNotLoaded, match="2004-01-01"):
        add_working_days(date(2003, 12, 1), 3)


def test_the_last_loaded_working_day_is_still_reachable():
    cal = get_calendar()
    last_workday = cal.workday_on_or_after(date(2026, 12, 31))
    assert last_workday == date(2026, 12, 31)
    assert cal.add_working_days(date(2026, 12, 30), 1) == date(2026, 12, 31)
    with pytest.raises(CalendarNotLoaded):
        cal.add_working_days(date(2026, 12, 30), 2)


def test_a_missing_day_inside_the_range_is_refused_not_skipped():
    days = [(date(2025, 3, d), date(2025, 3, d).weekday() < 5) for d in range(1, 32) if d != 12]
    cal = WorkCalendar.from_days(days)
    assert cal.has_gaps and cal.missing_days == [date(2025, 3, 12)]
    with pytest.raises(CalendarNotLoaded, match="2025-03-12 至 2025-03-12"):
        cal.add_working_days(date(2025, 3, 10), 5)
    with pytest.raises(CalendarNotLoaded):
        cal.working_days_between(date(2025, 3, 20), date(2025, 3, 10))
    with pytest.raises(CalendarNotLoaded):
        cal.is_workday(date(2025, 3, 12))
    # Away from the gap the calendar still answers.
    assert cal.add_working_days(date(2025, 3, 14), 1) == date(2025, 3, 17)
    assert cal.add_working_days(date(2025, 3, 3), 2) == date(2025, 3, 5)


def test_a_gap_before_the_end_is_reported_rather_than_the_end():
    days = [(date(2025, 3, d), True) for d in range(1, 11) if d != 5]
    cal = WorkCalendar.from_days(days)
    with pytest.raises(CalendarNotLoaded, match="缺少 2025-03-05"):
        cal.add_working_days(date(2025, 3, 2), 30)


def test_an_empty_calendar_refuses_everything():
    cal = WorkCalendar.from_days([])
    with pytest.raises(CalendarNotLoaded, match="尚未载入任何数据"):
        cal.add_working_days(date(2025, 1, 1), 1)


def test_natural_days_are_plain_calendar_days_and_may_roll_to_the_next_working_day():
    cal = get_calendar()
    assert cal.add(date(2025, 9, 26), 5, "natural") == date(2025, 10, 1)
    assert cal.add_natural_days(date(2025, 9, 26), 5, roll_to_workday=True) == date(2025, 10, 9)
    assert cal.between(date(2025, 9, 26), date(2025, 10, 1), "natural") == 5


def test_workdays_in_lists_the_working_days_of_a_span():
    cal = get_calendar()
    assert cal.workdays_in(date(2025, 9, 27), date(2025, 10, 11)) == [
        date(2025, 9, 28),
        date(2025, 9, 29),
        date(2025, 9, 30),
        date(2025, 10, 9),
        date(2025, 10, 10),
        date(2025, 10, 11),
    ]
