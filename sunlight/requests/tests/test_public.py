"""The public side of disclosure on request: apply online, follow by query code, my requests."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from sunlight.accounts.models import User
from sunlight.errors import SunlightError
from sunlight.orgs.models import Org
from sunlight.query_codes import hash_query_code, new_query_code
from sunlight.requests import actions
from sunlight.requests.models import ApplicantType, InfoRequest

from .builders import CODE_RE, EMAIL, ID_NUMBER, PHONE, form_data

# Online requests are received "today": pin it, so the deadlines stay inside the loaded calendar.
pytestmark = pytest.mark.usefixtures("spring_2026")


@pytest.fixture
def pub(req):
    """The cast plus a department of 青溪区 and a village committee, which must not take requests."""
    req.bureau = Org.objects.create(
        name="青溪区教育局", kind=Org.Kind.DEPARTMENT, region=req.east_region, parent=req.east
    )
    req.village = Org.objects.create(
        name="桃源村村民委员会", kind=Org.Kind.COMMITTEE, region=req.east_region, parent=req.east
    )
    req.closed_org = Org.objects.create(
        name="青溪区撤并局", kind=Org.Kind.DEPARTMENT, region=req.east_region, parent=req.east, is_active=False
    )
    return req


def submit(client, pub, **overrides):
    """POST the form and follow the redirect (POST/redirect/GET) to the page it leads to."""
    return client.post("/requests/new", form_data(pub, **overrides), follow=True)


def code_in(response) -> str:
    match = CODE_RE.search(response.content.decode())
    assert match, "no query code on the page"
    return match.group(0)


def test_the_form_offers_governments_and_departments_but_no_committee_and_both_levels_of_applicant_type(client, pub):
    response = client.get("/requests/new")
    page = response.content.decode()
    assert response.status_code == 200 and "csrfmiddlewaretoken" in page
    assert "青溪区人民政府" in page and "青溪区教育局" in page and '<optgroup label="青溪区">' in page
    assert "桃源村村民委员会" not in page and "青溪区政务服务中心" not in page and "青溪区撤并局" not in page
    assert ">自然人<" in page and "法人或其他组织 › 商业企业" in page
    types = page[page.index('id="id_applicant_type"') :]
    types = types[: types.index("</select>")]
    assert f'value="{ApplicantType.objects.get(code="organization").pk}"' not in types  # a heading, not a choice
    assert "no-store" in response["Cache-Control"]


def test_an_anonymous_citizen_submits_and_gets_a_query_code_a_number_and_a_deadline(client, pub):
    response = submit(client, pub)
    assert response.status_code == 200 and response.redirect_chain == [("/requests/submitted", 302)]
    info_request = InfoRequest.objects.get()
    code = code_in(response)
    page = response.content.decode()
    assert info_request.query_code_hash == hash_query_code(code) and info_request.applicant_user is None
    assert info_request.channel == "online" and info_request.received_on == timezone.localdate() and info_request.due_on
    assert info_request.number in page and "只显示这一次" in page and "受理回执" in page
    assert f"{info_request.due_on:%Y}年{info_request.due_on.month}月{info_request.due_on.day}日" in page
    assert "no-store" in response["Cache-Control"]
    # The confirmation never repeats the applicant's raw identity data.
    assert ID_NUMBER not in page and PHONE not in page


def test_the_code_then_shows_the_status_with_masked_data_and_the_clock_explanation(client, pub):
    code = code_in(submit(client, pub))
    info_request = InfoRequest.objects.get()
    # Typed the way people type it: lower case, spaces, a full-width dash.
    typed = code.lower().replace("-", " ", 2).replace("-", "－")
    response = client.post("/requests/track", {"code": typed})
    page = response.content.decode()
    assert response.status_code == 200 and "Location" not in response
    assert info_request.number in page and "青溪区人民政府" in page and "办理中" in page
    assert "110105********0029" in page and "138****5678" in page and "z***@example.cn" in page and "张**" in page
    assert ID_NUMBER not in page and PHONE not in page and EMAIL not in page and "民主路" not in page
    assert "开始计时" in page and f"截止日为 {info_request.due_on.isoformat()}" in page
    assert code not in page and "no-store" in response["Cache-Control"]


def test_a_closed_request_shows_its_outcome_and_reply(client, pub):
    code = code_in(submit(client, pub))
    actions.reply(
        InfoRequest.objects.get(), by=pub.officer, category="disclosed", text="所申请信息已通过电子邮件提供。"
    )
    page = client.post("/requests/track", {"code": code}).content.decode()
    assert "已办结" in page and "予以公开" in page and "所申请信息已通过电子邮件提供。" in page


def test_a_wrong_code_is_refused_generically(client, pub):
    code_in(submit(client, pub))
    for wrong in (new_query_code(), "not a code", "K7PX-3QMH-9TRA-W4N0"):
        response = client.post("/requests/track", {"code": wrong})
        page = response.content.decode()
        assert response.status_code == 400 and "查询码不正确" in page
        assert InfoRequest.objects.get().number not in page and "青溪区人民政府" not in page


def test_too_many_attempts_get_429_even_with_the_right_code(client, pub):
    code = code_in(submit(client, pub))
    for _ in range(20):
        assert client.post("/requests/track", {"code": new_query_code()}).status_code == 400
    response = client.post("/requests/track", {"code": code})
    assert response.status_code == 429 and "查询次数过多" in response.content.decode()
    # Another address is not affected.
    assert client.post("/requests/track", {"code": code}, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_too_many_submissions_from_one_address_get_429(client, pub):
    for _ in range(10):
        assert submit(client, pub).status_code == 200
    response = submit(client, pub)
    assert response.status_code == 429 and "提交申请过于频繁" in response.content.decode()
    assert InfoRequest.objects.count() == 10


def test_a_logged_in_citizens_request_appears_in_mine_and_its_detail_page_and_another_user_gets_404(client, pub):
    client.force_login(pub.citizen)
    response = client.post("/requests/new", form_data(pub))
    info_request = InfoRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/requests/{info_request.number}/"
    assert info_request.applicant_user == pub.citizen and info_request.query_code_hash == ""
    detail = client.get(f"/requests/{info_request.number}/")
    page = detail.content.decode()
    assert detail.status_code == 200 and "申请已提交" in page and "110105********0029" in page and ID_NUMBER not in page
    assert not CODE_RE.search(page) and "开始计时" in page
    mine = client.get("/requests/mine").content.decode()
    assert info_request.number in mine and f'href="/requests/{info_request.number}/"' in mine

    other = User.objects.create_user("other", password=pub.password, kind=User.Kind.CITIZEN)
    client.force_login(other)
    assert client.get(f"/requests/{info_request.number}/").status_code == 404
    assert info_request.number not in client.get("/requests/mine").content.decode()
    client.logout()
    assert client.get(f"/requests/{info_request.number}/").status_code == 302  # to the sign-in page
    assert client.get("/requests/mine")["Location"].startswith("/accounts/login")


def test_my_requests_are_newest_first_and_paginated(client, pub):
    numbers = [
        actions.submit_online(
            org=pub.east,
            applicant=pub.applicant,
            description=f"信息{i}",
            format="paper",
            delivery="post",
            user=pub.citizen,
        )[0].number
        for i in range(23)
    ]
    client.force_login(pub.citizen)
    first = client.get("/requests/mine").content.decode()
    second = client.get("/requests/mine?page=2").content.decode()
    assert numbers[-1] in first and numbers[3] in first and numbers[2] not in first
    assert all(n in second for n in numbers[:3]) and numbers[-1] not in second
    assert first.index(numbers[-1]) < first.index(numbers[-2])


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"description": "   "}, "请描述所需政府信息"),
        ({"org": "999999"}, "所选受理机关不存在"),
        ({"org": "9" * 30}, "所选受理机关不存在"),
        ({"org": "village"}, "该机构不受理政府信息公开申请"),
        ({"org": "closed_org"}, "所选受理机关不存在"),
        ({"applicant_type": "organization"}, "请选择申请人类型"),
        ({"applicant_type": "business"}, "统一社会信用代码"),
        ({"delivery": "email", "email": ""}, "请填写电子邮箱"),
        ({"format": "microfilm"}, "有效"),
    ],
    ids=[
        "empty-description",
        "unknown-agency",
        "absurd-agency-id",
        "village-committee",
        "inactive-agency",
        "type-heading",
        "company-without-credit-code",
        "email-delivery-without-email",
        "unknown-format",
    ],
)
def test_bad_input_is_refused_with_400_and_the_message_and_nothing_is_saved(client, pub, overrides, message):
    if overrides.get("org") in ("village", "closed_org"):
        overrides["org"] = str(getattr(pub, overrides["org"]).pk)
    if overrides.get("applicant_type") in ("organization", "business"):
        overrides["applicant_type"] = str(ApplicantType.objects.get(code=overrides["applicant_type"]).pk)
    response = submit(client, pub, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not InfoRequest.objects.exists()


def test_a_refusal_by_the_action_is_shown_on_the_form_not_as_a_500(client, pub, monkeypatch):
    def refuse(**kwargs):
        raise SunlightError(
            "该机构不受理政府信息公开申请。 / This org does not handle disclosure requests.", code="bad_request"
        )

    monkeypatch.setattr(actions.intake, "submit_online", refuse)
    response = submit(client, pub)
    assert response.status_code == 400 and "该机构不受理政府信息公开申请。" in response.content.decode()


def test_a_post_without_a_csrf_token_is_refused(pub):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/requests/new", form_data(pub)).status_code == 403
    assert strict.post("/requests/track", {"code": new_query_code()}).status_code == 403
    assert not InfoRequest.objects.exists()


def test_the_code_never_appears_in_any_url_redirect_or_cookie(client, pub):
    responses = []
    response = submit(client, pub)
    responses.append(response)
    code = code_in(response)
    compact = code.replace("-", "")
    responses.append(client.post("/requests/track", {"code": code}))
    responses.append(client.get("/requests/track"))
    responses.append(client.get("/requests/new"))
    for info_request in responses:
        assert info_request.status_code == 200 and "Location" not in info_request
        for morsel in info_request.cookies.values():
            assert code not in morsel.value and compact not in morsel.value
        # In no href / action / src attribute, and never in the page's own address.
        for attr in re.findall(r'(?:href|action|src)="([^"]*)"', info_request.content.decode()):
            assert code not in attr and compact not in attr
        assert code not in info_request.wsgi_request.get_full_path()
    for morsel in client.cookies.values():
        assert code not in morsel.value and compact not in morsel.value


def test_the_portal_nav_leads_to_the_application_form(client, pub):
    page = client.get("/").content.decode()
    assert 'href="/requests/"' in page  # the 依申请公开 landing page (how to apply), which leads to the form
    assert 'href="/requests/new"' in client.get("/requests/").content.decode()
    form_page = client.get("/requests/new").content.decode()
    assert 'href="/requests/track"' in form_page and 'aria-current="page">依申请公开' in form_page
