"""What the report pages and the appeals page both use: the page size and the years offered."""

from __future__ import annotations

from datetime import date

from ...annual import FIRST_YEAR

PAGE_SIZE = 50


def years_offered(today: date) -> list[int]:
    """The last ten years (not before FIRST_YEAR), newest first."""
    return list(range(today.year, max(FIRST_YEAR, today.year - 9) - 1, -1))


def int_or(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
