import pytest

from sunlight.demo.build import build_demo
from sunlight.disclosure.demo import build_documents
from sunlight.disclosure.models import Document, Finding
from sunlight.search import service as search


@pytest.fixture
def demo_docs(db):
    build_demo()
    return build_documents(count=240, seed=7)


def test_demo_documents_are_published_searchable_and_rebuilt_idempotently(demo_docs):
    assert demo_docs["created"] == 240 and demo_docs["failed"] == 0
    again = build_documents(count=240, seed=7)
    assert again["created"] == 0 and again["skipped"] == 240 and again["planted"] == 0
    published = Document.objects.filter(status="published")
    assert published.count() == 240
    results = search.search(search.SearchQuery(text="通知", per_page=5))
    assert results.total > 0


def test_demo_has_interpretations_and_repealed_documents_with_replacements(demo_docs):
    assert Document.objects.filter(interprets__isnull=False).exists()
    repealed = Document.objects.filter(validity="repealed")
    assert repealed.exists() and all(d.replaced_by_id for d in repealed)


def test_the_planted_drafts_are_caught_by_screening(demo_docs):
    kinds = set(Finding.objects.filter(document__status="submitted").values_list("kind", flat=True))
    assert {"id_number", "mobile", "secrecy_mark", "bank_card", "email"} <= kinds


def test_demo_spans_genres_years_and_village_affairs(demo_docs):
    docs = Document.objects.filter(status="published")
    assert docs.values("genre").distinct().count() >= 8
    assert len({d.created_on.year for d in docs}) >= 5
    assert docs.filter(publisher__kind="committee").exists()
