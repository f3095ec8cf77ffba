"""Filling the calendar table from the chinesecalendar package.

chinesecalendar carries the State Council's published schedules (放假安排) year by year and
raises NotImplementedError for a year it does not know; such years are skipped, never guessed.
Rows entered by hand (source=manual) are never overwritten.
"""

from __future__ import annotations

from datetime import date

from django.db import models, transaction
from django.utils import timezone

from .published import chinesecalendar_days

MANUAL = "manual"
CHINESECALENDAR = "chinesecalendar"
WEEKENDS = "weekends"
ESTIMATED = "estimated"


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
