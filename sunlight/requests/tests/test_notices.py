"""告知书: every act issues its notice as HTML and PDF, kept with the request and shown only to those who may see it."""

from __future__ import annotations

import io
from datetime import date

import pytest
import weasyprint
from django.utils import translation
from pypdf import PdfReader

from sunlight.accounts.models import User
from sunlight.errors import SunlightError
from sunlight.events.models import Event
from sunlight.requests import actions
from sunlight.requests.models import InfoRequest, Notice

from .builders import registered

# Online requests are received "today": pin it, so the deadlines stay inside the loaded calendar.
pytestmark = pytest.mark.usefixtures("spring_2026")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pdf_text(notice: Notice) -> str:
    with notice.pdf.open("rb") as f:
        data = f.read()
    assert data.startswith(b"%PDF")
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).replace("\n", "")


def only(info_request: InfoRequest, kind: str) -> Notice:
    return info_request.notices.get(kind=kind)


# --- what the notices say ----------------------------------------------------------------------------


def test_registering_issues_a_receipt_whose_pdf_is_a_real_pdf_with_the_request_number(req):
    info_request = registered(req)
    receipt = only(info_request, "receipt")
    text = pdf_text(receipt)
    assert receipt.number == f"{info_request.number}-SL" and info_request.number in text
    assert (
        "青溪区人民政府" in text and "张三" in text
    )  # the issuer, and the applicant unmasked: it is addressed to them
    assert "2026年3月2日" in receipt.html and "2026年3月30日" in receipt.html  # received, and the deadline
    assert "《中华人民共和国政府信息公开条例》第三十一条" in receipt.html and "第三十三条" in receipt.html
    assert "咨询办理进度" in receipt.html  # no account and no code: follow by the request number


def test_an_online_receipt_says_how_to_follow_by_query_code_but_never_prints_the_code(req):
    info_request, code = actions.submit_online(
        org=req.east, applicant=req.applicant, description="某项目环评批复", format="electronic", delivery="online"
    )
    receipt = only(info_request, "receipt")
    assert "查询码" in receipt.html and "不载明查询码" in receipt.html
    assert code not in receipt.html and code not in pdf_text(receipt)
    assert code.replace("-", "") not in receipt.html.replace("-", "")


def test_a_receipt_to_an_account_points_to_my_requests(req):
    info_request, _ = actions.submit_online(
        org=req.east,
        applicant=req.applicant,
        description="某项目环评批复",
        format="paper",
        delivery="post",
        user=req.citizen,
    )
    assert "我的申请" in only(info_request, "receipt").html


def test_a_correction_notice_carries_the_items_the_deadline_the_restart_and_the_abandonment_rule(req):
    info_request = registered(req)
    info_request = actions.request_correction(
        info_request,
        by=req.officer,
        items="请说明所需信息的年份和地区",
        correct_by=date(2026, 3, 20),
        on=date(2026, 3, 5),
    )
    notice = only(info_request, "correction")
    assert notice.number == f"{info_request.number}-BZ" and notice.issued_on == date(2026, 3, 5)
    html = notice.html
    assert "请说明所需信息的年份和地区" in html and "2026年3月20日前" in html and "2026年3月5日" in html
    assert "第三十条" in html and "自本机关收到补正的申请之日起重新计算" in html and "20个工作日" in html
    assert "无正当理由逾期不补正的，视为放弃申请" in html
    assert info_request.number in pdf_text(notice)


def test_a_second_correction_notice_gets_its_own_number(req):
    info_request = registered(req)
    info_request = actions.request_correction(
        info_request, by=req.officer, items="年份", correct_by=date(2026, 3, 20), on=date(2026, 3, 3)
    )
    info_request = actions.receive_correction(info_request, by=req.officer, on=date(2026, 3, 6))
    info_request = actions.request_correction(
        info_request,
        by=req.officer,
        items="地区",
        correct_by=date(2026, 3, 20),
        on=date(2026, 3, 9),
        second_reason="补正后仍缺地区",
    )
    assert [n.number for n in info_request.notices.filter(kind="correction")] == [
        f"{info_request.number}-BZ",
        f"{info_request.number}-BZ2",
    ]


def test_an_extension_notice_carries_the_days_the_reason_and_the_new_deadline(req):
    info_request = registered(req)
    info_request = actions.extend(
        info_request, by=req.officer, approved_by=req.reviewer, days=20, reason="需调取历史档案", on=date(2026, 3, 20)
    )
    notice = only(info_request, "extension")
    assert notice.number == f"{info_request.number}-YQ"
    html = notice.html
    assert "需调取历史档案" in html and "延长20个工作日" in html and "2026年4月28日前" in html
    assert "第三十三条第二款" in html and "政府信息公开工作机构负责人同意" in html


def test_a_reply_notice_names_the_outcome_and_the_rights_of_review_within_60_days_and_lawsuit_within_6_months(req):
    info_request = registered(req)
    info_request = actions.reply(
        info_request,
        by=req.officer,
        category="withheld",
        number=1,
        text="所需信息属于国家秘密，不予公开。",
        on=date(2026, 3, 20),
    )
    notice = only(info_request, "reply")
    assert notice.number == f"{info_request.number}-DF"
    html = notice.html
    assert "不予公开（属于国家秘密）" in html and "所需信息属于国家秘密，不予公开。" in html and "2026年3月20日" in html
    assert "60日内" in html and "《中华人民共和国行政复议法》" in html and "行政复议" in html
    assert "6个月内" in html and "《中华人民共和国行政诉讼法》" in html and "行政诉讼" in html
    assert "第五十一条" in html
    text = pdf_text(notice)
    assert "行政复议" in text and "行政诉讼" in text


def test_the_notice_is_chinese_legal_text_whatever_the_ui_language(req):
    with translation.override("en"):
        info_request = registered(req)
    html = only(info_request, "receipt").html
    assert "政府信息公开申请受理回执" in html and "特此回执" in html


def test_every_act_of_a_request_leaves_its_notice_in_order(req):
    info_request = registered(req)
    info_request = actions.request_correction(
        info_request, by=req.officer, items="年份", correct_by=date(2026, 3, 20), on=date(2026, 3, 3)
    )
    info_request = actions.receive_correction(info_request, by=req.officer, on=date(2026, 3, 6))
    info_request = actions.extend(
        info_request, by=req.officer, approved_by=req.reviewer, days=5, reason="需调取档案", on=date(2026, 3, 20)
    )
    info_request = actions.reply(
        info_request, by=req.officer, category="disclosed", text="予以公开，见附件。", on=date(2026, 4, 1)
    )
    assert [n.kind for n in info_request.notices.all()] == ["receipt", "correction", "extension", "reply"]


# --- a failing renderer ------------------------------------------------------------------------------


@pytest.fixture
def broken_pdf(monkeypatch):
    def boom(self, *args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", boom)


def test_a_failing_pdf_renderer_makes_registration_fail_and_leaves_no_request_notice_event_or_file(
    req, broken_pdf, media
):
    with pytest.raises(SunlightError) as refused:
        registered(req)
    assert refused.value.code == "notice_render_failed"
    assert not InfoRequest.objects.exists() and not Notice.objects.exists()
    assert not Event.objects.filter(verb="requests.register").exists()
    assert not media.exists() or not any(media.rglob("*.pdf"))


def test_a_failing_pdf_renderer_makes_the_reply_fail_and_the_request_stays_open(req, monkeypatch):
    info_request = registered(req)

    def boom(self, *args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", boom)
    with pytest.raises(SunlightError):
        actions.reply(info_request, by=req.officer, category="disclosed", text="予以公开。", on=date(2026, 3, 20))
    fresh = InfoRequest.objects.get(pk=info_request.pk)
    assert fresh.status == InfoRequest.Status.PROCESSING and fresh.outcome is None
    assert [n.kind for n in fresh.notices.all()] == ["receipt"]
    assert not Event.objects.filter(verb="requests.reply").exists()


def test_the_online_form_shows_a_rendering_failure_as_a_refusal_and_saves_nothing(client, req, broken_pdf):
    response = client.post(
        "/requests/new",
        {
            "org": str(req.east.pk),
            "applicant_type": str(req.person.pk),
            "applicant_name": "张三",
            "id_number": "110105199001010029",
            "phone": "13812345678",
            "email": "zhang@example.cn",
            "address": "云川市青溪区民主路1号",
            "description": "某项目环评批复",
            "format": "electronic",
            "delivery": "online",
        },
    )
    assert response.status_code == 400 and "告知书生成失败" in response.content.decode()
    assert not InfoRequest.objects.exists()


# --- who may see them --------------------------------------------------------------------------------


def staff_url(info_request, notice, fmt):
    return f"/workbench/requests/{info_request.pk}/notices/{notice.pk}.{fmt}"


def test_a_handler_downloads_the_pdf_and_views_the_html_with_a_safe_filename(client, req):
    info_request = registered(req)
    receipt = only(info_request, "receipt")
    client.force_login(req.officer)
    response = client.get(staff_url(info_request, receipt, "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f"attachment; filename=\"{receipt.number}-receipt.pdf\"; filename*=UTF-8''")
    assert disposition.isascii() and "%E5%8F%97%E7%90%86%E5%9B%9E%E6%89%A7" in disposition  # 受理回执
    assert "no-store" in response["Cache-Control"]
    page = client.get(staff_url(info_request, receipt, "html"))
    assert page.status_code == 200 and "政府信息公开申请受理回执" in page.content.decode()
    assert page["Content-Disposition"].startswith("inline;") and "default-src 'none'" in page["Content-Security-Policy"]
    assert client.get(f"/workbench/requests/{info_request.pk}/notices/{receipt.pk}.exe").status_code == 404


def test_the_staff_request_page_lists_the_notices(client, req):
    info_request = registered(req)
    receipt = only(info_request, "receipt")
    client.force_login(req.supervisor)  # sees the request page, cannot act: may still read its notices
    page = client.get(f"/workbench/requests/{info_request.pk}/").content.decode()
    assert (
        receipt.number in page
        and staff_url(info_request, receipt, "pdf") in page
        and staff_url(info_request, receipt, "html") in page
    )
    assert client.get(staff_url(info_request, receipt, "pdf")).status_code == 200


def test_an_outsider_and_a_citizen_cannot_open_a_notice_in_the_workbench(client, req):
    info_request = registered(req)
    receipt = only(info_request, "receipt")
    for user in (req.outsider, req.west_officer, req.citizen):
        client.force_login(user)
        assert client.get(staff_url(info_request, receipt, "pdf")).status_code == 403, user
        assert client.get(staff_url(info_request, receipt, "html")).status_code == 403, user


def test_a_notice_is_only_reachable_under_its_own_request(client, req):
    first, second = registered(req), registered(req)
    client.force_login(req.officer)
    assert client.get(staff_url(first, only(second, "receipt"), "pdf")).status_code == 404


def test_the_applicant_who_owns_the_request_downloads_it_and_nobody_else_does(client, req):
    info_request, _ = actions.submit_online(
        org=req.east,
        applicant=req.applicant,
        description="某项目环评批复",
        format="paper",
        delivery="post",
        user=req.citizen,
    )
    receipt = only(info_request, "receipt")
    url = f"/requests/{info_request.number}/notices/{receipt.pk}.pdf"
    client.force_login(req.citizen)
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment;") and "no-store" in response["Cache-Control"]
    assert url in client.get(f"/requests/{info_request.number}/").content.decode()

    other = User.objects.create_user("other_citizen", password=req.password, kind=User.Kind.CITIZEN)
    for user in (other, req.outsider, req.officer):  # the public URL is the owner's only, staff included
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_a_query_code_holder_sees_the_notice_inline_on_the_status_page_without_a_link(client, req):
    info_request, code = actions.submit_online(
        org=req.east, applicant=req.applicant, description="某项目环评批复", format="electronic", delivery="online"
    )
    receipt = only(info_request, "receipt")
    page = client.post("/requests/track", {"code": code}).content.decode()
    assert receipt.number in page and "<iframe sandbox srcdoc=" in page and "政府信息公开申请受理回执" in page
    assert "/notices/" not in page  # no URL for code holders: a code never travels in one
    # The anonymous request has no owner, so its PDF URL is a 404 for everyone.
    client.force_login(req.citizen)
    assert client.get(f"/requests/{info_request.number}/notices/{receipt.pk}.pdf").status_code == 404
