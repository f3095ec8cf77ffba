"""The fee, splitting, the repeat hint and the reply's details through the workbench page and the API."""

from __future__ import annotations

import json
from datetime import date

from sunlight.requests import actions
from sunlight.requests.models import InfoRequest

from .builders import NOTICE_DAY, document, earlier_rows, registered

ASKED = "2025年城乡低保资金发放明细"


def url(info_request, act=""):
    return f"/workbench/requests/{info_request.pk}/{act}"


def api(client, info_request, act, data):
    return client.post(
        f"/api/v1/requests/staff/{info_request.pk}/{act}", data=json.dumps(data), content_type="application/json"
    )


# --- the workbench -----------------------------------------------------------------------------------------


def test_a_handler_sends_a_fee_notice_and_records_the_payment_through_the_page(client, req, today):
    earlier_rows(req, 10, date(2026, 3, 2))
    info_request = registered(req)
    client.force_login(req.officer)
    page = client.get(url(info_request)).content.decode()
    assert (
        "信息处理费" in page and "第 11 件" in page and url(info_request, "fee-notice") in page
    )  # the per-request preview
    response = client.post(url(info_request, "fee-notice"), {"method": "per_page", "pages": "150", "on": "2026-03-10"})
    assert response.status_code == 302
    info_request.refresh_from_db()
    assert (
        info_request.status == "fee_pending"
        and info_request.fee_amount == 1700
        and info_request.fee_due_on == date(2026, 4, 8)
    )
    page = client.get(url(info_request)).content.decode()
    assert "2026-04-08" in page and url(info_request, "payment") in page and url(info_request, "fee-notice") not in page
    assert client.post(url(info_request, "payment"), {"on": "2026-03-18"}).status_code == 302
    info_request.refresh_from_db()
    assert info_request.status == "processing" and info_request.fee_paid_on == date(2026, 3, 18)


def test_a_zero_fee_is_refused_on_the_page_with_its_reason_and_keeps_what_was_typed(client, req, today):
    info_request = registered(req)
    client.force_login(req.officer)
    response = client.post(url(info_request, "fee-notice"), {"method": "per_page", "pages": "12", "on": "2026-03-10"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "无需收费" in page and 'value="12"' in page
    assert InfoRequest.objects.get(pk=info_request.pk).fee_method == ""


def test_a_handler_splits_a_request_through_the_page(client, req, today):
    info_request = registered(req, description="甲事项；乙事项")
    client.force_login(req.officer)
    assert (
        client.post(url(info_request, "split"), {"parts": "甲事项\n\n乙事项\n", "on": "2026-03-04"}).status_code == 302
    )
    new = InfoRequest.objects.get(split_from=info_request)
    assert new.description == "乙事项" and InfoRequest.objects.get(pk=info_request.pk).description == "甲事项"
    page = client.get(url(info_request)).content.decode()
    assert new.number in page and "拆分出的申请" in page
    refused = client.post(url(new, "split"), {"parts": "只有一项", "on": "2026-03-04"})
    assert refused.status_code == 400 and "至少有两项" in refused.content.decode()


def test_the_page_offers_a_likely_repeat_and_one_click_fills_in_not_handled_2(client, req, today):
    earlier = earlier_rows(req, 1, date(2026, 2, 23), description=ASKED, replied_on=date(2026, 2, 27))[0]
    info_request = registered(req, description=ASKED)
    client.force_login(req.officer)
    page = client.get(url(info_request)).content.decode()
    prefill = url(info_request, f"repeat-of/{earlier.pk}")
    assert "可能是重复申请：" in page and earlier.number in page and prefill in page
    filled = client.get(prefill).content.decode()
    assert 'value="not_handled:2" selected' in filled and f'value="{earlier.number}"' in filled
    assert "2026年2月27日" in filled  # the earlier reply's date in the proposed text
    response = client.post(
        url(info_request, "reply"),
        {"outcome": "not_handled:2", "text": "重复申请，不再处理。", "on": "2026-03-20", "repeat_of": earlier.number},
    )
    assert response.status_code == 302
    info_request.refresh_from_db()
    assert info_request.status == "closed" and info_request.repeat_of_id == earlier.pk
    fresh, later = registered(req), registered(req)
    assert client.get(url(fresh, f"repeat-of/{later.pk}")).status_code == 404  # not an earlier request
    assert client.get(url(info_request, f"repeat-of/{earlier.pk}")).status_code == 404  # already closed


def test_the_reply_form_takes_withheld_parts_a_document_and_an_agency(client, req, today):
    client.force_login(req.officer)
    partial = registered(req)
    response = client.post(
        url(partial, "reply"),
        {
            "outcome": "partial",
            "text": "部分公开。",
            "on": "2026-03-20",
            "withheld": "身份证号码｜涉及个人隐私\n内部讨论记录|过程性信息\n",
        },
    )
    assert response.status_code == 302
    partial.refresh_from_db()
    assert partial.withheld_parts == [
        {"part": "身份证号码", "reason": "涉及个人隐私"},
        {"part": "内部讨论记录", "reason": "过程性信息"},
    ]
    assert "涉及个人隐私" in client.get(url(partial)).content.decode()
    no_reason = registered(req)
    refused = client.post(
        url(no_reason, "reply"),
        {"outcome": "partial", "text": "部分公开。", "on": "2026-03-20", "withheld": "身份证号码"},
    )
    assert refused.status_code == 400 and "内容和理由" in refused.content.decode()
    doc = document(req)
    disclosed = registered(req)
    assert (
        client.post(
            url(disclosed, "reply"),
            {
                "outcome": "disclosed",
                "text": "已主动公开。",
                "on": "2026-03-20",
                "disclosed_document": doc.index_number,
            },
        ).status_code
        == 302
    )
    assert InfoRequest.objects.get(pk=disclosed.pk).disclosed_document_id == doc.pk
    unknown = client.post(
        url(registered(req), "reply"),
        {"outcome": "disclosed", "text": "x", "on": "2026-03-20", "disclosed_document": "nope/2026-00001"},
    )
    assert unknown.status_code == 400 and "找不到该索引号" in unknown.content.decode()
    referred = registered(req)
    client.post(
        url(referred, "reply"),
        {"outcome": "unavailable:1", "text": "本机关不掌握。", "on": "2026-03-20", "referred_agency": "云川市民政局"},
    )
    assert InfoRequest.objects.get(pk=referred.pk).referred_agency == "云川市民政局"


def test_an_outsider_and_a_supervisor_are_refused_every_fee_split_and_repeat_act_on_the_page(client, req, today):
    info_request = actions.issue_fee_notice(
        registered(req), by=req.officer, method="per_page", pages=150, on=NOTICE_DAY
    )
    other = registered(req)
    earlier = earlier_rows(req, 1, date(2026, 2, 23), description=ASKED)[0]
    for who in (req.outsider, req.supervisor):
        client.force_login(who)
        fee = {"method": "per_page", "pages": "150", "on": "2026-03-10"}
        assert client.post(url(other, "fee-notice"), fee).status_code == 403
        assert client.post(url(info_request, "payment"), {"on": "2026-03-18"}).status_code == 403
        assert client.post(url(other, "split"), {"parts": "甲\n乙", "on": "2026-03-04"}).status_code == 403
        assert client.get(url(other, f"repeat-of/{earlier.pk}")).status_code == 403
    assert (
        InfoRequest.objects.get(pk=info_request.pk).status == "fee_pending"
        and InfoRequest.objects.get(pk=other.pk).fee_method == ""
    )
    assert not InfoRequest.objects.filter(split_from__isnull=False).exists()


# --- the API ----------------------------------------------------------------------------------------------


def test_staff_charge_record_payment_and_split_through_the_api(client, req):
    info_request = registered(req)
    client.force_login(req.officer)
    charged = api(client, info_request, "fee-notice", {"method": "per_page", "pages": 150, "on": "2026-03-10"})
    assert charged.status_code == 200
    body = charged.json()
    assert body["status"] == "fee_pending" and body["fee_method"] == "per_page" and float(body["fee_amount"]) == 1700
    assert body["fee_due_on"] == "2026-04-08" and body["fee_notified_on"] == "2026-03-10"
    again = api(client, info_request, "fee-notice", {"method": "per_request", "on": "2026-03-11"})
    assert again.status_code == 400 and again.json()["error"] == "second_fee_notice"
    paid = api(client, info_request, "payment", {"on": "2026-03-18"}).json()
    assert paid["status"] == "processing" and paid["fee_paid_on"] == "2026-03-18"
    split = api(client, info_request, "split", {"parts": ["甲事项", "乙事项"], "on": "2026-03-19"})
    assert split.status_code == 200 and [x["description"] for x in split.json()] == ["甲事项", "乙事项"]
    assert split.json()[1]["split_from_id"] == info_request.pk
    assert api(client, info_request, "split", {"parts": ["甲事项"]}).status_code == 422
    free = api(client, registered(req), "fee-notice", {"method": "per_page", "pages": 10, "on": "2026-03-10"})
    assert free.status_code == 400 and free.json()["error"] == "no_fee"


def test_the_api_reply_carries_withheld_parts_a_document_an_agency_or_the_repeated_request(client, req):
    client.force_login(req.officer)
    info_request = registered(req)
    refused = api(client, info_request, "reply", {"category": "partial", "text": "部分公开。", "on": "2026-03-20"})
    assert refused.status_code == 400 and "部分公开须列明" in refused.json()["message"]
    ok = api(
        client,
        info_request,
        "reply",
        {
            "category": "partial",
            "text": "部分公开。",
            "on": "2026-03-20",
            "withheld_parts": [{"part": "身份证号码", "reason": "涉及个人隐私"}],
        },
    )
    assert ok.status_code == 200 and ok.json()["withheld_parts"] == [{"part": "身份证号码", "reason": "涉及个人隐私"}]
    doc = document(req)
    assert (
        api(
            client,
            registered(req),
            "reply",
            {"category": "disclosed", "text": "已公开。", "on": "2026-03-20", "disclosed_document_id": doc.pk},
        ).json()["disclosed_document_id"]
        == doc.pk
    )
    assert (
        api(
            client,
            registered(req),
            "reply",
            {
                "category": "unavailable",
                "number": 1,
                "text": "不掌握。",
                "on": "2026-03-20",
                "referred_agency": "云川市民政局",
            },
        ).json()["referred_agency"]
        == "云川市民政局"
    )
    repeat = api(
        client,
        registered(req),
        "reply",
        {"category": "not_handled", "number": 2, "text": "重复。", "on": "2026-03-20", "repeat_of_id": info_request.pk},
    )
    assert repeat.status_code == 200 and repeat.json()["repeat_of_id"] == info_request.pk


def test_an_outsider_and_anonymous_callers_are_refused_the_fee_and_split_endpoints(client, req):
    info_request = registered(req)
    acts = [
        ("fee-notice", {"method": "per_page", "pages": 150, "on": "2026-03-10"}),
        ("payment", {"on": "2026-03-18"}),
        ("split", {"parts": ["甲", "乙"], "on": "2026-03-04"}),
    ]
    for act, data in acts:
        assert api(client, info_request, act, data).status_code == 401
    client.force_login(req.outsider)
    for act, data in acts:
        assert api(client, info_request, act, data).status_code in (403, 404)
    client.force_login(req.west_officer)
    for act, data in acts:
        assert api(client, info_request, act, data).status_code in (403, 404)
    info_request.refresh_from_db()
    assert info_request.fee_method == "" and info_request.status == "processing" and InfoRequest.objects.count() == 1
