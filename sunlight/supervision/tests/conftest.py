import pytest

from sunlight.cases.tests.builders import Hall

from .builders import Supervision


@pytest.fixture
def hall(cast, spring_2026):
    """The cases hall (青溪区市场监督管理局 and its permit, on 2026-06-15)."""
    return Hall(cast)


@pytest.fixture
def sv(hall):
    """The hall plus supervisors: the city's (cast.supervisor, whole subtree) and 云湖区's (an outsider to 青溪区)."""
    return Supervision(hall)
