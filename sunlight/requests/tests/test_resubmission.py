"""A reload, a double click, back and resubmit or a retry after a lost response files one request, not two
(POST/redirect/GET and idempotency keys, issue 9 item 11)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from sunlight.events.models import Event
from sunlight.query_codes import hash_query_code
from sunlight.requests.models import InfoRequest

from .builders import CODE_RE, body, form_data, post

pytestmark = pytest.mark.usefixtures("spring_2026")


def key_of(page: str) -> str:
    match = re.search(r'name="submission_key" value="([^"]+)"', page)
    assert match, "the form carries no one-time key"
    return match.group(1)


def test_the_form_carries_a_fresh_one_time_key_each_time_it_is_rendered(client, req):
    first, second = (
        key_of(client.get("/requests/new").content.decode()),
        key_of(client.get("/requests/new").content.decode()),
    )
    assert first != second and len(first) >= 16


def test_a_submission_answers_with_a_redirect_and_the_code_is_shown_once_out_of_the_url(client, req):
    key = key_of(client.get("/requests/new").content.decode())
    response = client.post("/requests/new", {**form_data(req), "submission_key": key})
    assert response.status_code == 302 and response["Location"] == "/requests/submitted"
    page = client.get("/requests/submitted").content.decode()
    code = CODE_RE.search(page).group(0)
    assert InfoRequest.objects.get().query_code_hash == hash_query_code(code)
    # A reload of the result page files nothing and no longer shows the code.
    again = client.get("/requests/submitted")
    assert again.status_code == 200 and not CODE_RE.search(again.content.decode()) and InfoRequest.objects.count() == 1
    assert InfoRequest.objects.get().number in again.content.decode()


def test_the_same_key_twice_files_one_request_and_leads_to_the_first(client, req):
    key = key_of(client.get("/requests/new").content.decode())
    data = {**form_data(req), "submission_key": key}
    first = client.post("/requests/new", data, follow=True)
    code = CODE_RE.search(first.content.decode()).group(0)
    # Reload of the POST, or back and resubmit with an edited description: the first request, not a second one.
    second = client.post("/requests/new", {**data, "description": "改过的描述"}, follow=True)
    assert InfoRequest.objects.count() == 1
    info = InfoRequest.objects.get()
    page = second.content.decode()
    assert second.redirect_chain == [("/requests/submitted", 302)] and info.number in page and "没有重复提交" in page
    # The code was seen: the replay does not show or replace it.
    assert not CODE_RE.search(page) and info.query_code_hash == hash_query_code(code)


def test_a_retry_after_a_lost_response_gets_a_code_that_works(req):
    """kill -9 after the commit: the applicant never saw the page; the retry with the same key must give a usable code."""
    browser = Client()
    key = key_of(browser.get("/requests/new").content.decode())
    data = {**form_data(req), "submission_key": key}
    assert browser.post("/requests/new", data).status_code == 302  # the answer that never arrived
    retry = Client()  # even from a fresh session (the browser restarted)
    page = retry.post("/requests/new", data, follow=True).content.decode()
    code = CODE_RE.search(page).group(0)
    assert InfoRequest.objects.count() == 1 and InfoRequest.objects.get().query_code_hash == hash_query_code(code)
    assert Event.objects.filter(verb="requests.query_code_reissued").count() == 1


def test_different_keys_file_different_requests(client, req):
    for _ in range(2):
        key = key_of(client.get("/requests/new").content.decode())
        client.post("/requests/new", {**form_data(req), "submission_key": key})
    assert InfoRequest.objects.count() == 2


def test_a_signed_in_applicant_resubmitting_goes_to_the_first_request(client, req):
    client.force_login(req.citizen)
    key = key_of(client.get("/requests/new").content.decode())
    data = {**form_data(req), "submission_key": key}
    first = client.post("/requests/new", data)
    second = client.post("/requests/new", data)
    info = InfoRequest.objects.get()
    assert first["Location"] == second["Location"] == f"/requests/{info.number}/"
    assert "没有重复提交" in client.get(second["Location"]).content.decode()


def test_the_api_intake_with_the_same_idempotency_key_files_once(client, req):
    headers = {"HTTP_IDEMPOTENCY_KEY": "0b6f4a6e-2f7c-4c1e-9f57-6a1d3f0c9a21"}
    first = post(client, "/api/v1/requests/", body(req), **headers)
    second = post(client, "/api/v1/requests/", body(req), **headers)
    assert first.status_code == second.status_code == 201 and InfoRequest.objects.count() == 1
    assert first.json()["number"] == second.json()["number"]
    assert not first.json()["replayed"] and second.json()["replayed"]
    # The platform keeps no plain code: the replay brings a fresh one that works, the unseen first one is replaced.
    assert InfoRequest.objects.get().query_code_hash == hash_query_code(second.json()["query_code"])


def test_the_api_refuses_a_reused_key_with_other_content_and_a_malformed_key(client, req):
    headers = {"HTTP_IDEMPOTENCY_KEY": "client-key-0001"}
    assert post(client, "/api/v1/requests/", body(req), **headers).status_code == 201
    other = post(client, "/api/v1/requests/", body(req, description="另一份申请"), **headers)
    assert other.status_code == 422 and other.json()["error"] == "idempotency_key_reused"
    bad = post(client, "/api/v1/requests/", body(req), HTTP_IDEMPOTENCY_KEY="x y")
    assert bad.status_code == 400 and InfoRequest.objects.count() == 1
    # Without the header the intake files as before.
    assert post(client, "/api/v1/requests/", body(req)).status_code == 201 and InfoRequest.objects.count() == 2


def test_a_double_click_on_the_staff_registration_registers_one_request(client, req):
    client.force_login(req.officer)
    key = key_of(client.get("/workbench/requests/new").content.decode())
    data = {
        "org": str(req.east.pk),
        "channel": "in_person",
        "received_on": "2026-06-15",
        "applicant_type": str(req.person.pk),
        "applicant_name": "张三",
        "id_number": "110105199001010029",
        "description": "低保资金发放明细",
        "format": "paper",
        "delivery": "pickup",
        "submission_key": key,
    }
    first, second = client.post("/workbench/requests/new", data), client.post("/workbench/requests/new", data)
    info = InfoRequest.objects.get()
    assert (
        first.status_code == second.status_code == 302
        and first["Location"] == second["Location"] == f"/workbench/requests/{info.pk}/"
    )
    assert "没有重复登记" in client.get(second["Location"]).content.decode()
