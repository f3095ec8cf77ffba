"""The estimated calendar of a year whose official holiday notice (放假安排) is not published yet.

Built only from the statute, 《全国年节及纪念日放假办法》 (国务院令第795号修订, in force from 2025-01-01):
Art. 2 gives every citizen these days off —
  元旦 1 day (1 January); 春节 4 days (农历除夕、正月初一至初三); 清明节 1 day (农历清明当日);
  劳动节 2 days (1–2 May); 端午节 1 day (农历端午当日); 中秋节 1 day (农历中秋当日); 国庆节 3 days (1–3 October);
Art. 6: a holiday that falls on a Saturday or Sunday is made up on a working day (补假). We place that
day on the first weekday after it that is not already off (what the State Council's notices do), and
count a holiday that coincides with another one (e.g. 中秋 on 3 October) once more the same way.

Lunar dates and the 清明 solar term come from lunar_python (6tail's lunar, astronomical algorithms,
years 1–9999). Nothing else is guessed: Saturdays and Sundays are rest days, and no 调休 make-up
working day is invented — the notice that adds them is entered later (actions.enter_official_notice).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from lunar_python import Lunar, Solar

# Shown on every estimated day and wherever a date counted through one appears.
ESTIMATE_NOTE = "预计，以国务院办公厅公布的放假安排为准"
STATUTE = "《全国年节及纪念日放假办法》"


def _solar(lunar_year: int, month: int, day: int) -> date:
    s = Lunar.fromYmd(lunar_year, month, day).getSolar()
    return date(s.getYear(), s.getMonth(), s.getDay())


def qingming(year: int) -> date:
    """The day of the 清明 solar term in `year` (4 or 5 April)."""
    table = Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()
    s = table["清明"]
    return date(s.getYear(), s.getMonth(), s.getDay())


def statutory_holidays(year: int) -> list[tuple[date, str]]:
    """The days off of Art. 2 in `year`, in date order, each with the festival's name."""
    new_year = _solar(year, 1, 1)  # 正月初一
    days = [(date(year, 1, 1), "元旦")]
    days += [(new_year + timedelta(days=k), "春节") for k in (-1, 0, 1, 2)]  # 除夕 is the day before 初一
    days += [(qingming(year), "清明节"), (date(year, 5, 1), "劳动节"), (date(year, 5, 2), "劳动节")]
    days += [(_solar(year, 5, 5), "端午节"), (_solar(year, 8, 15), "中秋节")]
    days += [(date(year, 10, d), "国庆节") for d in (1, 2, 3)]
    return sorted(days)


def estimated_days(year: int) -> Iterator[tuple[date, bool, str]]:
    """(day, is_workday, note) for every day of `year`: the statutory holidays and their 补假 off, weekends off."""
    off: dict[date, str] = {}
    owed: list[tuple[date, str]] = []
    for day, name in statutory_holidays(year):
        if day in off or day.weekday() >= 5:
            owed.append((day, name))  # on a weekend, or the same day as another festival
        off.setdefault(day, f"{name}（预计）")
    # Placed after every festival day is known, so a 补假 never lands on a festival's own day.
    for day, name in owed:
        extra = day + timedelta(days=1)
        while extra.weekday() >= 5 or extra in off:
            extra += timedelta(days=1)
        off[extra] = f"{name}补假（预计）"
    d = date(year, 1, 1)
    while d.year == year:
        note = off.get(d, "")
        yield d, d.weekday() < 5 and d not in off, note
        d += timedelta(days=1)
