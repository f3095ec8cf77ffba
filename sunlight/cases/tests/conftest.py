import pytest

from .builders import Hall


@pytest.fixture
def hall(cast, spring_2026):
    """青溪区市场监督管理局 with its 食品经营许可 published, a handler, a reviewer, an approver and a company applicant;
    the east center's clerk (cast.clerk) receives its cases. Runs on 2026-06-15 (spring_2026)."""
    return Hall(cast)


@pytest.fixture
def levels(hall):
    """Three levels (三级运行): 柳塘村 → 柳塘镇 (accepts, 初审) → 云川市市场监督管理局 (decides); 秋水镇 an outsider."""
    from .builders import Levels

    return Levels(hall)
