import pytest

from sunlight.cases.tests.builders import Hall

from .builders import Desk


@pytest.fixture
def desk(cast, spring_2026):
    """The hall's cast (a market bureau of 青溪区 with a published permit, a company applicant), a supervisor in 青溪区
    and one in 云湖区 (the outsider). Runs on 2026-06-15."""
    return Desk(Hall(cast))
