import pytest

from sunlight.orgs.models import Role


@pytest.fixture
def crew(cast):
    """An editor and a reviewer of the east district's service center (the org that implements the items)."""

    class Crew:
        org = cast.east_center
        editor = cast.add_staff("editor", cast.east_center, Role.CATALOG_OFFICER)
        reviewer = cast.add_staff("reviewer", cast.east_center, Role.REVIEWER)
        outsider = cast.add_staff("westeditor", cast.west_center, Role.CATALOG_OFFICER)

    return Crew
