import pytest

from sunlight.disclosure.models import Genre, Topic
from sunlight.orgs.models import Role


@pytest.fixture
def dis(cast, spring_2026):
    """The cast plus a disclosure officer and a reviewer in 青溪区人民政府 (the consulting org) and in 云湖区 (outsiders
    with the acting roles), as the disclosure builders expect them. Runs on 2026-06-15, 10:00."""
    cast.officer = cast.add_staff("officer", cast.east, Role.DISCLOSURE_OFFICER)
    cast.reviewer = cast.add_staff("reviewer", cast.east, Role.REVIEWER)
    cast.west_officer = cast.add_staff("west_officer", cast.west, Role.DISCLOSURE_OFFICER)
    cast.west_reviewer = cast.add_staff("west_reviewer", cast.west, Role.REVIEWER)
    cast.notice = Genre.objects.get(code="notice")
    cast.normative = Genre.objects.get(code="normative")
    cast.education = Topic.objects.get(code="1002")
    cast.traveller = spring_2026
    return cast
