"""The statutory clock: pauses, extensions, restarts, and the explanation people read."""

from __future__ import annotations

from datetime import date

import pytest

from sunlight.clock.calendar import CalendarNotLoaded, WorkCalendar
from sunlight.clock.clock import Clock, ClockError, ClockEvent
from sunlight.errors import SunlightError

CAL = WorkCalendar.from_chinesecalendar([2025, 2026])


def third_party_clock() -> Clock:
    # Received Fri 2025-09-26; third-party consultation sent Fri 2025-10-10, answer back Mon 2025-10-20.
    return (
        Clock(20, calendar=CAL)
        .start(date(2025, 9, 26))
        .pause(date(2025, 10, 10), "第三方意见征询")
        .resume(date(2025, 10, 20), "收到第三方意见")
    )


def test_a_plain_twenty_day_clock_is_due_on_the_twentieth_working_day():
    clock = Clock(20, calendar=CAL).start(date(2025, 9, 26))
    assert clock.due_date == date(2025, 10, 30)
    assert not clock.is_paused


def test_a_pause_uses_the_days_up_to_and_including_the_pause_day():
    clock = Clock(20, calendar=CAL).start(date(2025, 9, 26)).pause(date(2025, 10, 10), "第三方意见征询")
    # 09-28 (Sun, 调休), 09-29, 09-30, 10-09, 10-10.
    assert clock.used_days(date(2025, 10, 10)) == 5
    assert clock.used_days(date(2025, 10, 17)) == 5  # paused: nothing more is used
    assert clock.remaining_days(date(2025, 10, 17)) == 15
    assert clock.is_paused
    assert clock.due_date is None


def test_after_resuming_the_remaining_days_count_from_the_resume_day():
    clock = third_party_clock()
    # 15 working days after Mon 10-20: 10-21..10-24 (4), 10-27..10-31 (9), 11-03..11-07 (14), 11-10 (15).
    assert clock.due_date == date(2025, 11, 10)
    assert clock.used_days(date(2025, 10, 20)) == 5
    assert clock.used_days(date(2025, 10, 21)) == 6
    assert clock.remaining_days(date(2025, 11, 10)) == 0
    assert not clock.overdue(date(2025, 11, 10))
    assert clock.overdue(date(2025, 11, 11))


def test_the_explanation_says_how_the_deadline_was_reached():
    texts = [s.text for s in third_party_clock().explain()]
    assert texts == [
        "2025-09-26 开始计时：法定期限 20 个工作日，起算日当天不计",
        "2025-10-10 暂停（第三方意见征询）：已用 5 个工作日，剩余 15 个工作日",
        "2025-10-20 恢复计时（收到第三方意见）：剩余 15 个工作日，恢复当日不计",
        "截止日为 2025-11-10（自 2025-10-20 起再数 15 个工作日）",
    ]


def test_the_explanation_of_a_plain_clock_names_the_nth_working_day():
    segments = Clock(20, calendar=CAL).start(date(2025, 9, 26)).explain()
    assert segments[-1].kind == "due"
    assert segments[-1].date == date(2025, 10, 30)
    assert segments[-1].text == "截止日为 2025-10-30（自 2025-09-26 起第 20 个工作日）"


def test_a_paused_clock_explains_that_it_is_paused():
    clock = Clock(20, calendar=CAL).start(date(2025, 9, 26)).pause(date(2025, 10, 10), "征求其他机关意见")
    assert clock.explain()[-1].text == "目前暂停计时：已用 5 个工作日，剩余 15 个工作日，恢复后继续计算"


def test_an_extension_adds_to_the_limit_and_is_explained():
    clock = (
        Clock(20, calendar=CAL).start(date(2025, 9, 26)).extend(20, "经信息公开工作机构负责人同意", date(2025, 10, 28))
    )
    assert clock.limit == 40
    assert clock.due_date == CAL.add_working_days(date(2025, 10, 30), 20)
    assert "2025-10-28 延长期限（经信息公开工作机构负责人同意）：增加 20 个工作日，期限共 40 个工作日" in [
        s.text for s in clock.explain()
    ]


def test_a_restart_counts_the_full_limit_afresh_from_its_day():
    # Art. 30: a correction notice, then the corrected request arrives on 2025-10-15.
    clock = (
        Clock(20, calendar=CAL)
        .start(date(2025, 9, 26))
        .pause(date(2025, 9, 29), "一次性告知补正")
        .restart(date(2025, 10, 15), "收到补正后的申请")
    )
    assert not clock.is_paused
    assert clock.due_date == CAL.add_working_days(date(2025, 10, 15), 20)
    assert clock.used_days(date(2025, 10, 16)) == 1


def test_pausing_while_paused_is_refused_with_a_clear_message():
    clock = Clock(20, calendar=CAL).start(date(2025, 9, 26)).pause(date(2025, 10, 10))
    with pytest.raises(ClockError, match="已经暂停"):
        clock.pause(date(2025, 10, 13))


def test_resuming_a_running_clock_is_refused_with_a_clear_message():
    clock = Clock(20, calendar=CAL).start(date(2025, 9, 26))
    with pytest.raises(SunlightError, match="没有暂停"):
        clock.resume(date(2025, 10, 13))


def test_acts_before_the_start_or_out_of_order_are_refused():
    with pytest.raises(ClockError, match="尚未开始计时"):
        Clock(20, calendar=CAL).pause(date(2025, 10, 10))
    clock = Clock(20, calendar=CAL).start(date(2025, 9, 26))
    with pytest.raises(ClockError, match="早于上一计时事件"):
        clock.pause(date(2025, 9, 20))
    with pytest.raises(ClockError, match="已经开始计时"):
        clock.start(date(2025, 10, 1))
    with pytest.raises(ClockError, match="正数"):
        clock.extend(0)


def test_a_pause_after_the_deadline_passed_keeps_the_clock_overdue():
    clock = Clock(2, calendar=CAL).start(date(2025, 9, 26)).pause(date(2025, 10, 10))
    assert clock.overdue(date(2025, 10, 13))
    assert clock.explain()[-1].kind == "overdue"


def test_a_clock_is_rebuilt_from_stored_dicts():
    stored = third_party_clock().to_list()
    assert stored[1] == {"kind": "pause", "date": "2025-10-10", "days": 0, "reason": "第三方意见征询"}
    rebuilt = Clock.from_events(20, stored, calendar=CAL)
    assert rebuilt.due_date == date(2025, 11, 10)
    events = [ClockEvent("start", date(2025, 9, 26)), ClockEvent("extend", days=5)]
    assert Clock.from_events(20, events, calendar=CAL).due_date == CAL.add_working_days(date(2025, 9, 26), 25)


def test_natural_day_limits_count_calendar_days():
    clock = (
        Clock(15, unit="natural", calendar=CAL)
        .start(date(2025, 9, 26))
        .pause(date(2025, 9, 30))
        .resume(date(2025, 10, 5))
    )
    # 4 days used (09-27..09-30), 11 left from 10-05.
    assert clock.due_date == date(2025, 10, 16)
    assert clock.explain()[0].text == "2025-09-26 开始计时：法定期限 15 日，起算日当天不计"


def test_a_clock_whose_deadline_is_beyond_the_calendar_refuses_rather_than_guesses():
    clock = Clock(20, calendar=CAL).start(date(2026, 12, 15))
    with pytest.raises(CalendarNotLoaded):
        clock.due_date


def test_the_known_due_date_is_none_beyond_the_calendar_and_the_due_date_within_it():
    beyond = Clock(20, calendar=CAL).start(date(2026, 12, 15))
    assert beyond.known_due_date is None
    within = Clock(20, calendar=CAL).start(date(2026, 3, 2))
    assert within.known_due_date == within.due_date == date(2026, 3, 30)


@pytest.mark.django_db
def test_a_clock_without_a_calendar_uses_the_loaded_one():
    assert Clock(limit=20).start(date(2025, 9, 26)).due_date == date(2025, 10, 30)
