"""What the applicant sees of the newer acts: split requests under one code, the fee, and no letters to third parties."""

from __future__ import annotations

from datetime import date

from django.test import Client

from sunlight.query_codes import hash_query_code, new_query_code
from sunlight.requests import actions
from sunlight.requests.models import InfoRequest

from .builders import MONDAY, NOTICE_DAY, registered


def _online_with_code(req, description: str) -> tuple[InfoRequest, str]:
    info_request = registered(req, description=description)
    code = new_query_code()
    InfoRequest.objects.filter(pk=info_request.pk).update(channel="online", query_code_hash=hash_query_code(code))
    info_request.refresh_from_db()
    return info_request, code


def test_one_query_code_follows_every_request_split_off_the_submission_on_the_page_and_in_the_api(req):
    info_request, code = _online_with_code(req, "低保资金发放明细；某小区规划许可证")
    actions.split_request(
        info_request, by=req.officer, parts=["低保资金发放明细", "某小区规划许可证"], on=date(2026, 3, 4)
    )
    page = Client().post("/requests/track", {"code": code}).content.decode()
    assert "同一查询码下的其他申请" in page and "某小区规划许可证" in page
    body = Client().post("/api/v1/requests/track", {"query_code": code}, content_type="application/json").json()
    assert body["number"] == info_request.number and [x["status"] for x in body["related"]] == ["processing"]


def test_the_status_page_shows_the_fee_and_its_payment_deadline(req):
    info_request, code = _online_with_code(req, "2020年以来全部会议纪要")
    actions.issue_fee_notice(info_request, by=req.officer, method="per_page", pages=150, on=NOTICE_DAY)
    page = Client().post("/requests/track", {"code": code}).content.decode()
    assert "1700.00 元" in page and "2026年4月8日" in page and "逾期视为放弃申请" in page


def test_the_applicant_never_gets_the_letters_addressed_to_a_consulted_third_party(req):
    info_request = registered(req)
    InfoRequest.objects.filter(pk=info_request.pk).update(applicant_user=req.citizen)
    c = actions.consult(
        info_request,
        by=req.officer,
        kind="third_party",
        party="云川某科技公司",
        matter="是否同意公开贵公司的投标文件",
        on=date(2026, 3, 5),
    )
    letter = info_request.notices.get(kind="consultation")
    client = Client()
    client.force_login(req.citizen)
    page = client.get(f"/requests/{info_request.number}/").content.decode()
    assert letter.number not in page and info_request.notices.get(kind="receipt").number in page
    assert client.get(f"/requests/{info_request.number}/notices/{letter.pk}.pdf").status_code == 404
    assert c.party not in page
    assert MONDAY == info_request.received_on


def test_a_query_code_holder_downloads_the_notices_pdf_by_post_and_nothing_else(req):
    info_request, code = _online_with_code(req, "2025年城乡低保资金发放明细")
    other, _ = _online_with_code(req, "另一申请")
    actions.consult(
        info_request,
        by=req.officer,
        kind="third_party",
        party="云川某科技公司",
        matter="是否同意公开",
        on=date(2026, 3, 5),
    )
    receipt, letter = info_request.notices.get(kind="receipt"), info_request.notices.get(kind="consultation")
    client = Client()
    page = client.post("/requests/track", {"code": code}).content.decode()
    assert (
        'action="/requests/track/notice.pdf"' in page
        and f'value="{receipt.pk}"' in page
        and f'value="{letter.pk}"' not in page
    )
    got = client.post("/requests/track/notice.pdf", {"code": code, "notice": receipt.pk})
    assert got.status_code == 200 and got["Content-Type"] == "application/pdf" and got.content.startswith(b"%PDF")
    assert "no-store" in got["Cache-Control"]
    assert client.post("/requests/track/notice.pdf", {"code": code, "notice": letter.pk}).status_code == 404
    assert (
        client.post("/requests/track/notice.pdf", {"code": code, "notice": other.notices.get().pk}).status_code == 404
    )
    assert (
        client.post("/requests/track/notice.pdf", {"code": new_query_code(), "notice": receipt.pk}).status_code == 404
    )
    assert client.get("/requests/track/notice.pdf").status_code == 405
