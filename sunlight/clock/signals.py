"""Dropping the cached calendar when a row changes in this process."""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

# Sent inside the transaction that replaced a year's provisional days (year=, official=, by=): the official
# notice entered (actions.enter_official_notice), an estimated year seeded from a newer chinesecalendar
# (official=True), or an old weekends-only guess replaced by the estimate (official=False). The domains whose
# clocks count on the calendar (requests today) re-compute their open deadlines after the commit; the kernel
# imports none of them.
official_notice_entered = Signal()
# Sent inside the transaction that changed one day (day=, by=): actions.set_workday, which the admin page, its bulk
# action and accepted proposals all call. The same domains re-count the open deadlines that run through that day.
workday_changed = Signal()


def calendar_changed(sender, **kwargs) -> None:
    from .calendar import invalidate

    # Now, so the rest of this transaction sees the change; and again after commit, in case
    # something rebuilt the cache in between from a half-finished state.
    invalidate()
    transaction.on_commit(invalidate)
