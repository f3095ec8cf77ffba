"""Fixtures for the calendar tests: a clean process cache, and the people who may or may not edit."""

from __future__ import annotations

import pytest

from sunlight.clock import calendar as calendar_module
from sunlight.orgs.codes import make_credit_code


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    # Tests roll back their rows; a cache built inside one test must not leak into the next.
    calendar_module.invalidate()
    yield
    calendar_module.invalidate()


@pytest.fixture
def clock_org(db):
    from sunlight.orgs.models import Org, Region

    region = Region.objects.create(code="980000", name="日历测试省", level=1)
    return Org.objects.create(
        name="日历测试省人民政府",
        kind=Org.Kind.GOVERNMENT,
        region=region,
        credit_code=make_credit_code("11", "980000", "00000001"),
    )


@pytest.fixture
def calendar_admin(clock_org):
    from sunlight.accounts.models import User
    from sunlight.orgs.models import Membership, Role

    user = User.objects.create_user("calendar-admin", password="x-Calendar-2026", kind=User.Kind.STAFF)
    Membership.objects.create(user=user, org=clock_org, role=Role.ADMIN)
    return user


@pytest.fixture
def outsider(clock_org):
    """Staff, but only a handler: may not touch the calendar."""
    from sunlight.accounts.models import User
    from sunlight.orgs.models import Membership, Role

    user = User.objects.create_user("calendar-outsider", password="x-Calendar-2026", kind=User.Kind.STAFF)
    Membership.objects.create(user=user, org=clock_org, role=Role.HANDLER)
    return user


@pytest.fixture
def superuser(db):
    from sunlight.accounts.models import User

    return User.objects.create_superuser("calendar-root", password="x-Calendar-2026", kind=User.Kind.STAFF)
