"""征求意见 and the Art. 35 deadline in the workbench, the API and on the applicant's status page."""

import json
from datetime import date

import pytest

from sunlight.accounts.models import ApiToken
from sunlight.requests import actions
from sunlight.requests.actions import consult, record_answer
from sunlight.requests.models import Consultation, InfoRequest

from .builders import registered

ADDRESS = "云川市青溪区工业路88号"


@pytest.fixture
def today(today):
    today(date(2026, 3, 5))
    return today


def url(info_request, act=""):
    return f"/workbench/requests/{info_request.pk}/{act}"


def letter(**extra):
    data = {
        "kind": "third_party",
        "party": "云川市某某建材有限公司",
        "party_address": ADDRESS,
        "matter": "排污许可申报材料",
        "on": "2026-03-05",
    }
    data.update(extra)
    return data


def objected(req, info_request):
    c = consult(
        info_request,
        by=req.officer,
        kind="third_party",
        party="云川市某某建材有限公司",
        matter="排污许可申报材料",
        party_address=ADDRESS,
        on=date(2026, 3, 5),
    )
    return record_answer(c, by=req.officer, answer="objection", text="涉及商业秘密", on=date(2026, 3, 5))


# --- the workbench -------------------------------------------------------------------------------------


def test_a_handler_consults_a_third_party_and_records_its_answer_through_the_page(client, req, today):
    info_request = registered(req)
    client.force_login(req.officer)
    page = client.get(url(info_request)).content.decode()
    assert url(info_request, "consultations") in page and url(info_request, "reasonable-deadline") in page
    assert client.post(url(info_request, "consultations"), letter()).status_code == 302
    info_request.refresh_from_db()
    c = info_request.consultations.get()
    assert info_request.status == "consulting" and info_request.due_on is None and c.due_on == date(2026, 3, 26)
    page = client.get(url(info_request)).content.decode()
    assert "云川市某某建材有限公司" in page and "云川市青溪区****" in page and ADDRESS not in page  # contact masked
    assert url(info_request, "consultations/answer") in page and url(info_request, "reasonable-deadline") not in page

    today(date(2026, 3, 16))
    refused = client.post(
        url(info_request, "consultations/answer"),
        {"consultation": c.pk, "answer": "objection", "text": "", "on": "2026-03-16"},
    )
    assert refused.status_code == 400 and "理由" in refused.content.decode()
    assert Consultation.objects.get(pk=c.pk).answer == "pending"
    done = client.post(
        url(info_request, "consultations/answer"),
        {"consultation": c.pk, "answer": "objection", "text": "涉及商业秘密", "on": "2026-03-16"},
    )
    assert done.status_code == 302
    info_request.refresh_from_db()
    assert info_request.status == "processing" and info_request.due_on == date(2026, 4, 9)


def test_a_consultation_refused_by_the_law_keeps_what_was_typed(client, req, today):
    info_request = registered(req)
    actions.request_correction(
        info_request, by=req.officer, items="请说明年份", correct_by=date(2026, 3, 20), on=date(2026, 3, 4)
    )
    client.force_login(req.officer)
    assert (
        url(info_request, "consultations") not in client.get(url(info_request)).content.decode()
    )  # not offered while correcting
    response = client.post(url(info_request, "consultations"), letter(matter="某某公司排污数据"))
    assert (
        response.status_code == 400
        and "待补正" in response.content.decode()
        and "某某公司排污数据" in response.content.decode()
    )
    assert not Consultation.objects.exists()


def test_only_the_head_sees_and_makes_the_public_interest_override(client, req, today):
    info_request = registered(req)
    c = objected(req, info_request)
    today(date(2026, 3, 17))
    client.force_login(req.officer)
    assert url(info_request, "consultations/override") not in client.get(url(info_request)).content.decode()
    data = {"consultation": c.pk, "reason": "关系周边居民健康", "on": "2026-03-17"}
    assert client.post(url(info_request, "consultations/override"), data).status_code == 403
    client.force_login(req.reviewer)
    page = client.get(url(info_request)).content.decode()
    assert (
        url(info_request, "consultations/override") in page and url(info_request, "consultations") + '"' not in page
    )  # a reviewer cannot consult
    assert client.post(url(info_request, "consultations/override"), {**data, "reason": ""}).status_code == 400
    assert client.post(url(info_request, "consultations/override"), data).status_code == 302
    c.refresh_from_db()
    assert c.public_interest_override and info_request.notices.filter(kind="third_party_decision").exists()


def test_an_art_35_deadline_through_the_page_is_set_once(client, req, today):
    info_request = registered(req)
    client.force_login(req.officer)
    data = {"due_on": "2026-04-20", "reason": "申请数量明显超过合理范围，理由合理", "on": "2026-03-05"}
    assert client.post(url(info_request, "reasonable-deadline"), {**data, "due_on": "2026-03-27"}).status_code == 400
    assert client.post(url(info_request, "reasonable-deadline"), data).status_code == 302
    info_request.refresh_from_db()
    assert info_request.due_on == info_request.reasonable_due_on == date(2026, 4, 20)
    assert url(info_request, "reasonable-deadline") not in client.get(url(info_request)).content.decode()
    again = client.post(url(info_request, "reasonable-deadline"), {**data, "due_on": "2026-04-27"})
    assert again.status_code == 400 and "不能再次" in again.content.decode()


def test_an_officer_of_another_district_and_an_outsider_are_refused_every_consultation_act(client, req, today):
    info_request = registered(req)
    c = objected(req, info_request)
    acts = [
        ("consultations", letter()),
        ("consultations/answer", {"consultation": c.pk, "answer": "consent", "on": "2026-03-05"}),
        ("consultations/override", {"consultation": c.pk, "reason": "x", "on": "2026-03-05"}),
        ("reasonable-deadline", {"due_on": "2026-04-20", "reason": "x", "on": "2026-03-05"}),
    ]
    for who in (req.west_officer, req.outsider):
        client.force_login(who)
        assert client.get(url(info_request)).status_code == 403
        for act, data in acts:
            assert client.post(url(info_request, act), data).status_code == 403, (who, act)
    c.refresh_from_db()
    assert not c.public_interest_override and Consultation.objects.count() == 1


# --- the API ------------------------------------------------------------------------------------------


def post(client, path, data, **headers):
    return client.post(
        f"/api/v1/requests/staff/{path}", data=json.dumps(data), content_type="application/json", **headers
    )


def test_another_system_consults_records_the_answer_and_sets_an_art_35_deadline(client, req):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(req.officer, 'case system')[1]}"}
    info_request = registered(req)
    created = post(
        client,
        f"{info_request.pk}/consultations",
        {
            "kind": "co_producer",
            "party": "云川市生态环境局",
            "matter": "监测报告",
            "party_address": ADDRESS,
            "on": "2026-03-05",
        },
        **auth,
    )
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "consulting" and body["due_on"] is None
    (row,) = body["consultations"]
    assert row["answer"] == "pending" and row["due_on"] == "2026-03-26" and "party_address" not in row
    assert ADDRESS not in created.content.decode()
    bad = post(client, f"consultations/{row['id']}/answer", {"answer": "objection", "on": "2026-03-16"}, **auth)
    assert bad.status_code == 400 and bad.json()["error"] == "bad_request"
    answered = post(client, f"consultations/{row['id']}/answer", {"answer": "consent", "on": "2026-03-16"}, **auth)
    assert (
        answered.status_code == 200
        and answered.json()["status"] == "processing"
        and answered.json()["due_on"] == "2026-04-09"
    )
    override = post(client, f"consultations/{row['id']}/override", {"reason": "公共利益", "on": "2026-03-17"}, **auth)
    assert override.status_code == 403  # the officer is not the head
    deadline = post(
        client,
        f"{info_request.pk}/reasonable-deadline",
        {"due_on": "2026-04-20", "reason": "申请数量明显超过合理范围", "on": "2026-03-17"},
        **auth,
    )
    assert deadline.status_code == 200 and deadline.json()["reasonable_due_on"] == "2026-04-20"
    assert (
        client.get(f"/api/v1/requests/staff/{info_request.pk}", **auth).json()["consultations"][0]["answer"]
        == "consent"
    )


def test_the_head_overrides_an_objection_through_the_api(client, req):
    info_request = registered(req)
    c = objected(req, info_request)
    client.force_login(req.reviewer)
    response = post(client, f"consultations/{c.pk}/override", {"reason": "关系周边居民健康", "on": "2026-03-17"})
    assert response.status_code == 200 and response.json()["consultations"][0]["public_interest_override"] is True


def test_an_outsider_and_anonymous_callers_are_refused_on_every_consultation_endpoint(client, req):
    info_request = registered(req)
    c = objected(req, info_request)
    calls = [
        (f"{info_request.pk}/consultations", {"kind": "third_party", "party": "x", "matter": "x", "on": "2026-03-05"}),
        (f"consultations/{c.pk}/answer", {"answer": "consent", "on": "2026-03-05"}),
        (f"consultations/{c.pk}/override", {"reason": "x", "on": "2026-03-06"}),
        (f"{info_request.pk}/reasonable-deadline", {"due_on": "2026-04-20", "reason": "x", "on": "2026-03-05"}),
    ]
    for path, data in calls:
        assert post(client, path, data).status_code == 401, path
    client.force_login(req.outsider)
    for path, data in calls:
        assert post(client, path, data).status_code in (403, 404), path
    assert post(client, "consultations/999999/answer", {"answer": "consent"}).status_code == 404
    c.refresh_from_db()
    assert not c.public_interest_override and Consultation.objects.count() == 1
    assert InfoRequest.objects.get(pk=info_request.pk).reasonable_due_on is None


# --- the applicant's status page ----------------------------------------------------------------------


def test_the_applicant_sees_that_a_third_party_is_consulted_and_until_when_but_not_whom(client, req):
    info_request = registered(req)
    InfoRequest.objects.filter(pk=info_request.pk).update(applicant_user=req.citizen)
    consult(
        info_request,
        by=req.officer,
        kind="third_party",
        party="云川市某某建材有限公司",
        matter="排污许可申报材料",
        party_address=ADDRESS,
        on=date(2026, 3, 5),
    )
    client.force_login(req.citizen)
    page = client.get(f"/requests/{info_request.number}/").content.decode()
    assert "正在征求第三方意见" in page and "2026年3月26日" in page and "征求第三方意见" in page
    assert "云川市某某建材有限公司" not in page and "工业路" not in page
    assert "第三方意见征询函" not in page  # the letter to the party is not the applicant's notice
