"""Filling the calendar table from the chinesecalendar package.

chinesecalendar carries the State Council's published schedules (放假安排) year by year and
raises NotImplementedError for a year it does not know; such years are skipped, never guessed.
Rows entered by hand (source=manual) are never overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta

import chinese_calendar
from django.db import models, transaction
from django.utils import timezone

MANUAL = "manual"
CHINESECALENDAR = "chinesecalendar"
WEEKENDS = "weekends"
ESTIMATED = "estimated"

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


def seed_from_chinesecalendar(years: list[int] | None = None, *, apps=None) -> int:
    """Insert or correct every day chinesecalendar knows for the years; returns how many rows were written.

    New days are bulk-inserted; rows from chinesecalendar or the provisional weekends-only load
    are corrected when they differ; manual rows are left alone. Pass `apps` from a data migration.
    """
    if apps is not None:
        WorkDay = apps.get_model("clock", "WorkDay")
        CalendarRevision = apps.get_model("clock", "CalendarRevision")
    else:
        from .models import CalendarRevision, WorkDay
    from .models import bump_revision

    wanted = list(chinesecalendar_days(years))
    if not wanted:
        return 0
    now = timezone.now()
    with transaction.atomic():
        existing: dict[date, models.Model] = {
            row.date: row
            for row in WorkDay.objects.filter(date__gte=wanted[0][0], date__lte=wanted[-1][0]).only(
                "id", "date", "is_workday", "source", "note"
            )
        }
        to_create, to_update = [], []
        provisional = {WEEKENDS, ESTIMATED}
        made_official = sorted({d.year for d, row in existing.items() if row.source in provisional})
        for d, workday, note in wanted:
            row = existing.get(d)
            if row is None:
                to_create.append(WorkDay(date=d, is_workday=workday, source=CHINESECALENDAR, note=note, updated_at=now))
            elif row.source != MANUAL and (
                row.is_workday != workday or row.source != CHINESECALENDAR or row.note != note
            ):
                row.is_workday, row.source, row.note, row.updated_at = workday, CHINESECALENDAR, note, now
                to_update.append(row)
        WorkDay.objects.bulk_create(to_create, batch_size=1000)
        WorkDay.objects.bulk_update(to_update, ["is_workday", "source", "note", "updated_at"], batch_size=500)
        written = len(to_create) + len(to_update)
        if written:
            bump_revision(CalendarRevision)
    if written:
        from .calendar import invalidate

        invalidate()
        transaction.on_commit(invalidate)
    if apps is None:
        from .signals import official_notice_entered

        # An estimated year now official from the package: its deadlines are re-computed as after a notice.
        for year in made_official:
            official_notice_entered.send(sender=WorkDay, year=year, official=True, by=None)
    return written
