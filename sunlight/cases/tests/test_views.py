"""The hall's pages: applying online with autosave, my cases, a case with its notices and correction upload,
tracking by query code; the staff queue, case page, acts and window registration; who is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sunlight.cases import actions
from sunlight.cases.models import Case, CaseDraft

from .builders import PERSON_ID, pdf

pytestmark = pytest.mark.django_db


def test_the_guide_offers_online_application_which_builds_the_form_from_the_version(client, hall):
    client.force_login(hall.company)
    page = client.get(reverse("cases:apply", args=[hall.item.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("食品经营许可申请书", "营业执照", "授权委托书"):
        assert name in html
    assert "青溪味道餐饮有限公司" in html  # the account's name is filled in


def test_an_anonymous_visitor_is_sent_to_sign_in_before_applying(client, hall):
    page = client.get(reverse("cases:apply", args=[hall.item.pk]))
    assert page.status_code == 302 and reverse("accounts:login") in page["Location"]


def test_applying_online_redirects_to_the_case_and_a_bad_file_is_shown_in_place(client, hall):
    client.force_login(hall.company)
    url = reverse("cases:apply", args=[hall.item.pk])
    base = {
        "applicant_name": "青溪味道餐饮有限公司",
        "id_number": hall.submission().applicant.id_number,
        "phone": "13800000001",
    }
    bad = client.post(url, {**base, "m0": pdf(), "m1": pdf("执照.exe")})
    assert bad.status_code == 400 and "文件类型不受支持" in bad.content.decode()
    assert not Case.objects.exists()
    done = client.post(url, {**base, "m0": pdf(), "m1": pdf()})
    case = Case.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("cases:case", args=[case.number])
    page = client.get(done["Location"])
    assert "申请已提交" in page.content.decode() and case.number in page.content.decode()


def test_the_form_autosaves_a_draft_that_comes_back_with_the_form(client, hall):
    client.force_login(hall.company)
    saved = client.post(reverse("cases:autosave", args=[hall.item.pk]), {"summary": "新开一家餐馆"})
    assert saved.status_code == 200 and "自动保存" in saved.content.decode()
    assert CaseDraft.objects.get(user=hall.company).data["summary"] == "新开一家餐馆"
    assert "新开一家餐馆" in client.get(reverse("cases:apply", args=[hall.item.pk])).content.decode()


def test_the_applicant_sees_only_their_own_cases(client, hall):
    case = hall.submitted()
    client.force_login(hall.cast.citizen)
    assert client.get(reverse("cases:case", args=[case.number])).status_code == 404
    assert case.number not in client.get(reverse("cases:mine")).content.decode()
    client.force_login(hall.company)
    assert case.number in client.get(reverse("cases:mine")).content.decode()


def test_the_applicant_uploads_a_correction_and_downloads_the_notice(client, hall):
    case = actions.request_correction(hall.submitted(), by=hall.cast.clerk, defects=["营业执照复印件不清晰"])
    client.force_login(hall.company)
    page = client.get(reverse("cases:case", args=[case.number]))
    assert "营业执照复印件不清晰" in page.content.decode()
    sent = client.post(reverse("cases:correct", args=[case.number]), {"m1": pdf("清晰的营业执照.pdf")})
    assert sent.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.SUBMITTED
    notice = case.notices.get()
    pdf_page = client.get(reverse("cases:notice_pdf", args=[case.number, notice.pk]))
    assert pdf_page.status_code == 200 and pdf_page.content.startswith(b"%PDF")
    client.force_login(hall.cast.citizen)
    assert client.get(reverse("cases:notice_pdf", args=[case.number, notice.pk])).status_code == 404


def test_a_walk_in_applicant_tracks_the_case_with_the_query_code(client, hall):
    case, code = actions.register_at_window(
        hall.item, hall.submission(materials=[]), by=hall.cast.clerk, window=hall.cast.window
    )
    wrong = client.post(reverse("cases:track"), {"number": case.number, "code": "AAAA-BBBB-CCCC-DDDD"})
    assert wrong.status_code == 400
    right = client.post(reverse("cases:track"), {"number": case.number, "code": code})
    assert right.status_code == 200 and "待受理" in right.content.decode()


def test_the_clerk_accepts_from_the_case_page_and_the_handler_finds_it_in_the_queue(client, hall):
    case = hall.submitted()
    client.force_login(hall.cast.clerk)
    page = client.get(reverse("cases_wb:detail", args=[case.pk]))
    assert page.status_code == 200 and "一次性告知补正" in page.content.decode()
    done = client.post(reverse("cases_wb:act", args=[case.pk, "accept"]))
    assert done.status_code == 302
    client.force_login(hall.handler)
    queue = client.get(reverse("cases_wb:queue") + "?mine=1")
    assert case.number in queue.content.decode()
    assert "办理本环节" in client.get(reverse("cases_wb:detail", args=[case.pk])).content.decode()


def test_a_refused_act_is_shown_in_place_with_its_status_and_changes_nothing(client, hall):
    case = actions.request_correction(hall.submitted(), by=hall.cast.clerk, defects=["缺少申请书"])
    actions.submit_correction(case, [actions.MaterialInput(0, upload=pdf())], by=hall.company)
    client.force_login(hall.cast.clerk)
    page = client.post(reverse("cases_wb:act", args=[case.pk, "correction"]), {"defects": "又发现一个问题"})
    assert page.status_code == 400 and "新的理由" in page.content.decode()
    assert Case.objects.get(pk=case.pk).corrections == 1


def test_staff_of_another_district_and_citizens_are_refused_every_staff_page(client, hall):
    case = hall.decided()
    notice = case.notices.first()
    material = case.materials.exclude(file="").first()
    urls = [
        reverse("cases_wb:queue"),
        reverse("cases_wb:detail", args=[case.pk]),
        reverse("cases_wb:receipt", args=[case.pk]),
        reverse("cases_wb:notice_pdf", args=[case.pk, notice.pk]),
        reverse("cases_wb:material", args=[case.pk, material.pk]),
    ]
    client.force_login(hall.cast.outsider)
    assert case.number not in client.get(urls[0]).content.decode()
    for url in urls[1:]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("cases_wb:act", args=[case.pk, "deliver"]), {"method": "窗口领取"}).status_code == 404
    client.force_login(hall.cast.citizen)
    for url in urls:
        assert client.get(url).status_code in (302, 403), url
    client.logout()
    for url in urls:
        assert client.get(url).status_code == 302, url
    assert Case.objects.get(pk=case.pk).status == Case.Status.DECIDED


def test_the_supervisor_sees_every_case_of_the_city(client, hall):
    case = hall.submitted()
    client.force_login(hall.cast.supervisor)
    assert client.get(reverse("cases_wb:detail", args=[case.pk])).status_code == 200


def test_the_window_registers_a_walk_in_case_and_prints_the_receipt_with_the_code_once(client, hall):
    client.force_login(hall.cast.clerk)
    pick = client.get(reverse("cases_wb:register") + "?q=食品")
    assert "食品经营许可" in pick.content.decode()
    url = reverse("cases_wb:register") + f"?item={hall.item.pk}"
    form = {
        "item": hall.item.pk,
        "window": hall.cast.window.pk,
        "applicant_kind": "person",
        "applicant_name": "张三",
        "id_number": PERSON_ID,
        "m0": "in_person",
        "m1": "uploaded",
        "m1_file": pdf(),
        "m2": "missing",
    }
    done = client.post(url, form)
    case = Case.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("cases_wb:receipt", args=[case.pk])
    receipt = client.get(done["Location"]).content.decode()
    assert "查询码" in receipt
    assert "查询码（仅显示一次" not in client.get(done["Location"]).content.decode()
    assert [m.provision for m in case.materials.order_by("position")] == ["in_person", "uploaded", "missing"]


def test_the_api_gives_the_application_schema_and_runs_the_acts(client, hall):
    schema = client.get(f"/api/v1/cases/items/{hall.item.pk}/schema").json()
    assert [m["name"] for m in schema["materials"]] == ["食品经营许可申请书", "营业执照", "授权委托书"]
    case = hall.submitted()
    client.force_login(hall.cast.clerk)
    done = client.post(f"/api/v1/cases/staff/{case.pk}/acts/accept", {}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "handling"
    assert [m["provision"] for m in done.json()["materials"]] == ["uploaded", "uploaded", "missing"]
    client.force_login(hall.cast.outsider)
    assert client.get(f"/api/v1/cases/staff/{case.pk}").status_code == 404
    assert (
        client.post(
            f"/api/v1/cases/staff/{case.pk}/acts/suspend", {"reason": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    client.force_login(hall.cast.citizen)
    assert client.get("/api/v1/cases/staff").status_code in (401, 403)
    client.logout()
    assert client.get("/api/v1/cases/staff").status_code == 401
    assert client.get("/api/v1/cases/mine").status_code == 401


def test_the_platform_pushes_a_case_and_pulls_its_status_with_a_token(client, hall):
    from sunlight.accounts.models import ApiToken

    token = ApiToken.issue(hall.cast.clerk, name="一体化平台")[1]
    body = {
        "item_id": hall.item.pk,
        "external_ref": "SZ-0001",
        "received_on": "2026-06-15",
        "applicant_name": "李四",
        "id_number": PERSON_ID,
        "materials": [{"position": 0, "provision": "in_person"}],
    }
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    pushed = client.post("/api/v1/cases/platform", body, content_type="application/json", **headers)
    assert pushed.status_code == 201
    again = client.post("/api/v1/cases/platform", body, content_type="application/json", **headers)
    assert again.json()["number"] == pushed.json()["number"]
    status = client.get("/api/v1/cases/platform/SZ-0001", **headers)
    assert status.status_code == 200 and status.json()["status"] == "submitted"


def test_the_applicant_is_offered_the_rating_once_the_case_was_accepted(client, hall):
    case = hall.submitted()
    client.force_login(hall.company)
    assert (
        reverse("ratings:case", args=[case.number])
        not in client.get(reverse("cases:case", args=[case.number])).content.decode()
    )
    actions.accept_case(case, by=hall.cast.clerk)
    assert (
        reverse("ratings:case", args=[case.number])
        in client.get(reverse("cases:case", args=[case.number])).content.decode()
    )


def test_my_queue_lists_my_to_do_cases_by_deadline_and_nothing_else(client, hall, spring_2026):
    from datetime import timedelta

    earlier = hall.accepted()  # accepted today: its step is due first
    spring_2026.shift(timedelta(days=3))
    later = hall.accepted()
    waiting = hall.submitted()  # the clerk's to-do, not the handler's
    client.force_login(hall.handler)
    html = client.get(reverse("cases_wb:queue") + "?mine=1").content.decode()
    assert html.index(earlier.number) < html.index(later.number)
    assert waiting.number not in html
