"""Section 三 of the annual report (国办公开办函〔2021〕30号): the request table, counted from the records.

Rows: 一 new this year, 二 carried over from last year, 三 this year's results by outcome (the
Outcome table's rows), 四 carried over to next year; columns: the applicant types (自然人, the five
kinds of 法人或其他组织) and 总计. A request counts in the year's table when it was received by
31 December and not answered before 1 January; it is new or carried in by its receipt date, and
answered or carried out by its reply date, so 一 + 二 = 三 + 四 holds in every column by
construction (`RequestTable.balanced` checks it anyway, and the report refuses to print without it).

One aggregate query per table, grouped by applicant type and outcome: the cost does not depend on
how many requests there are beyond what the database's GROUP BY costs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet

from .models import ApplicantType, InfoRequest, Outcome

TOTAL = "total"
ORGANIZATION = "organization"  # the column group header; a request typed only so counts as 其他
OTHER_ORGANIZATION = "other_organization"


@dataclass
class RequestTable:
    year: int
    columns: list[ApplicantType]  # the leaf columns in report order (总计 is added by the template)
    new: dict[str, int] = field(default_factory=dict)  # 一
    carried_in: dict[str, int] = field(default_factory=dict)  # 二
    results: dict[int, dict[str, int]] = field(default_factory=dict)  # 三: outcome id → column → count
    carried_out: dict[str, int] = field(default_factory=dict)  # 四

    def results_total(self, column: str) -> int:
        return sum(by_column.get(column, 0) for by_column in self.results.values())

    @property
    def balanced(self) -> bool:
        """一 + 二 = 三 + 四 in every column and in the total."""
        keys = [c.code for c in self.columns] + [TOTAL]
        return all(
            self.new.get(k, 0) + self.carried_in.get(k, 0) == self.results_total(k) + self.carried_out.get(k, 0)
            for k in keys
        )


def open_on_q(day: date) -> Q:
    """正在办理 on `day`: received by that day and not answered by it. The one definition behind the report's
    四、结转下年度继续办理 (on 31 December) and the public statistics' 正在办理 (on the day they count to), so the
    two figures agree for the same scope and day."""
    return Q(received_on__lte=day) & (Q(replied_on__isnull=True) | Q(replied_on__gt=day))


def _column(code: str) -> str:
    return OTHER_ORGANIZATION if code == ORGANIZATION else code


def request_table(requests: QuerySet[InfoRequest], year: int) -> RequestTable:
    """The table for `requests` (an org's, or a government's subtree's) in `year`."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    in_year = requests.filter(received_on__lte=end).filter(Q(replied_on__isnull=True) | Q(replied_on__gte=start))
    rows = (
        in_year.values("applicant_type__code", "outcome_id")
        .annotate(
            new=Count("id", filter=Q(received_on__gte=start)),
            carried_in=Count("id", filter=Q(received_on__lt=start)),
            answered=Count("id", filter=Q(replied_on__lte=end)),
            carried_out=Count("id", filter=open_on_q(end)),
        )
        .order_by()
    )
    table = RequestTable(year=year, columns=list(ApplicantType.objects.filter(children__isnull=True).order_by("order")))
    new, carried_in, carried_out = defaultdict(int), defaultdict(int), defaultdict(int)
    results: dict[int, dict[str, int]] = {o.pk: defaultdict(int) for o in Outcome.objects.order_by("order")}
    for row in rows:
        for column in (_column(row["applicant_type__code"]), TOTAL):
            new[column] += row["new"]
            carried_in[column] += row["carried_in"]
            carried_out[column] += row["carried_out"]
            if row["answered"]:
                results.setdefault(row["outcome_id"], defaultdict(int))[column] += row["answered"]
    table.new, table.carried_in, table.carried_out = dict(new), dict(carried_in), dict(carried_out)
    table.results = {pk: dict(by_column) for pk, by_column in results.items()}
    return table
