"""The demo city: idempotent, valid codes everywhere, and a cast that covers every role."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from sunlight.demo.build import DEMO_PASSWORD, DemoSummary, build_demo
from sunlight.orgs.codes import is_valid_credit_code, is_valid_org_code
from sunlight.orgs.models import Membership, Org, Region, Role

User = get_user_model()


@pytest.fixture(autouse=True)
def fast_hasher(settings) -> None:
    # PBKDF2 is slow on purpose; these tests are about data, not hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo() -> DemoSummary:
    return build_demo()


def every_row() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table (history and auth included), to catch any write at all."""
    return {m._meta.label: list(m._default_manager.order_by("pk").values()) for m in apps.get_models()}


def city_government() -> Org:
    return Org.objects.get(kind=Org.Kind.GOVERNMENT, region__level=Region.Level.CITY)


@pytest.mark.django_db
def test_running_it_twice_creates_and_changes_nothing(demo: DemoSummary) -> None:
    before = every_row()
    again = build_demo()
    assert every_row() == before
    assert (again.created, again.updated) == (0, 0)
    assert again == DemoSummary(**{**demo.__dict__, "created": 0, "updated": 0})


@pytest.mark.django_db
def test_the_first_run_reports_what_it_created(demo: DemoSummary) -> None:
    assert demo.created >= demo.regions + demo.orgs + demo.windows + demo.staff_users + demo.public_users
    assert demo.updated == 0


@pytest.mark.django_db
def test_a_rerun_brings_back_edited_fields_but_keeps_a_changed_password(demo: DemoSummary) -> None:
    user = User.objects.get(username=demo.logins[-1].username)
    user.display_name = "被改过的名字"
    user.set_password("a-password-someone-chose")
    user.save()

    summary = build_demo()

    user.refresh_from_db()
    assert user.display_name == demo.logins[-1].display_name
    assert user.check_password("a-password-someone-chose")
    assert (summary.created, summary.updated) == (0, 1)


@pytest.mark.django_db
def test_every_org_has_a_valid_credit_code_or_a_valid_legacy_org_code(demo: DemoSummary) -> None:
    orgs = list(Org.objects.all())
    assert len(orgs) == demo.orgs
    for org in orgs:
        org.full_clean()
        if org.credit_code:
            assert is_valid_credit_code(org.credit_code), org
        else:
            assert org.org_code and is_valid_org_code(org.org_code), org
    # The legacy path is exercised, but stays the exception.
    legacy = [org for org in orgs if org.credit_code is None]
    assert 0 < len(legacy) < len(orgs)


@pytest.mark.django_db
def test_every_region_code_validates_against_its_parent(demo: DemoSummary) -> None:
    regions = list(Region.objects.select_related("parent"))
    assert len(regions) == demo.regions
    for region in regions:
        region.full_clean()


@pytest.mark.django_db
def test_the_region_tree_has_all_five_levels(demo: DemoSummary) -> None:
    assert set(Region.objects.values_list("level", flat=True)) == set(Region.Level.values)
    for village in Region.objects.filter(level=Region.Level.VILLAGE):
        chain = [village]
        while chain[-1].parent is not None:
            chain.append(chain[-1].parent)
        assert [r.level for r in chain] == sorted(Region.Level.values, reverse=True)


@pytest.mark.django_db
def test_every_role_has_at_least_one_member(demo: DemoSummary) -> None:
    for role in Role:
        assert Membership.objects.filter(role=role, is_active=True).exists(), role


@pytest.mark.django_db
def test_the_city_governments_subtree_holds_the_districts_and_villages(demo: DemoSummary) -> None:
    subtree = set(city_government().subtree().values_list("pk", flat=True))
    below_city = Org.objects.filter(region__level__gt=Region.Level.CITY)
    assert (
        below_city.filter(kind=Org.Kind.COMMITTEE).count() == Region.objects.filter(level=Region.Level.VILLAGE).count()
    )
    assert set(below_city.values_list("pk", flat=True)) <= subtree
    province_gov = Org.objects.get(parent=None)
    assert province_gov.pk not in subtree


@pytest.mark.django_db
def test_a_window_clerks_membership_points_to_a_window_of_their_center(demo: DemoSummary) -> None:
    clerks = Membership.objects.filter(role=Role.WINDOW_CLERK).select_related("org", "window")
    assert clerks.exists()
    for m in clerks:
        assert m.org.kind == Org.Kind.SERVICE_CENTER
        assert m.window is not None and m.window.center_id == m.org_id


@pytest.mark.django_db
def test_only_admins_may_open_the_admin_site(demo: DemoSummary) -> None:
    admin_roles = set(Membership.objects.filter(role=Role.ADMIN).values_list("user_id", flat=True))
    for user in User.objects.filter(username__in=[login.username for login in demo.logins]):
        assert user.is_staff == (user.is_superuser or user.pk in admin_roles), user.username
        assert user.is_superuser == (user.kind == User.Kind.STAFF and not user.memberships.exists())


@pytest.mark.django_db
def test_every_demo_user_logs_in_with_the_demo_password(demo: DemoSummary) -> None:
    users = User.objects.filter(username__in=[login.username for login in demo.logins])
    assert users.count() == len(demo.logins) == demo.staff_users + demo.public_users
    assert all(user.check_password(DEMO_PASSWORD) for user in users)


@pytest.mark.django_db
def test_companies_carry_valid_credit_codes(demo: DemoSummary) -> None:
    companies = User.objects.filter(kind=User.Kind.LEGAL_PERSON)
    assert companies.exists()
    for company in companies:
        company.full_clean()
        assert is_valid_credit_code(company.credit_code)


@pytest.mark.django_db
def test_the_command_prints_the_logins_and_the_password() -> None:
    out = StringIO()
    call_command("demo", "--documents", "0", "--requests", "0", stdout=out)
    text = out.getvalue()
    assert DEMO_PASSWORD in text
    for username in User.objects.values_list("username", flat=True):
        assert username in text


@pytest.mark.django_db
def test_the_quiet_command_prints_one_line() -> None:
    out = StringIO()
    call_command("demo", "--quiet", "--documents", "0", "--requests", "0", stdout=out)
    assert len(out.getvalue().strip().splitlines()) == 1
    assert DEMO_PASSWORD not in out.getvalue()


def test_the_demo_loads_next_year_as_the_labelled_estimate_when_the_official_schedule_is_unknown(db):
    from django.utils import timezone

    from sunlight.clock.models import WorkDay
    from sunlight.clock.published import year_is_known

    build_demo()
    year = timezone.localdate().year + 1
    days = WorkDay.objects.filter(date__year=year)
    if year_is_known(year):
        assert not days.filter(source__in=WorkDay.PROVISIONAL).exists()
    else:
        assert days.count() in (365, 366) and not days.exclude(source=WorkDay.Source.ESTIMATED).exists()
        assert not days.get(date__month=1, date__day=1).is_workday  # 元旦 is off, not a weekday guess
    count = days.count()
    build_demo()
    assert WorkDay.objects.filter(date__year=year).count() == count
