"""Changing the calendar. Every change is permission-checked, logged and announced to other processes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from sunlight.errors import SunlightError
from sunlight.events.log import record
from sunlight.orgs.shared import can_edit_shared_settings, require_shared_settings_editor

from .calendar import invalidate
from .holidays import ESTIMATE_NOTE, STATUTE, estimated_days
from .models import WorkDay, bump_revision
from .published import year_is_known
from .signals import official_notice_entered, workday_changed

WEEKENDS_NOTE = "仅按周末推定（周一至周五为工作日），待国务院办公厅公布放假安排后更正"
ESTIMATED_NOTE = f"按{STATUTE}推定，不含调休上班日；{ESTIMATE_NOTE}"


def can_edit_calendar(user) -> bool:
    """The calendar binds every org alike: superusers and admins of the shared-settings org (sunlight.orgs.shared)."""
    return can_edit_shared_settings(user)


def _require_editor(user) -> None:
    require_shared_settings_editor(user, "工作日历")


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
        if before is None or before.get("is_workday") != row.is_workday:
            workday_changed.send(sender=WorkDay, day=day, by=by)
    return row


def load_estimate(year: int, *, by) -> int:
    """Fill the year's missing days with the estimate from the statute (source=estimated). Returns the rows added.

    For when the State Council's notice is not published yet: the statutory holidays (holidays.py) and
    weekends are rest days, no 调休 make-up day is guessed, every row says it is an estimate and every date
    counted through one is shown as 预计. Existing rows are left alone, and a year chinesecalendar knows is
    refused (seed that year instead). Replaced by enter_official_notice when the notice is out.
    """
    _require_editor(by)
    if year_is_known(year):
        raise SunlightError(
            gettext(
                "chinesecalendar 已有 %(year)s 年的官方放假安排，请用“calendar seed --years %(year)s”载入，而不是推定。"
            )
            % {"year": year},
            code="year_known",
        )
    first, last = date(year, 1, 1), date(year, 12, 31)
    now = timezone.now()
    with transaction.atomic():
        # Rows of the old weekends-only guess are replaced by the estimate; every other row is kept.
        existing = WorkDay.objects.select_for_update().filter(date__gte=first, date__lte=last)
        weekends = {row.date: row for row in existing if row.source == WorkDay.Source.WEEKENDS}
        have = {row.date for row in existing if row.source != WorkDay.Source.WEEKENDS}
        rows, replaced = [], []
        for d, workday, name in estimated_days(year):
            if d in have:
                continue
            note = f"{name}；{ESTIMATED_NOTE}" if name else ESTIMATED_NOTE
            row = weekends.get(d)
            if row is None:
                rows.append(
                    WorkDay(
                        date=d,
                        is_workday=workday,
                        source=WorkDay.Source.ESTIMATED,
                        updated_at=now,
                        updated_by=by,
                        note=note,
                    )
                )
            else:
                row.is_workday, row.source, row.note, row.updated_at, row.updated_by = (
                    workday,
                    WorkDay.Source.ESTIMATED,
                    note,
                    now,
                    by,
                )
                replaced.append(row)
        WorkDay.objects.bulk_create(rows, batch_size=1000)
        bulk_update_with_history(
            replaced,
            WorkDay,
            ["is_workday", "source", "note", "updated_at", "updated_by"],
            batch_size=500,
            default_user=by,
        )
        record(
            "calendar.load_estimate",
            actor=by,
            data={
                "year": year,
                "added": len(rows),
                "replaced_weekends_guess": len(replaced),
                "kept": len(have),
                "note": ESTIMATED_NOTE,
                "holidays": [r.date.isoformat() for r in rows + replaced if not r.is_workday and r.date.weekday() < 5],
            },
        )
        if rows or replaced:
            _announce()
        if replaced:  # deadlines counted on the weekends guess (e.g. due on 元旦) move
            official_notice_entered.send(sender=WorkDay, year=year, official=False, by=by)
    return len(rows) + len(replaced)


# The old name: `calendar load-weekends` and callers from before the estimate now load the estimate.
load_weekends = load_estimate


# --- the official notice (国务院办公厅关于某年部分节假日安排的通知), entered as one act ---------------------


@dataclass(frozen=True)
class NoticeLine:
    """One line of the notice: a holiday range with its name, or a make-up working day (调休上班)."""

    start: date
    end: date
    name: str
    is_workday: bool = False
    line: int = 0

    def days(self) -> list[date]:
        return [self.start + timedelta(days=k) for k in range((self.end - self.start).days + 1)]


_LINE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})\s*(?:(?:~|～|至|—|--)\s*(\d{4}-\d{1,2}-\d{1,2}))?\s+(\S.*)$")
_WORK_WORDS = ("上班", "调休上班", "补班")
MAX_RANGE_DAYS = 15


def _parse_date(text: str) -> date:
    y, m, d = (int(p) for p in text.split("-"))
    return date(y, m, d)


def _valid(text: str) -> bool:
    try:
        _parse_date(text)
    except ValueError:
        return False
    return True


def parse_notice(year: int, text: str) -> list[NoticeLine]:
    """The textarea's lines ("2027-01-01 元旦", "2027-02-05~2027-02-11 春节", "2027-02-14 上班") as NoticeLines.

    Every bad line is reported with its number, all at once. Blank lines and lines starting with # are skipped.
    """
    lines: list[NoticeLine] = []
    errors: list[str] = []
    for n, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _LINE.match(line)
        if not m:
            errors.append(
                f"第 {n} 行“{line[:40]}”格式不对，应为“日期 名称”或“开始日期~结束日期 名称”，日期写作 YYYY-MM-DD。"
            )
            continue
        try:
            start = _parse_date(m.group(1))
            end = _parse_date(m.group(2)) if m.group(2) else start
        except ValueError:
            errors.append(f"第 {n} 行：日期“{m.group(2) if m.group(2) and _valid(m.group(1)) else m.group(1)}”不存在。")
            continue
        name = m.group(3).strip()[:50]
        is_workday = name in _WORK_WORDS or name.endswith("上班")
        lines.append(NoticeLine(start, end, name, is_workday, n))
    errors += notice_errors(year, lines)
    if errors:
        raise SunlightError("\n".join(errors), code="invalid_notice")
    return lines


def check_notice(year: int, lines: list[NoticeLine]) -> None:
    """Refuse a notice that cannot be the year's schedule, naming each bad line."""
    errors = notice_errors(year, lines)
    if errors:
        raise SunlightError("\n".join(errors), code="invalid_notice")


def notice_errors(year: int, lines: list[NoticeLine]) -> list[str]:
    errors: list[str] = []
    seen: dict[date, int] = {}

    def where(item: NoticeLine) -> str:
        return f"第 {item.line} 行" if item.line else f"“{item.start.isoformat()} {item.name}”"

    if not any(not item.is_workday for item in lines):
        errors.append(f"没有填写任何放假日期。请按国务院办公厅公布的 {year} 年放假安排逐行填写。")
    for item in lines:
        if item.end < item.start:
            errors.append(f"{where(item)}：结束日期早于开始日期。")
            continue
        if item.start.year != year or item.end.year != year:
            errors.append(f"{where(item)}：日期不在 {year} 年内。")
            continue
        if (item.end - item.start).days + 1 > MAX_RANGE_DAYS:
            errors.append(f"{where(item)}：一段假期最长 {MAX_RANGE_DAYS} 天。")
            continue
        if item.is_workday and any(d.weekday() < 5 for d in item.days()):
            errors.append(f"{where(item)}：调休上班日应为周六或周日，周一至周五本来就是工作日。")
        for d in item.days():
            if d in seen:
                errors.append(f"{where(item)}：{d.isoformat()} 与第 {seen[d]} 行重复。")
            seen.setdefault(d, item.line)
    return sorted(errors, key=lambda e: int(m.group(1)) if (m := re.match(r"第 (\d+) 行", e)) else 0)


def enter_official_notice(year: int, *, lines: list[NoticeLine], document: str, by) -> int:
    """Enter the State Council's holiday notice for `year` as one act; returns how many days changed.

    Every day of the year becomes official (source=official): the holidays are rest days, the make-up
    days are working days, other days follow the week. Estimated (and weekends-only, and hand-set) days of
    the year are replaced in one transaction, each change kept in the rows' history; the event carries the
    whole notice; official_notice_entered lets the domains re-compute the deadlines that change.
    """
    _require_editor(by)
    if year_is_known(year):
        raise SunlightError(
            gettext("chinesecalendar 已有 %(year)s 年的官方放假安排，请用“calendar seed --years %(year)s”载入。")
            % {"year": year},
            code="year_known",
        )
    document = (document or "").strip()[:100]
    check_notice(year, lines)
    wanted: dict[date, tuple[bool, str]] = {}
    for item in lines:
        for d in item.days():
            if not item.is_workday:
                note = f"{item.name}放假"
            elif item.name in _WORK_WORDS:
                note = "调休上班"
            else:
                note = item.name if item.name.endswith("上班") else f"{item.name}调休上班"
            wanted[d] = (item.is_workday, note)
    now = timezone.now()
    with transaction.atomic():
        existing = {row.date: row for row in WorkDay.objects.select_for_update().filter(date__year=year)}
        to_create, to_update, changed_days = [], [], []
        d = date(year, 1, 1)
        while d.year == year:
            workday, name = wanted.get(d, (d.weekday() < 5, ""))
            note = "；".join(p for p in (name, document) if p)
            row = existing.get(d)
            if row is None:
                to_create.append(
                    WorkDay(
                        date=d,
                        is_workday=workday,
                        source=WorkDay.Source.OFFICIAL,
                        note=note,
                        updated_at=now,
                        updated_by=by,
                    )
                )
                changed_days.append(d)
            elif (row.is_workday, row.source, row.note) != (workday, WorkDay.Source.OFFICIAL, note):
                if row.is_workday != workday:
                    changed_days.append(d)
                row.is_workday, row.source, row.note, row.updated_at, row.updated_by = (
                    workday,
                    WorkDay.Source.OFFICIAL,
                    note,
                    now,
                    by,
                )
                to_update.append(row)
            d += timedelta(days=1)
        bulk_create_with_history(to_create, WorkDay, batch_size=1000, default_user=by)
        bulk_update_with_history(
            to_update,
            WorkDay,
            ["is_workday", "source", "note", "updated_at", "updated_by"],
            batch_size=500,
            default_user=by,
        )
        record(
            "calendar.official_notice",
            actor=by,
            data={
                "year": year,
                "document": document,
                "holidays": [[i.start.isoformat(), i.end.isoformat(), i.name] for i in lines if not i.is_workday],
                "workdays": [[i.start.isoformat(), i.end.isoformat(), i.name] for i in lines if i.is_workday],
                "changed": [x.isoformat() for x in changed_days],
            },
        )
        _announce()
        official_notice_entered.send(sender=WorkDay, year=year, official=True, by=by)
    return len(changed_days)
