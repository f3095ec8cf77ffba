import pytest

from .builders import Hall


@pytest.fixture
def hall(cast, spring_2026):
    """青溪区市场监督管理局 with its 食品经营许可 published, a handler, a reviewer, an approver and a company applicant;
    the east center's clerk (cast.clerk) receives its cases. Runs on 2026-06-15 (spring_2026)."""
    return Hall(cast)
