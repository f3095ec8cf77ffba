"""A year without its official holiday notice: estimated from the statute, marked 预计, replaced by the notice in one act."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from sunlight.clock.actions import (
    NoticeLine,
    can_edit_calendar,
    enter_official_notice,
    load_estimate,
    load_weekends,
    parse_notice,
)
from sunlight.clock.calendar import get_calendar
from sunlight.clock.clock import Clock
from sunlight.clock.holidays import estimated_days, qingming, statutory_holidays
from sunlight.clock.models import WorkDay
from sunlight.errors import SunlightError
from sunlight.events.models import Event

pytestmark = pytest.mark.django_db

NOTICE_2027 = """
# 国务院办公厅关于2027年部分节假日安排的通知（测试用，非真实通知）
2027-01-01~2027-01-03 元旦
2027-02-05～2027-02-13 春节
2027-02-20 上班
2027-04-03至2027-04-05 清明节
2027-05-01~2027-05-05 劳动节
2027-04-25 上班
2027-06-09 端午节
2027-09-15 中秋节
2027-10-01~2027-10-07 国庆节
2027-10-09 上班
"""


def test_the_statutory_holidays_of_2027_are_computed_from_the_lunar_calendar_and_the_solar_term():
    days = dict(statutory_holidays(2027))
    assert [d for d, n in statutory_holidays(2027) if n == "春节"] == [
        date(2027, 2, 5),
        date(2027, 2, 6),
        date(2027, 2, 7),
        date(2027, 2, 8),
    ]
    assert days[date(2027, 1, 1)] == "元旦" and days[date(2027, 4, 5)] == "清明节"
    assert days[date(2027, 6, 9)] == "端午节" and days[date(2027, 9, 15)] == "中秋节"
    assert days[date(2027, 5, 2)] == "劳动节" and days[date(2027, 10, 3)] == "国庆节"
    assert len(statutory_holidays(2027)) == 13  # the 13 days of Art. 2 since 2025
    # Known years, for the library: 正月初一 2025-01-29 and 2026-02-17, 清明 4 April 2025 and 5 April 2026.
    assert date(2025, 1, 28) in dict(statutory_holidays(2025)) and date(2026, 2, 16) in dict(statutory_holidays(2026))
    assert qingming(2025) == date(2025, 4, 4) and qingming(2026) == date(2026, 4, 5)


def test_the_estimate_makes_up_weekend_holidays_on_the_next_weekday_and_guesses_no_make_up_working_day():
    rest = {d: note for d, workday, note in estimated_days(2027) if not workday}
    # 春节: 除夕 Fri 5 Feb, 初一/初二 on the weekend, 初三 Mon 8 Feb → 补假 Tue 9 and Wed 10 Feb.
    assert all(date(2027, 2, d) in rest for d in (5, 6, 7, 8, 9, 10)) and date(2027, 2, 11) not in rest
    assert "春节补假" in rest[date(2027, 2, 9)] and "预计" in rest[date(2027, 2, 9)]
    # 劳动节 1–2 May is a weekend → Mon 3 and Tue 4 May off; 国庆 2–3 Oct → 4 and 5 Oct.
    assert {date(2027, 5, 3), date(2027, 5, 4), date(2027, 10, 4), date(2027, 10, 5)} <= set(rest)
    # No Saturday or Sunday is a working day in an estimate.
    assert not [d for d, workday, _n in estimated_days(2027) if workday and d.weekday() >= 5]


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_estimated_holiday_of_a_year_with_its_notice_was_a_holiday_in_the_notice(year):
    import chinese_calendar

    wrong = [
        d
        for d, workday, _n in estimated_days(year)
        if not workday and d.weekday() < 5 and chinese_calendar.is_workday(d)
    ]
    assert wrong == []


def test_a_request_received_on_4_december_2026_is_not_due_on_new_years_day_and_its_date_is_estimated(superuser):
    load_estimate(2027, by=superuser)
    clock = Clock(limit=20, calendar=get_calendar()).start(date(2026, 12, 4))
    assert clock.due_date == date(2027, 1, 4)  # 1 January is 元旦, not the 20th working day
    assert clock.is_estimated
    text = "\n".join(s.text for s in clock.explain())
    assert "预计，以国务院办公厅公布的放假安排为准" in text and "2027 年的放假安排尚未公布" in text
    # A deadline that stays inside the official year is not estimated.
    assert not Clock(limit=5, calendar=get_calendar()).start(date(2026, 12, 4)).is_estimated


def test_the_estimate_fills_only_missing_days_is_labelled_and_logged(superuser):
    WorkDay.objects.create(date=date(2027, 3, 1), is_workday=False, source=WorkDay.Source.MANUAL, note="已由人工录入")
    assert load_estimate(2027, by=superuser) == 364
    assert WorkDay.objects.get(date=date(2027, 3, 1)).source == WorkDay.Source.MANUAL
    new_year = WorkDay.objects.get(date=date(2027, 1, 1))
    assert not new_year.is_workday and new_year.source == WorkDay.Source.ESTIMATED and "元旦" in new_year.note
    assert "预计" in WorkDay.objects.get(date=date(2027, 3, 2)).note
    assert Event.objects.filter(verb="calendar.load_estimate", data__year=2027).exists()
    assert load_weekends is load_estimate  # the old name loads the estimate too


def test_the_official_notice_is_read_from_lines_with_ranges_and_make_up_days():
    lines = parse_notice(2027, NOTICE_2027)
    spring = next(x for x in lines if x.name == "春节")
    assert (spring.start, spring.end, spring.is_workday, spring.line) == (date(2027, 2, 5), date(2027, 2, 13), False, 4)
    assert [x.start for x in lines if x.is_workday] == [date(2027, 2, 20), date(2027, 4, 25), date(2027, 10, 9)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2027-01-01 元旦\n元旦放假一天", "第 2 行"),
        ("2027-01-01 元旦\n2027-02-30 春节", "第 2 行：日期“2027-02-30”不存在"),
        ("2027-01-01 元旦\n\n2026-12-31 元旦", "第 3 行：日期不在 2027 年内"),
        ("2027-01-01 元旦\n2027-01-04 上班", "第 2 行：调休上班日应为周六或周日"),
        ("2027-01-01~2027-01-03 元旦\n2027-01-02 上班", "第 2 行：2027-01-02 与第 1 行重复"),
        ("2027-02-11~2027-02-05 春节", "第 1 行：结束日期早于开始日期"),
        ("2027-02-20 上班", "没有填写任何放假日期"),
    ],
)
def test_bad_lines_are_refused_with_their_line_number(text, message):
    with pytest.raises(SunlightError, match=message):
        parse_notice(2027, text)


def test_entering_the_official_notice_replaces_the_estimated_year_in_one_act(superuser):
    load_estimate(2027, by=superuser)
    changed = enter_official_notice(
        2027, lines=parse_notice(2027, NOTICE_2027), document="国办发明电〔2026〕X号", by=superuser
    )
    rows = WorkDay.objects.filter(date__year=2027)
    assert rows.count() == 365 and not rows.exclude(source=WorkDay.Source.OFFICIAL).exists()
    assert WorkDay.objects.get(date=date(2027, 2, 20)).is_workday  # a Saturday make-up day
    assert not WorkDay.objects.get(date=date(2027, 2, 12)).is_workday
    assert WorkDay.objects.get(date=date(2027, 2, 12)).note == "春节放假；国办发明电〔2026〕X号"
    assert changed > 0
    event = Event.objects.get(verb="calendar.official_notice")
    assert event.data["year"] == 2027 and ["2027-02-05", "2027-02-13", "春节"] in event.data["holidays"]
    assert WorkDay.history.filter(date=date(2027, 2, 20), source=WorkDay.Source.OFFICIAL).exists()
    # Nothing counted through 2027 is estimated any more.
    clock = Clock(limit=20, calendar=get_calendar()).start(date(2026, 12, 4))
    assert clock.due_date == date(2027, 1, 4) and not clock.is_estimated


def test_only_admins_of_the_top_org_and_superusers_may_enter_the_notice(cast, superuser):
    from sunlight.orgs.models import Membership, Role

    district_admin = cast.add_staff("district-admin", cast.east, Role.ADMIN)
    assert can_edit_calendar(cast.admin) and can_edit_calendar(superuser)
    assert not can_edit_calendar(district_admin) and not can_edit_calendar(cast.supervisor)
    with pytest.raises(PermissionDenied, match="只有系统管理员可以修改工作日历"):
        enter_official_notice(
            2027, lines=[NoticeLine(date(2027, 1, 1), date(2027, 1, 1), "元旦")], document="", by=district_admin
        )
    assert not WorkDay.objects.filter(date__year=2027).exists()
    Membership.objects.filter(user=cast.admin).update(is_active=False)
    assert not can_edit_calendar(type(cast.admin).objects.get(pk=cast.admin.pk))


def test_a_year_chinesecalendar_knows_is_neither_estimated_nor_entered_by_hand(superuser):
    with pytest.raises(SunlightError, match="chinesecalendar"):
        load_estimate(2026, by=superuser)
    with pytest.raises(SunlightError, match="chinesecalendar"):
        enter_official_notice(
            2026, lines=[NoticeLine(date(2026, 1, 1), date(2026, 1, 1), "元旦")], document="", by=superuser
        )
