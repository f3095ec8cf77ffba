import pytest

from .builders import Post


@pytest.fixture
def post(cast, spring_2026):
    """青溪区's mailbox, its letters officer, the district housing bureau (handler, head); runs on 2026-06-15."""
    return Post(cast)
