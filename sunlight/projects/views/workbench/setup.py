"""The city's pathways (审批流程) as its admins set them up, and the construction window's desk: a project
registered for a walk-in owner and a stage filed for them with the materials handed over (现场提交)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sunlight.accounts.access import staff_required
from sunlight.acts import perform
from sunlight.catalog.kinds import APPLIED_KINDS
from sunlight.catalog.models import ServiceItem
from sunlight.errors import SunlightError
from sunlight.ints import ascii_int
from sunlight.orgs import scope
from sunlight.orgs.models import Org, Role

from ... import actions
from ...actions import ProjectInput, StageMaterialInput
from ...actions.materials import applicable_items, combined_materials
from ...actions.rules import lead_receiver
from ...forms import workbench as f
from ...models import Pathway, Stage, StageApplication
from ...presets import PRESETS
from ...queries import staff_projects
from ._said import in_place


def admin_cities(user) -> list[Org]:
    """The orgs whose pathways the user sets up: those where they hold the admin post (install_preset checks again)."""
    if getattr(user, "is_superuser", False):
        return list(Org.objects.filter(pathways__isnull=False).distinct().order_by("pk"))
    return sorted({m.org for m in scope.memberships(user) if m.role == Role.ADMIN}, key=lambda o: o.pk)


def _city_items(city: Org) -> list[ServiceItem]:
    return list(
        ServiceItem.objects.filter(
            org__path__startswith=city.path, status=ServiceItem.Status.ACTIVE, kind__in=APPLIED_KINDS
        )
        .select_related("org")
        .order_by("org__name", "name")
    )


def _pathways_page(request: HttpRequest, *, status: int = 200, bound: dict | None = None, **extra) -> HttpResponse:
    cities = admin_cities(request.user)
    if not cities:
        raise PermissionDenied(_("只有本市的管理员可以设置审批流程。"))
    bound = bound or {}
    items_of = {c.pk: _city_items(c) for c in cities}
    pathways = []
    for pathway in Pathway.objects.filter(city__in=cities).select_related("city").order_by("city", "pk"):
        stages = []
        for stage in pathway.stages.select_related("lead_org").prefetch_related("items__item__org"):
            key = f"item-{stage.pk}"
            form = bound.get(key) or f.StageItemForm(prefix=f"s{stage.pk}", items=items_of[pathway.city_id])
            stages.append((stage, list(stage.items.all()), form))
        pathways.append((pathway, stages))
    install = bound.get("install") or f.InstallPresetForm(cities=cities)
    context = {"pathways": pathways, "install": install, "presets": PRESETS.values(), **extra}
    context["refused_form"] = next(iter(bound.values()), None)  # read by the title's "错误：" prefix
    return render(request, "projects/workbench/pathways.html", context, status=status)


def _in_place(request: HttpRequest, key: str, form):
    def answer(exc: SunlightError) -> HttpResponse:
        return _pathways_page(request, status=exc.status, bound={key: form}, **in_place(request, form, exc))

    return answer


@staff_required
def pathways(request: HttpRequest) -> HttpResponse:
    """/workbench/projects/pathways/ — the city's stages: lead, limit, kind, items and how each is required."""
    return _pathways_page(request)


@staff_required
def install(request: HttpRequest) -> HttpResponse:
    cities = admin_cities(request.user)
    if not cities:
        raise PermissionDenied(_("只有本市的管理员可以设置审批流程。"))
    form = f.InstallPresetForm(request.POST or None, cities=cities)

    def run(data: dict) -> str:
        city = next(c for c in cities if c.pk == data["city"])
        pathway = actions.install_preset(city, data["preset"], by=request.user)
        return _("已安装审批流程“%(p)s”，请为各阶段设置事项。") % {"p": pathway.name}

    done = reverse("projects_wb:pathways")
    return perform(request, run, form=form, done=done, refused=_in_place(request, "install", form))


@staff_required
def stage_item(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an item to a stage, or change how it is required (必办 / 按项目类型必办 / 选办)."""
    cities = admin_cities(request.user)
    stage = get_object_or_404(Stage.objects.select_related("pathway__city"), pk=pk, pathway__city__in=cities)
    items = _city_items(stage.pathway.city)
    form = f.StageItemForm(request.POST or None, prefix=f"s{stage.pk}", items=items)

    def run(data: dict) -> str:
        item = next(i for i in items if i.pk == data["item"])
        actions.set_stage_item(
            stage, item, by=request.user, requirement=data["requirement"], project_types=data["project_types"]
        )
        return _("已设置“%(s)s”阶段的事项“%(i)s”。") % {"s": stage.name, "i": item.name}

    done = reverse("projects_wb:pathways") + f"#stage-{stage.pk}"
    return perform(request, run, form=form, done=done, refused=_in_place(request, f"item-{stage.pk}", form))


def registrable_pathways(user) -> list[Pathway]:
    """Active pathways whose first stage the user may take in at the window (lead department or city center)."""
    out = []
    for pathway in Pathway.objects.filter(is_active=True).select_related("city__region").order_by("pk"):
        first = pathway.stages.select_related("pathway__city", "lead_org").first()
        if first is None:
            continue
        try:
            lead_receiver(user, first)
        except PermissionDenied:
            continue
        out.append(pathway)
    return out


@staff_required
def register(request: HttpRequest) -> HttpResponse:
    """/workbench/projects/register/ — 窗口代为登记: a project for a walk-in owner, then its stage filed."""
    choices = registrable_pathways(request.user)
    if not choices:
        raise PermissionDenied(_("只有牵头部门或政务服务中心工程建设项目窗口的人员可以代为登记项目。"))
    form = f.RegisterProjectForm(request.POST or None, pathways=choices)

    def run(data: dict) -> HttpResponse:
        pathway = next(p for p in choices if p.pk == data["pathway"])
        project = actions.register_project(
            pathway,
            ProjectInput(
                name=data["name"],
                project_type=data["project_type"],
                location=data["location"],
                investment=data["investment"],
                owner_name=data["owner_name"],
                owner_credit_code=data["owner_credit_code"],
                code=data["code"],
            ),
            by=request.user,
        )
        messages.success(request, _("已登记项目，项目代码 %(c)s。请为建设单位申报审批阶段。") % {"c": project.code})
        return redirect("projects_wb:project", code=project.code)

    def page(status: int = 200, **extra) -> HttpResponse:
        return render(request, "projects/workbench/register.html", {"form": form, **extra}, status=status)

    if request.method != "POST":
        return page()

    def refused(exc: SunlightError) -> HttpResponse:
        return page(exc.status, **in_place(request, form, exc))

    return perform(request, run, form=form, done=reverse("projects_wb:register"), refused=refused)


@staff_required
def file_stage(request: HttpRequest, code: str, stage_pk: int) -> HttpResponse:
    """/workbench/projects/p/<code>/stages/<stage_id>/file/ — the window files a stage for the owner: the one form
    and the stage's one list of materials, each marked 现场提交, uploaded or missing; optional items chosen first."""
    project = staff_projects(request.user).select_related("pathway__city").filter(code=code).first()
    if project is None:
        raise Http404(_("没有这个项目，或您无权查看。"))
    stage = get_object_or_404(Stage.objects.select_related("pathway__city", "lead_org"), pk=stage_pk)
    if stage.pathway_id != project.pathway_id:
        raise Http404(_("该阶段不属于本项目的审批流程。"))
    lead_receiver(request.user, stage)  # PermissionDenied (403) for anyone but the lead window
    offered = [
        si for si in stage.items.select_related("item", "item__org") if not si.required_for(project.project_type)
    ]
    raw = request.POST.getlist("optional") if request.method == "POST" else request.GET.getlist("optional")
    optional = sorted({n for n in (ascii_int(v) for v in raw) if n} & {si.item_id for si in offered})
    listed = combined_materials(applicable_items(stage, project.project_type, optional), timezone.localdate())
    form = f.FileStageForm(request.POST or None, request.FILES or None, listed=listed)

    def run(data: dict) -> HttpResponse:
        materials = []
        for i in range(len(listed)):
            how = data[f"m{i}"]
            upload = data.get(f"m{i}_file") if how == "uploaded" else None
            materials.append(StageMaterialInput(i, how, upload=upload))
        application = actions.file_stage(
            project,
            stage,
            by=request.user,
            form_data={"联系人": data["contact"], "联系电话": data["phone"], "申报说明": data["note"]},
            materials=materials,
            optional_items=optional,
        )
        messages.success(request, _("已代为申报“%(s)s”阶段，待统一受理。") % {"s": stage.name})
        return redirect("projects_wb:stage", pk=application.pk)

    def page(status: int = 200, **extra) -> HttpResponse:
        filed = project.applications.filter(stage=stage, status__in=StageApplication.ACTIVE).first()
        context = {"project": project, "stage": stage, "offered": offered, "optional": optional, "form": form}
        context.update(filed=filed, listed=listed, **extra)
        return render(request, "projects/workbench/file.html", context, status=status)

    if request.method != "POST":
        return page()

    def refused(exc: SunlightError) -> HttpResponse:
        return page(exc.status, **in_place(request, form, exc))

    done = reverse("projects_wb:file", args=[project.code, stage.pk])
    return perform(request, run, form=form, done=done, refused=refused)
