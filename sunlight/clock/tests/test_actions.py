"""Changing the calendar: who may, what is recorded, and how fast every process sees it."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from sunlight.clock.actions import can_edit_calendar, load_weekends, set_workday
from sunlight.clock.calendar import CalendarNotLoaded, get_calendar, is_workday
from sunlight.clock.models import CalendarRevision, WorkDay, bump_revision
from sunlight.clock.seed import seed_from_chinesecalendar
from sunlight.errors import SunlightError
from sunlight.events.models import Event

pytestmark = pytest.mark.django_db


def test_an_outsider_may_not_change_the_calendar(outsider):
    assert not can_edit_calendar(outsider)
    with pytest.raises(PermissionDenied, match="只有系统管理员可以修改工作日历"):
        set_workday(date(2025, 10, 11), is_workday=False, note="试图修改", by=outsider)
    assert WorkDay.objects.get(date=date(2025, 10, 11)).is_workday
    assert not Event.objects.filter(verb="calendar.set_workday").exists()


def test_an_inactive_admin_membership_does_not_count(calendar_admin):
    calendar_admin.memberships.update(is_active=False)
    with pytest.raises(PermissionDenied):
        set_workday(date(2025, 10, 11), is_workday=False, note="", by=calendar_admin)


def test_nobody_at_all_may_not_change_the_calendar():
    with pytest.raises(PermissionDenied):
        set_workday(date(2025, 10, 11), is_workday=False, note="", by=None)


def test_an_admin_changes_a_day_and_the_change_is_written_to_the_event_log(calendar_admin):
    row = set_workday(date(2025, 10, 11), is_workday=False, note="测试：改为休息日", by=calendar_admin)
    assert (row.is_workday, row.source, row.updated_by) == (False, WorkDay.Source.MANUAL, calendar_admin)
    event = Event.objects.get(verb="calendar.set_workday")
    assert event.actor == calendar_admin
    assert event.object_type == "clock.workday" and event.object_id == str(row.pk)
    assert event.data["date"] == "2025-10-11"
    assert event.data["before"] == {"is_workday": True, "source": "chinesecalendar", "note": "国庆节调休上班"}
    assert event.data["after"] == {"is_workday": False, "source": "manual", "note": "测试：改为休息日"}
    assert row.history.first().history_user == calendar_admin


def test_a_superuser_may_change_the_calendar(superuser):
    set_workday(date(2025, 10, 12), is_workday=True, note="补班", by=superuser)
    assert WorkDay.objects.get(date=date(2025, 10, 12)).is_workday


def test_each_change_bumps_the_revision(superuser):
    before = CalendarRevision.current()
    set_workday(date(2025, 10, 12), is_workday=True, note="", by=superuser)
    assert CalendarRevision.current() == before + 1


def test_the_cache_picks_up_a_change_made_in_this_process_at_once(superuser, settings):
    settings.CALENDAR_RECHECK_SECONDS = 3600  # so only the invalidation can explain the pick-up
    assert is_workday(date(2025, 10, 11))
    assert get_calendar().add_working_days(date(2025, 10, 10), 1) == date(2025, 10, 11)
    set_workday(date(2025, 10, 11), is_workday=False, note="", by=superuser)
    assert not is_workday(date(2025, 10, 11))
    assert get_calendar().add_working_days(date(2025, 10, 10), 1) == date(2025, 10, 13)


def test_a_change_made_by_another_process_is_picked_up_through_the_revision(settings):
    settings.CALENDAR_RECHECK_SECONDS = 0
    assert is_workday(date(2025, 10, 11))
    # Another process: rows changed without this process's signals, then the revision bumped.
    WorkDay.objects.filter(date=date(2025, 10, 11)).update(is_workday=False)
    bump_revision()
    assert not is_workday(date(2025, 10, 11))


def test_without_a_revision_bump_a_cached_calendar_stays_until_the_next_check(settings):
    settings.CALENDAR_RECHECK_SECONDS = 3600
    assert is_workday(date(2025, 10, 11))
    WorkDay.objects.filter(date=date(2025, 10, 11)).update(is_workday=False)
    assert is_workday(date(2025, 10, 11))  # cached, as designed: the revision is the signal


def test_setting_a_day_in_an_unloaded_year_leaves_a_gap_that_is_refused(superuser):
    set_workday(date(2027, 2, 6), is_workday=True, note="春节调休上班（国办发明电）", by=superuser)
    cal = get_calendar()
    assert cal.last_loaded == date(2027, 2, 6)
    with pytest.raises(CalendarNotLoaded, match="2027-01-01 至 2027-02-05"):
        cal.add_working_days(date(2026, 12, 20), 20)


def test_loading_weekends_now_loads_the_labelled_estimate_and_fills_only_missing_days(superuser):
    set_workday(date(2027, 2, 6), is_workday=True, note="春节调休上班", by=superuser)
    added = load_weekends(2027, by=superuser)
    assert added == 364
    assert WorkDay.objects.get(date=date(2027, 2, 6)).source == WorkDay.Source.MANUAL
    friday = WorkDay.objects.get(date=date(2027, 1, 1))
    assert not friday.is_workday and friday.source == WorkDay.Source.ESTIMATED and "预计" in friday.note
    assert get_calendar().add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert Event.objects.filter(verb="calendar.load_estimate", data__year=2027).exists()


def test_loading_weekends_is_refused_for_a_year_chinesecalendar_knows_and_for_outsiders(superuser, outsider):
    with pytest.raises(SunlightError, match="chinesecalendar 已有 2026 年"):
        load_weekends(2026, by=superuser)
    with pytest.raises(PermissionDenied):
        load_weekends(2027, by=outsider)


def test_seeding_again_writes_nothing_and_never_overwrites_a_manual_day(superuser):
    assert seed_from_chinesecalendar([2025]) == 0
    set_workday(date(2025, 10, 11), is_workday=False, note="人工改为休息日", by=superuser)
    assert seed_from_chinesecalendar([2025]) == 0
    assert not WorkDay.objects.get(date=date(2025, 10, 11)).is_workday


def test_seeding_corrects_a_weekends_guess_and_refills_missing_days():
    WorkDay.objects.filter(date=date(2025, 10, 1)).update(is_workday=True, source=WorkDay.Source.WEEKENDS)
    WorkDay.objects.filter(date__gte=date(2025, 12, 1), date__year=2025).delete()
    assert seed_from_chinesecalendar([2025]) == 32
    assert not is_workday(date(2025, 10, 1))
    assert WorkDay.objects.get(date=date(2025, 10, 1)).source == WorkDay.Source.CHINESECALENDAR
    assert get_calendar().last_loaded == date(2026, 12, 31) and not get_calendar().has_gaps


def test_seeding_an_unknown_year_is_skipped_not_guessed():
    assert seed_from_chinesecalendar([2027]) == 0
    assert not WorkDay.objects.filter(date__year=2027).exists()
