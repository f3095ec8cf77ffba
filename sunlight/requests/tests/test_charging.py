"""信息处理费 (国办函〔2020〕109号): the fee notice, the payment window and its lapse, through charging.py."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from sunlight.errors import SunlightError
from sunlight.events.models import Event
from sunlight.requests import actions
from sunlight.requests.models import InfoRequest, StatutoryLimit

from .builders import MONDAY, NOTICE_DAY, earlier_rows, registered

FEE_DUE = date(2026, 4, 8)


def fee_limit(counts: bool) -> None:
    StatutoryLimit.objects.filter(key="fee_payment").update(counts_toward_clock=counts)


def charged(req, **kw) -> InfoRequest:
    return actions.issue_fee_notice(
        registered(req),
        by=req.officer,
        method="per_page",
        pages=kw.pop("pages", 150),
        on=kw.pop("on", NOTICE_DAY),
        **kw,
    )


# --- the amount --------------------------------------------------------------------------------------


def test_the_per_request_fee_counts_only_this_applicants_requests_here_in_the_natural_month_of_receipt(req):
    earlier_rows(req, 25, date(2026, 2, 27))  # last month: not counted (else this would be the 36th: 200 yuan)
    earlier_rows(req, 10, MONDAY)  # this month, before it
    earlier_rows(req, 30, MONDAY, id_number="110105198001010011")  # another applicant
    earlier_rows(req, 30, MONDAY, org=req.west)  # the same applicant at another agency
    info_request = registered(req, received_on=date(2026, 3, 3))
    registered(req, received_on=date(2026, 3, 3))  # the same day, but after it
    assert actions.nth_in_month(info_request) == 11
    info_request = actions.issue_fee_notice(info_request, by=req.officer, method="per_request", on=NOTICE_DAY)
    assert (info_request.fee_method, info_request.fee_amount, info_request.fee_pages) == (
        "per_request",
        Decimal("100"),
        None,
    )
    html = info_request.notices.get(kind="fee").html
    assert "第11件" in html and "100.00" in html and "按件计收" in html


def test_from_the_31st_request_of_the_month_a_request_costs_200(req):
    earlier_rows(req, 30, MONDAY)
    info_request = actions.issue_fee_notice(registered(req), by=req.officer, method="per_request", on=NOTICE_DAY)
    assert info_request.fee_amount == Decimal("200")


def test_the_per_page_fee_is_progressive_and_the_notice_lists_each_tier(req):
    info_request = charged(req, pages=150)
    assert (info_request.fee_method, info_request.fee_pages, info_request.fee_amount) == (
        "per_page",
        150,
        Decimal("1700"),
    )
    html = info_request.notices.get(kind="fee").html
    assert "第31—100页" in html and "第101—200页" in html and "1700.00" in html


def test_the_fee_notice_names_the_basis_the_amount_how_to_pay_the_window_and_the_abandonment(req):
    notice = charged(req).notices.get(kind="fee")
    assert notice.number.endswith("-SF")
    html = notice.html
    for words in (
        "国办函〔2020〕109号",
        "人民币1700.00元",
        "缴费方式",
        "20个工作日",
        "2026年4月8日",
        "视为放弃申请",
        "不计算在答复期限内",
    ):
        assert words in html


def test_a_zero_fee_is_refused_and_nothing_changes(req):
    info_request = registered(req)  # the first request of the month: free
    with pytest.raises(SunlightError, match="无需收费"):
        actions.issue_fee_notice(info_request, by=req.officer, method="per_request", on=NOTICE_DAY)
    with pytest.raises(SunlightError, match="无需收费"):
        actions.issue_fee_notice(info_request, by=req.officer, method="per_page", pages=30, on=NOTICE_DAY)
    info_request.refresh_from_db()
    assert (
        info_request.status == "processing"
        and info_request.fee_method == ""
        and not info_request.notices.filter(kind="fee").exists()
    )


def test_one_method_per_request_and_a_per_page_fee_needs_pages(req):
    info_request = registered(req)
    with pytest.raises(SunlightError, match="一种方式"):
        actions.issue_fee_notice(info_request, by=req.officer, method="per_request", pages=100, on=NOTICE_DAY)
    with pytest.raises(SunlightError, match="页数"):
        actions.issue_fee_notice(info_request, by=req.officer, method="per_page", on=NOTICE_DAY)
    with pytest.raises(SunlightError, match="收费方式"):
        actions.issue_fee_notice(info_request, by=req.officer, method="per_kilo", pages=100, on=NOTICE_DAY)
    assert InfoRequest.objects.get(pk=info_request.pk).fee_method == ""


def test_a_second_fee_notice_is_refused_even_after_payment(req):
    info_request = charged(req)
    with pytest.raises(SunlightError, match="已经发出过收费通知"):
        actions.issue_fee_notice(info_request, by=req.officer, method="per_page", pages=300, on=NOTICE_DAY)
    actions.record_payment(info_request, by=req.officer, on=date(2026, 3, 20))
    with pytest.raises(SunlightError, match="已经发出过收费通知"):
        actions.issue_fee_notice(info_request, by=req.officer, method="per_page", pages=300, on=date(2026, 3, 23))
    assert InfoRequest.objects.get(pk=info_request.pk).notices.filter(kind="fee").count() == 1


def test_only_an_open_request_in_processing_and_only_its_handlers_can_be_charged(req):
    info_request = registered(req)
    with pytest.raises(PermissionDenied):
        actions.issue_fee_notice(info_request, by=req.outsider, method="per_page", pages=150, on=NOTICE_DAY)
    with pytest.raises(PermissionDenied):
        actions.issue_fee_notice(info_request, by=req.west_officer, method="per_page", pages=150, on=NOTICE_DAY)
    actions.request_correction(
        info_request, by=req.officer, items="年份", correct_by=date(2026, 3, 20), on=date(2026, 3, 3)
    )
    with pytest.raises(SunlightError, match="办理中"):
        actions.issue_fee_notice(info_request, by=req.officer, method="per_page", pages=150, on=NOTICE_DAY)
    closed = actions.reply(registered(req), by=req.officer, category="disclosed", text="见附件", on=NOTICE_DAY)
    with pytest.raises(SunlightError, match="已经办结"):
        actions.issue_fee_notice(closed, by=req.officer, method="per_page", pages=150, on=NOTICE_DAY)


def test_a_fee_notice_after_the_reply_deadline_is_refused(req):
    with pytest.raises(SunlightError, match="答复期限内"):
        charged(req, on=date(2026, 3, 31))


# --- the window and the clock ----------------------------------------------------------------------


def test_by_default_the_payment_window_stops_the_clock_and_payment_resumes_it(req):
    info_request = charged(req)
    assert (
        info_request.status == "fee_pending"
        and info_request.fee_notified_on == NOTICE_DAY
        and info_request.fee_due_on == FEE_DUE
    )
    assert info_request.due_on is None  # paused
    assert (
        info_request.clock_events[-1]["kind"] == "pause"
        and info_request.clock_events[-1]["reason"] == "等待缴纳信息处理费"
    )
    event = Event.objects.get(verb="requests.fee_notice", object_id=str(info_request.pk))
    assert event.data["amount"] == "1700" and event.data["clock_paused"] is True
    info_request = actions.record_payment(info_request, by=req.officer, on=date(2026, 3, 20))
    assert info_request.status == "processing" and info_request.fee_paid_on == date(2026, 3, 20)
    # 6 working days used before the notice, 14 left counted from the payment day: 2026-04-10 (清明 4-6 off).
    assert info_request.due_on == date(2026, 4, 10) and info_request.clock_events[-1]["kind"] == "resume"
    assert Event.objects.filter(verb="requests.fee_paid", object_id=str(info_request.pk)).exists()


def test_when_the_setting_counts_the_window_the_clock_keeps_running(req):
    fee_limit(counts=True)
    info_request = charged(req)
    assert info_request.status == "fee_pending" and info_request.due_on == date(2026, 3, 30)
    assert [e["kind"] for e in info_request.clock_events] == ["start"]
    assert "不计算在答复期限内" not in info_request.notices.get(kind="fee").html
    info_request = actions.record_payment(info_request, by=req.officer, on=date(2026, 3, 20))
    assert info_request.due_on == date(2026, 3, 30) and [e["kind"] for e in info_request.clock_events] == ["start"]


def test_a_payment_after_the_window_or_without_a_fee_is_refused(req):
    info_request = charged(req)
    with pytest.raises(SunlightError, match="已超过缴费期限"):
        actions.record_payment(info_request, by=req.officer, on=FEE_DUE + timedelta(days=1))
    assert InfoRequest.objects.get(pk=info_request.pk).status == "fee_pending"
    with pytest.raises(SunlightError, match="没有待缴纳"):
        actions.record_payment(registered(req), by=req.officer, on=date(2026, 3, 20))
    with pytest.raises(PermissionDenied):
        actions.record_payment(info_request, by=req.outsider, on=date(2026, 3, 20))
    assert (
        actions.record_payment(info_request, by=req.officer, on=FEE_DUE).status == "processing"
    )  # the last day counts


# --- the lapse -----------------------------------------------------------------------------------------


def test_an_unpaid_fee_lapses_into_other_2_once_and_tells_the_applicant(req):
    info_request = charged(req)
    paid = charged(req)
    actions.record_payment(paid, by=req.officer, on=date(2026, 3, 20))
    assert actions.lapse_unpaid_fees(today=FEE_DUE) == 0  # the last day to pay is not over yet
    assert actions.lapse_unpaid_fees(today=FEE_DUE + timedelta(days=1)) == 1
    info_request.refresh_from_db()
    assert info_request.status == "closed" and (info_request.outcome.category, info_request.outcome.number) == (
        "other",
        2,
    )
    assert info_request.replied_on == FEE_DUE + timedelta(days=1) and "视为放弃申请" in info_request.reply_text
    reply = info_request.notices.get(kind="reply")
    assert "逾期未按收费通知要求缴纳费用" in reply.html
    event = Event.objects.get(verb="requests.fee_lapsed", object_id=str(info_request.pk))
    assert event.actor is None
    assert actions.lapse_unpaid_fees(today=FEE_DUE + timedelta(days=2)) == 0  # idempotent
    assert info_request.notices.filter(kind="reply").count() == 1
    assert InfoRequest.objects.get(pk=paid.pk).status == "processing"
