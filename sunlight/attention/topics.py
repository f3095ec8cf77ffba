"""Hot topics (民意热点) of a month: the keywords letters carried most that month, weighed against the three months
before, with bursts; the trend of a keyword; the published letters behind it. Read from the daily counts only."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Sum
from django.db.models.functions import TruncMonth

from sunlight.letters.models import Letter
from sunlight.monthly.figures import month_bounds

from .models import LetterSketch, TermDay

CANDIDATES = 300  # the month's most frequent words weighed against their baseline
BASELINE_MONTHS = 3
BURST_LIFT, BURST_MIN = 3.0, 5


@dataclass
class Topic:
    term: str
    count: int
    baseline: float  # the average month of the three before
    weight: float
    burst: bool


def months_before(year: int, month: int, n: int) -> tuple[date, date]:
    y, m = year, month - n
    while m < 1:
        y, m = y - 1, m + 12
    return month_bounds(y, m)[0], month_bounds(year, month)[0] - timedelta(days=1)


def hot_topics(year: int, month: int, scope: str = "all", limit: int = 20) -> list[Topic]:
    start, end = month_bounds(year, month)
    current = list(
        TermDay.objects.filter(scope=scope, day__gte=start, day__lte=end)
        .values("term")
        .annotate(n=Sum("n"))
        .order_by("-n", "term")[:CANDIDATES]
    )
    if not current:
        return []
    b_start, b_end = months_before(year, month, BASELINE_MONTHS)
    base = dict(
        TermDay.objects.filter(scope=scope, term__in=[r["term"] for r in current], day__gte=b_start, day__lte=b_end)
        .values("term")
        .annotate(n=Sum("n"))
        .values_list("term", "n")
    )
    topics = []
    for row in current:
        c, b = row["n"], base.get(row["term"], 0) / BASELINE_MONTHS
        lift = (c + 1) / (b + 1)
        topics.append(
            Topic(row["term"], c, round(b, 1), round(c * math.log(lift + 1), 1), c >= BURST_MIN and lift >= BURST_LIFT)
        )
    topics.sort(key=lambda t: (-t.weight, t.term))
    return topics[:limit]


def trend(terms: list[str], year: int, month: int, scope: str = "all", months: int = 12) -> dict:
    """{"months": ["2026-01", …], "series": {term: [n, …]}} for the months up to the given one."""
    start, _ = months_before(year, month, months - 1)
    end = month_bounds(year, month)[1]
    rows = (
        TermDay.objects.filter(scope=scope, term__in=terms, day__gte=start, day__lte=end)
        .annotate(m=TruncMonth("day"))
        .values("term", "m")
        .annotate(n=Sum("n"))
    )
    labels = []
    y, m = start.year, start.month
    for _i in range(months):
        labels.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    series = {t: [0] * months for t in terms}
    for r in rows:
        key = f"{r['m'].year}-{r['m'].month:02d}"
        if key in labels:
            series[r["term"]][labels.index(key)] = r["n"]
    return {"months": labels, "series": series}


def letters_behind(term: str, year: int, month: int, *, published_only: bool = True, limit: int = 200):
    start, end = month_bounds(year, month)
    ids = LetterSketch.objects.filter(day__gte=start, day__lte=end, terms__contains=f" {term} ").values("letter_id")
    rows = Letter.objects.filter(pk__in=ids).select_related("replied_by_org", "mailbox")
    if published_only:
        rows = rows.filter(is_published=True)
    return rows.order_by("-received_on", "-pk")[:limit]
