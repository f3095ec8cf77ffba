"""The public figures of the mailboxes, as national website inspection asks them: letters received and answered,
answered on time, days to answer, unanswered past the 3-month line, satisfaction — by month, no person named."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractMonth

from .models import Letter

VALID = ~Q(status=Letter.Status.REFUSED)


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def year_figures(year: int, today: date) -> dict:
    rows = Letter.objects.filter(received_on__year=year)
    t = rows.aggregate(
        received=Count("pk"),
        valid=Count("pk", filter=VALID),
        answered=Count("pk", filter=Q(status__in=Letter.ANSWERED)),
        on_time=Count("pk", filter=Q(status__in=Letter.ANSWERED, replied_on__lte=F("due_on"))),
        rated=Count("pk", filter=~Q(rating="")),
        satisfied=Count("pk", filter=Q(rating__in=[Letter.Rating.SATISFIED, Letter.Rating.BASIC])),
        overdue_3m=Count(
            "pk",
            filter=Q(status__in=Letter.OPEN, received_on__lt=today - timedelta(days=settings.LETTERS_MAX_DAYS)),
        ),
    )
    t["on_time_rate"] = _rate(t["on_time"], t["answered"])
    t["answer_rate"] = _rate(t["answered"], t["valid"])
    t["satisfaction_rate"] = _rate(t["satisfied"], t["rated"])
    months = (
        rows.annotate(m=ExtractMonth("received_on"))
        .values("m")
        .annotate(
            received=Count("pk"),
            answered=Count("pk", filter=Q(status__in=Letter.ANSWERED)),
            on_time=Count("pk", filter=Q(status__in=Letter.ANSWERED, replied_on__lte=F("due_on"))),
        )
        .order_by("m")
    )
    t["months"] = list(months)
    t["by_type"] = list(rows.values("type").annotate(n=Count("pk")).order_by("-n"))
    labels = dict(Letter.Type.choices)
    for row in t["by_type"]:
        row["label"] = labels.get(row["type"], row["type"])
    return t
