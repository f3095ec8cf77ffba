"""A request is never refused because next year's working-day calendar is not loaded yet: it is received, its
deadline waits, and the nightly refresh fills it in once the days are there. Acts that must print a new deadline
(an extension) are refused with the calendar's reason instead of guessing."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from sunlight.clock import calendar
from sunlight.clock.actions import load_estimate
from sunlight.errors import SunlightError
from sunlight.requests import actions
from sunlight.requests.models import InfoRequest

DECEMBER = datetime(2026, 12, 21, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # +20 working days is in 2027


@pytest.fixture
def december(req):
    calendar.invalidate()
    with time_machine.travel(DECEMBER, tick=False):
        yield req
    calendar.invalidate()


def test_an_online_request_whose_deadline_falls_in_an_unloaded_year_is_received_and_its_deadline_waits(december):
    info_request, code = actions.submit_online(
        org=december.east,
        applicant=december.applicant,
        description="2026年度低保资金发放明细",
        format="electronic",
        delivery="online",
    )
    assert (
        info_request.received_on == date(2026, 12, 21)
        and info_request.due_on is None
        and info_request.deadline_waits_for_calendar
    )
    assert "具体截止日期待国家公布下一年度节假日安排" in info_request.notices.get(kind="receipt").html
    page = Client().post("/requests/track", {"code": code}).content.decode()
    assert "待工作日历更新后确定" in page

    staff = Client()
    staff.force_login(december.officer)
    assert "期限待定：工作日历尚未载入" in staff.get("/workbench/requests/").content.decode()

    with pytest.raises(SunlightError, match="2027"):
        actions.extend(info_request, by=december.officer, approved_by=december.reviewer, days=5, reason="检索量大")
    assert actions.refresh_deadlines() == 0  # nothing to compute with yet

    load_estimate(2027, by=december.admin)  # what the December to-do asks an admin to do
    calendar.invalidate()
    assert actions.refresh_deadlines() == 1
    info_request.refresh_from_db()
    # The estimate keeps 元旦 off (a weekends-only guess said 2027-01-18), and says the date is estimated.
    assert (
        info_request.due_on == date(2027, 1, 19)
        and not info_request.deadline_waits_for_calendar
        and info_request.due_on_estimated
    )
    assert actions.refresh_deadlines() == 0


def test_an_extension_of_a_paused_request_is_refused_with_a_reason_not_a_crash(req):
    info_request = actions.register(
        by=req.officer,
        org=req.east,
        applicant=req.applicant,
        channel=InfoRequest.Channel.IN_PERSON,
        received_on=date(2026, 3, 2),
        description="x",
        format="paper",
        delivery="post",
    )
    actions.request_correction(
        info_request, by=req.officer, items="请说明年份", correct_by=date(2026, 3, 20), on=date(2026, 3, 4)
    )
    with pytest.raises(SunlightError, match="计时暂停"):
        actions.extend(
            info_request, by=req.officer, approved_by=req.reviewer, days=5, reason="检索量大", on=date(2026, 3, 5)
        )
