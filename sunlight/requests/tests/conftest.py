from datetime import date

import pytest
from django.utils import timezone

from sunlight.orgs.models import Role
from sunlight.requests.actions import Applicant
from sunlight.requests.models import ApplicantType


@pytest.fixture
def req(cast):
    """The cast plus a disclosure officer and a reviewer in 青溪区人民政府, an officer in 云湖区, and an applicant."""
    cast.officer = cast.add_staff("officer", cast.east, Role.DISCLOSURE_OFFICER)
    cast.reviewer = cast.add_staff("reviewer", cast.east, Role.REVIEWER)
    cast.west_officer = cast.add_staff("west_officer", cast.west, Role.DISCLOSURE_OFFICER)
    cast.person = ApplicantType.objects.get(code="natural_person")
    cast.applicant = Applicant(
        type=cast.person,
        name="张三",
        id_number="110105199001010029",
        phone="13812345678",
        email="zhang@example.cn",
        address="云川市青溪区民主路1号",
    )
    return cast


@pytest.fixture
def today(monkeypatch):
    """Set the date the views and actions take as today: 2026-03-20 unless moved with today(date). The real today is
    late 2026, and the cases live in spring so that their deadlines stay inside the loaded calendar."""
    real = timezone.localdate

    def set_to(day: date):
        monkeypatch.setattr(
            timezone, "localdate", lambda value=None, timezone=None: day if value is None else real(value, timezone)
        )

    set_to(date(2026, 3, 20))
    return set_to
