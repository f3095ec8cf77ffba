import pytest

from .builders import Works


@pytest.fixture
def works(cast, spring_2026):
    """云川市 with 发改, 自然资源, 住建 and 生态环境, each with a published item; the national four stages (施工许可:
    three required items and one optional); the city center's construction window (works.window) and a company
    owner (works.owner). Runs on 2026-06-15 (spring_2026)."""
    return Works(cast)
