"""The in-memory working-day calendar every deadline is computed on.

The table is turned into flat lists indexed by "date ordinal minus the first loaded ordinal":
- ``_cum[i]``: how many working days lie in the loaded days with index < i;
- ``_work_dates``: the working days themselves, in order, as ``date`` objects;
so "the Nth working day after d" is one subtraction, one list index and one list look-up,
and "working days in (a, b]" is two look-ups. Nothing is guessed: a date outside the loaded
range, or a day missing inside it, raises CalendarNotLoaded.
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Literal

from django.conf import settings
from django.utils.translation import gettext, gettext_lazy

from sunlight.errors import SunlightError

Unit = Literal["working", "natural"]
UNITS: tuple[str, ...] = ("working", "natural")

_HOW_TO_FIX = gettext_lazy("请管理员在“工作日历”中录入国务院办公厅公布的放假安排。")


class CalendarNotLoaded(SunlightError):
    """The calendar cannot answer: the date is beyond what was loaded, or a day is missing."""

    status = 400
    code = "calendar_not_loaded"


class WorkCalendar:
    """An immutable snapshot of the calendar table. Build it with from_days / from_db / from_chinesecalendar."""

    __slots__ = (
        "revision",
        "_estimated",
        "_first",
        "_size",
        "_cum",
        "_work_dates",
        "_work_ords",
        "_missing",
        "_n_work",
        "first_loaded",
        "last_loaded",
    )

    def __init__(self, days: Iterable[tuple[date, bool]], revision: int = 0, estimated: Iterable[date] = ()) -> None:
        flags: dict[int, bool] = {d.toordinal(): bool(w) for d, w in days}
        self.revision = revision
        # Days loaded from a guess (a year without its official notice): sorted ordinals, for estimated_in().
        self._estimated: list[int] = sorted({d.toordinal() for d in estimated})
        if not flags:
            self._first, self._size = 0, 0
            self._cum, self._work_dates, self._work_ords, self._missing = [0], [], [], []
            self._n_work = 0
            self.first_loaded = self.last_loaded = None
            return
        first, last = min(flags), max(flags)
        self._first, self._size = first, last - first + 1
        cum = [0] * (self._size + 1)
        work_ords: list[int] = []
        missing: list[int] = []
        count = 0
        for i in range(self._size):
            o = first + i
            w = flags.get(o)
            if w is None:
                missing.append(o)
            elif w:
                count += 1
                work_ords.append(o)
            cum[i + 1] = count
        self._cum = cum
        self._work_ords = work_ords
        self._work_dates = [date.fromordinal(o) for o in work_ords]
        self._missing = missing  # ordinals of days inside the range that have no row
        self._n_work = count
        self.first_loaded: date | None = date.fromordinal(first)
        self.last_loaded: date | None = date.fromordinal(last)

    # --- construction -------------------------------------------------------------------

    @classmethod
    def from_days(
        cls, days: Iterable[tuple[date, bool]], revision: int = 0, estimated: Iterable[date] = ()
    ) -> WorkCalendar:
        return cls(days, revision, estimated)

    @classmethod
    def from_db(cls) -> WorkCalendar:
        from .models import CalendarRevision, WorkDay

        # Revision first: if an edit lands in between we hold newer rows under an older
        # number, and simply rebuild once more on the next check.
        revision = CalendarRevision.current()
        estimated = WorkDay.objects.filter(source__in=WorkDay.PROVISIONAL).order_by().values_list("date", flat=True)
        return cls(
            WorkDay.objects.order_by().values_list("date", "is_workday").iterator(chunk_size=5000),
            revision,
            list(estimated),
        )

    @classmethod
    def from_chinesecalendar(cls, years: Iterable[int] | None = None) -> WorkCalendar:
        """Straight from the package, without the database (for the benchmark and quick checks)."""
        from .published import chinesecalendar_days

        return cls(((d, w) for d, w, _note in chinesecalendar_days(years)), revision=-1)

    # --- refusals -------------------------------------------------------------------------

    @property
    def has_gaps(self) -> bool:
        return bool(self._missing)

    @property
    def missing_days(self) -> list[date]:
        return [date.fromordinal(o) for o in self._missing]

    def _refuse(self, o: int) -> CalendarNotLoaded:
        """The error for ordinal o, which is outside the loaded range or a missing day in it."""
        d = date.fromordinal(o)
        if self.last_loaded is None:
            return CalendarNotLoaded(
                gettext("工作日历尚未载入任何数据，无法计算期限。%(how_to_fix)s") % {"how_to_fix": _HOW_TO_FIX}
            )
        if o > self._first + self._size - 1:
            last = self.last_loaded.isoformat()
            return CalendarNotLoaded(
                gettext("工作日历尚未载入 %(year)s 年的数据（已载入至 %(last)s），无法计算期限。%(how_to_fix)s")
                % {"year": d.year, "last": last, "how_to_fix": _HOW_TO_FIX}
            )
        if o < self._first:
            first = self.first_loaded.isoformat()
            return CalendarNotLoaded(
                gettext("工作日历不含 %(day)s 的数据（最早载入 %(first)s），无法计算期限。")
                % {"day": d.isoformat(), "first": first}
            )
        # A gap: report the whole run of missing days around o.
        i = bisect_left(self._missing, o)
        j = i
        while i > 0 and self._missing[i - 1] == self._missing[i] - 1:
            i -= 1
        while j + 1 < len(self._missing) and self._missing[j + 1] == self._missing[j] + 1:
            j += 1
        gap_from, gap_to = (
            date.fromordinal(self._missing[i]).isoformat(),
            date.fromordinal(self._missing[j]).isoformat(),
        )
        return CalendarNotLoaded(
            gettext(
                "工作日历缺少 %(gap_from)s 至 %(gap_to)s 的数据（已连续载入至 %(day)s），无法计算期限。%(how_to_fix)s"
            )
            % {
                "gap_from": gap_from,
                "gap_to": gap_to,
                "day": date.fromordinal(self._missing[i] - 1).isoformat(),
                "how_to_fix": _HOW_TO_FIX,
            }
        )

    def _check_span(self, lo: int, hi: int) -> None:
        """Refuse if any day in [lo, hi] (ordinals, already inside the range) has no row."""
        k = bisect_left(self._missing, lo)
        if k < len(self._missing) and self._missing[k] <= hi:
            raise self._refuse(self._missing[k])

    # --- questions --------------------------------------------------------------------------

    def is_workday(self, d: date) -> bool:
        i = d.toordinal() - self._first
        if i < 0 or i >= self._size:
            raise self._refuse(d.toordinal())
        if self._missing:
            self._check_span(d.toordinal(), d.toordinal())
        return self._cum[i + 1] != self._cum[i]

    def is_loaded(self, d: date) -> bool:
        o = d.toordinal()
        i = o - self._first
        if i < 0 or i >= self._size:
            return False
        k = bisect_left(self._missing, o)
        return not (k < len(self._missing) and self._missing[k] == o)

    def estimated_in(self, a: date, b: date) -> bool:
        """True when a day in [a, b] is estimated (its year's official notice is not entered): a date counted
        across it is only an estimate, shown as 预计 wherever it appears."""
        if not self._estimated:
            return False
        lo, hi = min(a, b).toordinal(), max(a, b).toordinal()
        k = bisect_left(self._estimated, lo)
        return k < len(self._estimated) and self._estimated[k] <= hi

    def estimated_years_in(self, a: date, b: date) -> list[int]:
        """The years with estimated days in [a, b], for the explanation."""
        lo, hi = min(a, b).toordinal(), max(a, b).toordinal()
        days = self._estimated[bisect_left(self._estimated, lo) : bisect_right(self._estimated, hi)]
        return sorted({date.fromordinal(o).year for o in days})

    def add_working_days(self, start: date, n: int) -> date:
        """The Nth working day after start (start itself never counts); n=0 gives start, n<0 counts back."""
        i = start.toordinal() - self._first
        if i < 0 or i >= self._size:
            raise self._refuse(start.toordinal())
        if n > 0:
            k = self._cum[i + 1] + n - 1
            if k >= self._n_work:
                if self._missing:  # a gap on the way explains the refusal better than the end
                    self._check_span(self._first + i, self._first + self._size - 1)
                raise self._refuse(self._first + self._size)
            if self._missing:
                self._check_span(self._first + i, self._work_ords[k])
            return self._work_dates[k]
        if n == 0:
            if self._missing:
                self._check_span(self._first + i, self._first + i)
            return start
        k = self._cum[i] + n
        if k < 0:
            raise self._refuse(self._first - 1)
        if self._missing:
            self._check_span(self._work_ords[k], self._first + i)
        return self._work_dates[k]

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b]; negative (the count in (b, a]) when b is before a."""
        ia = a.toordinal() - self._first
        ib = b.toordinal() - self._first
        if ia < 0 or ia >= self._size:
            raise self._refuse(a.toordinal())
        if ib < 0 or ib >= self._size:
            raise self._refuse(b.toordinal())
        if self._missing:
            lo, hi = (ia, ib) if ia <= ib else (ib, ia)
            self._check_span(self._first + lo, self._first + hi)
        return self._cum[ib + 1] - self._cum[ia + 1]

    def next_workday(self, d: date) -> date:
        """The first working day strictly after d."""
        return self.add_working_days(d, 1)

    def workday_on_or_after(self, d: date) -> date:
        return d if self.is_workday(d) else self.add_working_days(d, 1)

    def workdays_in(self, a: date, b: date) -> list[date]:
        """The working days in [a, b], both loaded."""
        self.working_days_between(a, b)  # range and gap checks
        lo = bisect_left(self._work_ords, a.toordinal())
        hi = bisect_right(self._work_ords, b.toordinal())
        return self._work_dates[lo:hi]

    # --- natural days, for the modules whose limits are in calendar days -------------------

    def add_natural_days(self, start: date, n: int, *, roll_to_workday: bool = False) -> date:
        """start + n calendar days. With roll_to_workday, a result on a rest day moves to the next working day."""
        result = start + timedelta(days=n)
        if roll_to_workday:
            return self.workday_on_or_after(result)
        return result

    @staticmethod
    def natural_days_between(a: date, b: date) -> int:
        return (b - a).days

    def add(self, start: date, n: int, unit: Unit = "working") -> date:
        if unit == "working":
            return self.add_working_days(start, n)
        if unit == "natural":
            return self.add_natural_days(start, n)
        raise ValueError(f"unknown unit {unit!r}")

    def between(self, a: date, b: date, unit: Unit = "working") -> int:
        if unit == "working":
            return self.working_days_between(a, b)
        if unit == "natural":
            return self.natural_days_between(a, b)
        raise ValueError(f"unknown unit {unit!r}")

    def __repr__(self) -> str:
        return (
            f"<WorkCalendar {self.first_loaded}..{self.last_loaded} workdays={self._n_work} gaps={len(self._missing)}"
            f" estimated={len(self._estimated)} r{self.revision}>"
        )


# --- the process cache --------------------------------------------------------------------

_lock = threading.Lock()
_cached: WorkCalendar | None = None
# When the revision is next read (time.monotonic()); kept as a plain float because reading
# django.conf.settings costs about half a microsecond, more than a whole deadline computation.
_next_check = 0.0


def invalidate() -> None:
    """Forget the cached calendar; the next get_calendar() reads the table again."""
    global _cached
    _cached = None


def get_calendar() -> WorkCalendar:
    """The calendar for this process: rebuilt when the revision changed, checked at most every CALENDAR_RECHECK_SECONDS."""
    global _cached, _next_check
    cal = _cached
    if cal is not None and time.monotonic() < _next_check:
        return cal
    from .models import CalendarRevision

    with _lock:
        cal = _cached
        if cal is None or CalendarRevision.current() != cal.revision:
            cal = WorkCalendar.from_db()
            _cached = cal
        _next_check = time.monotonic() + settings.CALENDAR_RECHECK_SECONDS
    return cal


def add_working_days(start: date, n: int) -> date:
    """The Nth working day after start on the loaded calendar (start not counted; n=0 gives start)."""
    cal = _cached
    if cal is None or time.monotonic() >= _next_check:  # the hot path skips a call into get_calendar()
        cal = get_calendar()
    return cal.add_working_days(start, n)


def working_days_between(a: date, b: date) -> int:
    """Working days in (a, b] on the loaded calendar; negative when b is before a."""
    cal = _cached
    if cal is None or time.monotonic() >= _next_check:
        cal = get_calendar()
    return cal.working_days_between(a, b)


def is_workday(d: date) -> bool:
    return get_calendar().is_workday(d)


def next_workday(d: date) -> date:
    return get_calendar().next_workday(d)


def add_days(start: date, n: int, unit: Unit = "working") -> date:
    return get_calendar().add(start, n, unit)


def days_between(a: date, b: date, unit: Unit = "working") -> int:
    return get_calendar().between(a, b, unit)


def estimated_in(a: date, b: date) -> bool:
    """True when a date counted across [a, b] goes through a day of a year without its official notice."""
    return get_calendar().estimated_in(a, b)
