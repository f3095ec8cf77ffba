"""Queries shared by the pages and the API: the staff queue's order, the deadline changes the applicant sees."""

from __future__ import annotations

from datetime import date

from django.db.models import F, QuerySet

from sunlight.events.log import events_for

from .actions.deadlines import VERB as DEADLINE_RECOMPUTED
from .models import InfoRequest

S = InfoRequest.Status


class OpenFirst:
    """The default order — open requests by deadline (paused ones last), then closed ones — as two
    index scans instead of sorting every row of the agency: what Paginator needs (count, slices)."""

    ORDER = (F("due_on").asc(nulls_last=True), "received_on", "pk")

    def __init__(self, qs: QuerySet[InfoRequest], *, n_open: int | None = None, n_closed: int | None = None) -> None:
        """n_open / n_closed: the sizes of the two parts when the caller has counted them already (the queue's
        tab counts), which saves a COUNT over every open request of the agency."""
        self.open = qs.exclude(status=S.CLOSED).order_by(*self.ORDER)
        self.closed = qs.filter(status=S.CLOSED).order_by(*self.ORDER)
        self._n_open, self._n_closed = n_open, n_closed

    @property
    def n_open(self) -> int:
        if self._n_open is None:
            self._n_open = self.open.count()
        return self._n_open

    def count(self) -> int:
        if self._n_closed is None:
            self._n_closed = self.closed.count()
        return self.n_open + self._n_closed

    def __getitem__(self, part: slice) -> list[InfoRequest]:
        start, stop = part.start or 0, part.stop
        rows = list(self.open[start : min(stop, self.n_open)]) if start < self.n_open else []
        if stop > self.n_open:
            rows += list(self.closed[max(0, start - self.n_open) : stop - self.n_open])
        return rows


def deadline_changes(info_request: InfoRequest) -> list[dict]:
    """What the applicant's status page lists: each re-computed deadline, oldest first."""
    out = []
    for event in events_for(info_request).filter(verb=DEADLINE_RECOMPUTED).order_by("seq"):
        data = event.data or {}
        out.append(
            {
                "at": event.at,
                "before": date.fromisoformat(data["before"]) if data.get("before") else None,
                "after": date.fromisoformat(data["after"]) if data.get("after") else None,
                "year": data.get("year"),
                "why": data.get("why") or "",
            }
        )
    return out
