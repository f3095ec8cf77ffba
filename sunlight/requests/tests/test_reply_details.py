"""What a reply must carry (Art. 36–37) and when no reply may be given, through actions.reply."""

from __future__ import annotations

from datetime import date

import pytest

from sunlight.disclosure.models import Document
from sunlight.errors import SunlightError
from sunlight.events.models import Event
from sunlight.requests import actions
from sunlight.requests.models import InfoRequest

from .builders import NOTICE_DAY, document, earlier_rows, registered

ON = date(2026, 3, 20)
MONDAY_BEFORE = date(2026, 2, 23)


def reply(info_request, req, category, number=None, **details):
    return actions.reply(
        info_request, by=req.officer, category=category, number=number, text="答复如下。", on=ON, **details
    )


def unchanged(info_request) -> bool:
    fresh = InfoRequest.objects.get(pk=info_request.pk)
    return fresh.status != "closed" and not fresh.notices.filter(kind="reply").exists()


# --- 部分公开 (Art. 37) --------------------------------------------------------------------------------


def test_a_partial_disclosure_lists_each_withheld_part_with_its_reason_on_the_notice(req):
    parts = [
        {"part": "名单中的身份证号码", "reason": "涉及个人隐私（第十五条）"},
        {"part": "内部讨论记录", "reason": "过程性信息（第十六条）"},
    ]
    info_request = reply(registered(req), req, "partial", withheld_parts=parts)
    assert info_request.withheld_parts == parts
    html = info_request.notices.get(kind="reply").html
    assert "第三十七条" in html and "名单中的身份证号码" in html and "涉及个人隐私（第十五条）" in html
    assert Event.objects.get(verb="requests.reply", object_id=str(info_request.pk)).data["withheld_parts"] == 2


def test_a_partial_disclosure_without_withheld_parts_or_with_a_part_without_reason_is_refused(req):
    info_request = registered(req)
    with pytest.raises(SunlightError, match="部分公开须列明"):
        reply(info_request, req, "partial")
    with pytest.raises(SunlightError, match="内容和理由"):
        reply(info_request, req, "partial", withheld_parts=[{"part": "身份证号码", "reason": " "}])
    with pytest.raises(SunlightError, match="内容和理由"):
        reply(info_request, req, "partial", withheld_parts=[{"part": "", "reason": "隐私"}])
    assert unchanged(info_request)


def test_withheld_parts_on_any_other_outcome_are_refused(req):
    info_request = registered(req)
    with pytest.raises(SunlightError, match="只有部分公开"):
        reply(info_request, req, "disclosed", withheld_parts=[{"part": "身份证号码", "reason": "隐私"}])
    assert unchanged(info_request)


# --- 予以公开, already disclosed (Art. 36(1)) -------------------------------------------------------------


def test_a_disclosure_may_point_to_the_published_document_and_the_notice_names_its_index_number(req):
    doc = document(req)
    info_request = reply(registered(req), req, "disclosed", disclosed_document=doc)
    assert info_request.disclosed_document == doc
    html = info_request.notices.get(kind="reply").html
    assert (
        doc.title in html
        and doc.index_number in html
        and f"/disclosure/d/{doc.pk}/" in html
        and "第三十六条第一项" in html
    )


def test_a_draft_document_or_a_document_on_another_outcome_is_refused(req):
    info_request = registered(req)
    with pytest.raises(SunlightError, match="已发布的主动公开"):
        reply(info_request, req, "disclosed", disclosed_document=document(req, status=Document.Status.DRAFT))
    with pytest.raises(SunlightError, match="只有予以公开"):
        reply(
            info_request,
            req,
            "withheld",
            1,
            disclosed_document=document(req, index_number="11990102MB0000002X/2026-00008"),
        )
    assert unchanged(info_request)


# --- 无法提供 1, not this agency's information (Art. 36(5)) -------------------------------------------------


def test_not_held_here_may_name_the_agency_that_holds_it(req):
    info_request = reply(registered(req), req, "unavailable", 1, referred_agency="云川市民政局")
    assert info_request.referred_agency == "云川市民政局"
    assert (
        "第三十六条第五项" in info_request.notices.get(kind="reply").html
        and "云川市民政局" in info_request.notices.get(kind="reply").html
    )
    assert reply(registered(req), req, "unavailable", 1).referred_agency == ""  # the agency is optional


def test_an_agency_named_on_another_outcome_is_refused(req):
    info_request = registered(req)
    with pytest.raises(SunlightError, match="本机关不掌握"):
        reply(info_request, req, "unavailable", 2, referred_agency="云川市民政局")
    assert unchanged(info_request)


# --- 不予处理 2, a repeat (Art. 36(6)) ---------------------------------------------------------------------


def test_a_repeat_points_to_the_applicants_earlier_answered_request(req):
    earlier = actions.reply(registered(req), by=req.officer, category="disclosed", text="见附件。", on=date(2026, 3, 6))
    info_request = registered(req, received_on=date(2026, 3, 9))
    info_request = actions.reply(
        info_request, by=req.officer, category="not_handled", number=2, text="重复申请。", on=ON, repeat_of=earlier
    )
    assert info_request.repeat_of == earlier
    html = info_request.notices.get(kind="reply").html
    assert earlier.number in html and "第三十六条第六项" in html and "已于2026年3月6日作出答复" in html
    assert Event.objects.get(verb="requests.reply", object_id=str(info_request.pk)).data["repeat_of"] == earlier.number


def test_a_repeat_without_the_earlier_request_is_refused(req):
    info_request = registered(req)
    with pytest.raises(SunlightError, match="须指明"):
        reply(info_request, req, "not_handled", 2)
    assert unchanged(info_request)


def test_a_repeat_of_another_applicants_a_later_an_unanswered_or_another_agencys_request_is_refused(req):
    info_request = registered(req, received_on=date(2026, 3, 9))
    other_applicant = earlier_rows(req, 1, MONDAY_BEFORE, id_number="110105198001010011")[0]
    later = earlier_rows(req, 1, date(2026, 3, 10))[0]
    open_one = earlier_rows(req, 1, MONDAY_BEFORE, status="processing")[0]
    elsewhere = earlier_rows(req, 1, MONDAY_BEFORE, org=req.west)[0]
    for bad in (other_applicant, later, elsewhere, info_request):
        with pytest.raises(SunlightError, match="不是同一申请人此前"):
            reply(info_request, req, "not_handled", 2, repeat_of=bad)
    with pytest.raises(SunlightError, match="尚未答复"):
        reply(info_request, req, "not_handled", 2, repeat_of=open_one)
    with pytest.raises(SunlightError, match="只有“重复申请”"):
        reply(info_request, req, "not_handled", 1, repeat_of=earlier_rows(req, 1, MONDAY_BEFORE)[0])
    assert unchanged(info_request)


# --- no reply while a window is open -------------------------------------------------------------------


def test_no_reply_while_waiting_for_a_correction_except_other_1_once_it_lapsed(req):
    info_request = registered(req)
    actions.request_correction(
        info_request, by=req.officer, items="年份", correct_by=date(2026, 3, 13), on=date(2026, 3, 3)
    )
    with pytest.raises(SunlightError, match="等待补正"):
        reply(info_request, req, "disclosed")
    with pytest.raises(SunlightError, match="补正期限届满后"):
        actions.reply(
            info_request, by=req.officer, category="other", number=1, text="逾期未补正。", on=date(2026, 3, 13)
        )
    info_request = actions.reply(
        info_request, by=req.officer, category="other", number=1, text="逾期未补正。", on=date(2026, 3, 16)
    )
    assert info_request.status == "closed" and info_request.outcome.number == 1


def test_no_reply_while_a_fee_is_pending(req):
    info_request = actions.issue_fee_notice(
        registered(req), by=req.officer, method="per_page", pages=150, on=NOTICE_DAY
    )
    with pytest.raises(SunlightError, match="等待缴纳信息处理费"):
        reply(info_request, req, "disclosed")
    with pytest.raises(SunlightError, match="缴费期限届满后"):
        reply(info_request, req, "other", 2)
    assert InfoRequest.objects.get(pk=info_request.pk).status == "fee_pending"


def test_no_reply_while_consulting(req):
    info_request = registered(req)
    InfoRequest.objects.filter(pk=info_request.pk).update(status=InfoRequest.Status.CONSULTING)
    with pytest.raises(SunlightError, match="征求第三方或其他机关意见"):
        reply(info_request, req, "disclosed")
    with pytest.raises(SunlightError, match="征求第三方或其他机关意见"):
        reply(info_request, req, "withheld", 4)
    assert unchanged(info_request)


def test_other_1_or_2_on_a_request_in_plain_processing_is_refused(req):
    info_request = registered(req)
    with pytest.raises(SunlightError, match="届满后"):
        reply(info_request, req, "other", 1)
    with pytest.raises(SunlightError, match="届满后"):
        reply(info_request, req, "other", 2)
    assert unchanged(info_request)
