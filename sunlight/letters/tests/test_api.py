import pytest

from sunlight.letters import actions
from sunlight.letters.models import Letter

pytestmark = pytest.mark.django_db

API = "/api/v1/letters/"


def test_a_letter_written_through_the_api_is_followed_with_its_query_code(client, post):
    response = client.post(
        API,
        {
            "mailbox": "qx-head",
            "type": "consult",
            "subject": "医保报销",
            "content": "异地就医怎么报销？",
            "writer_name": "李四",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    tracked = client.post(
        f"{API}track", {"number": body["number"], "query_code": body["query_code"]}, content_type="application/json"
    )
    assert tracked.status_code == 200 and tracked.json()["status"] == "received"
    wrong = client.post(
        f"{API}track", {"number": body["number"], "query_code": "AAAA-BBBB"}, content_type="application/json"
    )
    assert wrong.status_code == 404


@pytest.mark.parametrize(
    "payload",
    [
        {"mailbox": "nope", "type": "consult", "subject": "a", "content": "b", "writer_name": "c"},
        {"mailbox": "qx-head", "type": "gossip", "subject": "a", "content": "b", "writer_name": "c"},
        {"mailbox": "qx-head", "type": "consult", "subject": "<b>a</b>", "content": "b", "writer_name": "c"},
        {"mailbox": "qx-head", "type": "consult", "subject": "a", "content": "b"},
    ],
)
def test_bad_letters_are_a_400_and_nothing_is_written(client, post, payload):
    assert client.post(API, payload, content_type="application/json").status_code == 400
    assert not Letter.objects.exists()


def test_the_staff_api_runs_the_loop_and_an_outsider_is_refused(client, post):
    letter, _code = post.written()
    client.force_login(post.west_officer)
    assert client.post(f"{API}{letter.pk}/accept").status_code == 404
    assert client.get(f"{API}{letter.pk}").status_code == 404
    client.force_login(post.officer)
    assert client.post(f"{API}{letter.pk}/accept").json()["status"] == "accepted"
    assigned = client.post(f"{API}{letter.pk}/assign", {"org_id": post.bureau.pk}, content_type="application/json")
    assert assigned.json()["handler_org"] == post.bureau.name
    assert (
        client.post(f"{API}{letter.pk}/reply", {"reply": "越权答复"}, content_type="application/json").status_code
        == 403
    )
    client.force_login(post.handler)
    assert (
        client.post(f"{API}{letter.pk}/reply", {"reply": "已答复。"}, content_type="application/json").json()["status"]
        == "replied"
    )


def test_anonymous_callers_see_only_published_letters(client, post):
    hidden = post.replied(subject="未公开")
    shown = actions.publish_letter(post.replied(subject="公开的"), by=post.officer)
    numbers = [x["number"] for x in client.get(f"{API}published").json()]
    assert shown.number in numbers and hidden.number not in numbers
    assert client.get(f"{API}published/{hidden.number}").status_code == 404
    found = [x["number"] for x in client.get(f"{API}published", {"q": "公开的"}).json()]
    assert found == [shown.number]
    assert client.get(API).status_code == 401
