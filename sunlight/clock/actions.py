"""Changing the calendar. Every change is permission-checked, logged and announced to other processes."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from sunlight.errors import SunlightError
from sunlight.events.log import record
from sunlight.orgs import scope
from sunlight.orgs.models import Role

from .calendar import invalidate
from .models import WorkDay, bump_revision
from .seed import year_is_known
from django.utils.translation import gettext

WEEKENDS_NOTE = "仅按周末推定（周一至周五为工作日），待国务院办公厅公布放假安排后更正"


def can_edit_calendar(user) -> bool:
    """Superusers and holders of an active admin membership; the calendar binds every org alike."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(m.role == Role.ADMIN for m in scope.memberships(user))


def _require_editor(user) -> None:
    if not can_edit_calendar(user):
        raise PermissionDenied(gettext("只有系统管理员可以修改工作日历。"))


def _state(row: WorkDay | None) -> dict | None:
    if row is None:
        return None
    return {"is_workday": row.is_workday, "source": row.source, "note": row.note}


def _announce() -> None:
    """Tell this process now and other processes through the revision."""
    bump_revision()
    invalidate()
    transaction.on_commit(invalidate)


def set_workday(day: date, *, is_workday: bool, note: str, by) -> WorkDay:
    """Make `day` a working day or a rest day (source=manual). Creates the row if the day was not loaded."""
    _require_editor(by)
    with transaction.atomic():
        row = WorkDay.objects.select_for_update().filter(date=day).first()
        before = _state(row)
        if row is None:
            row = WorkDay(date=day)
        row.is_workday = bool(is_workday)
        row.source = WorkDay.Source.MANUAL
        row.note = note or ""
        row.updated_at = timezone.now()
        row.updated_by = by
        row._history_user = by  # simple_history: outside a request there is no middleware to say who
        row.save()
        record(
            "calendar.set_workday",
            actor=by,
            obj=row,
            data={"date": day.isoformat()},
            before=before,
            after=_state(row),
        )
        _announce()
    return row


def load_weekends(year: int, *, by) -> int:
    """Fill the year's missing days with Mon–Fri = working day (source=weekends). Returns the rows added.

    A stopgap for when the State Council's schedule is late: it is labelled as a guess on every
    row and in the event log, leaves every existing row alone, and is refused for a year that
    chinesecalendar knows (seed that year instead).
    """
    _require_editor(by)
    if year_is_known(year):
        raise SunlightError(
            gettext("chinesecalendar 已有 %(year)s 年的官方放假安排，请用“calendar seed --years %(year)s”载入，而不是按周末推定。") % {"year": year}
        )
    first, last = date(year, 1, 1), date(year, 12, 31)
    now = timezone.now()
    with transaction.atomic():
        have = set(WorkDay.objects.filter(date__gte=first, date__lte=last).values_list("date", flat=True))
        rows = []
        d = first
        while d <= last:
            if d not in have:
                rows.append(
                    WorkDay(date=d, is_workday=d.weekday() < 5, source=WorkDay.Source.WEEKENDS, note=WEEKENDS_NOTE,
                            updated_at=now, updated_by=by)
                )
            d += timedelta(days=1)
        WorkDay.objects.bulk_create(rows, batch_size=1000)
        record(
            "calendar.load_weekends",
            actor=by,
            data={"year": year, "added": len(rows), "kept": len(have), "note": WEEKENDS_NOTE},
        )
        if rows:
            _announce()
    return len(rows)
