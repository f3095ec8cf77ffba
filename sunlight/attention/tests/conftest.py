import pytest

from sunlight.letters.tests.builders import Post


@pytest.fixture
def post(cast, spring_2026):
    """The letters' cast: 青溪区's mailbox, its officer and the district housing bureau; runs on 2026-06-15."""
    return Post(cast)
