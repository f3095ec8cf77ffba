"""补正 by the applicant online: with the query code or the account, before the correction deadline."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client

from sunlight.errors import SunlightError
from sunlight.events.models import Event
from sunlight.notify.models import Todo
from sunlight.query_codes import hash_query_code, new_query_code
from sunlight.requests import actions
from sunlight.requests.models import InfoRequest

from .builders import registered

ASKED_ON = date(2026, 3, 4)


@pytest.fixture
def correcting(req, today):
    info_request = registered(req, description="那个文件")
    code = new_query_code()
    InfoRequest.objects.filter(pk=info_request.pk).update(
        channel="online", query_code_hash=hash_query_code(code), applicant_user=req.citizen
    )
    info_request.refresh_from_db()
    actions.request_correction(
        info_request, by=req.officer, items="请写明文件名称或文号", correct_by=date(2026, 3, 18), on=ASKED_ON
    )
    today(date(2026, 3, 9))
    info_request.refresh_from_db()
    return info_request, code


def test_a_query_code_holder_corrects_on_the_status_page_and_the_clock_restarts_today(
    req, correcting, django_capture_on_commit_callbacks
):
    info_request, code = correcting
    with django_capture_on_commit_callbacks(execute=True):
        holder = Client()
        response = holder.post(
            "/requests/track/correct",
            {"code": code, "number": info_request.number, "text": "2025年义务教育招生划片文件"},
        )
    # POST/redirect/GET: the status page after the redirect (the code waits in the session, never in the URL).
    assert (
        response.status_code == 302 and response["Location"] == "/requests/track" and code not in response["Location"]
    )
    page = holder.get("/requests/track").content.decode()
    assert "补正已提交" in page and info_request.number in page
    # A reload of that page shows the lookup form, and sends nothing again.
    assert "补正已提交" not in holder.get("/requests/track").content.decode()
    info_request.refresh_from_db()
    assert info_request.status == "processing" and info_request.description == "2025年义务教育招生划片文件"
    assert info_request.clock_events[-1]["kind"] == "restart" and info_request.clock_events[-1]["date"] == "2026-03-09"
    assert info_request.due_on == date(2026, 4, 7)  # 20 working days from 3-09 (清明 4-06 off)
    event = Event.objects.get(verb="requests.correction_submitted")
    assert event.data["previous_description"] == "那个文件" and event.actor is None
    assert Todo.objects.filter(user=req.officer, key=f"request:{info_request.pk}", done_at__isnull=True).exists()


def test_the_owner_corrects_through_the_account_and_nobody_else_can(req, correcting):
    info_request, _code = correcting
    other = Client()
    other.force_login(req.officer)  # staff, but not the applicant
    assert other.post(f"/requests/{info_request.number}/correct", {"text": "x"}).status_code == 404
    owner = Client()
    owner.force_login(req.citizen)
    assert "提交补正" in owner.get(f"/requests/{info_request.number}/").content.decode()
    response = owner.post(f"/requests/{info_request.number}/correct", {"text": "2025年招生划片文件"})
    assert response.status_code == 302 and response["Location"] == f"/requests/{info_request.number}/"
    assert "补正已提交" in owner.get(response["Location"]).content.decode()
    assert InfoRequest.objects.get(pk=info_request.pk).status == "processing"


def test_a_wrong_code_an_empty_text_a_late_correction_and_a_second_one_are_refused(req, correcting, today):
    info_request, code = correcting
    client = Client()
    assert (
        client.post(
            "/requests/track/correct", {"code": new_query_code(), "number": info_request.number, "text": "x"}
        ).status_code
        == 404
    )
    empty = client.post("/requests/track/correct", {"code": code, "number": info_request.number, "text": "  "})
    assert empty.status_code == 400 and "请填写补正后的申请内容" in empty.content.decode()
    today(date(2026, 3, 19))  # the day after the deadline
    late = client.post("/requests/track/correct", {"code": code, "number": info_request.number, "text": "迟到的补正"})
    assert late.status_code == 400 and "补正期限" in late.content.decode()
    assert InfoRequest.objects.get(pk=info_request.pk).status == "correcting"
    today(date(2026, 3, 10))
    actions.submit_correction(info_request, text="补正")
    with pytest.raises(SunlightError, match="没有待补正"):
        actions.submit_correction(info_request, text="再次补正")


def test_the_api_takes_the_correction_with_the_code(req, correcting):
    info_request, code = correcting
    got = Client().post(
        "/api/v1/requests/track/correct",
        {"query_code": code, "number": info_request.number, "text": "招生划片文件"},
        content_type="application/json",
    )
    assert got.status_code == 200 and got.json()["status"] == "processing"
    wrong = Client().post(
        "/api/v1/requests/track/correct",
        {"query_code": code, "number": "YSQ0", "text": "x"},
        content_type="application/json",
    )
    assert wrong.status_code == 404


def test_a_refused_correction_shows_the_error_summary_linked_to_the_text(req, correcting):
    info_request, code = correcting
    response = Client().post("/requests/track/correct", {"code": code, "number": info_request.number, "text": "  "})
    page = response.content.decode()
    assert response.status_code == 400 and "<title>错误：" in page
    assert "data-error-summary" in page and '<a href="#id_text">请填写补正后的申请内容。</a>' in page
    assert 'aria-invalid="true"' in page and 'aria-describedby="id_text_error"' in page


def test_a_correction_sent_twice_with_the_form_key_is_sent_once(req, correcting):
    info_request, code = correcting
    holder = Client()
    page = holder.post("/requests/track", {"code": code}).content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
    data = {"code": code, "number": info_request.number, "text": "2025年义务教育招生划片文件", "submission_key": key}
    first, second = holder.post("/requests/track/correct", data), holder.post("/requests/track/correct", data)
    # The double click is answered like the first click, not with "nothing to correct".
    assert first.status_code == second.status_code == 302 and second["Location"] == "/requests/track"
    assert Event.objects.filter(verb="requests.correction_submitted").count() == 1
