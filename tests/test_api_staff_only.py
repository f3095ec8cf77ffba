"""Issue 9, item 6: every staff API operation answers 403 to citizens and companies (session or token), never an
empty 200; the walk reads the operations from the OpenAPI schema, so an endpoint added later is covered too."""

from __future__ import annotations

import re

import pytest

from sunlight.accounts.models import ApiToken, User


def staff_operations(client) -> list[tuple[str, str]]:
    schema = client.get("/api/v1/openapi.json").json()
    found = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if operation.get("security"):
                # Any value will do for path parameters: authentication runs before they are read.
                found.append((method, re.sub(r"\{[^}]+\}", "1", path)))
    return found


def test_the_walk_finds_the_staff_operations(client, db):
    operations = staff_operations(client)
    assert len(operations) >= 20
    assert ("get", "/api/v1/requests/staff") in operations


@pytest.fixture
def legal_person(db):
    return User.objects.create_user(
        "company", password="Cast-password-2026", kind=User.Kind.LEGAL_PERSON, display_name="某公司"
    )


def test_every_staff_operation_refuses_a_citizen_session(client, cast):
    client.force_login(cast.citizen)
    answers = {
        (m, p): client.generic(m.upper(), p, "{}", content_type="application/json").status_code
        for m, p in staff_operations(client)
    }
    assert {op: status for op, status in answers.items() if status != 403} == {}


def test_every_staff_operation_refuses_a_company_session(client, cast, legal_person):
    client.force_login(legal_person)
    answers = {
        (m, p): client.generic(m.upper(), p, "{}", content_type="application/json").status_code
        for m, p in staff_operations(client)
    }
    assert {op: status for op, status in answers.items() if status != 403} == {}


def test_every_staff_operation_refuses_a_public_accounts_token(client, cast):
    _, plain = ApiToken.issue(cast.citizen, "not for citizens")
    answers = {
        (m, p): client.generic(
            m.upper(), p, "{}", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {plain}"
        ).status_code
        for m, p in staff_operations(client)
    }
    assert {op: status for op, status in answers.items() if status != 403} == {}


def test_staff_endpoints_still_answer_staff_and_ask_anonymous_visitors_to_sign_in(client, cast):
    assert client.get("/api/v1/requests/staff").status_code == 401
    client.force_login(cast.clerk)
    assert client.get("/api/v1/requests/staff").status_code == 200
