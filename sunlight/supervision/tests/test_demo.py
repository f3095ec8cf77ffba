from datetime import date

from .. import indicators
from ..demo import benchmark_region


def test_the_benchmark_county_reproduces_guangxis_published_figures(cast):
    county = benchmark_region(date(2026, 12, 5))
    figures = indicators.figures(county, date(2026, 11, 1), date(2026, 11, 30))
    assert figures["on_time"].value == 99.7
    assert figures["promised_speedup"].value == 82.8
    assert figures["satisfaction"].value == 99.9
    assert benchmark_region(date(2026, 12, 5)) is None  # made once
