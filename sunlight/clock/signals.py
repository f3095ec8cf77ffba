"""Dropping the cached calendar when a row changes in this process."""

from __future__ import annotations

from django.db import transaction


def calendar_changed(sender, **kwargs) -> None:
    from .calendar import invalidate

    # Now, so the rest of this transaction sees the change; and again after commit, in case
    # something rebuilt the cache in between from a half-finished state.
    invalidate()
    transaction.on_commit(invalidate)
