import pytest

from sunlight.accounts.models import User
from sunlight.disclosure.models import Genre, KeyArea, Topic
from sunlight.orgs.models import Membership, Role


@pytest.fixture
def dis(cast):
    """The cast plus a disclosure officer and a reviewer in 青溪区人民政府, and an officer in 云湖区."""

    def staff(username, org, role):
        user = User.objects.create_user(username, password=cast.password, kind=User.Kind.STAFF, display_name=username)
        Membership.objects.create(user=user, org=org, role=role)
        return user

    cast.officer = staff("officer", cast.east, Role.DISCLOSURE_OFFICER)
    cast.reviewer = staff("reviewer", cast.east, Role.REVIEWER)
    cast.west_officer = staff("west_officer", cast.west, Role.DISCLOSURE_OFFICER)
    cast.west_reviewer = staff("west_reviewer", cast.west, Role.REVIEWER)
    cast.notice = Genre.objects.get(code="notice")
    cast.normative = Genre.objects.get(code="normative")
    cast.education = Topic.objects.get(code="1002")
    cast.procurement = KeyArea.objects.get(code="procurement")
    return cast
