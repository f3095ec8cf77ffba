"""What a month's report counts, read from the disclosure and request records (nothing is stored twice)."""

from __future__ import annotations

import calendar
from dataclasses import asdict, dataclass
from datetime import date

from django.db.models import F

from sunlight.disclosure.queries import public_documents
from sunlight.orgs.models import Org
from sunlight.requests.models import InfoRequest


@dataclass(frozen=True)
class MonthFigures:
    documents_published: int
    requests_received: int
    requests_replied: int
    replied_late: int
    open_at_month_end: int

    def as_fields(self) -> dict[str, int]:
        return asdict(self)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def count_month(org: Org, year: int, month: int) -> MonthFigures:
    first, last = month_bounds(year, month)
    requests = InfoRequest.objects.filter(org=org)
    replied = requests.filter(replied_on__range=(first, last))
    return MonthFigures(
        documents_published=public_documents().filter(publisher=org, published_at__date__range=(first, last)).count(),
        requests_received=requests.filter(received_on__range=(first, last)).count(),
        requests_replied=replied.count(),
        replied_late=replied.filter(due_on__isnull=False, replied_on__gt=F("due_on")).count(),
        # Received by the month's end and not replied by then (a later reply does not rewrite the month).
        open_at_month_end=requests.filter(received_on__lte=last)
        .exclude(replied_on__lte=last)
        .exclude(status=InfoRequest.Status.CLOSED, replied_on__isnull=True)
        .count(),
    )
