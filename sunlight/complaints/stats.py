"""The counts of complaints: by outcome, the on-time rate, by month; per org and month for staff. Aggregates only:
nothing here names a complainant or a member of staff."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from .models import Complaint

C = Complaint.Conclusion


@dataclass
class Row:
    """One line of figures: every complaint received in it, how they ended, and how many were concluded on time."""

    label: str = ""
    total: int = 0
    open: int = 0
    upheld: int = 0
    partly: int = 0
    not_upheld: int = 0
    on_time: int = 0
    keys: dict = field(default_factory=dict)

    @property
    def concluded(self) -> int:
        return self.upheld + self.partly + self.not_upheld

    @property
    def on_time_rate(self) -> Decimal | None:
        """Share of the concluded complaints concluded within the limit, as a percentage with one decimal."""
        if not self.concluded:
            return None
        return (Decimal(100 * self.on_time) / self.concluded).quantize(Decimal("0.1"), ROUND_HALF_UP)


FIGURES = {
    "total": Count("pk"),
    "open": Count("pk", filter=Q(status__in=Complaint.OPEN)),
    "upheld": Count("pk", filter=Q(conclusion=C.UPHELD)),
    "partly": Count("pk", filter=Q(conclusion=C.PARTLY)),
    "not_upheld": Count("pk", filter=Q(conclusion=C.NOT_UPHELD)),
    "on_time": Count("pk", filter=Q(status=Complaint.Status.CONCLUDED, on_time=True)),
}


def _row(values: dict, label: str = "", **keys) -> Row:
    return Row(label=label, keys=keys, **{name: values.get(name) or 0 for name in FIGURES})


def totals(rows: QuerySet[Complaint]) -> Row:
    return _row(rows.aggregate(**FIGURES))


def by_month(rows: QuerySet[Complaint]) -> list[Row]:
    """Per month received, newest first."""
    grouped = rows.annotate(month=TruncMonth("received_on")).values("month").annotate(**FIGURES).order_by("-month")
    return [_row(g, g["month"].strftime("%Y-%m"), month=g["month"]) for g in grouped]


def by_org_and_month(rows: QuerySet[Complaint]) -> list[Row]:
    """Per org complained about and month received: the org in tree order, months newest first."""
    grouped = (
        rows.annotate(month=TruncMonth("received_on"))
        .values("org_id", "org__name", "org__path", "month")
        .annotate(**FIGURES)
        .order_by("org__path", "-month")
    )
    return [_row(g, g["org__name"], org=g["org_id"], month=g["month"].strftime("%Y-%m")) for g in grouped]
