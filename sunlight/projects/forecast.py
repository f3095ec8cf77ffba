"""The stage forecast: when the current stage and the whole approval are expected to end, from the clocks and
the historic working days of each department's item (median and 90th percentile, refreshed nightly into
DurationStat). An item or stage with no history is expected to take its limit."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from sunlight.cases import days
from sunlight.cases.models import Case, HandlingWay
from sunlight.clock.calendar import get_calendar

from .models import DurationStat, Project, StageApplication

DELIVERY_DAYS = 1  # the lead window's unified delivery after the last decision


def _p90(values: list[int]) -> float:
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))])


def _stat(key: str, values: list[int]) -> DurationStat:
    return DurationStat(key=key, samples=len(values), median=float(statistics.median(values)), p90=_p90(values))


def refresh_durations() -> int:
    """Recompute every item's and every stage's historic working days. Returns the rows written."""
    cal = get_calendar()
    by_item: dict[int, list[int]] = {}
    decided = Case.objects.filter(way=HandlingWay.JOINT, decided_on__isnull=False, accepted_on__isnull=False)
    for item_id, accepted, decided_on in decided.values_list("item_id", "accepted_on", "decided_on").iterator():
        by_item.setdefault(item_id, []).append(cal.between(accepted, decided_on, "working"))
    by_stage: dict[int, list[int]] = {}
    delivered = StageApplication.objects.filter(status=StageApplication.Status.DELIVERED, working_days__isnull=False)
    for stage_id, n in delivered.values_list("stage_id", "working_days").iterator():
        by_stage.setdefault(stage_id, []).append(n)
    rows = [_stat(f"item:{k}", v) for k, v in by_item.items()] + [_stat(f"stage:{k}", v) for k, v in by_stage.items()]
    with transaction.atomic():
        DurationStat.objects.all().delete()
        DurationStat.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


@dataclass
class Expected:
    median: date
    p90: date


@dataclass
class ChildForecast:
    case: Case
    expected: Expected | None  # None once decided
    samples: int


@dataclass
class StageForecast:
    name: str
    status: str  # done / current / waiting
    due_on: date | None
    expected: Expected
    basis: str  # "history" or "limit"
    children: list[ChildForecast] = field(default_factory=list)


@dataclass
class ProjectForecast:
    stages: list[StageForecast]
    expected: Expected | None  # the whole approval


def _later(a: Expected, b: Expected) -> Expected:
    return Expected(max(a.median, b.median), max(a.p90, b.p90))


def _child(case: Case, stats: dict[str, DurationStat], today: date) -> ChildForecast:
    cal = get_calendar()
    if case.status in (Case.Status.DECIDED, Case.Status.DELIVERED):
        return ChildForecast(case, None, 0)
    stat = stats.get(f"item:{case.item_id}")
    elapsed = cal.between(case.accepted_on, today, "working") if case.accepted_on else 0
    if stat is None or not stat.samples:
        due = case.promised_due_on or case.due_on or today
        return ChildForecast(case, Expected(max(due, today), max(case.due_on or due, today)), 0)
    median = cal.add(today, max(0, round(stat.median) - elapsed), "working")
    p90 = cal.add(today, max(0, round(stat.p90) - elapsed), "working")
    return ChildForecast(case, Expected(median, max(p90, median)), stat.samples)


def project_forecast(project: Project) -> ProjectForecast:
    today = days.today()
    cal = get_calendar()
    applications = {a.stage_id: a for a in project.applications.exclude(status=StageApplication.Status.NOT_ACCEPTED)}
    stages = list(project.pathway.stages.all())
    keys = [f"stage:{s.pk}" for s in stages]
    links = []
    current = next((a for a in applications.values() if a.status == StageApplication.Status.ACCEPTED), None)
    if current is not None:
        links = list(current.children.select_related("case", "case__item", "case__org"))
        keys += [f"item:{link.case.item_id}" for link in links]
    stats = {s.key: s for s in DurationStat.objects.filter(key__in=keys)}
    cursor = Expected(today, today)
    out: list[StageForecast] = []
    for stage in stages:
        application = applications.get(stage.pk)
        if application is not None and application.status == StageApplication.Status.DELIVERED:
            day = application.delivered_on
            out.append(StageForecast(stage.name, "done", application.due_on, Expected(day, day), "actual"))
            cursor = Expected(day, day)
            continue
        if application is not None and application.status == StageApplication.Status.ACCEPTED:
            kids = [_child(link.case, stats, today) for link in links]
            end = Expected(today, today)
            for kid, link in zip(kids, links, strict=True):
                if link.required and kid.expected is not None:
                    end = _later(end, kid.expected)
            end = Expected(cal.add(end.median, DELIVERY_DAYS, "working"), cal.add(end.p90, DELIVERY_DAYS, "working"))
            out.append(StageForecast(stage.name, "current", application.due_on, end, "history", kids))
            cursor = end
            continue
        stat = stats.get(f"stage:{stage.pk}")
        median, p90 = (round(stat.median), round(stat.p90)) if stat and stat.samples else (stage.limit_days,) * 2
        start = cursor
        end = Expected(cal.add(start.median, median, "working"), cal.add(start.p90, max(p90, median), "working"))
        basis = "history" if stat and stat.samples else "limit"
        out.append(StageForecast(stage.name, "waiting", None, end, basis))
        cursor = end
    whole = None if project.status == Project.Status.COMPLETED else cursor
    return ProjectForecast(out, whole)
