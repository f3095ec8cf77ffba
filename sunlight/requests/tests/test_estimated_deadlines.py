"""Deadlines counted through a year without its official holiday notice are 预计 everywhere they appear, and move,
with word to the handlers and the applicant, when the notice is entered (issue 9, item 10)."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from sunlight.clock import calendar
from sunlight.clock.actions import load_estimate
from sunlight.events.models import Event
from sunlight.notify.models import Todo
from sunlight.requests import actions
from sunlight.requests.models import InfoRequest

ESTIMATE = "预计，以国务院办公厅公布的放假安排为准"
OFFICIAL_WORDING = "按官方工作日历（含调休）计算"
SHANGHAI = ZoneInfo("Asia/Shanghai")
# A test notice for 2027 (the real one is not out): 春节 nine days, no make-up day.
NOTICE = "2027-01-01~2027-01-03 元旦\n2027-02-05~2027-02-13 春节\n"


@pytest.fixture
def estimated_2027(req):
    """The cast on 2026-12-04, with 2027 loaded as the estimate (what the demo and the December to-do lead to)."""
    calendar.invalidate()
    with time_machine.travel(datetime(2026, 12, 4, 10, 0, tzinfo=SHANGHAI), tick=False):
        load_estimate(2027, by=req.admin)
        calendar.invalidate()
        yield req
    calendar.invalidate()


def test_a_request_received_on_4_december_2026_is_not_due_on_new_years_day_and_says_so_is_estimated(estimated_2027):
    req = estimated_2027
    info_request, code = actions.submit_online(
        org=req.east,
        applicant=req.applicant,
        description="2026年度低保资金发放明细",
        format="electronic",
        delivery="online",
    )
    assert info_request.received_on == date(2026, 12, 4)
    assert info_request.due_on == date(2027, 1, 4) and info_request.due_on_estimated  # not 2027-01-01, 元旦

    receipt = info_request.notices.get(kind="receipt").html
    assert "2027年1月4日" in receipt and ESTIMATE in receipt

    status_page = Client().post("/requests/track", {"code": code}).content.decode()
    assert "2027年1月4日" in status_page and f'title="{ESTIMATE}">预计</span>' in status_page
    assert OFFICIAL_WORDING not in status_page

    tracked = (
        Client()
        .post("/api/v1/requests/track", json.dumps({"query_code": code}), content_type="application/json")
        .json()
    )
    assert tracked["due_on"] == "2027-01-04" and tracked["due_on_estimated"] is True

    staff = Client()
    staff.force_login(req.officer)
    detail = staff.get(f"/workbench/requests/{info_request.pk}/").content.decode()
    assert "2027-01-04" in detail and ESTIMATE in detail
    assert "预计" in staff.get("/workbench/requests/").content.decode()
    assert staff.get(f"/api/v1/requests/staff/{info_request.pk}").json()["due_on_estimated"] is True


def test_the_public_calculator_and_its_api_say_a_date_in_an_estimated_year_is_estimated(estimated_2027):
    body = Client().get("/api/v1/calendar/deadline", {"start": "2026-12-04", "working_days": 20}).json()
    assert body["due_date"] == "2027-01-04" and body["estimated"] is True and body["estimated_note"] == ESTIMATE
    assert any(ESTIMATE in line for line in body["explanation"])
    inside = Client().get("/api/v1/calendar/deadline", {"start": "2026-12-04", "working_days": 5}).json()
    assert inside["estimated"] is False and inside["estimated_note"] == ""

    page = Client().get("/deadline", {"start": "2026-12-04", "working_days": "20"}).content.decode()
    assert "2027年1月4日" in page and ESTIMATE in page and OFFICIAL_WORDING not in page
    assert OFFICIAL_WORDING in Client().get("/deadline", {"start": "2026-12-04", "working_days": "5"}).content.decode()


def test_an_extension_notice_prints_an_estimated_deadline_as_estimated(estimated_2027):
    req = estimated_2027
    info_request = actions.register(
        by=req.officer,
        org=req.east,
        applicant=req.applicant,
        channel=InfoRequest.Channel.IN_PERSON,
        received_on=date(2026, 12, 1),
        description="x",
        format="paper",
        delivery="post",
    )
    info_request = actions.extend(
        info_request, by=req.officer, approved_by=req.reviewer, days=5, reason="检索量大", on=date(2026, 12, 4)
    )
    assert info_request.due_on_estimated
    assert ESTIMATE in info_request.notices.get(kind="extension").html


def test_entering_the_official_notice_recomputes_a_deadline_and_tells_the_handler_and_the_applicant(
    req, django_capture_on_commit_callbacks
):
    calendar.invalidate()
    with time_machine.travel(datetime(2026, 12, 4, 10, 0, tzinfo=SHANGHAI), tick=False):
        load_estimate(2027, by=req.admin)
    calendar.invalidate()
    with time_machine.travel(datetime(2027, 1, 20, 10, 0, tzinfo=SHANGHAI), tick=False):
        info_request, code = actions.submit_online(
            org=req.east, applicant=req.applicant, description="春节值班安排", format="electronic", delivery="online"
        )
        # The estimate: 除夕 to 初三 and two 补假 days (5–10 February) off.
        assert info_request.due_on == date(2027, 2, 23) and info_request.due_on_estimated
        untouched = actions.register(
            by=req.officer,
            org=req.east,
            applicant=req.applicant,
            channel=InfoRequest.Channel.IN_PERSON,
            received_on=date(2027, 1, 4),
            description="y",
            format="paper",
            delivery="post",
        )
        before_untouched = untouched.due_on  # 2027-02-01: the notice changes nothing before 5 February

        admin = Client()
        admin.force_login(req.admin)
        with django_capture_on_commit_callbacks(execute=True):
            response = admin.post(
                "/workbench/calendar/", {"year": "2027", "document": "国办发明电〔2026〕X号", "lines": NOTICE}
            )
        assert response.status_code == 302
        calendar.invalidate()

        info_request.refresh_from_db()
        assert info_request.due_on == date(2027, 2, 25) and not info_request.due_on_estimated
        untouched.refresh_from_db()
        assert untouched.due_on == before_untouched
        event = Event.objects.get(verb="requests.deadline_recomputed")
        assert (
            event.object_id == str(info_request.pk)
            and event.data["before"] == "2027-02-23"
            and event.data["after"] == "2027-02-25"
        )

        todo = Todo.objects.get(user=req.officer, key=f"request:{info_request.pk}", done_at__isnull=True)
        assert "2027-02-25" in todo.title and "官方放假安排" in todo.title
        assert not Todo.objects.filter(user=req.west_officer, key=f"request:{info_request.pk}").exists()

        page = Client().post("/requests/track", {"code": code}).content.decode()
        assert "答复期限调整" in page and "2027年2月23日" in page and "2027年2月25日" in page
        # No 预计 marker on the deadline any more (the receipt sent in January keeps its wording: notices are never rewritten).
        assert f'title="{ESTIMATE}">预计</span>' not in page and OFFICIAL_WORDING in page


def test_the_notice_form_refuses_bad_lines_with_their_number_and_changes_nothing(estimated_2027):
    admin = Client()
    admin.force_login(estimated_2027.admin)
    assert admin.get("/workbench/calendar/").status_code == 200
    response = admin.post(
        "/workbench/calendar/", {"year": "2027", "lines": "2027-01-01 元旦\n2027-02-30 春节\n2027-01-04 上班"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "第 2 行：日期“2027-02-30”不存在" in page and "第 3 行：调休上班日应为周六或周日" in page
    assert not Event.objects.filter(verb="calendar.official_notice").exists()


@pytest.mark.parametrize("who", ["outsider", "district_admin", "supervisor", "citizen"])
def test_only_an_admin_of_the_top_org_may_open_or_post_the_notice_form(estimated_2027, who):
    from sunlight.orgs.models import Role

    req = estimated_2027
    user = req.add_staff("district-admin", req.east, Role.ADMIN) if who == "district_admin" else getattr(req, who)
    client = Client()
    client.force_login(user)
    assert client.get("/workbench/calendar/").status_code == 403
    assert client.post("/workbench/calendar/", {"year": "2027", "lines": NOTICE}).status_code == 403
    api = client.post(
        "/api/v1/calendar/official-notice",
        json.dumps({"year": 2027, "holidays": [{"start": "2027-01-01", "name": "元旦"}]}),
        content_type="application/json",
    )
    assert api.status_code in (401, 403)
    assert not Event.objects.filter(verb="calendar.official_notice").exists()


def test_the_notice_is_entered_through_the_api_and_bad_ranges_are_a_400(estimated_2027):
    client = Client()
    client.force_login(estimated_2027.admin)
    bad = client.post(
        "/api/v1/calendar/official-notice",
        json.dumps({"year": 2027, "holidays": [{"start": "2027-02-11", "end": "2027-02-05", "name": "春节"}]}),
        content_type="application/json",
    )
    assert bad.status_code == 400 and "结束日期早于开始日期" in bad.json()["message"]
    ok = client.post(
        "/api/v1/calendar/official-notice",
        json.dumps(
            {
                "year": 2027,
                "document": "国办发明电〔2026〕X号",
                "holidays": [
                    {"start": "2027-01-01", "end": "2027-01-03", "name": "元旦"},
                    {"start": "2027-02-05", "end": "2027-02-13", "name": "春节"},
                ],
                "workdays": [{"start": "2027-02-20", "name": "上班"}],
            }
        ),
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["year"] == 2027 and ok.json()["changed_days"] > 0
    calendar.invalidate()
    assert (
        Client().get("/api/v1/calendar/deadline", {"start": "2026-12-04", "working_days": 20}).json()["estimated"]
        is False
    )


def test_seeding_an_estimated_year_from_a_newer_chinesecalendar_recomputes_the_deadlines_too(
    estimated_2027, monkeypatch, django_capture_on_commit_callbacks
):
    from sunlight.clock import seed
    from sunlight.clock.holidays import estimated_days

    req = estimated_2027
    info_request = actions.register(
        by=req.officer,
        org=req.east,
        applicant=req.applicant,
        channel=InfoRequest.Channel.IN_PERSON,
        received_on=date(2026, 12, 4),
        description="x",
        format="paper",
        delivery="post",
    )
    assert info_request.due_on == date(2027, 1, 4) and info_request.due_on_estimated
    # A later chinesecalendar that knows 2027, with 4 January off as well (a made-up schedule for the test).
    official = [(d, workday and d != date(2027, 1, 4), note) for d, workday, note in estimated_days(2027)]
    monkeypatch.setattr(seed, "chinesecalendar_days", lambda years=None: iter(official))
    with django_capture_on_commit_callbacks(execute=True):
        seed.seed_from_chinesecalendar([2027])
    calendar.invalidate()
    info_request.refresh_from_db()
    assert info_request.due_on == date(2027, 1, 5) and not info_request.due_on_estimated
    assert Event.objects.filter(verb="requests.deadline_recomputed", object_id=str(info_request.pk)).exists()


def test_the_fee_and_consultation_windows_that_reach_an_estimated_year_are_printed_as_estimated(req):
    from sunlight.requests import actions

    calendar.invalidate()
    with time_machine.travel(datetime(2026, 12, 15, 10, 0, tzinfo=SHANGHAI), tick=False):
        load_estimate(2027, by=req.admin)
        calendar.invalidate()
        paid = actions.register(
            by=req.officer,
            org=req.east,
            applicant=req.applicant,
            channel=InfoRequest.Channel.IN_PERSON,
            received_on=date(2026, 12, 14),
            description="x",
            format="paper",
            delivery="post",
        )
        paid = actions.issue_fee_notice(paid, by=req.officer, method="per_page", pages=150, on=date(2026, 12, 15))
        assert paid.fee_due_on.year == 2027 and paid.fee_due_on_estimated
        assert ESTIMATE in paid.notices.get(kind="fee").html
        asked = actions.register(
            by=req.officer,
            org=req.east,
            applicant=req.applicant,
            channel=InfoRequest.Channel.IN_PERSON,
            received_on=date(2026, 12, 14),
            description="y",
            format="paper",
            delivery="post",
        )
        c = actions.consult(
            asked,
            by=req.officer,
            kind="third_party",
            party="云川某科技公司",
            matter="是否同意公开",
            on=date(2026, 12, 15),
        )
        assert c.due_on == date(2027, 1, 6) and c.due_on_estimated
        assert ESTIMATE in asked.notices.get(kind="consultation").html
    calendar.invalidate()


def test_a_deadline_counted_on_the_old_weekends_guess_moves_off_new_years_day_when_the_estimate_replaces_it(
    req, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from sunlight.clock.models import WorkDay

    # What the demo and `calendar load-weekends` used to load: Mon–Fri working days, 元旦 included.
    days = [date(2027, 1, 1) + timedelta(days=k) for k in range(365)]
    WorkDay.objects.bulk_create(
        [WorkDay(date=d, is_workday=d.weekday() < 5, source=WorkDay.Source.WEEKENDS) for d in days]
    )
    calendar.invalidate()
    with time_machine.travel(datetime(2026, 12, 4, 10, 0, tzinfo=SHANGHAI), tick=False):
        info_request, code = actions.submit_online(
            org=req.east, applicant=req.applicant, description="x", format="electronic", delivery="online"
        )
        assert (
            info_request.due_on == date(2027, 1, 1) and info_request.due_on_estimated
        )  # the lie of issue 9 — at least marked now
        with django_capture_on_commit_callbacks(execute=True):
            assert load_estimate(2027, by=req.admin) == 365
        calendar.invalidate()
        info_request.refresh_from_db()
        assert info_request.due_on == date(2027, 1, 4) and info_request.due_on_estimated
        assert not WorkDay.objects.filter(source=WorkDay.Source.WEEKENDS).exists()
        page = Client().post("/requests/track", {"code": code}).content.decode()
        assert "2027 年工作日历改按法定节假日预计，答复期限已重新计算" in page and "2027年1月4日" in page
