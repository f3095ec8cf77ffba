"""/api/v1/requests: intake and tracking for other systems, staff acts through the same actions."""

import json
from datetime import date
from unittest import mock

from django.core.cache import cache

from sunlight.accounts.models import ApiToken
from sunlight.requests import actions
from sunlight.requests.models import InfoRequest

from .builders import MONDAY, body, post, registered


def test_another_system_submits_a_request_and_follows_it_by_query_code(client, req, spring_2026):
    response = post(client, "/api/v1/requests/", body(req))
    assert response.status_code == 201
    submitted = response.json()
    assert submitted["query_code"] and submitted["due_on"] and submitted["status"] == "processing"
    status = post(client, "/api/v1/requests/track", {"query_code": submitted["query_code"].lower()}).json()
    assert status["number"] == submitted["number"] and status["clock"][0]["kind"] == "start"
    assert "query_code" not in status


def test_a_wrong_code_is_a_generic_404_and_guessing_is_rate_limited(client, req):
    cache.clear()
    assert post(client, "/api/v1/requests/track", {"query_code": "AAAA-BBBB-CCCC-DDDD"}).status_code == 404
    assert post(client, "/api/v1/requests/track", {"query_code": "nonsense"}).json()["error"] == "not_found"
    with mock.patch("sunlight.requests.api.TRACK_LIMIT", 3):
        codes = [
            post(client, "/api/v1/requests/track", {"query_code": "AAAA-BBBB-CCCC-DDDD"}).status_code for _ in range(3)
        ]
    assert codes[-1] == 429


def test_bad_intake_is_a_json_4xx_and_nothing_is_saved(client, req):
    assert post(client, "/api/v1/requests/", body(req, org_id=999999)).status_code == 400
    assert post(client, "/api/v1/requests/", body(req, format="vinyl")).status_code == 422
    bad_type = json.loads(body(req))
    bad_type["applicant"]["type"] = "alien"
    assert post(client, "/api/v1/requests/", bad_type).json()["error"] == "bad_request"
    assert post(client, "/api/v1/requests/", "{not json").status_code == 400
    assert not InfoRequest.objects.exists()


def test_staff_with_a_token_see_their_queue_and_act_on_a_request(client, req):
    token = ApiToken.issue(req.officer, "case system")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    info_request = registered(req)
    actions.register(
        by=req.west_officer,
        org=req.west,
        applicant=req.applicant,
        channel="in_person",
        received_on=MONDAY,
        description="别的区的申请",
        format="paper",
        delivery="post",
    )  # must not show in the queue
    queue = client.get("/api/v1/requests/staff", **auth).json()
    assert queue["total"] == 1 and queue["items"][0]["id_number"] == "110105********0029"
    reply = post(
        client,
        f"/api/v1/requests/staff/{info_request.pk}/reply",
        {"category": "withheld", "number": 1, "text": "属于国家秘密", "on": "2026-03-20"},
        **auth,
    )
    assert reply.status_code == 200 and reply.json()["status"] == "closed"
    again = post(
        client,
        f"/api/v1/requests/staff/{info_request.pk}/reply",
        {"category": "disclosed", "text": "x", "on": "2026-03-21"},
        **auth,
    )
    assert again.status_code == 400 and again.json()["error"] == "request_closed"


def test_a_correction_after_seven_working_days_is_refused_through_the_api(client, req):
    client.force_login(req.officer)
    info_request = registered(req)
    with mock.patch("sunlight.requests.actions.intake.timezone.localdate", return_value=date(2026, 3, 16)):
        response = post(
            client,
            f"/api/v1/requests/staff/{info_request.pk}/correction",
            {"items": "年份", "correct_by": "2026-03-30"},
        )
    assert response.status_code == 400 and response.json()["error"] == "correction_too_late"


def test_an_outsider_and_anonymous_callers_are_refused_on_every_staff_endpoint(client, req):
    info_request = registered(req)
    urls = [
        ("get", "/api/v1/requests/staff"),
        ("get", f"/api/v1/requests/staff/{info_request.pk}"),
        ("post", f"/api/v1/requests/staff/{info_request.pk}/reply"),
        ("post", f"/api/v1/requests/staff/{info_request.pk}/extension"),
        ("post", f"/api/v1/requests/staff/{info_request.pk}/correction"),
        ("post", f"/api/v1/requests/staff/{info_request.pk}/correction-received"),
        ("post", "/api/v1/requests/staff/register"),
    ]
    for method, url in urls:
        assert getattr(client, method)(url, content_type="application/json").status_code == 401
    client.force_login(req.outsider)
    assert client.get("/api/v1/requests/staff").json()["total"] == 0
    assert client.get(f"/api/v1/requests/staff/{info_request.pk}").status_code in (403, 404)
    refused = post(
        client,
        f"/api/v1/requests/staff/{info_request.pk}/reply",
        {"category": "disclosed", "text": "x", "on": "2026-03-20"},
    )
    assert refused.status_code in (403, 404)
    assert InfoRequest.objects.get(pk=info_request.pk).status == "processing"
    assert (
        post(
            client,
            "/api/v1/requests/staff/register",
            {**json.loads(body(req)), "channel": "in_person", "received_on": MONDAY.isoformat()},
        ).status_code
        == 403
    )
