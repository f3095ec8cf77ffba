"""Browser-test data: the demo city with its documents, a small tree of agencies, and helpers on them.

Loaded as a pytest plugin by the root conftest (with tests.browser.plugin), so any app's browser tests use the
fixtures; test modules import the helpers from here, never from one another.
"""

from __future__ import annotations

import uuid

import pytest

# 240 with seed 7, as in sunlight/disclosure/tests/test_demo_documents.py, which guarantees that this set has linked
# interpretations and repealed documents with replacements (200 with seed 7 happens to repeal none).
DEMO_DOCUMENTS = 240


@pytest.fixture
def demo(transactional_db, settings):
    """The demo city, its staff and 240 published documents (plus 3 planted drafts with screening findings).

    The flush after every transactional test also empties the rows the data migrations loaded (taxonomies,
    working-day calendar), so those are seeded again first, with the functions those migrations call.
    """
    from django.apps import apps
    from django.utils import timezone

    from sunlight.clock import calendar
    from sunlight.clock.seed import seed_from_chinesecalendar
    from sunlight.demo.build import build_demo
    from sunlight.disclosure.demo import build_documents
    from sunlight.disclosure.taxonomy import seed_taxonomies

    # A cache of its own: whole public pages are cached by a content revision that the flush resets, so a page
    # cached in an earlier test (with other primary keys) must not be served in this one.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"disclosure-browser-{uuid.uuid4()}",
        }
    }
    seed_taxonomies(apps)
    # The years the demo documents span (up to 7 years back); all years chinesecalendar knows would cost ~1 s.
    this_year = timezone.localdate().year
    seed_from_chinesecalendar(list(range(this_year - 8, this_year + 2)))
    calendar.invalidate()
    build_demo()
    report = build_documents(count=DEMO_DOCUMENTS, seed=7)
    assert report["created"] == DEMO_DOCUMENTS and report["failed"] == 0 and report["planted"] == 3, report
    yield report
    calendar.invalidate()


@pytest.fixture
def agencies(request_law):
    """A small tree of agencies, with the law tables and the working-day calendar (request_law)."""
    from sunlight.orgs.models import Org, Region

    province = Region.objects.create(code="990000", name="示范省", level=1)
    city_region = Region.objects.create(code="990100", name="云川市", level=2, parent=province)
    east_region = Region.objects.create(code="990102", name="青溪区", level=3, parent=city_region)
    city = Org.objects.create(name="云川市人民政府", kind=Org.Kind.GOVERNMENT, region=city_region)
    east = Org.objects.create(name="青溪区人民政府", kind=Org.Kind.GOVERNMENT, region=east_region, parent=city)
    Org.objects.create(name="青溪区教育局", kind=Org.Kind.DEPARTMENT, region=east_region, parent=east)
    Org.objects.create(name="桃源村村民委员会", kind=Org.Kind.COMMITTEE, region=east_region, parent=east)


def demo_public_documents():
    from sunlight.disclosure.queries import public_documents

    return public_documents()


def demo_interpretation():
    """A public interpretation (政策解读) whose policy is public too."""
    interp = (
        demo_public_documents()
        .filter(interprets__status="published", interprets__attribute="proactive")
        .select_related("interprets")
        .order_by("pk")
        .first()
    )
    assert interp is not None, "the demo data should link interpretations to policies"
    return interp


def elder_context(new_context, live_server, **kwargs):
    context = new_context(**kwargs)
    context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])
    return context
