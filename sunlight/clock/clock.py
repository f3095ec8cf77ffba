"""A statutory clock: a time limit that starts, pauses, resumes, is extended and restarts.

Pure: the only outside input is the calendar (get_calendar() unless one is passed in). Modules
store the clock's events (``Clock.to_list()``) and rebuild it with ``Clock.from_events``.

Counting (《政府信息公开条例》 Art. 30–33):
- the day of an act never counts: a limit of N working days from S ends on the Nth working day after S;
- pausing on P uses the working days in (start, P]; resuming on R counts the rest from R (R itself not counted);
- an extension adds to the limit; a restart counts the full (base) limit afresh from its day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

from django.utils.translation import gettext

from sunlight.errors import SunlightError

from .calendar import UNITS, CalendarNotLoaded, Unit, WorkCalendar, get_calendar
from .holidays import ESTIMATE_NOTE, STATUTE

EventKind = Literal["start", "pause", "resume", "extend", "restart"]
EVENT_KINDS: tuple[str, ...] = ("start", "pause", "resume", "extend", "restart")


class ClockError(SunlightError):
    """An act that does not fit the clock's state (pause while paused, resume while running, …)."""

    code = "clock_state"


@dataclass(frozen=True)
class ClockEvent:
    kind: EventKind
    date: date | None = None
    days: int = 0  # for "extend"
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["date"] = self.date.isoformat() if self.date else None
        return data

    @classmethod
    def coerce(cls, value: ClockEvent | Mapping[str, Any]) -> ClockEvent:
        if isinstance(value, ClockEvent):
            return value
        raw_date = value.get("date")
        if isinstance(raw_date, str):
            raw_date = date.fromisoformat(raw_date)
        return cls(
            kind=value["kind"], date=raw_date, days=int(value.get("days") or 0), reason=value.get("reason") or ""
        )


@dataclass(frozen=True)
class Segment:
    """One line of the explanation: what happened on which day and what it did to the count."""

    date: date | None
    kind: str  # an event kind, or "due" / "paused" / "overdue"
    text: str


@dataclass
class _Run:
    """A stretch during which the clock ran: from `begin` (not counted) to `end` (None while running)."""

    begin: date
    end: date | None = None


@dataclass(eq=False)  # two clocks are the same only if their events are; compare to_list()
class Clock:
    limit: int
    unit: Unit = "working"
    calendar: WorkCalendar | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unit must be one of {UNITS}, not {self.unit!r}")
        if self.limit < 0:
            raise ClockError(gettext("期限不能为负数。"))
        self.base_limit: int = self.limit
        self.events: list[ClockEvent] = []
        self._runs: list[_Run] = []
        self._used_before: list[int] = []  # days used before each run began (restarts reset it)
        self._last_date: date | None = None
        self._explained: list[Segment] = []

    # --- building -------------------------------------------------------------------------

    @classmethod
    def from_events(
        cls,
        limit: int,
        events: Iterable[ClockEvent | Mapping[str, Any]],
        unit: Unit = "working",
        calendar: WorkCalendar | None = None,
    ) -> Clock:
        clock = cls(limit=limit, unit=unit, calendar=calendar)
        for event in events:
            clock.apply(ClockEvent.coerce(event))
        return clock

    def to_list(self) -> list[dict[str, Any]]:
        return [e.to_dict() for e in self.events]

    def apply(self, event: ClockEvent) -> Clock:
        handler = {
            "start": lambda: self.start(event.date, event.reason),
            "pause": lambda: self.pause(event.date, event.reason),
            "resume": lambda: self.resume(event.date, event.reason),
            "extend": lambda: self.extend(event.days, event.reason, event.date),
            "restart": lambda: self.restart(event.date, event.reason),
        }.get(event.kind)
        if handler is None:
            raise ClockError(gettext("未知的计时事件“%(kind)s”。") % {"kind": event.kind})
        handler()
        return self

    # --- internals --------------------------------------------------------------------------

    @property
    def _cal(self) -> WorkCalendar:
        if self.calendar is None:
            self.calendar = get_calendar()
        return self.calendar

    def _between(self, a: date, b: date) -> int:
        return self._cal.between(a, b, self.unit)

    def _add(self, a: date, n: int) -> date:
        return self._cal.add(a, n, self.unit)

    @property
    def _word(self) -> str:
        return "个工作日" if self.unit == "working" else "日"

    def _need_date(self, d: date | None, act: str) -> date:
        if d is None:
            raise ClockError(gettext("%(act)s须注明日期。") % {"act": act})
        if self._last_date is not None and d < self._last_date:
            raise ClockError(
                gettext("%(act)s日期 %(day)s 早于上一计时事件（%(previous)s）。")
                % {"act": act, "day": d.isoformat(), "previous": self._last_date.isoformat()}
            )
        return d

    def _need_started(self, act: str) -> None:
        if not self._runs:
            raise ClockError(gettext("尚未开始计时，不能%(act)s。") % {"act": act})

    def _used_at_run_start(self) -> int:
        return self._used_before[-1] if self._used_before else 0

    def _closed_used(self) -> int:
        """Days used up to the latest pause (only meaningful while paused)."""
        run = self._runs[-1]
        assert run.end is not None
        return self._used_at_run_start() + self._between(run.begin, run.end)

    def _record(self, event: ClockEvent, text: str) -> None:
        self.events.append(event)
        if event.date is not None:
            self._last_date = event.date
        self._explained.append(Segment(event.date, event.kind, text))

    # --- acts -------------------------------------------------------------------------------

    def start(self, d: date, reason: str = "") -> Clock:
        d = self._need_date(d, "开始计时")
        if self._runs:
            raise ClockError(gettext("已经开始计时；如需重新起算请用“重新计时”。"))
        self._add(d, 0)  # refuse at once when the day is not in the calendar
        self._runs.append(_Run(d))
        self._used_before.append(0)
        self._record(
            ClockEvent("start", d, reason=reason),
            f"{d.isoformat()} 开始计时{self._why(reason)}：法定期限 {self.limit} {self._word}，起算日当天不计",
        )
        return self

    def pause(self, d: date, reason: str = "") -> Clock:
        self._need_started("暂停")
        d = self._need_date(d, "暂停")
        if self.is_paused:
            raise ClockError(gettext("计时已经暂停，不能再次暂停。"))
        run = self._runs[-1]
        run.end = d
        used = self._closed_used()
        left = self.limit - used
        tail = f"剩余 {left} {self._word}" if left >= 0 else f"已超过期限 {-left} {self._word}"
        self._record(
            ClockEvent("pause", d, reason=reason),
            f"{d.isoformat()} 暂停{self._why(reason)}：已用 {used} {self._word}，{tail}",
        )
        return self

    def resume(self, d: date, reason: str = "") -> Clock:
        self._need_started("恢复计时")
        d = self._need_date(d, "恢复计时")
        if not self.is_paused:
            raise ClockError(gettext("计时没有暂停，不能恢复。"))
        used = self._closed_used()
        self._add(d, 0)
        self._runs.append(_Run(d))
        self._used_before.append(used)
        left = self.limit - used
        self._record(
            ClockEvent("resume", d, reason=reason),
            f"{d.isoformat()} 恢复计时{self._why(reason)}：剩余 {max(left, 0)} {self._word}，恢复当日不计",
        )
        return self

    def extend(self, n: int, reason: str = "", d: date | None = None) -> Clock:
        self._need_started("延长期限")
        if n <= 0:
            raise ClockError(gettext("延长的天数须为正数。"))
        if d is not None:
            d = self._need_date(d, "延长期限")
        self.limit += n
        prefix = f"{d.isoformat()} " if d else ""
        self._record(
            ClockEvent("extend", d, days=n, reason=reason),
            f"{prefix}延长期限{self._why(reason)}：增加 {n} {self._word}，期限共 {self.limit} {self._word}",
        )
        return self

    def restart(self, d: date, reason: str = "") -> Clock:
        """The full base limit counts afresh from d (e.g. a corrected request arrived); extensions lapse."""
        self._need_started("重新计时")
        d = self._need_date(d, "重新计时")
        self._add(d, 0)
        # Earlier runs no longer matter: keep them only in the event list and the explanation.
        self._runs = [_Run(d)]
        self._used_before = [0]
        self.limit = self.base_limit
        self._record(
            ClockEvent("restart", d, reason=reason),
            f"{d.isoformat()} 重新计时{self._why(reason)}：法定期限 {self.limit} {self._word}重新起算，当日不计",
        )
        return self

    @staticmethod
    def _why(reason: str) -> str:
        return f"（{reason}）" if reason else ""

    # --- results ------------------------------------------------------------------------------

    @property
    def is_started(self) -> bool:
        return bool(self._runs)

    @property
    def is_paused(self) -> bool:
        return bool(self._runs) and self._runs[-1].end is not None

    def _reach(self, begin: date, left: int, used_before: int) -> date:
        """The day `left` more days run out when counting from `begin`."""
        if left > 0 or used_before == 0:
            return self._add(begin, left)  # a limit of 0 from the start is "on the day", like add(d, 0)
        # Nothing left: due on that day itself, or on the next working day when it is a rest day.
        return self._cal.workday_on_or_after(begin) if self.unit == "working" else begin

    def _reached_on(self) -> date | None:
        """The day the limit runs out: in the running stretch, or in a finished one if it ran out before its pause."""
        for run, used_before in zip(self._runs, self._used_before):
            left = max(self.limit - used_before, 0)
            if run.end is None:
                return self._reach(run.begin, left, used_before)
            if self._between(run.begin, run.end) >= left:
                reached = self._reach(run.begin, left, used_before)
                # Used up exactly on the pause day: nothing is late yet, 0 days remain after resuming.
                if reached < run.end:
                    return reached
        return None

    @property
    def due_date(self) -> date | None:
        """The last day to act; None before the start and while paused."""
        if not self._runs or self.is_paused:
            return None
        return self._reached_on()

    @property
    def known_due_date(self) -> date | None:
        """due_date, or None when it falls in days the calendar does not hold yet (next year's schedule not
        published): for acts that must go ahead anyway and show the deadline as pending until it is loaded."""
        try:
            return self.due_date
        except CalendarNotLoaded:
            return None

    def _first_day(self) -> date | None:
        return next((e.date for e in self.events if e.date is not None), None)

    @property
    def is_estimated(self) -> bool:
        """True when the deadline is counted across a day of a year whose official notice is not entered (an
        estimated day): the date must then be shown as 预计 (ESTIMATE_NOTE), never as official."""
        due, first = self.known_due_date, self._first_day()
        if due is None or first is None or self.unit != "working":
            return False
        return self._cal.estimated_in(first, due)

    def used_days(self, at: date) -> int:
        """Days counted by the end of `at` (a day not before the start)."""
        total = 0
        for run, used_before in zip(self._runs, self._used_before):
            if at <= run.begin:
                break
            stop = at if run.end is None or at < run.end else run.end
            total = used_before + self._between(run.begin, stop)
        return total

    def remaining_days(self, at: date) -> int:
        """Days left after `at`; negative once the limit is passed."""
        return self.limit - self.used_days(at)

    def overdue(self, at: date) -> bool:
        """True when `at` is after the last day to act (a paused clock goes overdue only if it ran out before pausing)."""
        if not self._runs:
            return False
        reached = self._reached_on()
        return reached is not None and at > reached

    def explain(self) -> list[Segment]:
        """How the deadline was reached, one line per act and a closing line, in Chinese."""
        lines = list(self._explained)
        if not self._runs:
            return lines
        if self.is_paused:
            reached = self._reached_on()
            if reached is not None:
                lines.append(Segment(reached, "overdue", f"期限已于 {reached.isoformat()} 届满，之后才暂停"))
            else:
                used = self._closed_used()
                lines.append(
                    Segment(
                        None,
                        "paused",
                        f"目前暂停计时：已用 {used} {self._word}，剩余 {self.limit - used} {self._word}，恢复后继续计算",
                    )
                )
            return lines
        due = self.due_date
        run, used_before = self._runs[-1], self._used_before[-1]
        left = self.limit - used_before
        if len(self._runs) == 1 and used_before == 0:
            how = f"自 {run.begin.isoformat()} 起第 {self.limit} {self._word}"
        elif left <= 0:
            how = f"期限已用尽，{run.begin.isoformat()} 恢复计时后即须办结"
        else:
            how = f"自 {run.begin.isoformat()} 起再数 {max(left, 0)} {self._word}"
        lines.append(Segment(due, "due", f"截止日为 {due.isoformat()}（{how}）"))
        if self.is_estimated:
            years = "、".join(str(y) for y in self._cal.estimated_years_in(self._first_day(), due))
            lines.append(
                Segment(
                    due,
                    "estimated",
                    f"{years} 年的放假安排尚未公布，该年工作日按{STATUTE}规定的节假日推定，"
                    f"不含调休上班日：截止日为{ESTIMATE_NOTE}",
                )
            )
        return lines
