"""The December warning when next year's calendar is missing."""

from __future__ import annotations

import pytest
from huey.contrib.djhuey import HUEY

from sunlight.clock.actions import enter_official_notice, load_weekends, parse_notice
from sunlight.clock.tasks import warn_if_next_year_calendar_missing
from sunlight.notify.models import Todo

pytestmark = pytest.mark.django_db

KEY = "calendar-missing:2027"


@pytest.fixture
def people(calendar_admin, outsider, superuser):
    from sunlight.accounts.models import User

    retired = User.objects.create_superuser("calendar-retired", password="x-Calendar-2026", is_active=False)
    return {"admin": calendar_admin, "outsider": outsider, "root": superuser, "retired": retired}


def test_before_the_first_of_december_nobody_is_warned(people):
    assert warn_if_next_year_calendar_missing.call(today="2026-11-22") == 0
    assert warn_if_next_year_calendar_missing.call(today="2026-11-30") == 0
    assert not Todo.objects.filter(key=KEY).exists()


def test_from_the_first_of_december_admins_and_superusers_are_warned_and_no_one_else(people):
    assert warn_if_next_year_calendar_missing.call(today="2026-12-01") == 2
    warned = set(Todo.objects.filter(key=KEY).values_list("user__username", flat=True))
    assert warned == {"calendar-admin", "calendar-root"}
    todo = Todo.objects.get(key=KEY, user=people["admin"])
    assert todo.level == "warning"
    assert todo.url == "/workbench/calendar/"
    assert "2027 年工作日历尚未载入" in todo.title
    assert "0/365" in todo.detail


def test_the_warning_is_idempotent(people):
    warn_if_next_year_calendar_missing.call(today="2026-12-01")
    assert warn_if_next_year_calendar_missing.call(today="2026-12-02") == 2
    assert warn_if_next_year_calendar_missing.call(today="2026-12-31") == 2
    assert Todo.objects.filter(key=KEY).count() == 2


def test_nobody_is_warned_when_next_year_is_loaded(people):
    # In December 2025, 2026 is in chinesecalendar and so in the table.
    assert warn_if_next_year_calendar_missing.call(today="2025-12-15") == 0
    assert not Todo.objects.filter(key="calendar-missing:2026").exists()


def test_an_estimated_year_still_warns_and_asks_for_the_official_notice_until_it_is_entered(people):
    load_weekends(2027, by=people["root"])  # the old name loads the estimate
    assert warn_if_next_year_calendar_missing.call(today="2026-12-05") == 2
    todo = Todo.objects.filter(key=KEY).first()
    assert "2027 年工作日历为预计" in todo.title and "请录入官方放假安排" in todo.title
    assert "预计" in todo.detail and "一次录入" in todo.detail
    enter_official_notice(2027, lines=parse_notice(2027, "2027-01-01 元旦"), document="", by=people["root"])
    assert warn_if_next_year_calendar_missing.call(today="2026-12-06") == 0
    assert not Todo.objects.filter(key=KEY, done_at__isnull=True).exists()


def test_the_warning_is_closed_once_the_year_is_loaded(people):
    warn_if_next_year_calendar_missing.call(today="2026-12-01")
    assert Todo.objects.filter(key=KEY, done_at__isnull=True).count() == 2
    enter_official_notice(2027, lines=parse_notice(2027, "2027-01-01 元旦"), document="", by=people["root"])
    warn_if_next_year_calendar_missing.call(today="2026-12-02")
    assert Todo.objects.filter(key=KEY, done_at__isnull=True).count() == 0


def test_huey_runs_the_check_every_morning():
    assert "calendar_warning_daily" in [t.name for t in HUEY._registry.periodic_tasks]


def test_a_district_admin_who_cannot_enter_the_notice_gets_no_warning(people):
    from sunlight.orgs.codes import make_credit_code
    from sunlight.orgs.models import Membership, Org, Role

    top = people["admin"].memberships.get().org
    district = Org.objects.create(
        name="日历测试区人民政府",
        kind=Org.Kind.GOVERNMENT,
        region=top.region,
        parent=top,
        credit_code=make_credit_code("11", "980000", "00000002"),
    )
    Membership.objects.filter(user=people["outsider"]).update(org=district, role=Role.ADMIN)
    assert warn_if_next_year_calendar_missing.call(today="2026-12-01") == 2
    assert not Todo.objects.filter(key=KEY, user=people["outsider"]).exists()
