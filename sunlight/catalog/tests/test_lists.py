"""The lists: 权力清单, 责任清单, 监管清单 (public items only, filters, counts, pages) and the 负面清单 with its
"may I invest in X?" lookup (three answers, bad input a 400)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sunlight.catalog.tests.builders import cancelled, draft_of, item_of, negative_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists(crew, cast):
    from sunlight.orgs.models import Role

    west_reviewer = cast.add_staff("westreviewer", cast.west_center, Role.REVIEWER)

    class Lists:
        food = item_of(crew.org, crew.editor, crew.reviewer, name="食品经营许可")
        fine = item_of(
            crew.org,
            crew.editor,
            crew.reviewer,
            name="对无证经营的处罚",
            kind="penalty",
            guide={"duties": [{"duty": "依法查处无证经营", "accountability": "对应当查处而未查处的"}], "oversight": []},
        )
        service = item_of(
            crew.org,
            crew.editor,
            crew.reviewer,
            name="政策咨询服务",
            kind="public_service",
            guide={"duties": [], "oversight": [{"method": "信用监管", "frequency": "随时"}]},
        )
        west = item_of(cast.west_center, crew.outsider, west_reviewer, name="建设工程消防验收", guide={"oversight": []})
        draft = draft_of(crew.org, crew.editor, name="草稿中的许可")
        gone = cancelled(
            item_of(crew.org, crew.editor, crew.reviewer, name="已取消的许可"), crew.editor, crew.reviewer
        ).item

    return Lists


def names(response) -> set[str]:
    return {item.name for item in response.context["page"].object_list}


def test_the_power_list_shows_published_powers_only_with_their_basis_and_guide(client, lists):
    response = client.get(reverse("catalog:powers"))
    assert response.status_code == 200
    assert names(response) == {"食品经营许可", "对无证经营的处罚", "建设工程消防验收"}  # no 公共服务, draft, cancelled
    html = response.content.decode()
    assert "《中华人民共和国食品安全法》第35条第1款" in html
    assert reverse("catalog:item", args=[lists.food.pk]) in html
    assert "政策咨询服务" not in html and "已取消的许可" not in html and "草稿中的许可" not in html


def test_the_power_list_filters_by_org_and_kind_and_counts_by_kind(client, lists, cast):
    url = reverse("catalog:powers")
    assert {k: n for k, _l, n in client.get(url).context["kinds"]} == {"permit": 2, "penalty": 1}
    by_org = client.get(url, {"org": cast.west_center.pk})
    assert names(by_org) == {"建设工程消防验收"}
    assert {k: n for k, _l, n in by_org.context["kinds"]} == {"permit": 1}
    assert names(client.get(url, {"kind": "penalty"})) == {"对无证经营的处罚"}
    assert client.get(url, {"kind": "public_service"}).status_code == 400  # not a power
    assert client.get(url, {"org": "abc"}).status_code == 400


def test_the_duty_list_shows_each_powers_duties(client, lists, cast):
    response = client.get(reverse("catalog:duties"))
    assert response.status_code == 200
    assert names(response) == {"食品经营许可", "对无证经营的处罚", "建设工程消防验收"}  # not the 公共服务
    html = response.content.decode()
    assert "依法查处无证经营" in html and "对应当查处而未查处的" in html and "食品安全法第一百四十四条" in html
    assert names(client.get(reverse("catalog:duties"), {"kind": "penalty"})) == {"对无证经营的处罚"}
    assert names(client.get(reverse("catalog:duties"), {"org": cast.east_center.pk})) == {
        "食品经营许可",
        "对无证经营的处罚",
    }


def test_the_oversight_list_shows_items_with_oversight(client, lists, cast):
    response = client.get(reverse("catalog:oversight"))
    assert response.status_code == 200
    assert names(response) == {"食品经营许可", "政策咨询服务"}
    html = response.content.decode()
    assert "食品经营者名录库" in html and "信用监管" in html and "每年一次" in html
    assert names(client.get(reverse("catalog:oversight"), {"kind": "public_service"})) == {"政策咨询服务"}
    assert client.get(reverse("catalog:oversight"), {"org": cast.west_center.pk}).status_code == 400


@pytest.fixture
def entries(lists):
    negative_entry(
        "101",
        "prohibited",
        industry="烟草制品业",
        code="C16",
        title="禁止违规开展烟草专卖品经营",
        basis="《中华人民共和国烟草专卖法》",
    )
    negative_entry(
        "201",
        "restricted",
        industry="食品制造业",
        code="C14",
        title="未获得许可，不得从事食品生产经营",
        measures="食品生产许可；食品经营许可",
        basis="《中华人民共和国食品安全法》",
        items=[lists.food, lists.gone],
    )
    negative_entry(
        "202", "restricted", industry="谷物磨制", code="C1311", title="粮食收购资格许可", basis="《粮食流通管理条例》"
    )


def lookup(client, **params):
    return client.get(reverse("catalog:negative"), params)


def test_the_negative_list_is_shown_by_category(client, entries):
    response = lookup(client)
    assert response.status_code == 200 and response.context["answer"] is None
    groups = {value: [e.number for e in found] for value, _label, found in response.context["groups"]}
    assert groups == {"prohibited": ["101"], "restricted": ["201", "202"]}
    html = response.content.decode()
    assert html.index("禁止准入（1 项）") < html.index("许可准入（2 项）")
    assert "已取消的许可" not in html  # a linked item that is no longer public is not offered


def test_a_prohibited_industry_is_answered_no_with_its_basis(client, entries):
    response = lookup(client, keyword="烟草")
    assert response.status_code == 200
    answer = response.context["answer"]
    assert answer.verdict == "prohibited" and [e.number for e in answer.prohibited] == ["101"]
    html = response.content.decode()
    assert "禁止准入</h3>" in html and "《中华人民共和国烟草专卖法》" in html


def test_a_restricted_industry_is_answered_with_its_measures_basis_and_guides(client, entries, lists):
    response = lookup(client, keyword="食品")
    answer = response.context["answer"]
    assert answer.verdict == "restricted" and [e.number for e in answer.restricted] == ["201"]
    html = response.content.decode()
    assert "许可准入</h3>" in html and "食品生产许可；食品经营许可" in html
    assert reverse("catalog:item", args=[lists.food.pk]) in html


@pytest.mark.parametrize(
    "code, found",
    [
        ("C1311", {"202"}),
        ("13", {"202"}),
        ("C131", {"202"}),
        ("1311", {"202"}),
        ("C1411", {"201"}),
        ("Ｃ１３１１", {"202"}),
        ("C", None),
    ],
)
def test_an_industry_code_matches_by_prefix_either_way(client, entries, code, found):
    answer = lookup(client, industry_code=code).context["answer"]
    if found is None:  # a section letter alone: every entry of 门类 C
        assert {e.number for e in answer.prohibited + answer.restricted} == {"101", "201", "202"}
    else:
        assert {e.number for e in answer.restricted} == found and answer.verdict == "restricted"


def test_an_industry_not_on_the_list_is_open_to_all(client, entries):
    response = lookup(client, keyword="软件开发", industry_code="I6513")
    assert response.status_code == 200 and response.context["answer"].verdict == "open"
    html = response.content.decode()
    assert "不在负面清单上" in html and "法无禁止即可为" in html and "可依法平等进入" in html


@pytest.mark.parametrize(
    "params",
    [
        {"keyword": "", "industry_code": ""},
        {"industry_code": "X99"},
        {"industry_code": "C13111"},
        {"industry_code": "C13a"},
        {"industry_code": "C\u00b2"},
        {"keyword": "长" * 51},
    ],
)
def test_bad_lookup_input_is_a_400_with_the_error_summary(client, entries, params):
    response = lookup(client, **params)
    assert response.status_code == 400 and response.context["answer"] is None
    html = response.content.decode()
    assert "error-summary" in html and "<title>错误：" in html


@pytest.mark.parametrize("page", ["0", "abc", "99999999999999999999999999"])
def test_the_lists_clamp_bad_page_numbers(client, lists, page):
    for name in ("catalog:powers", "catalog:duties", "catalog:oversight"):
        assert client.get(reverse(name), {"page": page}).status_code == 200


def test_the_lists_read_a_bounded_number_of_queries(client, crew, entries, django_assert_max_num_queries):
    for n in range(15):
        item_of(crew.org, crew.editor, crew.reviewer, name=f"许可{n:02d}")
    for name in ("catalog:powers", "catalog:duties", "catalog:oversight", "catalog:negative"):
        with django_assert_max_num_queries(12):
            client.get(reverse(name), {"keyword": "食品"} if name == "catalog:negative" else {})


def test_the_sitemaps_list_public_items_and_the_list_pages(client, lists):
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-service-items.xml" in index and "sitemap-service-lists.xml" in index
    items = client.get("/sitemap-service-items.xml").content.decode()
    assert reverse("catalog:item", args=[lists.food.pk]) in items
    assert reverse("catalog:item", args=[lists.draft.pk]) not in items
    assert reverse("catalog:item", args=[lists.gone.pk]) not in items
    pages = client.get("/sitemap-service-lists.xml").content.decode()
    assert reverse("catalog:negative") in pages and reverse("catalog:life_event", args=["birth"]) in pages
