"""Searching items: indexed on publish, out of the index when cancelled, shown with documents on one page."""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from sunlight.catalog import indexing, searching
from sunlight.catalog.tests.builders import cancelled, published
from sunlight.search import service
from sunlight.search.models import SearchEntry
from sunlight.search.types import IndexEntry

pytestmark = pytest.mark.django_db

URL = reverse("catalog:search")


@pytest.fixture
def items(crew):
    permit = published(crew.org, crew.editor, crew.reviewer)
    card = published(
        crew.org,
        crew.editor,
        crew.reviewer,
        basic_code="GG00001000",
        name="老年人优待证办理",
        kind="public_service",
        division="老龄工作科",
        guide={
            "conditions": ["年满六十周岁的本市户籍老年人"],
            "materials": [{"name": "居民身份证", "form": "original", "source": "government"}],
            "result": {"name": "老年人优待证"},
        },
    )
    return permit.item, card.item


@pytest.fixture
def document(cast):
    service.index(
        IndexEntry(
            kind="document",
            object_id=1,
            org_id=cast.east_center.pk,
            org_path=cast.east_center.path,
            title="关于食品经营许可办理流程的通知",
            summary="食品经营许可",
            body="食品经营许可证申请材料和办理时限",
            url="/disclosure/documents/1/",
            published_at=datetime(2026, 1, 5, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
        )
    )


def test_a_published_item_is_in_the_index_with_its_kind(items):
    permit, _card = items
    entry = SearchEntry.objects.get(kind="service_item", object_id=permit.pk)
    assert entry.validity == "permit" and entry.index_number == permit.code
    found = searching.items("食品经营")
    assert [h.object_id for h in found.results.hits] == [permit.pk]


def test_a_cancelled_item_leaves_the_index(crew, items):
    permit, _card = items
    cancelled(permit, crew.editor, crew.reviewer)
    assert not SearchEntry.objects.filter(kind="service_item", object_id=permit.pk).exists()
    assert searching.items("食品经营").results.total == 0


def test_the_facet_counts_matches_per_item_kind(items):
    facets, capped = searching.kind_counts("")
    assert {(f.kind, f.count) for f in facets} == {("permit", 1), ("public_service", 1)}
    assert not capped
    facets, _ = searching.kind_counts("老年人")
    assert [(f.label, f.count) for f in facets] == [("公共服务", 1)]


def test_the_search_page_shows_items_first_then_documents(client, items, document):
    page = client.get(URL, {"q": "食品经营许可"})
    assert page.status_code == 200
    text = page.content.decode()
    permit, _card = items
    assert text.index(reverse("catalog:item", args=[permit.pk])) < text.index("/disclosure/documents/1/")
    assert "行政许可（1）" in text


def test_the_item_scope_and_a_kind_leave_documents_out(client, items, document):
    page = client.get(URL, {"q": "食品经营许可", "scope": "items"}).content.decode()
    assert "/disclosure/documents/1/" not in page
    only_services = client.get(URL, {"q": "老年人", "kind": "public_service"}).content.decode()
    assert "老年人优待证办理" in only_services or "<mark>老年人</mark>优待证" in only_services
    documents = client.get(URL, {"q": "食品经营许可", "scope": "documents"}).content.decode()
    permit, _card = items
    assert reverse("catalog:item", args=[permit.pk]) not in documents and "/disclosure/documents/1/" in documents


@pytest.mark.parametrize("params", [{"scope": "x"}, {"kind": "spells"}, {"page": "²"}, {"page": "0"}])
def test_bad_parameters_are_a_400_page_in_chinese(client, db, params):
    page = client.get(URL, params)
    assert page.status_code == 400 and "无效" in page.content.decode()


def test_the_api_searches_items_with_facets(client, items):
    answer = client.get("/api/v1/catalog/search", {"q": "老年人"})
    assert answer.status_code == 200
    body = answer.json()
    assert [h["kind"] for h in body["hits"]] == ["public_service"]
    assert body["facets"] == [{"kind": "public_service", "label": "公共服务", "count": 1, "capped": False}]
    assert client.get("/api/v1/catalog/search", {"kind": "nope"}).status_code == 400


def test_catalog_reindex_rebuilds_the_item_entries(items):
    permit, card = items
    SearchEntry.objects.filter(kind="service_item").delete()
    out = StringIO()
    call_command("catalog_reindex", stdout=out)
    assert "indexed 2" in out.getvalue()
    assert set(SearchEntry.objects.filter(kind="service_item").values_list("object_id", flat=True)) == {
        permit.pk,
        card.pk,
    }
    assert indexing.rebuild() == 2  # a second run replaces, never duplicates
    assert SearchEntry.objects.filter(kind="service_item").count() == 2
