"""Periods and counts the supervision pages and the API share: the month asked for, month parsed from a form or a query string."""

from __future__ import annotations

from datetime import date

from sunlight.cases import days
from sunlight.monthly.figures import month_bounds


def month_range(year: int | None, month: int | None) -> tuple[date, date]:
    """The month asked for, or the current one; the end is never after today."""
    today = days.today()
    if not year or not month or not (2000 <= year <= 2100) or not (1 <= month <= 12):
        year, month = today.year, today.month
    start, end = month_bounds(year, month)
    return start, min(end, max(today, start))


def parse_month(value: str | None) -> tuple[int | None, int | None]:
    """ "2026-11" → (2026, 11); anything else → (None, None)."""
    try:
        y, m = (int(x) for x in (value or "").split("-", 1))
        return (y, m) if 2000 <= y <= 2100 and 1 <= m <= 12 else (None, None)
    except ValueError:
        return None, None
