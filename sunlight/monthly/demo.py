"""Demo monthly reports: the last `count` months for every reporting org (after the demo documents and requests)."""

from __future__ import annotations

from django.utils import timezone

from .actions import generate_last_month


def build_monthly(count: int = 3) -> int:
    """Generate the last `count` ended months (regenerating is harmless: the figures are counted again)."""
    today = timezone.localdate()
    made = 0
    for back in range(count):
        month_index = today.year * 12 + today.month - 1 - back  # the first day of a month, `back` months ago
        made += generate_last_month(today.replace(year=month_index // 12, month=month_index % 12 + 1, day=1))
    return made
