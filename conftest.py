"""The fixed cast for access tests, shared by every app's tests.

Two districts of one city: a clerk and her colleague work in 青溪区's service center; an outsider
holds the same role in 云湖区; a city supervisor sees both; a citizen has no staff role at all.
"""

from __future__ import annotations

import pytest

from sunlight.orgs.codes import make_credit_code

PASSWORD = "Cast-password-2026"
# The real-browser fixtures (page, new_context, assert_no_axe_violations, …) for every app's tests, a module's
# own browser tests included (sunlight/<module>/tests/test_*_browser.py).
pytest_plugins = ["tests.browser.plugin", "tests.browser.data"]


def pytest_collection_modifyitems(config, items):
    """Transactional tests run last, browser tests after them, wherever they live: their flush empties the tables
    data migrations seeded (taxonomies, law tables) for every test after them."""

    def flushes(item) -> bool:  # a transactional test empties the seeded tables when it ends, even if skipped
        marker = item.get_closest_marker("django_db")
        return bool(marker and marker.kwargs.get("transaction"))

    items.sort(key=lambda item: (item.get_closest_marker("browser") is not None, flushes(item)))


def pytest_configure(config):
    """SUNLIGHT_TEST_TODAY=2026-12-20 runs the suite as if on that day (time-machine, whole process), to find
    tests that depend on the real date: every test should pass on any day the calendar covers."""
    import os

    day = os.environ.get("SUNLIGHT_TEST_TODAY")
    if day:
        from datetime import datetime
        from zoneinfo import ZoneInfo

        import time_machine

        config._sunlight_travel = time_machine.travel(
            datetime.fromisoformat(day).replace(hour=10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True
        )
        config._sunlight_travel.start()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _admin_totp_not_required(settings):
    """Production requires admins to enrol a TOTP device (ADMIN_REQUIRE_TOTP, on by default); the fixed cast signs
    in with force_login and no device, so the suite turns it off. Tests of the second factor turn it back on."""
    settings.ADMIN_REQUIRE_TOTP = False


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads, attachments and notice PDFs of a test go to its own temporary folder, not var/media."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached public pages are keyed by a revision that every test's fresh database restarts at 0."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _tasks_run_in_process():
    """Tasks enqueued through the Django Tasks API run at once, in memory, through the real huey backend."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    yield
    HUEY.immediate = False


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts in the site's language: a test that switched to English must not leak into the next."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def cast(db):
    from sunlight.accounts.models import User
    from sunlight.orgs.models import Membership, Org, Region, Role, Window

    class Cast:
        pass

    c = Cast()
    c.province = Region.objects.create(code="990000", name="示范省", level=1)
    c.city_region = Region.objects.create(code="990100", name="云川市", level=2, parent=c.province)
    c.east_region = Region.objects.create(code="990102", name="青溪区", level=3, parent=c.city_region)
    c.west_region = Region.objects.create(code="990103", name="云湖区", level=3, parent=c.city_region)

    def org(name, kind, region, parent, n):
        return Org.objects.create(
            name=name,
            kind=kind,
            region=region,
            parent=parent,
            credit_code=make_credit_code("11", region.code, f"{n:08d}"),
        )

    c.city = org("云川市人民政府", Org.Kind.GOVERNMENT, c.city_region, None, 1)
    c.east = org("青溪区人民政府", Org.Kind.GOVERNMENT, c.east_region, c.city, 2)
    c.east_center = org("青溪区政务服务中心", Org.Kind.SERVICE_CENTER, c.east_region, c.east, 3)
    c.west = org("云湖区人民政府", Org.Kind.GOVERNMENT, c.west_region, c.city, 4)
    c.west_center = org("云湖区政务服务中心", Org.Kind.SERVICE_CENTER, c.west_region, c.west, 5)
    c.window = Window.objects.create(center=c.east_center, number="A01", name="综合受理")

    def staff(username, display, org_, role, **extra):
        user = User.objects.create_user(
            username, password=PASSWORD, kind=User.Kind.STAFF, display_name=display, **extra
        )
        Membership.objects.create(user=user, org=org_, role=role)
        return user

    c.clerk = staff("clerk", "李清", c.east_center, Role.WINDOW_CLERK)
    c.colleague = staff("colleague", "王溪", c.east_center, Role.WINDOW_CLERK)
    c.outsider = staff("outsider", "赵湖", c.west_center, Role.WINDOW_CLERK)
    c.supervisor = staff("supervisor", "周监", c.city, Role.SUPERVISOR)
    c.admin = staff("cityadmin", "钱管", c.city, Role.ADMIN, is_staff=True)
    c.citizen = User.objects.create_user("citizen", password=PASSWORD, kind=User.Kind.CITIZEN, display_name="孙民")
    c.password = PASSWORD
    # For module fixtures that add their own staff: cast.add_staff("officer", cast.east, Role.REVIEWER).
    c.add_staff = lambda username, org_, role: staff(username, username, org_, role)
    return c


@pytest.fixture
def spring_2026():
    """Run the test on 2026-06-15, 10:00 Beijing time (time-machine, every thread): online requests are received
    "today", and their deadlines must stay inside the loaded working-day calendar whatever day the suite runs."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    with time_machine.travel(datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True) as traveller:
        yield traveller


@pytest.fixture
def seeded_tables(transactional_db):
    """What the data migrations load (taxonomies, the request law, synonyms, this and next year's calendar), loaded
    again: a transactional test before this one on the same worker flushed them. Every seed is idempotent."""
    from importlib import import_module

    from django.apps import apps
    from django.utils import timezone

    from sunlight.clock import calendar
    from sunlight.clock.seed import seed_from_chinesecalendar
    from sunlight.disclosure.taxonomy import seed_taxonomies

    seed_taxonomies(apps)
    import_module("sunlight.requests.migrations.0002_seed_law").seed(apps, None)
    import_module("sunlight.search.migrations.0006_seed_synonyms").seed(apps, None)
    this_year = timezone.localdate().year
    seed_from_chinesecalendar(list(range(this_year - 8, this_year + 2)))
    calendar.invalidate()
    yield
    calendar.invalidate()
