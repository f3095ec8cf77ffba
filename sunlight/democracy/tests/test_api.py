"""/api/v1/democracy: the public lists and details (results once published), and a resident's vote by session."""

import json

from django.test import Client

from sunlight.accounts.models import ApiToken

from .. import actions
from ..models import EvaluationBallot, Vote

BASE = "/api/v1/democracy"


def test_the_public_lists_show_open_and_published_items_never_drafts(client, square):
    square.proposal(title="草稿议题")
    open_one = square.open_proposal()
    published = actions.publish_results(square.closed_proposal(choices=(0, 0, 1)), by=square.clerk)
    body = client.get(f"{BASE}/proposals").json()
    titles = {item["id"]: item for item in body["items"]}
    assert set(titles) == {open_one.pk, published.pk}
    assert titles[open_one.pk]["result"] is None
    result = titles[published.pk]["result"]
    assert result["votes"] == 3 and result["eligible"] == 3 and result["turnout"] == "100.0" and result["passed"]
    assert [o["count"] for o in result["options"]] == [2, 1, 0]
    assert client.get(f"{BASE}/proposals", {"status": "open"}).json()["count"] == 1
    assert client.get(f"{BASE}/proposals", {"status": "draft"}).status_code == 400
    assert client.get(f"{BASE}/proposals/{square.proposal().pk}").status_code == 404


def test_a_published_evaluation_has_its_grades_and_satisfaction_rate(client, square):
    document = square.published_document()
    evaluation = square.open_evaluation(documents=[document])
    for user, grade in zip(square.residents, ("satisfied", "satisfied", "unsatisfied"), strict=True):
        actions.cast_evaluation(evaluation, by=user, grade=grade)
    actions.publish_evaluation_results(actions.close_evaluation(evaluation, by=square.clerk), by=square.clerk)
    body = client.get(f"{BASE}/evaluations/{evaluation.pk}").json()
    assert body["result"]["satisfied_rate"] == "66.7" and body["result"]["total"] == 3
    assert body["documents"] == [document.index_number]
    assert client.get(f"{BASE}/evaluations").json()["count"] == 1


def test_a_resident_votes_through_the_api_and_a_second_vote_is_409(square):
    proposal = square.open_proposal()
    client = Client(enforce_csrf_checks=True)
    client.force_login(square.residents[0])
    url = f"{BASE}/proposals/{proposal.pk}/vote"
    no_csrf = client.post(url, json.dumps({"choice": 0}), content_type="application/json")
    assert no_csrf.status_code == 403 and not Vote.objects.exists()
    client.get(f"/democracy/proposals/{proposal.pk}/")  # the ballot form sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    done = client.post(url, json.dumps({"choice": 0}), content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert done.status_code == 201 and done.json()["option"] == "同意"
    again = client.post(url, json.dumps({"choice": 1}), content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert again.status_code == 409 and "只能投一票" in again.json()["message"]
    assert list(Vote.objects.values_list("choice", flat=True)) == [0]
    proposal_page = Client().get(f"{BASE}/proposals/{proposal.pk}").json()
    assert proposal_page["result"] is None  # nothing shown before the results are published


def test_the_api_vote_refuses_anonymous_staff_non_residents_and_bad_choices(client, square):
    proposal = square.open_proposal()
    url = f"{BASE}/proposals/{proposal.pk}/vote"
    vote = lambda data: client.post(url, json.dumps(data), content_type="application/json")  # noqa: E731
    assert vote({"choice": 0}).status_code == 401
    _token, plain = ApiToken.issue(square.clerk, "test")
    staff = client.post(url, '{"choice": 0}', content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert staff.status_code in (401, 403)
    client.force_login(square.stranger)
    assert vote({"choice": 0}).status_code == 403
    client.force_login(square.residents[0])
    assert vote({"choice": 7}).status_code == 400
    assert vote({"choice": -1}).status_code == 422
    assert not Vote.objects.exists()


def test_a_resident_grades_an_evaluation_through_the_api_once(client, square):
    evaluation = square.open_evaluation()
    url = f"{BASE}/evaluations/{evaluation.pk}/ballot"
    post = lambda data: client.post(url, json.dumps(data), content_type="application/json")  # noqa: E731
    client.force_login(square.stranger)
    assert post({"grade": "satisfied"}).status_code == 403
    client.force_login(square.residents[0])
    assert post({"grade": "great"}).status_code == 400
    assert post({"grade": "basic", "comment": "尚可"}).status_code == 201
    assert post({"grade": "satisfied"}).status_code == 409
    assert list(EvaluationBallot.objects.values_list("grade", flat=True)) == ["basic"]
