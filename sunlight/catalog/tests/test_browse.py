"""Browsing the catalog: the landing page, life events and an org's items list public items only, filter,
page and refuse bad parameters with a 4xx."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sunlight.catalog.tests.builders import cancelled, draft_of, item_of, suspended

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(crew, cast):
    """Published items of two orgs, a suspended one, a draft and a cancelled one."""
    from sunlight.orgs.models import Role

    west_editor = crew.outsider
    west_reviewer = cast.add_staff("westreviewer", cast.west_center, Role.REVIEWER)

    class Shelf:
        food = item_of(crew.org, crew.editor, crew.reviewer, name="食品经营许可", life_events=["qualify"])
        fine = item_of(
            crew.org, crew.editor, crew.reviewer, name="对无证经营的处罚", kind="penalty", life_events=["operate"]
        )
        birth = item_of(
            crew.org,
            crew.editor,
            crew.reviewer,
            name="出生医学证明办理",
            kind="public_service",
            level="city",
            audience="person",
            life_events=["birth"],
        )
        west_food = item_of(
            cast.west_center, west_editor, west_reviewer, name="小餐饮登记", kind="filing", life_events=["qualify"]
        )
        paused = suspended(
            item_of(crew.org, crew.editor, crew.reviewer, name="药品零售许可", life_events=["qualify"]),
            crew.editor,
            crew.reviewer,
        ).item
        draft = draft_of(crew.org, crew.editor, name="草稿中的许可", life_events=["qualify"])
        gone = cancelled(
            item_of(crew.org, crew.editor, crew.reviewer, name="已取消的许可", life_events=["qualify"]),
            crew.editor,
            crew.reviewer,
        ).item

    return Shelf


def names(response) -> set[str]:
    return {item.name for item in response.context["page"].object_list}


def test_the_landing_page_counts_public_items_by_life_event_org_level_and_kind(client, shelf, cast):
    response = client.get(reverse("catalog:index"))
    assert response.status_code == 200
    person = {slug: n for slug, _label, n in response.context["person_events"]}
    company = {slug: n for slug, _label, n in response.context["company_events"]}
    assert person["birth"] == 1 and company["qualify"] == 3  # 食品, 小餐饮, the suspended 药品; no draft, no cancelled
    assert company["operate"] == 1 and person["death"] == 0
    orgs = [(org.pk, n) for org, n in response.context["orgs"]]
    assert orgs == [(cast.east_center.pk, 4), (cast.west_center.pk, 1)]
    assert {k: n for k, _l, n in response.context["kinds"]} == {
        "permit": 2,
        "penalty": 1,
        "public_service": 1,
        "filing": 1,
    }
    assert {v: n for v, _l, n in response.context["levels"]} == {"county": 4, "city": 1}
    html = response.content.decode()
    assert 'action="/catalog/search/"' in html and 'name="q"' in html
    for name in ("catalog:powers", "catalog:duties", "catalog:negative", "catalog:oversight"):
        assert f'href="{reverse(name)}"' in html
    assert reverse("catalog:life_event", args=["birth"]) in html


def test_a_life_event_lists_only_published_items_that_name_it(client, shelf):
    response = client.get(reverse("catalog:life_event", args=["qualify"]))
    assert response.status_code == 200
    assert names(response) == {"食品经营许可", "小餐饮登记", "药品零售许可"}
    assert "草稿中的许可" not in response.content.decode() and "已取消的许可" not in response.content.decode()
    assert names(client.get(reverse("catalog:life_event", args=["birth"]))) == {"出生医学证明办理"}
    assert names(client.get(reverse("catalog:life_event", args=["death"]))) == set()


def test_a_life_event_filters_by_org_kind_and_level(client, shelf, cast):
    url = reverse("catalog:life_event", args=["qualify"])
    assert names(client.get(url, {"org": cast.west_center.pk})) == {"小餐饮登记"}
    assert names(client.get(url, {"kind": "filing"})) == {"小餐饮登记"}
    assert names(client.get(url, {"level": "county", "org": cast.east_center.pk})) == {"食品经营许可", "药品零售许可"}
    assert names(client.get(url, {"level": "city"})) == set()


def test_a_life_event_sorts_by_name_or_code(client, shelf):
    url = reverse("catalog:life_event", args=["qualify"])
    by_code = [i.code for i in client.get(url, {"sort": "code"}).context["page"].object_list]
    assert by_code == sorted(by_code)
    by_org = [i.org.name for i in client.get(url, {"sort": "org"}).context["page"].object_list]
    assert by_org == sorted(by_org)


def test_an_unknown_life_event_is_a_404(client, db):
    assert client.get("/catalog/topics/no-such-topic/").status_code == 404


@pytest.mark.parametrize(
    "params",
    [{"org": "99999999999999999999999"}, {"org": "²"}, {"kind": "nothing"}, {"level": "galaxy"}, {"sort": "evil"}],
)
def test_bad_filters_are_a_400_with_the_error_summary(client, shelf, params):
    response = client.get(reverse("catalog:life_event", args=["qualify"]), params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html and "<title>错误：" in html
    assert names(response) == set()


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999999999999999999999", "²", "3"])
def test_a_page_number_out_of_bounds_shows_the_nearest_page(client, shelf, page):
    response = client.get(reverse("catalog:life_event", args=["qualify"]), {"page": page})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 3


def test_the_list_is_paged_twenty_at_a_time_and_the_pager_keeps_the_filters(client, crew):
    for n in range(23):
        item_of(crew.org, crew.editor, crew.reviewer, name=f"许可事项{n:02d}", life_events=["operate"])
    url = reverse("catalog:life_event", args=["operate"])
    first = client.get(url, {"kind": "permit"})
    assert len(first.context["page"].object_list) == 20 and first.context["page"].paginator.num_pages == 2
    assert "kind=permit&amp;page=2" in first.content.decode()
    second = client.get(url, {"kind": "permit", "page": "2"})
    assert len(second.context["page"].object_list) == 3
    assert not names(first) & names(second)


def test_an_orgs_page_groups_its_items_by_kind_with_counts(client, shelf, cast):
    response = client.get(reverse("catalog:org", args=[cast.east_center.pk]))
    assert response.status_code == 200
    assert names(response) == {"食品经营许可", "对无证经营的处罚", "出生医学证明办理", "药品零售许可"}
    assert [(k, n) for k, _l, n in response.context["kinds"]] == [("permit", 2), ("penalty", 1), ("public_service", 1)]
    kinds_in_order = [i.kind for i in response.context["page"].object_list]
    assert kinds_in_order == ["permit", "permit", "penalty", "public_service"]
    html = response.content.decode()
    assert html.index("行政许可</h2>") < html.index("行政处罚</h2>") < html.index("公共服务</h2>")
    assert names(client.get(reverse("catalog:org", args=[cast.east_center.pk]), {"kind": "penalty"})) == {
        "对无证经营的处罚"
    }


def test_an_org_page_refuses_unknown_orgs_and_kinds(client, shelf, cast):
    assert client.get("/catalog/orgs/99999999/").status_code == 404
    assert client.get(reverse("catalog:org", args=[cast.east_center.pk]), {"kind": "filing"}).status_code == 400
    assert client.get(reverse("catalog:org", args=[cast.city.pk])).status_code == 200


def test_the_browse_pages_read_a_bounded_number_of_queries(client, crew, django_assert_max_num_queries):
    for n in range(15):
        item_of(crew.org, crew.editor, crew.reviewer, name=f"事项{n:02d}", life_events=["qualify", "operate"])
    with django_assert_max_num_queries(12):
        client.get(reverse("catalog:index"))
    with django_assert_max_num_queries(12):
        client.get(reverse("catalog:life_event", args=["qualify"]), {"sort": "newest"})
    with django_assert_max_num_queries(12):
        client.get(reverse("catalog:org", args=[crew.org.pk]))
