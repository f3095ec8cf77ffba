"""The catalog's demo step: items of every kind through the acts, every rule kept, history, idempotent."""

from __future__ import annotations

import pytest

from sunlight.catalog.actions.rules import violations
from sunlight.catalog.demo import build_catalog, construction_stage_items, plans
from sunlight.catalog.demo_data import CONSTRUCTION_STAGES, SPECS
from sunlight.catalog.demo_data.laws import LAWS
from sunlight.catalog.elements import of_version
from sunlight.catalog.kinds import ItemKind
from sunlight.catalog.models import Citation, Law, NegativeListEntry, ServiceItem, ServiceItemVersion
from sunlight.demo.build import build_demo
from sunlight.search import service as search
from sunlight.search.types import SearchQuery

COUNT = 60  # the first plans hold one item of every kind, the 食品经营许可 family and some history


@pytest.fixture(autouse=True)
def fast_hasher(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo_catalog(db) -> int:
    build_demo()
    return build_catalog(COUNT)


def test_the_step_publishes_count_items_across_all_twelve_kinds(demo_catalog):
    assert demo_catalog >= COUNT
    published = ServiceItem.objects.filter(current__state=ServiceItemVersion.State.PUBLISHED)
    assert published.count() >= COUNT
    assert set(published.values_list("kind", flat=True)) == set(ItemKind.values)


def test_every_published_version_breaks_no_rule(demo_catalog):
    versions = ServiceItemVersion.objects.filter(state=ServiceItemVersion.State.PUBLISHED)
    assert versions.exists()
    assert not versions.exclude(violations=[]).exists()
    for item in ServiceItem.objects.filter(status__in=("active", "suspended")).select_related("current"):
        assert violations(item, of_version(item.current)) == [], item


def test_every_citation_resolves_to_a_law_that_has_the_article(demo_catalog):
    laws = dict(Law.objects.values_list("title", "articles"))
    citations = list(Citation.objects.values_list("law_title", "article"))
    assert citations
    for title, article in citations:
        assert title in laws and article <= laws[title], (title, article)


def test_food_business_licence_is_under_qualify_for_companies_and_found_by_search(demo_catalog):
    food = ServiceItem.objects.filter(name="食品经营许可", status="active").select_related("current").first()
    assert food is not None
    assert "qualify" in food.current.life_event_slugs and food.current.audience == "company"
    assert food.children.filter(tier="business").count() == 4
    results = search.search(SearchQuery(text="食品经营许可", kind="service_item", per_page=50))
    assert food.pk in {hit.object_id for hit in results.hits}


def test_history_shows_items_changed_in_2026_with_their_reason(demo_catalog):
    changes = ServiceItemVersion.objects.filter(operation="change", state="published")
    assert changes.exists()
    for change in changes.select_related("item"):
        first = change.item.versions.get(number=1)
        assert first.effective_from.year == 2025 and change.effective_from.year == 2026
        assert first.effective_until == change.effective_from and change.reason
        assert change.promised_limit <= first.promised_limit


def test_a_rerun_adds_nothing(demo_catalog):
    before = (ServiceItem.objects.count(), ServiceItemVersion.objects.count(), Law.objects.count())
    assert build_catalog(COUNT) == 0
    assert (ServiceItem.objects.count(), ServiceItemVersion.objects.count(), Law.objects.count()) == before


def test_laws_and_the_negative_list_are_loaded(demo_catalog):
    assert Law.objects.count() == len(LAWS)
    entries = NegativeListEntry.objects.all()
    assert entries.filter(category="prohibited").exists() and entries.filter(category="restricted").count() >= 15
    assert entries.filter(items__name="食品经营许可").exists()


def test_templates_are_unique_and_the_stages_name_construction_items():
    numbers = [spec.basic for spec in SPECS]
    assert len(numbers) == len(set(numbers))
    by_no = {spec.basic: spec for spec in SPECS}
    for stage, nos in CONSTRUCTION_STAGES.items():
        for no in nos:
            assert "construct" in by_no[no].events, (stage, no)


@pytest.mark.django_db
def test_the_whole_catalog_covers_townships_and_villages_with_history():
    build_demo()
    build_catalog(len(plans()))
    assert ServiceItem.objects.filter(current__level="township").exists()
    assert ServiceItem.objects.filter(current__level="village").exists()
    assert ServiceItem.objects.filter(status="suspended").count() == 1
    assert ServiceItem.objects.filter(predecessors__isnull=False).count() == 2
    assert ServiceItemVersion.objects.filter(operation="change", state="published").count() >= 20
    assert ServiceItem.objects.filter(tier="sub").exists() and ServiceItem.objects.filter(tier="business").exists()
    assert construction_stage_items("施工许可").exists()
