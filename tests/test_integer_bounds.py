"""Out-of-range integers in any parameter are a 4xx, never a 500 (issue 9, item 5).

9223372036854775808 is 2**63: one more than SQLite's and PostgreSQL's biggest integer, so a driver that
receives it fails (SQLite: OverflowError) unless the API refuses it first.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLResolver, get_resolver

from sunlight.accounts.models import ApiToken, User

HUGE = "9223372036854775808"
# "²".isdigit() is True but int("²") raises: a check with isdigit() alone lets it through to int().
SUPERSCRIPT_QUERY = "?" + "&".join(
    f"{k}=%C2%B2" for k in ("org", "page", "year", "publisher", "topic", "genre", "notice")
)


@pytest.fixture
def supervisor_token(cast):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(cast.supervisor, 'bounds')[1]}"}


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/disclosure/documents?offset={HUGE}",
        f"/api/v1/disclosure/documents?org={HUGE}",
        f"/api/v1/disclosure/search?q=x&topic={HUGE}",
        f"/api/v1/disclosure/documents/{HUGE}",
    ],
)
def test_an_out_of_range_integer_on_the_public_document_api_is_a_json_422(client, db, url):
    response = client.get(url)
    assert response.status_code == 422 and response.json()["error"] == "invalid"


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/requests/staff?org={HUGE}",
        f"/api/v1/requests/staff/{HUGE}",
        f"/api/v1/requests/staff/popular?org={HUGE}",
        f"/api/v1/reports/appeals?org={HUGE}",
        f"/api/v1/reports/annual/{HUGE}/2025",
        f"/api/v1/orgs/?under={HUGE}",
        f"/api/v1/orgs/?offset={HUGE}",
        f"/api/v1/events/?offset={HUGE}",
    ],
)
def test_an_out_of_range_integer_on_a_staff_endpoint_is_a_json_422(client, cast, supervisor_token, url):
    response = client.get(url, **supervisor_token)
    assert response.status_code == 422 and response.json()["error"] == "invalid"


def test_out_of_range_ids_in_an_art_44_proposal_are_a_json_422(client, cast, supervisor_token):
    response = client.post(
        "/api/v1/requests/staff/popular/propose",
        {"request_ids": [int(HUGE)], "title": "x"},
        content_type="application/json",
        **supervisor_token,
    )
    assert response.status_code == 422 and response.json()["error"] == "invalid"


def test_out_of_range_ids_in_request_bodies_are_a_json_422(client, cast, supervisor_token):
    appeal = {"org_id": int(HUGE), "kind": "reconsideration", "filed_on": "2026-03-01"}
    assert (
        client.post("/api/v1/reports/appeals", appeal, content_type="application/json", **supervisor_token).status_code
        == 422
    )
    figures = {"licensing_decisions": 2**40, "penalty_decisions": 0, "coercion_decisions": 0, "fee_income": "0"}
    response = client.post(
        f"/api/v1/reports/annual/{cast.city.pk}/2025/figures",
        figures,
        content_type="application/json",
        **supervisor_token,
    )
    assert response.status_code == 422


def _routes(resolver, prefix=""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern)


def test_no_html_page_answers_out_of_range_integers_in_the_path_or_the_query_with_a_500(client, cast):
    """Every page route (int path segments and the usual ?org=, ?page=, ?year= … set to 2**63 or ²) as a citizen, a supervisor and a superuser."""
    root = User.objects.create_superuser("root", password=cast.password, kind=User.Kind.STAFF)
    query = "?" + "&".join(
        f"{k}={HUGE}" for k in ("org", "page", "year", "publisher", "topic", "genre", "under", "doc", "id")
    )
    urls = []
    for route in _routes(get_resolver()):
        if route.startswith(("api/", "admin/")) or "(?P" in route or "^" in route:
            continue
        url = "/" + re.sub(r"<int:\w+>", HUGE, route)
        urls.append(re.sub(r"<[^>]+>", "x", url))
    failures = []
    for user in (cast.citizen, cast.supervisor, root):
        client.force_login(user)
        for url in urls:
            for q in (query, "?page=-1&org=-5&year=x", SUPERSCRIPT_QUERY):
                status = client.get(url + q).status_code
                if status >= 500:
                    failures.append((user.username, url + q, status))
    assert failures == []


@pytest.mark.parametrize("chosen", [HUGE, "²"], ids=["2**63", "a superscript digit"])
def test_the_workbench_art_44_proposal_answers_bad_request_ids_with_a_400(client, cast, chosen):
    from sunlight.orgs.models import Role

    officer = cast.add_staff("officer", cast.east, Role.DISCLOSURE_OFFICER)
    client.force_login(officer)
    response = client.post("/workbench/requests/popular/propose", {"request": [chosen], "title": "明细"})
    assert response.status_code == 400


def test_digits_that_int_cannot_read_are_a_4xx_in_forms_and_the_statistics_api(client, cast):
    assert client.get("/api/v1/requests/statistics?org=%C2%B2").status_code == 400
    assert client.get(f"/api/v1/requests/statistics?org={cast.east.pk}&year=%C2%B2").status_code == 400
    assert client.post("/requests/new", {"org": "²", "description": "x"}).status_code == 400
    root = User.objects.create_superuser("root", password=cast.password, kind=User.Kind.STAFF)
    client.force_login(root)
    assert client.get("/workbench/timeline/orgs.org/%C2%B2").status_code == 404
    assert client.get(f"/workbench/timeline/orgs.org/{HUGE}0").status_code == 404
    assert client.get("/admin/clock/workday/?year=%C2%B2").status_code < 500
    assert client.get(f"/admin/clock/workday/?year={HUGE}").status_code < 500
