"""/api/v1/calendar/: the public deadline calculator."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/calendar/deadline"


def test_the_deadline_endpoint_returns_the_due_date_and_how_it_was_counted(client):
    response = client.get(URL, {"start": "2025-09-26", "working_days": 20})
    assert response.status_code == 200
    body = response.json()
    assert body["start"] == "2025-09-26"
    assert body["working_days"] == 20
    assert body["due_date"] == "2025-10-30"
    assert body["explanation"][0] == "2025-09-26 开始计时：法定期限 20 个工作日，起算日当天不计"
    assert body["explanation"][-1].startswith("截止日为 2025-10-30")


def test_zero_working_days_is_the_start_day(client):
    assert client.get(URL, {"start": "2025-10-01", "working_days": 0}).json()["due_date"] == "2025-10-01"


@pytest.mark.parametrize("n", [-1, 3651, 100000])
def test_a_working_day_count_out_of_bounds_is_a_json_400(client, n):
    response = client.get(URL, {"start": "2025-09-26", "working_days": n})
    assert response.status_code == 400
    assert response.json()["error"] == "invalid"
    assert "0 到 3650" in response.json()["message"]


def test_a_non_numeric_working_day_count_is_a_json_422(client):
    response = client.get(URL, {"start": "2025-09-26", "working_days": "twenty"})
    assert response.status_code == 422
    assert response.json()["error"] == "invalid"


def test_a_deadline_beyond_the_calendar_is_a_json_400_with_the_message(client):
    response = client.get(URL, {"start": "2026-12-20", "working_days": 20})
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "calendar_not_loaded"
    assert "工作日历尚未载入 2027 年的数据（已载入至 2026-12-31）" in body["message"]


@pytest.mark.parametrize("start", ["2025-13-01", "yesterday", "2025-02-30", ""])
def test_a_malformed_start_date_is_a_4xx_not_a_500(client, start):
    response = client.get(URL, {"start": start, "working_days": 5})
    assert 400 <= response.status_code < 500
    assert "message" in response.json()


def test_a_missing_start_date_is_a_4xx(client):
    assert client.get(URL, {"working_days": 5}).status_code == 422


def test_days_lists_each_day_with_its_kind(client):
    response = client.get("/api/v1/calendar/days", {"from": "2025-09-27", "to": "2025-10-02"})
    assert response.status_code == 200
    body = response.json()
    assert body["complete"] is True
    assert [(d["date"], d["is_workday"]) for d in body["days"]] == [
        ("2025-09-27", False),
        ("2025-09-28", True),
        ("2025-09-29", True),
        ("2025-09-30", True),
        ("2025-10-01", False),
        ("2025-10-02", False),
    ]
    assert body["days"][1]["note"] == "国庆节调休上班"


def test_days_marks_unloaded_days_as_null(client):
    body = client.get("/api/v1/calendar/days", {"from": "2026-12-30", "to": "2027-01-02"}).json()
    assert body["complete"] is False
    assert [d["is_workday"] for d in body["days"]] == [True, True, None, None]


def test_days_refuses_more_than_400_days_or_a_reversed_span(client):
    too_long = client.get("/api/v1/calendar/days", {"from": "2025-01-01", "to": "2026-02-05"})
    assert too_long.status_code == 400 and "400" in too_long.json()["message"]
    reversed_ = client.get("/api/v1/calendar/days", {"from": "2025-02-01", "to": "2025-01-01"})
    assert reversed_.status_code == 400
    assert client.get("/api/v1/calendar/days", {"from": "2025-01-01", "to": "2026-02-04"}).status_code == 200


def test_working_days_between_counts_the_end_but_not_the_start(client):
    body = client.get("/api/v1/calendar/working-days-between", {"start": "2025-09-26", "end": "2025-10-30"}).json()
    assert body == {"start": "2025-09-26", "end": "2025-10-30", "working_days": 20}
    beyond = client.get("/api/v1/calendar/working-days-between", {"start": "2026-12-01", "end": "2027-01-05"})
    assert beyond.status_code == 400 and beyond.json()["error"] == "calendar_not_loaded"
