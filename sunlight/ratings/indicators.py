"""The published indicators of 好差评, per org and per item (excluded ratings — appeals upheld — never count):

- 评价数: ratings counted;
- 满意率 = (非常满意 + 满意) / ratings;
- 差评数: ratings of level 1–2;
- 整改率 = 差评 rectified or reported / 差评;
- the average of each aspect.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet

from sunlight.catalog.models import ServiceItem
from sunlight.orgs.models import Org

from .models import ALL_ASPECTS, BAD_LEVELS, GOOD_LEVELS, Rating, Rectification


def counted() -> QuerySet[Rating]:
    return Rating.objects.filter(excluded=False)


def _rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Row:
    key: int
    name: str
    ratings: int
    satisfied: int
    bad: int
    rectified: int
    aspects: dict[str, Decimal] = field(default_factory=dict)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return _rate(self.satisfied, self.ratings)

    @property
    def rectification_rate(self) -> Decimal | None:
        return _rate(self.rectified, self.bad)

    def aspect_rows(self) -> list[tuple[str, Decimal]]:
        return [(str(ALL_ASPECTS[k]), v) for k, v in self.aspects.items()]

    def as_dict(self) -> dict:
        return {
            "id": self.key,
            "name": self.name,
            "ratings": self.ratings,
            "satisfied": self.satisfied,
            "bad": self.bad,
            "rectified": self.rectified,
            "satisfaction_rate": self.satisfaction_rate,
            "rectification_rate": self.rectification_rate,
            "aspects": dict(self.aspects),
        }


def _rows(by: str, names: dict[int, str], ratings: QuerySet[Rating]) -> list[Row]:
    done = Q(rectification__status__in=Rectification.DONE, level__in=BAD_LEVELS)
    grouped = (
        ratings.filter(**{f"{by}__isnull": False})
        .values(by)
        .annotate(
            n=Count("pk"),
            good=Count("pk", filter=Q(level__in=GOOD_LEVELS)),
            bad=Count("pk", filter=Q(level__in=BAD_LEVELS)),
            fixed=Count("pk", filter=done),
        )
        .order_by(by)
    )
    sums: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for key, aspects in ratings.filter(**{f"{by}__isnull": False}).values_list(by, "aspects").iterator():
        for name, value in (aspects or {}).items():
            if name in ALL_ASPECTS and isinstance(value, int):
                total = sums[key][name]
                total[0] += value
                total[1] += 1
    rows = []
    for g in grouped:
        key = g[by]
        averages = {
            name: (Decimal(sums[key][name][0]) / sums[key][name][1]).quantize(Decimal("0.01"), ROUND_HALF_UP)
            for name in ALL_ASPECTS
            if name in sums[key]
        }
        rows.append(Row(key, names.get(key, ""), g["n"], g["good"], g["bad"], g["fixed"], averages))
    rows.sort(key=lambda r: (-r.ratings, r.name))
    return rows


def by_org(ratings: QuerySet[Rating] | None = None) -> list[Row]:
    ratings = counted() if ratings is None else ratings
    ids = ratings.values_list("org_id", flat=True).distinct()
    names = dict(Org.objects.filter(pk__in=ids).values_list("pk", "name"))
    return _rows("org", names, ratings)


def by_item(ratings: QuerySet[Rating] | None = None) -> list[Row]:
    ratings = counted() if ratings is None else ratings
    ids = ratings.filter(item__isnull=False).values_list("item_id", flat=True).distinct()
    names = dict(ServiceItem.objects.filter(pk__in=ids).values_list("pk", "name"))
    return _rows("item", names, ratings)


def org_row(org: Org) -> Row | None:
    rows = by_org(counted().filter(org=org))
    return rows[0] if rows else None
