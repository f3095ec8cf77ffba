import pytest

from sunlight.cases.tests.builders import Hall


@pytest.fixture
def hall(cast, spring_2026):
    """The cases module's hall (青溪区市场监督管理局, its handler and approver, a company applicant), on 2026-06-15."""
    return Hall(cast)
