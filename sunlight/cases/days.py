"""Today, as the acts of a case see it. Always the real date, except inside `acting_on(day)`, which only code can
enter (the demo builds its history with the dates each act would have had; no request can set it)."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time

from django.utils import timezone

_day: contextvars.ContextVar[date | None] = contextvars.ContextVar("cases_acting_on", default=None)


def today() -> date:
    return _day.get() or timezone.localdate()


def now() -> datetime:
    day = _day.get()
    if day is None:
        return timezone.now()
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


@contextmanager
def acting_on(day: date) -> Iterator[None]:
    token = _day.set(day)
    try:
        yield
    finally:
        _day.reset(token)
