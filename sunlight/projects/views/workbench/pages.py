"""The stage applications queue (并联审批) and one project's page: its stages and the timeline as a table."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from sunlight.accounts.access import staff_required
from sunlight.cases.views.shared import light
from sunlight.ints import ascii_int
from sunlight.modules import url_if_declared
from sunlight.orgs.models import Org

from ...actions.rules import lead_receiver
from ...actions.stages import DECIDED
from ...forecast import project_forecast
from ...models import ProjectType, Stage, StageApplication, StageCase
from ...queries import staff_applications, staff_projects
from ...timeline import project_timeline, timeline_chart
from .setup import registrable_pathways

PAGE_SIZE = 50
S = StageApplication.Status
STATUSES = (
    ("open", _lazy("全部在办")),
    ("submitted", _lazy("待受理")),
    ("running", _lazy("并联审批中")),
    ("ready", _lazy("待统一出件")),
    ("delivered", _lazy("已统一出件")),
    ("not_accepted", _lazy("不予受理")),
    ("all", _lazy("全部")),
)


def _undecided():
    return StageCase.objects.filter(application=OuterRef("pk"), required=True).exclude(case__status__in=DECIDED)


@staff_required
def project_list(request: HttpRequest) -> HttpResponse:
    """阶段申请队列: the stages the user may see, by stage deadline, with the stage clock's colour."""
    rows = staff_applications(request.user).annotate(waiting=Exists(_undecided()))
    visible = rows
    status = request.GET.get("status", "open")
    if status == "open":
        rows = rows.filter(status__in=(S.SUBMITTED, S.ACCEPTED))
    elif status == "submitted":
        rows = rows.filter(status=S.SUBMITTED)
    elif status == "running":
        rows = rows.filter(status=S.ACCEPTED, waiting=True)
    elif status == "ready":
        rows = rows.filter(status=S.ACCEPTED, waiting=False)
    elif status in (S.DELIVERED, S.NOT_ACCEPTED):
        rows = rows.filter(status=status)
    stage_pk = ascii_int(request.GET.get("stage", "") or "x")
    if stage_pk:
        rows = rows.filter(stage_id=stage_pk)
    project_type = request.GET.get("type", "")
    if project_type in ProjectType.values:
        rows = rows.filter(project__project_type=project_type)
    today = timezone.localdate()
    overdue = bool(request.GET.get("overdue"))
    if overdue:
        rows = rows.filter(status=S.ACCEPTED, due_on__lt=today)
    rows = rows.select_related("project__pathway").order_by(F("due_on").asc(nulls_first=True), "received_on", "pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    items = []
    for a in page:
        label = a.get_status_display()
        if a.status == S.ACCEPTED and not a.waiting:
            label = _("待统一出件")
        items.append((a, label, light(a.due_on, today) if a.status == S.ACCEPTED else "none"))
    params = request.GET.copy()
    params.pop("page", None)
    stages = (
        Stage.objects.filter(pk__in=visible.values("stage_id")).select_related("pathway").order_by("pathway", "order")
    )
    cities = Org.objects.filter(pk__in=visible.values("stage__pathway__city_id")).order_by("pk")
    city_links = [(c, url_if_declared("projects:city", c.pk)) for c in cities]
    return render(
        request,
        "projects/workbench/list.html",
        {
            "page": page,
            "items": items,
            "statuses": STATUSES,
            "stages": stages,
            "types": ProjectType.choices,
            "current": {"status": status, "stage": stage_pk, "type": project_type, "overdue": overdue},
            "query": params.urlencode(),
            "city_links": [(c, url) for c, url in city_links if url],
            "may_register": bool(registrable_pathways(request.user)),
        },
    )


def _fileable(user, project, stages, applications) -> dict[int, bool]:
    """The stages the user may file at the window now: the next one not filed, its earlier stages delivered."""
    active = {a.stage_id: a for a in applications if a.status in StageApplication.ACTIVE}
    out = {}
    for stage in stages:
        if stage.pk in active:
            if active[stage.pk].status != S.DELIVERED:
                break
            continue
        try:
            lead_receiver(user, stage)
        except PermissionDenied:  # not this user's window
            break
        out[stage.pk] = True
        break
    return out


@staff_required
def project(request: HttpRequest, code: str) -> HttpResponse:
    """/workbench/projects/p/<code>/ — every stage of the project and the timeline (a Gantt as a table)."""
    found = staff_projects(request.user).select_related("pathway__city").filter(code=code).first()
    if found is None:
        raise Http404(_("没有这个项目，或您无权查看。"))
    stages = list(found.pathway.stages.select_related("lead_org"))
    applications = list(found.applications.select_related("stage").order_by("stage__order", "pk"))
    visible = set(staff_applications(request.user).filter(project=found).values_list("pk", flat=True))
    by_stage: dict[int, list] = {}
    for a in applications:
        by_stage.setdefault(a.stage_id, []).append(a)
    fileable = _fileable(request.user, found, stages, applications)
    line = project_timeline(found)
    return render(
        request,
        "projects/workbench/project.html",
        {
            "project": found,
            "stage_rows": [(s, by_stage.get(s.pk, []), fileable.get(s.pk, False)) for s in stages],
            "visible": visible,
            "timeline": line,
            "gantt": timeline_chart(line),
            "forecast": project_forecast(found),
            "city_url": url_if_declared("projects:city", found.pathway.city_id),
        },
    )
