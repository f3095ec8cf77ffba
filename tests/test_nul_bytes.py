"""A NUL character in a parameter is a 400 on every door (PostgreSQL refuses NUL in text: it was a 500 there)."""

from __future__ import annotations

import pytest

from sunlight.accounts.models import ApiToken


@pytest.fixture
def token(cast):
    return ApiToken.issue(cast.supervisor, "nul")[1]


def test_a_nul_in_an_api_query_parameter_is_a_json_400(client, token):
    response = client.get("/api/v1/events/", {"verb": "a\x00b"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 400 and response.json()["error"] == "invalid" and "NUL" in response.json()["message"]


def test_a_nul_in_a_json_body_is_a_400_before_anything_is_written(client, db):
    response = client.post(
        "/api/v1/calendar/deadlines",
        data='{"items": [{"start": "2026-03-02\\u0000"}]}',
        content_type="application/json",
    )
    assert response.status_code == 400


def test_a_nul_in_a_page_query_or_form_is_a_400(client, db):
    assert client.get("/disclosure/search", {"q": "低保\x00"}).status_code == 400
    assert client.post("/requests/track", {"code": "AB\x00CD"}).status_code == 400


def test_a_file_may_hold_nul_bytes_while_its_form_fields_may_not(rf):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sunlight.middleware import _has_nul

    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4\x00\x00binary", content_type="application/pdf")
    assert not _has_nul(rf.post("/workbench/disclosure/1/attach", {"file": upload, "note": "ok"}))
    upload.seek(0)
    assert _has_nul(rf.post("/workbench/disclosure/1/attach", {"file": upload, "note": "o\x00k"}))
