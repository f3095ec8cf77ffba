"""The indicators (services-and-supervision.md), each with its formula, over an org's subtree and a period:

- 按时办结率 = cases decided within the statutory limit / cases decided;
- 承诺提速率 = (statutory − promised) / statutory, averaged over the cases decided;
- 实际提速率 = (statutory − working days used) / statutory, averaged;
- 满意率 = (非常满意 + 满意) / ratings (appealed-away ratings excluded);
- 差评整改率 = 差评 rectified / 差评;
- 每百件红黄牌 = cards found / cases received × 100;
- 依申请公开按时答复率 = requests answered by their deadline / requests answered.

The same function gives a figure, a ranking (grouped by org) and a distribution (grouped by item)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, ExpressionWrapper, F, FloatField, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from sunlight.monthly.figures import month_bounds
from sunlight.orgs.models import Org, Region
from sunlight.ratings.models import Rating

from .models import Alert, Kind, Severity, Watch

FORMULAS = {
    "on_time": _("按时办结率 = 在法定期限内办结的办件数 ÷ 办结的办件数"),
    "promised_speedup": _("承诺提速率 = (法定时限 − 承诺时限) ÷ 法定时限，按办结办件平均"),
    "actual_speedup": _("实际提速率 = (法定时限 − 实际用时) ÷ 法定时限，按办结办件平均"),
    "satisfaction": _("满意率 = (非常满意 + 满意) ÷ 评价总数（申诉成立的评价不计）"),
    "rectified": _("差评整改率 = 已整改的差评 ÷ 差评总数"),
    "cards": _("每百件红黄牌 = 红牌、黄牌数 ÷ 受理办件数 × 100"),
    "requests_on_time": _("依申请公开按时答复率 = 在答复期限内答复的申请 ÷ 已答复的申请"),
}
LABELS = {
    "on_time": _("按时办结率"),
    "promised_speedup": _("承诺提速率"),
    "actual_speedup": _("实际提速率"),
    "satisfaction": _("满意率"),
    "rectified": _("差评整改率"),
    "cards": _("每百件红黄牌"),
    "requests_on_time": _("依申请公开按时答复率"),
}


@dataclass
class Figure:
    code: str
    value: float | None  # a rate 0–100, or cards per 100 cases
    numerator: float
    denominator: int

    @property
    def label(self):
        return LABELS[self.code]

    @property
    def formula(self):
        return FORMULAS[self.code]


def subtree(org: Org) -> Q:
    return Q(org__path__startswith=org.path)


def closed_cases(org: Org, start: date, end: date) -> QuerySet[Watch]:
    return Watch.objects.filter(subtree(org), kind=Kind.CASE, open=False, closed_on__gte=start, closed_on__lte=end)


def _rate(num: float, den: int) -> float | None:
    return round(100 * num / den, 1) if den else None


def _by_org(qs, **aggregates) -> dict[int, dict]:
    return {row.pop("org_id"): row for row in qs.values("org_id").order_by().annotate(**aggregates)}


def counts_by_org(org: Org, start: date, end: date) -> dict[int, Counter]:
    """Every count behind the figures, per org of the subtree: a handful of grouped queries whatever the number of
    orgs, summed up the tree by `figures_of` (an org's figures) and `ranking` (its children's)."""
    speed = ExpressionWrapper((F("limit_days") - F("promised_days")) * 1.0 / F("limit_days"), FloatField())
    actual = ExpressionWrapper((F("limit_days") - F("used_days")) * 1.0 / F("limit_days"), FloatField())
    timed = Q(limit_days__gt=0)
    out: dict[int, Counter] = defaultdict(Counter)
    parts = [
        _by_org(
            closed_cases(org, start, end).filter(on_time__isnull=False),
            decided=Count("pk"),
            on_time=Count("pk", filter=Q(on_time=True)),
            timed=Count("pk", filter=timed),
            promised_sum=Sum(speed, filter=timed),
            used=Count("pk", filter=timed & Q(used_days__isnull=False)),
            actual_sum=Sum(actual, filter=timed & Q(used_days__isnull=False)),
        ),
        _by_org(
            Rating.objects.filter(subtree(org), excluded=False, created_at__date__gte=start, created_at__date__lte=end),
            ratings=Count("pk"),
            good=Count("pk", filter=Q(level__gte=4)),
            bad=Count("pk", filter=Q(level__lte=2)),
            fixed=Count("pk", filter=Q(level__lte=2, rectification__rectified_at__isnull=False)),
        ),
        _by_org(
            Watch.objects.filter(subtree(org), kind=Kind.CASE, opened_on__gte=start, opened_on__lte=end),
            received=Count("pk"),
        ),
        _by_org(
            Alert.objects.filter(
                subtree(org),
                found_on__gte=start,
                found_on__lte=end,
                severity__in=[Severity.YELLOW_CARD, Severity.RED_CARD],
            ).exclude(status=Alert.Status.WITHDRAWN),
            cards=Count("pk"),
        ),
        _by_org(
            Watch.objects.filter(
                subtree(org),
                kind=Kind.REQUEST,
                open=False,
                closed_on__gte=start,
                closed_on__lte=end,
                on_time__isnull=False,
            ),
            answered=Count("pk"),
            answered_on_time=Count("pk", filter=Q(on_time=True)),
        ),
    ]
    for part in parts:
        for org_id, row in part.items():
            out[org_id].update({k: v or 0 for k, v in row.items()})
    return out


def figures_of(c: Counter) -> dict[str, Figure]:
    return {
        "on_time": Figure("on_time", _rate(c["on_time"], c["decided"]), c["on_time"], c["decided"]),
        "promised_speedup": Figure("promised_speedup", _rate(c["promised_sum"], c["timed"]), 0, c["timed"]),
        "actual_speedup": Figure("actual_speedup", _rate(c["actual_sum"], c["used"]), 0, c["used"]),
        "satisfaction": Figure("satisfaction", _rate(c["good"], c["ratings"]), c["good"], c["ratings"]),
        "rectified": Figure("rectified", _rate(c["fixed"], c["bad"]), c["fixed"], c["bad"]),
        "cards": Figure("cards", _rate(c["cards"], c["received"]), c["cards"], c["received"]),
        "requests_on_time": Figure(
            "requests_on_time", _rate(c["answered_on_time"], c["answered"]), c["answered_on_time"], c["answered"]
        ),
    }


def _sum(counts: dict[int, Counter], org_ids) -> Counter:
    total: Counter = Counter()
    for org_id in org_ids:
        total.update(counts.get(org_id, Counter()))
    return total


def figures(org: Org, start: date, end: date, counts: dict[int, Counter] | None = None) -> dict[str, Figure]:
    counts = counts_by_org(org, start, end) if counts is None else counts
    return figures_of(_sum(counts, counts))


def ranking(org: Org, start: date, end: date, counts: dict[int, Counter] | None = None) -> list[dict]:
    """The org's direct children (departments, districts), each with its subtree's figures, best on-time first."""
    counts = counts_by_org(org, start, end) if counts is None else counts
    paths = dict(Org.objects.filter(pk__in=list(counts)).values_list("pk", "path"))
    rows = []
    for child in Org.objects.filter(parent=org, is_active=True).order_by("sort_order", "pk"):
        c = _sum(counts, [pk for pk, path in paths.items() if path.startswith(child.path)])
        if c["decided"] or c["ratings"] or c["received"]:
            rows.append({"org": child, "figures": figures_of(c)})
    rows.sort(key=lambda r: (-(r["figures"]["on_time"].value or -1), -(r["figures"]["satisfaction"].value or -1)))
    for i, row in enumerate(rows, 1):
        row["rank"] = i
    return rows


def by_item(org: Org, start: date, end: date, limit: int = 50) -> list[dict]:
    """The distribution: the on-time rate per item, worst first (not only the average)."""
    rows = (
        closed_cases(org, start, end)
        .filter(on_time__isnull=False, item__isnull=False)
        .values("item_id", "item__name")
        .annotate(n=Count("pk"), ok=Count("pk", filter=Q(on_time=True)), used=Avg("used_days"), limit=Avg("limit_days"))
        .order_by("item__name")
    )
    out = [
        {
            "item_id": r["item_id"],
            "name": r["item__name"],
            "n": r["n"],
            "ok": r["ok"],
            "rate": _rate(r["ok"], r["n"]),
            "used": round(r["used"] or 0, 1),
            "limit": round(r["limit"] or 0, 1),
        }
        for r in rows
    ]
    out.sort(key=lambda r: (r["rate"] if r["rate"] is not None else 101, -r["n"]))
    return out[:limit]


def monthly(org: Org, months: list[tuple[date, date]]) -> list[dict]:
    return [{"start": s, "end": e, "figures": figures(org, s, e)} for s, e in months]


def by_level(org: Org, start: date, end: date, counts: dict[int, Counter] | None = None) -> list[dict]:
    """The figures per level of government (市级 · 县区级 · 乡镇街道级 · 村社区级) within the org's subtree."""
    counts = counts_by_org(org, start, end) if counts is None else counts
    levels: dict[int, Counter] = defaultdict(Counter)
    names = dict(Region.Level.choices)
    for pk, level in Org.objects.filter(pk__in=list(counts)).values_list("pk", "region__level"):
        levels[level].update(counts[pk])
    return [{"level": names.get(lv, lv), "figures": figures_of(c)} for lv, c in sorted(levels.items())]


def months_back(end: date, n: int) -> list[tuple[date, date]]:
    """The n months ending with end's month, oldest first."""
    out = []
    y, m = end.year, end.month
    for _i in range(n):
        first, last = month_bounds(y, m)
        out.append((first, min(last, end)))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return list(reversed(out))
