"""/api/v1/calendar/: public deadline calculator and calendar look-ups (no credentials needed)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema

from sunlight.api.auth import staff_or_token_auth
from sunlight.errors import SunlightError

from .actions import NoticeLine, enter_official_notice, set_workday
from .calendar import get_calendar
from .clock import Clock
from .holidays import ESTIMATE_NOTE
from .models import WorkDay

router = Router()

MAX_WORKING_DAYS = 3650
MAX_LISTED_DAYS = 400


class DeadlineOut(Schema):
    start: date
    working_days: int
    due_date: date
    # True when the count goes through a year whose official holiday notice is not entered yet.
    estimated: bool = False
    estimated_note: str = ""
    explanation: list[str]


class DayOut(Schema):
    date: date
    is_workday: bool | None  # None: the day is not loaded
    source: str
    note: str


class DaysOut(Schema):
    start: date
    end: date
    complete: bool
    days: list[DayOut]


class BetweenOut(Schema):
    start: date
    end: date
    working_days: int


@router.get("/deadline", auth=None, response=DeadlineOut, summary="法定期限截止日 / statutory deadline")
def deadline(request, start: date, working_days: int = 20):
    """The Nth working day after `start` (the start day does not count), with how it was counted."""
    if not 0 <= working_days <= MAX_WORKING_DAYS:
        raise SunlightError(
            gettext("working_days 须在 0 到 %(max_days)s 之间。") % {"max_days": MAX_WORKING_DAYS},
            code="invalid",
        )
    clock = Clock(limit=working_days, calendar=get_calendar()).start(start)
    estimated = clock.is_estimated
    return {
        "start": start,
        "working_days": working_days,
        "due_date": clock.due_date,
        "estimated": estimated,
        "estimated_note": ESTIMATE_NOTE if estimated else "",
        "explanation": [s.text for s in clock.explain()],
    }


@router.get("/days", auth=None, response=DaysOut, summary="工作日历 / the calendar, day by day")
def days(request, start: date = Query(..., alias="from"), end: date = Query(..., alias="to")):
    """Each day in [from, to] (at most 400) with whether it is a working day; unloaded days have is_workday null."""
    if end < start:
        raise SunlightError("结束日期不能早于开始日期。 / `to` is before `from`.", code="invalid")
    if (end - start).days + 1 > MAX_LISTED_DAYS:
        raise SunlightError(gettext("一次最多查询 %(max_days)s 天。") % {"max_days": MAX_LISTED_DAYS}, code="invalid")
    rows = {r.date: r for r in WorkDay.objects.filter(date__gte=start, date__lte=end)}
    out, d = [], start
    while d <= end:
        row = rows.get(d)
        out.append(
            {"date": d, "is_workday": row.is_workday, "source": row.source, "note": row.note}
            if row
            else {"date": d, "is_workday": None, "source": "", "note": gettext("未载入")}
        )
        d += timedelta(days=1)
    return {"start": start, "end": end, "complete": len(rows) == len(out), "days": out}


@router.get(
    "/working-days-between", auth=None, response=BetweenOut, summary="两日之间的工作日数 / working days between"
)
def working_days_between(request, start: date, end: date):
    """Working days in (start, end]; negative when end is before start."""
    return {"start": start, "end": end, "working_days": get_calendar().working_days_between(start, end)}


class DeadlineIn(Schema):
    start: date
    working_days: int = Field(20, ge=0, le=MAX_WORKING_DAYS)


class DeadlinesIn(Schema):
    items: list[DeadlineIn] = Field(..., min_length=1, max_length=1000)


class DueOut(Schema):
    start: date
    working_days: int
    due_date: date
    estimated: bool = False


@router.post("/deadlines", auth=None, response=list[DueOut], summary="批量计算截止日 / many deadlines at once")
def deadlines(request, body: DeadlinesIn):
    """For other systems: up to 1,000 deadlines in one call. One date outside the calendar refuses the whole batch."""
    calendar = get_calendar()
    out = []
    for item in body.items:
        due = calendar.add_working_days(item.start, item.working_days)
        out.append(
            {
                "start": item.start,
                "working_days": item.working_days,
                "due_date": due,
                "estimated": calendar.estimated_in(item.start, due),
            }
        )
    return out


class DayIn(Schema):
    is_workday: bool
    note: str = Field("", max_length=200)


@router.put(
    "/days/{day}", auth=staff_or_token_auth(), response=DayOut, summary="设置某日是否为工作日 / set one day (admins)"
)
def set_day(request, day: date, body: DayIn):
    """Enter the State Council's schedule day by day (调休 working weekends, holidays). Admins only; logged."""
    row = set_workday(day, is_workday=body.is_workday, note=body.note, by=request.user)
    return {"date": row.date, "is_workday": row.is_workday, "source": row.source, "note": row.note}


class NoticeRangeIn(Schema):
    start: date
    end: date | None = None  # one day when left out
    name: str = Field(..., min_length=1, max_length=50)


class OfficialNoticeIn(Schema):
    year: int = Field(..., ge=2000, le=2100)
    document: str = Field("", max_length=100)
    holidays: list[NoticeRangeIn] = Field(..., min_length=1, max_length=60)
    workdays: list[NoticeRangeIn] = Field(default_factory=list, max_length=30)  # 调休上班日


class OfficialNoticeOut(Schema):
    year: int
    changed_days: int


@router.post(
    "/official-notice",
    auth=staff_or_token_auth(),
    response=OfficialNoticeOut,
    summary="录入国务院办公厅公布的某年放假安排（整年一次）",
)
def official_notice(request, body: OfficialNoticeIn):
    """The year's holidays (ranges with names) and make-up working days in one act: replaces the estimated year,
    re-computes the deadlines that change. Admins of the top org only; logged."""
    lines = [NoticeLine(h.start, h.end or h.start, h.name, False) for h in body.holidays]
    lines += [NoticeLine(w.start, w.end or w.start, w.name or "上班", True) for w in body.workdays]
    changed = enter_official_notice(body.year, lines=lines, document=body.document, by=request.user)
    return {"year": body.year, "changed_days": changed}
