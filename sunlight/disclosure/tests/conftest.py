import pytest

from sunlight.disclosure.models import Genre, KeyArea, Topic
from sunlight.orgs.models import Role


@pytest.fixture
def dis(cast):
    """The cast plus a disclosure officer and a reviewer in 青溪区人民政府, and an officer in 云湖区."""
    cast.officer = cast.add_staff("officer", cast.east, Role.DISCLOSURE_OFFICER)
    cast.reviewer = cast.add_staff("reviewer", cast.east, Role.REVIEWER)
    cast.west_officer = cast.add_staff("west_officer", cast.west, Role.DISCLOSURE_OFFICER)
    cast.west_reviewer = cast.add_staff("west_reviewer", cast.west, Role.REVIEWER)
    cast.notice = Genre.objects.get(code="notice")
    cast.normative = Genre.objects.get(code="normative")
    cast.education = Topic.objects.get(code="1002")
    cast.procurement = KeyArea.objects.get(code="procurement")
    return cast
