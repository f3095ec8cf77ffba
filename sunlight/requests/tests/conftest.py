import pytest

from sunlight.accounts.models import User
from sunlight.orgs.models import Membership, Role
from sunlight.requests.actions import Applicant
from sunlight.requests.models import ApplicantType


@pytest.fixture
def req(cast):
    """The cast plus a disclosure officer and a reviewer in 青溪区人民政府, an officer in 云湖区, and an applicant."""

    def staff(username, org, role):
        user = User.objects.create_user(username, password=cast.password, kind=User.Kind.STAFF, display_name=username)
        Membership.objects.create(user=user, org=org, role=role)
        return user

    cast.officer = staff("officer", cast.east, Role.DISCLOSURE_OFFICER)
    cast.reviewer = staff("reviewer", cast.east, Role.REVIEWER)
    cast.west_officer = staff("west_officer", cast.west, Role.DISCLOSURE_OFFICER)
    cast.person = ApplicantType.objects.get(code="natural_person")
    cast.applicant = Applicant(type=cast.person, name="张三", id_number="110105199001010020", phone="13812345678",
                               email="zhang@example.cn", address="云川市青溪区民主路1号")
    return cast
