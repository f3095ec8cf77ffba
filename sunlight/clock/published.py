"""The State Council's published schedules (放假安排), as the chinesecalendar package carries them.

chinesecalendar raises NotImplementedError for a year it does not know; such years are skipped, never guessed.
Read by the in-memory calendar (calendar.WorkCalendar.from_chinesecalendar) and by the seeding of the table
(seed.py), so it sits below both.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta

import chinese_calendar
from django.utils import timezone

# chinesecalendar names holidays in English; the calendar's notes are shown to Chinese staff.
HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}

# Years to probe when none are named; chinesecalendar starts in 2004.
_PROBE_FROM = 2000


def known_years() -> list[int]:
    """Every year chinesecalendar has data for (probed, since the package has no public list)."""
    return [year for year in range(_PROBE_FROM, timezone.localdate().year + 3) if year_is_known(year)]


def year_is_known(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
        chinese_calendar.is_workday(date(year, 12, 31))
    except NotImplementedError:
        return False
    return True


def _note(d: date, workday: bool) -> str:
    _is_holiday, name = chinese_calendar.get_holiday_detail(d)
    if not name:
        return ""
    zh = HOLIDAY_NAMES_ZH.get(name, name)
    if workday:
        return f"{zh}调休上班"
    return f"{zh}放假" + ("（调休）" if chinese_calendar.is_in_lieu(d) else "")


def chinesecalendar_days(years: Iterable[int] | None = None) -> Iterator[tuple[date, bool, str]]:
    """(day, is_workday, note) for every day of each year chinesecalendar knows; unknown years are skipped."""
    for year in sorted(set(years)) if years is not None else known_years():
        if not year_is_known(year):
            continue
        d, end = date(year, 1, 1), date(year, 12, 31)
        while d <= end:
            workday = chinese_calendar.is_workday(d)
            yield d, workday, _note(d, workday)
            d += timedelta(days=1)
