import pytest

from .builders import Square


@pytest.fixture
def square(cast):
    """柳塘村 (青溪区) with a clerk and three residents; 芦花村 (云湖区) with its own clerk and resident."""
    return Square(cast)
