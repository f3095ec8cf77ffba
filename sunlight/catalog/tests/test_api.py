"""The catalog API: public reading of items, versions and lists; staff acts with tokens, refused to outsiders."""

from __future__ import annotations

from datetime import date

import pytest

from sunlight.accounts.models import ApiToken
from sunlight.catalog.models import NegativeListEntry, ServiceItem, ServiceItemVersion
from sunlight.catalog.tests.builders import VALID, changed, drafted, food_law, published, suspended

pytestmark = pytest.mark.django_db

API = "/api/v1/catalog"


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 'test')[1]}"}


def post(client, path, body, user=None):
    extra = bearer(user) if user else {}
    return client.post(f"{API}{path}", body, content_type="application/json", **extra)


@pytest.fixture
def item(crew):
    first = published(crew.org, crew.editor, crew.reviewer, on=date(2025, 1, 1))
    changed(first.item, crew.editor, crew.reviewer, on=date(2026, 3, 1), promised_limit=9)
    return ServiceItem.objects.get(pk=first.item_id)


# --- public reading


def test_the_item_list_is_public_and_filters_by_kind_org_life_event_and_name(client, crew, item):
    other = published(
        crew.org, crew.editor, crew.reviewer, basic_code="GG00001000", name="老年人优待证", kind="public_service"
    )
    drafted(crew.org, crew.editor, basic_code="XK00002000", name="未发布的事项")

    def ids(**params):
        answer = client.get(f"{API}/items", params)
        assert answer.status_code == 200
        return {row["id"] for row in answer.json()["items"]}

    assert ids() == {item.pk, other.item_id}
    assert ids(kind="permit") == {item.pk}
    assert ids(q="优待") == {other.item_id}
    assert ids(life_event="qualify") == {item.pk, other.item_id}
    assert ids(org=crew.outsider.pk + 10_000) == set()
    assert ids(status="cancelled") == set()


def test_unknown_filters_are_a_json_400_not_a_500(client, item):
    answer = client.get(f"{API}/items", {"kind": "nonsense"})
    assert answer.status_code == 400 and "事项类型" in answer.json()["message"]
    assert client.get(f"{API}/items", {"life_event": "nope"}).status_code == 400
    assert client.get(f"{API}/items", {"status": "draft"}).status_code == 422


def test_one_item_gives_every_element_of_its_current_version(client, item):
    answer = client.get(f"{API}/items/{item.pk}")
    assert answer.status_code == 200
    body = answer.json()
    assert body["code"] == item.code and body["current_version"] == 2
    elements = body["version"]["elements"]
    assert elements["promised_limit"] == 9
    assert elements["guide"]["materials"][0]["name"] == VALID["guide"]["materials"][0]["name"]
    assert elements["citations"][0]["article"] == 35


def test_a_draft_item_is_not_public(client, crew):
    version = drafted(crew.org, crew.editor)
    assert client.get(f"{API}/items/{version.item_id}").status_code == 404
    assert client.get(f"{API}/items/999999").json()["error"]


def test_versions_list_only_the_published_ones(client, crew, item):
    actions_draft = drafted(crew.org, crew.editor, basic_code="XK00003000")  # another item's draft
    from sunlight.catalog import actions
    from sunlight.catalog.tests.builders import data

    actions.draft_change(item, data(promised_limit=5), by=crew.editor, reason="再调整")
    answer = client.get(f"{API}/items/{item.pk}/versions")
    assert [v["number"] for v in answer.json()["items"]] == [2, 1]
    assert client.get(f"{API}/items/{item.pk}/versions/1").json()["elements"]["promised_limit"] == 10
    assert client.get(f"{API}/items/{item.pk}/versions/3").status_code == 404
    assert actions_draft.item_id != item.pk


def test_the_version_in_force_on_a_date(client, item):
    def number(day):
        return client.get(f"{API}/items/{item.pk}/in-force", {"date": day})

    assert number("2025-06-01").json()["number"] == 1
    assert number("2026-03-01").json()["number"] == 2
    assert number("2024-12-31").status_code == 404
    bad = number("2025-13-40")
    assert bad.status_code in (400, 422) and bad.json()["error"]


def test_the_powers_list_holds_the_power_kinds_only(client, crew, item):
    published(crew.org, crew.editor, crew.reviewer, basic_code="GG00001000", name="老年人优待证", kind="public_service")
    answer = client.get(f"{API}/powers")
    assert [row["id"] for row in answer.json()["items"]] == [item.pk]
    assert client.get(f"{API}/powers", {"kind": "public_service"}).status_code == 400


def test_the_kinds_say_which_are_powers(client, db):
    kinds = {row["kind"]: row for row in client.get(f"{API}/kinds").json()}
    assert kinds["permit"]["is_power"] and kinds["permit"]["label"] == "行政许可"
    assert not kinds["public_service"]["is_power"] and len(kinds) == 12


def test_the_negative_list_filters_by_words_and_industry_code(client, item):
    entry = NegativeListEntry.objects.create(
        number="101", category="prohibited", industry="渔业", industry_code="A04", title="禁止违规捕捞"
    )
    entry.items.add(item)
    NegativeListEntry.objects.create(
        number="201", category="restricted", industry="采矿", industry_code="B06", title="煤炭开采"
    )
    assert [r["number"] for r in client.get(f"{API}/negative", {"q": "捕捞"}).json()["items"]] == ["101"]
    rows = client.get(f"{API}/negative", {"industry_code": "B"}).json()["items"]
    assert [r["number"] for r in rows] == ["201"]
    assert client.get(f"{API}/negative").json()["items"][0]["item_ids"] == [item.pk]


# --- staff acts


def new_item_body(crew, **patch):
    return {"org": crew.org.pk, "basic_code": "XK00001000", "reason": "新设事项", "elements": VALID, **patch}


def test_an_editor_adds_an_item_with_a_token_and_a_reviewer_publishes_it(client, crew):
    food_law()
    answer = post(client, "/items", new_item_body(crew), crew.editor)
    assert answer.status_code == 201, answer.content
    version_id = answer.json()["id"]
    assert answer.json()["state"] == "draft" and answer.json()["item"]["status"] == "draft"
    submitted = post(client, f"/versions/{version_id}/submit", {}, crew.editor)
    assert submitted.json().get("state") == "submitted", submitted.content.decode()
    published_answer = post(client, f"/versions/{version_id}/publish", {"effective_from": "2026-01-01"}, crew.reviewer)
    assert published_answer.status_code == 200
    assert published_answer.json()["item"]["status"] == "active"
    assert ServiceItemVersion.objects.get(pk=version_id).effective_from == date(2026, 1, 1)


def test_an_editor_edits_a_draft_and_a_reviewer_returns_it(client, crew):
    version = drafted(crew.org, crew.editor)
    answer = client.put(
        f"{API}/versions/{version.pk}",
        {**VALID, "promised_limit": 12},
        content_type="application/json",
        **bearer(crew.editor),
    )
    assert answer.status_code == 200 and answer.json()["elements"]["promised_limit"] == 12
    assert post(client, f"/versions/{version.pk}/submit", {}, crew.editor).status_code == 200
    answer = post(client, f"/versions/{version.pk}/return", {"note": "材料清单不全"}, crew.reviewer)
    assert answer.json()["state"] == "draft" and answer.json()["review_note"] == "材料清单不全"


def test_a_submission_that_breaks_rules_is_a_422_naming_the_rules_and_writes_nothing(client, crew):
    version = drafted(crew.org, crew.editor, promised_limit=30)  # longer than the statutory 20 days
    answer = post(client, f"/versions/{version.pk}/submit", {}, crew.editor)
    assert answer.status_code == 422
    body = answer.json()
    assert body["error"] == "rule_violation" and body["rules"]
    assert all(rule in body["message"] for rule in body["rules"])
    assert ServiceItemVersion.objects.get(pk=version.pk).state == "draft"


def test_a_drafter_cannot_publish_their_own_version(client, crew):
    version = drafted(crew.org, crew.editor)
    post(client, f"/versions/{version.pk}/submit", {}, crew.editor)
    answer = post(client, f"/versions/{version.pk}/publish", {}, crew.editor)
    assert answer.status_code == 403
    assert ServiceItemVersion.objects.get(pk=version.pk).state == "submitted"


def test_change_suspend_and_cancel_each_draft_a_version(client, crew, item):
    answer = post(
        client, f"/items/{item.pk}/change", {"reason": "调整", "elements": {**VALID, "visits": 0}}, crew.editor
    )
    assert answer.status_code == 200 and answer.json()["operation"] == "change"
    again = post(client, f"/items/{item.pk}/suspend", {"reason": "系统升级"}, crew.editor)
    assert again.status_code == 409  # one open version at a time
    ServiceItemVersion.objects.filter(pk=answer.json()["id"]).delete()
    assert (
        post(client, f"/items/{item.pk}/suspend", {"reason": "系统升级"}, crew.editor).json()["operation"] == "suspend"
    )
    ServiceItemVersion.objects.filter(item=item, state="draft").delete()
    assert post(client, f"/items/{item.pk}/cancel", {"reason": "法律修订"}, crew.editor).json()["operation"] == "cancel"


def test_the_staff_list_shows_drafts_of_the_callers_orgs_only(client, crew, item):
    draft = drafted(crew.org, crew.editor, basic_code="XK00002000", name="草稿事项")
    mine = client.get(f"{API}/staff/items", **bearer(crew.editor)).json()["items"]
    assert {r["id"] for r in mine} == {item.pk, draft.item_id}
    assert client.get(f"{API}/staff/items", **bearer(crew.outsider)).json()["items"] == []
    assert client.get(f"{API}/staff/versions/{draft.pk}", **bearer(crew.outsider)).status_code == 404
    assert client.get(f"{API}/staff/versions/{draft.pk}", **bearer(crew.editor)).json()["state"] == "draft"


def staff_calls(crew, item, draft, submitted):
    change = {"reason": "调整", "elements": VALID}
    return [
        ("post", "/items", new_item_body(crew)),
        ("put", f"/versions/{draft.pk}", VALID),
        ("post", f"/versions/{draft.pk}/submit", {}),
        ("post", f"/versions/{submitted.pk}/return", {"note": "不行"}),
        ("post", f"/versions/{submitted.pk}/publish", {}),
        ("post", f"/items/{item.pk}/change", change),
        ("post", f"/items/{item.pk}/suspend", {"reason": "暂停"}),
        ("post", f"/items/{item.pk}/cancel", {"reason": "取消"}),
    ]


@pytest.fixture
def targets(crew, item):
    draft = drafted(crew.org, crew.editor, basic_code="XK00002000", name="药品经营许可")
    submitted = drafted(crew.org, crew.editor, basic_code="XK00003000", name="酒类经营许可")
    from sunlight.catalog import actions

    actions.submit_version(submitted, by=crew.editor)
    return item, draft, submitted


def snapshot():
    return (
        ServiceItem.objects.count(),
        list(ServiceItemVersion.objects.order_by("pk").values_list("pk", "state", "promised_limit", "review_note")),
    )


@pytest.mark.parametrize("who", ["anonymous", "outsider", "outsider_session", "citizen"])
def test_every_staff_act_is_refused_to_anyone_outside_the_org_and_writes_nothing(client, crew, cast, targets, who):
    before = snapshot()
    headers = {}
    if who == "outsider":
        headers = bearer(crew.outsider)
    elif who == "outsider_session":
        client.force_login(crew.outsider)
    elif who == "citizen":
        headers = bearer(cast.citizen)
    expected = {"anonymous": 401}.get(who, 403)
    answers = {
        path: client.generic(method.upper(), f"{API}{path}", _json(body), content_type="application/json", **headers)
        for method, path, body in staff_calls(crew, *targets)
    }
    assert {path: a.status_code for path, a in answers.items() if a.status_code != expected} == {}
    assert all(a.json()["error"] for a in answers.values())
    assert snapshot() == before
    listing = client.get(f"{API}/staff/items", **headers)
    assert listing.status_code == (expected if who in ("anonymous", "citizen") else 200)
    if listing.status_code == 200:
        assert listing.json()["items"] == []


def _json(body) -> str:
    import json

    return json.dumps(body, ensure_ascii=False)


def test_a_suspended_item_is_listed_and_reads_as_suspended(client, crew, item):
    suspended(item, crew.editor, crew.reviewer)
    rows = client.get(f"{API}/items", {"status": "suspended"}).json()["items"]
    assert [r["status"] for r in rows] == ["suspended"]
