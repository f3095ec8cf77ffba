"""Writes and batch reads of the calendar API: bodies are validated, writers are admins only."""

import json

from sunlight.accounts.models import ApiToken
from sunlight.clock.calendar import get_calendar
from sunlight.clock.models import WorkDay
from sunlight.events.models import Event


def put_json(client, url, body, token):
    return client.put(url, data=json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_many_deadlines_are_computed_in_one_call(client, db):
    body = {"items": [{"start": "2025-09-26", "working_days": 20}, {"start": "2025-01-24", "working_days": 1}]}
    response = client.post("/api/v1/calendar/deadlines", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 200
    calendar = get_calendar()
    from datetime import date

    assert [r["due_date"] for r in response.json()] == [
        calendar.add_working_days(date(2025, 9, 26), 20).isoformat(),
        "2025-01-26",  # 2025-01-26 was a Sunday worked in exchange for the Spring Festival
    ]


def test_a_malformed_body_is_a_422_with_a_message(client, db):
    for raw in [
        "{not json",
        json.dumps({"items": []}),
        json.dumps({"items": [{"start": "2025-13-01"}]}),
        json.dumps({"items": [{"start": "2025-01-02", "working_days": -1}]}),
    ]:
        response = client.post("/api/v1/calendar/deadlines", data=raw, content_type="application/json")
        assert response.status_code in (400, 422), raw
        assert response.json()["message"]


def test_a_batch_reaching_beyond_the_calendar_is_refused_whole(client, db):
    body = {"items": [{"start": "2025-09-26", "working_days": 20}, {"start": "2026-12-30", "working_days": 20}]}
    response = client.post("/api/v1/calendar/deadlines", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 400 and response.json()["error"] == "calendar_not_loaded"


def test_an_admin_sets_a_day_over_the_api_and_it_is_logged(client, cast):
    _t, token = ApiToken.issue(cast.admin, "calendar")
    response = put_json(client, "/api/v1/calendar/days/2026-12-26", {"is_workday": True, "note": "调休上班"}, token)
    assert response.status_code == 200 and response.json()["is_workday"] is True
    assert WorkDay.objects.get(date="2026-12-26").source == "manual"
    assert Event.objects.filter(verb="calendar.set_workday", actor=cast.admin).exists()


def test_a_clerk_cannot_change_the_calendar_over_the_api(client, cast):
    _t, token = ApiToken.issue(cast.clerk, "calendar")
    before = WorkDay.objects.get(date="2026-12-26").is_workday
    response = put_json(client, "/api/v1/calendar/days/2026-12-26", {"is_workday": not before}, token)
    assert response.status_code == 403 and "管理员" in response.json()["message"]
    assert WorkDay.objects.get(date="2026-12-26").is_workday == before


def test_setting_a_day_needs_credentials(client, db):
    response = client.put("/api/v1/calendar/days/2026-12-26", data="{}", content_type="application/json")
    assert response.status_code == 401
