import pytest


@pytest.fixture(autouse=True)
def _on_a_known_day(spring_2026):
    """The hall's tests run on 2026-06-15 (a Monday, 10:00): slots fall on days the calendar has loaded."""
    yield spring_2026
