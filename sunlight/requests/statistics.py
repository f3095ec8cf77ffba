"""Public statistics of disclosure on request (依申请公开) per agency and year: counts only, never a person.

For one org (or a government with everything below it) and one year: requests received, requests
closed and their outcome categories (the six of the annual report), the on-time rate, the average
working days from receipt to reply, and what is open now; the same split into 自然人 and 法人或其他组织.
A handful of GROUP BY queries, whatever the number of requests; the working days are counted on the
official calendar (its prefix sums, O(1) per pair) from (receipt, reply) pairs grouped in the database —
never a query per request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db.models import Count, F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from sunlight.clock.calendar import CalendarNotLoaded, get_calendar
from sunlight.errors import SunlightError
from sunlight.ints import ascii_int
from sunlight.orgs.models import Org

from .models import ApplicantType, InfoRequest, Outcome
from .report import open_on_q
from .roles import HANDLING_KINDS

# The 2007 regulation took effect on 1 May 2008: no disclosure request statistics before that year.
MIN_YEAR = 2008
NATURAL_PERSON = "natural_person"
# Requests do not bump a portal revision, so the figures are cached for a short while only: a reply
# shows in the statistics within this many seconds.
CACHE_SECONDS = 300
CLOSED = InfoRequest.Status.CLOSED


@dataclass
class Figures:
    """The numbers of one applicant group (or all) in one year."""

    received: int = 0
    closed: int = 0
    on_time: int = 0
    open_now: int = 0  # 正在办理 on Stats.as_of (report.open_on_q: the report's 结转下年度 on 31 December)
    by_category: dict[str, int] = field(default_factory=dict)  # Outcome.Category value → closed in the year
    working_days: int = 0  # summed over `timed` closed requests
    timed: int = 0

    @property
    def on_time_rate(self) -> float | None:
        """Percent of the year's closed requests answered on or before their deadline (None: nothing closed)."""
        return round(100 * self.on_time / self.closed, 1) if self.closed else None

    @property
    def average_working_days(self) -> float | None:
        return round(self.working_days / self.timed, 1) if self.timed else None

    def categories(self) -> list[tuple[str, str, int]]:
        """(code, label, count) for the six outcome categories in report order."""
        return [(value, str(label), self.by_category.get(value, 0)) for value, label in Outcome.Category.choices]

    def as_dict(self) -> dict:
        return {
            "received": self.received,
            "closed": self.closed,
            "on_time": self.on_time,
            "on_time_rate": self.on_time_rate,
            "average_working_days": self.average_working_days,
            "open_now": self.open_now,
            "by_outcome": [{"category": c, "label": label, "count": n} for c, label, n in self.categories()],
        }


@dataclass
class Stats:
    org_id: int
    org_name: str
    year: int
    subtree: bool
    as_of: date  # the last day counted: 31 December, or today in the current year
    total: Figures
    natural: Figures  # 自然人
    organization: Figures  # 法人或其他组织

    def groups(self) -> list[tuple[str, Figures]]:
        return [("total", self.total), ("natural", self.natural), ("organization", self.organization)]

    def as_dict(self) -> dict:
        return {
            "org": {"id": self.org_id, "name": self.org_name},
            "year": self.year,
            "subtree": self.subtree,
            "as_of": self.as_of.isoformat(),
            **{name: f.as_dict() for name, f in self.groups()},
        }


def _natural_type_ids() -> set[int]:
    return set(
        ApplicantType.objects.filter(Q(code=NATURAL_PERSON) | Q(parent__code=NATURAL_PERSON)).values_list(
            "pk", flat=True
        )
    )


def _count_working_days(pairs: list[tuple[date, date, int]]) -> tuple[int, int]:
    """(sum of working days in (received, replied], how many requests counted) for (received, replied, n) rows.

    The calendar answers each pair from its prefix sums in O(1); pairs outside the loaded calendar (or with a
    gap in it) are left out rather than guessed."""
    cal = get_calendar()
    total = counted = 0
    for received, replied, n in pairs:
        if replied < received:
            continue  # bad data: not counted
        try:
            total += cal.working_days_between(received, replied) * n
        except CalendarNotLoaded:
            continue
        counted += n
    return total, counted


def org_statistics(org: Org, year: int, *, subtree: bool = False) -> Stats:
    """The year's figures for `org` (with subtree=True: the org and every org below it)."""
    today = timezone.localdate()
    start, end = date(year, 1, 1), date(year, 12, 31)
    if subtree:
        base = InfoRequest.objects.filter(org_id__in=org.subtree().values("pk"))
    else:
        base = InfoRequest.objects.filter(org_id=org.pk)
    base = base.order_by()
    natural = _natural_type_ids()
    out = {"total": Figures(), "natural": Figures(), "organization": Figures()}

    def targets(type_id: int) -> tuple[Figures, Figures]:
        return out["total"], out["natural" if type_id in natural else "organization"]

    for row in base.filter(received_on__range=(start, end)).values("applicant_type_id").annotate(n=Count("*")):
        for f in targets(row["applicant_type_id"]):
            f.received += row["n"]
    as_of = min(end, today)
    # What was being handled on the last day counted (today, or 31 December of a past year): the same definition as
    # the annual report's 结转下年度继续办理, so both say the same for the same scope and day.
    for row in base.filter(open_on_q(as_of)).values("applicant_type_id").annotate(n=Count("*")):
        for f in targets(row["applicant_type_id"]):
            f.open_now += row["n"]
    closed = base.filter(status=CLOSED, replied_on__range=(start, end))
    # A request closed while its clock was stopped (due_on empty) was not late.
    on_time = Q(due_on__isnull=True) | Q(replied_on__lte=F("due_on"))
    for row in closed.values("applicant_type_id", "outcome__category").annotate(
        n=Count("*"), on_time=Count("id", filter=on_time)
    ):
        for f in targets(row["applicant_type_id"]):
            f.closed += row["n"]
            f.on_time += row["on_time"]
            if row["outcome__category"]:
                f.by_category[row["outcome__category"]] = f.by_category.get(row["outcome__category"], 0) + row["n"]
    pairs: dict[str, list[tuple[date, date, int]]] = {"natural": [], "organization": []}
    for row in closed.values("applicant_type_id", "received_on", "replied_on").annotate(n=Count("*")):
        group = "natural" if row["applicant_type_id"] in natural else "organization"
        pairs[group].append((row["received_on"], row["replied_on"], row["n"]))
    for group, rows in pairs.items():
        out[group].working_days, out[group].timed = _count_working_days(rows)
    out["total"].working_days = out["natural"].working_days + out["organization"].working_days
    out["total"].timed = out["natural"].timed + out["organization"].timed
    return Stats(
        org_id=org.pk,
        org_name=org.name,
        year=year,
        subtree=subtree,
        as_of=as_of,
        total=out["total"],
        natural=out["natural"],
        organization=out["organization"],
    )


def cached_statistics(org: Org, year: int, *, subtree: bool = False) -> Stats:
    """org_statistics, kept CACHE_SECONDS (and never past midnight: today is in the key)."""
    key = f"requests:stats:{org.pk}:{year}:{int(subtree)}:{timezone.localdate().isoformat()}"
    stats = cache.get(key)
    if stats is None:
        stats = org_statistics(org, year, subtree=subtree)
        cache.set(key, stats, CACHE_SECONDS)
    return stats


# --- reading the query string (shared by the page and the API) ------------------------------------


def handling_orgs():
    """The agencies that handle requests, in tree order (the page's choice)."""
    return Org.objects.filter(is_active=True, kind__in=HANDLING_KINDS).order_by("path", "sort_order")


def root_government() -> Org | None:
    """The government at the top of the tree (the city in a city's deployment): what the statistics open on."""
    return handling_orgs().filter(kind=Org.Kind.GOVERNMENT).order_by("depth", "sort_order", "pk").first()


def parse_year(value: str | None) -> int:
    """The year asked for; empty means the current year. Anything else than a year in range is refused (400)."""
    current = timezone.localdate().year
    if value is None or not str(value).strip():
        return current
    year = ascii_int(str(value).strip(), max_digits=4)
    if year is None or not MIN_YEAR <= year <= current:
        raise SunlightError(
            gettext("年份须为 %(first_year)s 至 %(current)s 之间的四位数字。")
            % {"first_year": MIN_YEAR, "current": current},
            code="bad_year",
        )
    return year


def find_org(value: str | None) -> Org | None:
    """The org asked for (None when not given); a malformed id is a 400, an unknown one a 404."""
    if value is None or not str(value).strip():
        return None
    pk = ascii_int(str(value).strip())
    if pk is None:
        raise SunlightError(gettext("机关编号格式不正确。"), code="bad_org")
    org = handling_orgs().filter(pk=pk).first()
    if org is None:
        raise Http404(gettext("没有该受理机关。"))
    return org
