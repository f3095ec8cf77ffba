"""The owner's side of parallel approval: what it is and the owner's projects; registering a project; one project
with its stages, the departments' cases and who holds them up, the forecast and the Gantt timeline; a stage's one
form; and each city's public distribution of total approval days."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sunlight.cases import days
from sunlight.cases.models import Case
from sunlight.clock.calendar import get_calendar
from sunlight.errors import SunlightError
from sunlight.ints import ascii_int
from sunlight.notify.public_cache import public_page
from sunlight.orgs.models import Org

from .. import actions, forecast, queries, timeline
from ..actions.materials import applicable_items, combined_materials
from ..forms.public import RegisterProjectForm, StageFilingForm
from ..models import Pathway, Project, Stage, StageApplication, StageItem

LIVE = StageApplication.ACTIVE


def _is_legal_person(user) -> bool:
    return getattr(user, "is_authenticated", False) and getattr(user, "kind", "") == "legal_person"


# --- where a project stands -----------------------------------------------------------------------------------


@dataclass
class StageRow:
    stage: Stage
    application: StageApplication | None  # the filing that counts (not refused)
    refused: StageApplication | None  # the last refused filing, while none counts
    working_days: int | None  # delivered: the stage's days; running: the days so far
    fileable: bool = False


def stage_rows(project: Project, applications: list[StageApplication] | None = None) -> list[StageRow]:
    """Every stage of the project's pathway with its filing; the first stage not delivered may be filed when it
    has no filing that counts."""
    if applications is None:
        applications = list(project.applications.select_related("stage").order_by("submitted_at", "pk"))
    today = days.today()
    cal = get_calendar()
    rows = []
    for stage in project.pathway.stages.all():
        mine = [a for a in applications if a.stage_id == stage.pk]
        live = next((a for a in mine if a.status in LIVE), None)
        refused = None if live else next((a for a in reversed(mine) if a.status not in LIVE), None)
        spent = None
        if live is not None and live.working_days is not None:
            spent = live.working_days
        elif live is not None and live.accepted_on is not None:
            spent = cal.between(live.accepted_on, today, "working")
        rows.append(StageRow(stage, live, refused, spent))
    if project.status == Project.Status.ACTIVE:
        current = next(
            (r for r in rows if r.application is None or r.application.status != StageApplication.Status.DELIVERED),
            None,
        )
        if current is not None and current.application is None:
            current.fileable = True
    return rows


def current_row(rows: list[StageRow]) -> StageRow | None:
    return next(
        (r for r in rows if r.application is None or r.application.status != StageApplication.Status.DELIVERED), None
    )


def _now_text(project: Project, rows: list[StageRow]) -> tuple[str, str]:
    """The current stage's name and where it stands, for the list of projects."""
    if project.status == Project.Status.COMPLETED:
        return "", _("审批完成")
    row = current_row(rows)
    if row is None:
        return "", _("审批完成")
    if row.application is not None:
        return row.stage.name, row.application.get_status_display()
    if row.refused is not None:
        return row.stage.name, _("不予受理，可重新申报")
    return row.stage.name, _("待申报")


# --- who holds the stage up ------------------------------------------------------------------------------------


@dataclass
class ChildRow:
    link: object  # StageCase
    case: Case
    waiting_for: str
    correction_url: str
    expected: forecast.Expected | None


def _waiting_for(case: Case, owner_view: bool) -> tuple[str, str]:
    if case.status == Case.Status.CORRECTING:
        if owner_view:
            return _("等待您补正"), reverse("cases:case", args=[case.number]) + "#correct"
        return _("等待申请人补正"), ""
    org = case.org.short_name or case.org.name
    texts = {
        Case.Status.SUBMITTED: _("等待%(org)s受理"),
        Case.Status.HANDLING: _("%(org)s审查中"),
        Case.Status.SPECIAL: _("%(org)s特别程序中（期间不计入期限）"),
        Case.Status.SUSPENDED: _("%(org)s中止办理"),
        Case.Status.DECIDED: _("%(org)s已作出决定，待统一出件"),
        Case.Status.DELIVERED: _("已办结"),
    }
    return texts.get(case.status, case.get_status_display()) % {"org": org}, ""


def child_rows(application: StageApplication, owner_view: bool, plan: forecast.ProjectForecast) -> list[ChildRow]:
    expected = {
        kid.case.pk: kid.expected for stage in plan.stages if stage.status == "current" for kid in stage.children
    }
    rows = []
    for link in queries.children(application):
        text, url = _waiting_for(link.case, owner_view)
        rows.append(ChildRow(link, link.case, text, url, expected.get(link.case.pk)))
    return rows


# --- pages ------------------------------------------------------------------------------------------------------


def _active_pathways():
    items = StageItem.objects.select_related("item").order_by("position", "pk")
    stages = Stage.objects.select_related("lead_org").prefetch_related(Prefetch("items", queryset=items))
    return (
        Pathway.objects.filter(is_active=True)
        .select_related("city")
        .prefetch_related(Prefetch("stages", queryset=stages))
        .order_by("city__name", "pk")
    )


@never_cache
def index(request: HttpRequest) -> HttpResponse:
    applications = StageApplication.objects.select_related("stage").order_by("submitted_at", "pk")
    projects = list(
        queries.owner_projects(request.user)
        .select_related("pathway")
        .prefetch_related("pathway__stages", Prefetch("applications", queryset=applications))[:200]
    )
    mine = []
    for project in projects:
        stage_name, state = _now_text(project, stage_rows(project, list(project.applications.all())))
        mine.append({"project": project, "stage": stage_name, "state": state})
    pathways = list(_active_pathways())
    cities = list({p.city_id: p.city for p in pathways}.values())
    return render(
        request,
        "projects/public/index.html",
        {"pathways": pathways, "cities": cities, "mine": mine, "may_register": _is_legal_person(request.user)},
    )


@never_cache
@login_required(login_url="accounts:login")
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if not _is_legal_person(request.user):
        raise PermissionDenied(_("工程建设项目须由建设单位以法人账号登记。"))
    if request.method != "POST":
        return _register_page(request, RegisterProjectForm())
    form = RegisterProjectForm(request.POST)
    if not form.is_valid():
        return _register_page(request, form, status=400)
    try:
        project = actions.register_project(form.cleaned_data["pathway"], form.project_input(), by=request.user)
    except SunlightError as exc:
        form.add_error(None, exc.message)
        return _register_page(request, form, status=exc.status)
    messages.success(request, _("项目已登记，项目代码 %(code)s。") % {"code": project.code})
    return redirect("projects:project", code=project.code)


def _register_page(request, form, status: int = 200) -> HttpResponse:
    return render(request, "projects/public/register.html", {"form": form}, status=status)


def _visible_project(request: HttpRequest, code: str) -> Project:
    stages = Stage.objects.select_related("lead_org").order_by("order")
    project = (
        Project.objects.filter(code=code[:40])
        .select_related("pathway", "pathway__city")
        .prefetch_related(Prefetch("pathway__stages", queryset=stages))
        .first()
    )
    if project is None or not queries.may_see(request.user, project):
        raise Http404(_("没有这个项目。"))
    return project


def _own_project(request: HttpRequest, code: str) -> Project:
    project = _visible_project(request, code)
    if project.owner_user_id != request.user.pk:
        raise Http404(_("没有这个项目。"))
    return project


@never_cache
@login_required(login_url="accounts:login")
def project_page(request: HttpRequest, code: str) -> HttpResponse:
    project = _visible_project(request, code)
    owner_view = project.owner_user_id == request.user.pk
    rows = stage_rows(project)
    current = current_row(rows)
    plan = forecast.project_forecast(project)
    children = []
    if current is not None and current.application is not None and current.application.status in LIVE:
        children = child_rows(current.application, owner_view, plan)
    line = timeline.project_timeline(project)
    plan_current = next((s for s in plan.stages if s.status == "current"), None)
    return render(
        request,
        "projects/public/project.html",
        {
            "project": project,
            "rows": rows,
            "current": current,
            "children": children,
            "plan": plan,
            "plan_current": plan_current,
            "timeline": line,
            "gantt": timeline.timeline_chart(line),
            "gantt_rows": [(s.bar, s.children) for s in line.stages],
            "has_bars": bool(line.stages),
            "owner_view": owner_view,
            "fileable": next((r for r in rows if r.fileable), None) if owner_view else None,
        },
    )


def _optional_ids(values: list[str]) -> list[int]:
    return sorted({n for n in (ascii_int(v) for v in values[:50]) if n is not None})


@never_cache
@login_required(login_url="accounts:login")
@require_http_methods(["GET", "POST"])
def file_form(request: HttpRequest, code: str, stage_id: int) -> HttpResponse:
    """The stage's one form: one set of materials for every department's item, filed once (POST/redirect/GET)."""
    project = _own_project(request, code)
    stage = (
        Stage.objects.filter(pk=stage_id, pathway_id=project.pathway_id).select_related("lead_org").first()
        if stage_id < 2**63
        else None
    )
    if stage is None:
        raise Http404(_("本项目的审批流程中没有这个阶段。"))
    source = request.POST if request.method == "POST" else request.GET
    stage_items = stage.items.select_related("item").order_by("position", "pk")
    optional_choices = [si for si in stage_items if not si.required_for(project.project_type)]
    offered = {si.item_id for si in optional_choices}
    chosen = _optional_ids(source.getlist("optional"))
    # A GET lists only the stage's own optional items; a POST hands every id to the act, which refuses strangers.
    listing = [i for i in chosen if i in offered]
    items = applicable_items(stage, project.project_type, listing)
    listed = combined_materials(items, days.today())
    names = {si.item_id: si.item.name for si in items}
    context = {
        "project": project,
        "stage": stage,
        "items": items,
        "optional_choices": optional_choices,
        "chosen": set(listing),
    }
    if request.method != "POST":
        row = next(r for r in stage_rows(project) if r.stage.pk == stage.pk)
        form = StageFilingForm(
            listed=listed, item_names=names, initial={"contact": request.user.display_name, "phone": request.user.phone}
        )
        return _file_page(request, form, context | {"already": row.application, "not_yet": not row.fileable})
    form = StageFilingForm(request.POST, request.FILES, listed=listed, item_names=names)
    if not form.is_valid():
        return _file_page(request, form, context, status=400)
    try:
        application = actions.file_stage(
            project,
            stage,
            by=request.user,
            form_data=form.form_data(),
            materials=form.materials(),
            optional_items=chosen,
        )
    except SunlightError as exc:
        form.add_error(None, exc.message)
        return _file_page(request, form, context, status=exc.status)
    except PermissionDenied:
        raise Http404(_("没有这个项目。")) from None
    messages.success(
        request,
        _("“%(stage)s”阶段已申报，申报编号 %(number)s。%(lead)s将统一受理，受理后各部门同时审批。")
        % {"stage": stage.name, "number": application.number, "lead": stage.lead_org.name},
    )
    return redirect("projects:project", code=project.code)


def _file_page(request, form, context, status: int = 200) -> HttpResponse:
    return render(request, "projects/public/file.html", context | {"form": form}, status=status)


@public_page("projects")
def city(request: HttpRequest, org_id: int) -> HttpResponse:
    """Public: the city's completed projects by total approval days, against 135 → 36 and the national ≤ 120."""
    org = Org.objects.filter(pk=org_id).first() if org_id < 2**63 else None
    pathways = list(Pathway.objects.filter(city=org)) if org is not None else []
    if not pathways:
        raise Http404(_("该地区尚未设置工程建设项目审批流程。"))
    figures = timeline.distribution(org, pathways)
    return render(
        request,
        "projects/public/city.html",
        {
            "city": org,
            "pathways": pathways,
            "figures": figures,
            "chart": timeline.distribution_chart(figures)
            | {"x_name": _("审批总用时（工作日）"), "y_name": _("项目数")},
            "bin_rows": [
                (label, [figures.counts[t.project_type][i] for t in figures.types])
                for i, label in enumerate(figures.bins)
            ],
        },
    )
