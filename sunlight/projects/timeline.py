"""The project timeline (a Gantt of stages and departments' cases, actual against limit, the critical path, the
days lost to corrections and special procedures) and the city's distribution of total approval days by project
type, with the seeds' baselines (135 → 36) and the national target (≤ 120)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext

from sunlight.cases import days
from sunlight.cases.models import Case
from sunlight.clock.calendar import get_calendar
from sunlight.orgs.models import Org

from .models import Pathway, Project, ProjectType, StageApplication
from .presets import BASELINE_AFTER, BASELINE_BEFORE, NATIONAL_TARGET


@dataclass
class Bar:
    label: str
    org: str
    start: date | None
    end: date | None  # actual end (decided / delivered), or today while open
    due: date | None  # the limit
    done: bool
    late: bool
    critical: bool = False
    correction_days: int = 0
    special_days: int = 0
    number: str = ""
    status: str = ""


@dataclass
class StageBar:
    bar: Bar
    children: list[Bar] = field(default_factory=list)


@dataclass
class Timeline:
    stages: list[StageBar]
    correction_days: int
    special_days: int
    working_days: int


def paused_days(case: Case, today: date) -> tuple[int, int]:
    """Working days the case's clock stood still: (for corrections, for special procedures and suspensions)."""
    cal = get_calendar()
    correction = special = 0
    start: tuple[date, str] | None = None
    for e in case.clock_events or []:
        if e["kind"] == "pause":
            start = (date.fromisoformat(e["date"]), e.get("reason", ""))
        elif e["kind"] == "resume" and start is not None:
            n = cal.between(start[0], date.fromisoformat(e["date"]), "working")
            correction, special = (correction + n, special) if start[1] == "补正" else (correction, special + n)
            start = None
    if start is not None:
        n = cal.between(start[0], today, "working")
        correction, special = (correction + n, special) if start[1] == "补正" else (correction, special + n)
    return correction, special


def _child_bar(case: Case, required: bool, today: date) -> Bar:
    end = case.decided_on or today
    correction, special = paused_days(case, today)
    return Bar(
        label=case.item.name + ("" if required else "（选办）"),
        org=case.org.short_name or case.org.name,
        start=case.accepted_on,
        end=end,
        due=case.due_on,
        done=case.decided_on is not None,
        late=case.due_on is not None and end > case.due_on,
        correction_days=correction,
        special_days=special,
        number=case.number,
        status=case.get_status_display(),
    )


def project_timeline(project: Project) -> Timeline:
    today = days.today()
    cal = get_calendar()
    stages: list[StageBar] = []
    applications = (
        project.applications.exclude(status=StageApplication.Status.NOT_ACCEPTED)
        .select_related("stage", "stage__lead_org")
        .order_by("stage__order")
    )
    total_correction = total_special = total_days = 0
    for application in applications:
        end = application.delivered_on or today
        bar = Bar(
            label=application.stage.name,
            org=application.stage.lead_org.short_name or application.stage.lead_org.name,
            start=application.accepted_on or application.received_on,
            end=end,
            due=application.due_on,
            done=application.delivered_on is not None,
            late=application.due_on is not None and end > application.due_on,
            critical=True,  # stages run one after another: each is on the critical path
            number=application.number,
            status=application.get_status_display(),
        )
        links = application.children.select_related("case", "case__item", "case__org").order_by("pk")
        kids = [(_child_bar(link.case, link.required, today), link.required) for link in links]
        required = [b for b, req in kids if req]
        if required:  # the department that finished last (or will) holds the stage up: the critical path
            max(required, key=lambda b: (b.end or today, b.due or today)).critical = True
        bar.correction_days = sum(b.correction_days for b, _r in kids)
        bar.special_days = sum(b.special_days for b, _r in kids)
        total_correction += max((b.correction_days for b in required if b.critical), default=0)
        total_special += max((b.special_days for b in required if b.critical), default=0)
        if bar.start is not None:
            total_days += cal.between(bar.start, end, "working")
        stages.append(StageBar(bar, [b for b, _r in kids]))
    return Timeline(stages, total_correction, total_special, total_days)


def timeline_chart(timeline: Timeline) -> dict:
    """The Gantt's data for ECharts (static/projects/gantt.js draws it): one row per stage and case."""
    rows = []
    for stage in timeline.stages:
        for bar, level in [(stage.bar, 0)] + [(c, 1) for c in stage.children]:
            rows.append(
                {
                    "label": ("　" * level) + bar.label,
                    "org": bar.org,
                    "start": bar.start.isoformat() if bar.start else None,
                    "end": bar.end.isoformat() if bar.end else None,
                    "due": bar.due.isoformat() if bar.due else None,
                    "done": bar.done,
                    "late": bar.late,
                    "critical": bar.critical,
                    "stage": level == 0,
                }
            )
    # The chart's tooltip words, translated here (the static script holds no text of its own).
    words = {"start": gettext("开始"), "end": gettext("结束"), "open": gettext("进行中"), "due": gettext("期限")}
    return {"rows": rows, "words": words | {"critical": gettext("关键路径")}}


@dataclass
class TypeFigures:
    project_type: str
    label: str
    count: int
    median: float | None
    p90: float | None
    within_target: int


@dataclass
class Distribution:
    city: Org
    target_days: int
    types: list[TypeFigures]
    bins: list[str]
    counts: dict[str, list[int]]  # project type -> count per bin
    baselines: dict[str, int]
    completed: int


BIN = 10


def distribution(city: Org, pathways: list[Pathway] | None = None) -> Distribution:
    """Completed projects of the city's pathways: total approval days by project type, in bins of 10 days."""
    pathways = pathways if pathways is not None else list(Pathway.objects.filter(city=city))
    rows = list(
        Project.objects.filter(
            pathway__in=pathways, status=Project.Status.COMPLETED, total_days__isnull=False
        ).values_list("project_type", "total_days")
    )
    target = min((p.target_days for p in pathways), default=NATIONAL_TARGET)
    top = max([BASELINE_BEFORE, *(d for _t, d in rows)])
    nbins = top // BIN + 1
    bins = [f"{i * BIN}–{i * BIN + BIN - 1}" for i in range(nbins)]
    counts = {t: [0] * nbins for t in ProjectType.values}
    by_type: dict[str, list[int]] = {t: [] for t in ProjectType.values}
    for t, d in rows:
        counts[t][d // BIN] += 1
        by_type[t].append(d)
    types = []
    for t, label in ProjectType.choices:
        values = sorted(by_type[t])
        types.append(
            TypeFigures(
                t,
                str(label),
                len(values),
                float(statistics.median(values)) if values else None,
                float(values[min(len(values) - 1, int(0.9 * len(values)))]) if values else None,
                sum(1 for v in values if v <= NATIONAL_TARGET),
            )
        )
    return Distribution(
        city,
        target,
        types,
        bins,
        counts,
        {"before": BASELINE_BEFORE, "after": BASELINE_AFTER, "national": NATIONAL_TARGET},
        len(rows),
    )


def distribution_chart(d: Distribution) -> dict:
    return {
        "bins": d.bins,
        "series": [{"name": t.label, "data": d.counts[t.project_type]} for t in d.types],
        "lines": [
            {
                "name": gettext("改革前 %(n)s 个工作日") % {"n": d.baselines["before"]},
                "bin": d.baselines["before"] // BIN,
            },
            {
                "name": gettext("新余改革后 %(n)s 个工作日") % {"n": d.baselines["after"]},
                "bin": d.baselines["after"] // BIN,
            },
            {
                "name": gettext("国家目标 ≤ %(n)s 个工作日") % {"n": d.baselines["national"]},
                "bin": d.baselines["national"] // BIN,
            },
        ],
    }
