"""A project is registered once (by its owner online, by the construction window for a walk-in owner, or by the
province's engineering-construction approval system), with the national investment-project code
(项目代码: year-region-industry-type-serial); the city's pathways are set up by its admins."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext

from sunlight.cases import days
from sunlight.catalog.kinds import APPLIED_KINDS
from sunlight.catalog.models import ServiceItem
from sunlight.errors import Conflict, refuse
from sunlight.events.log import record
from sunlight.notify.public_cache import public_changed
from sunlight.orgs import scope
from sunlight.orgs.models import Org, Role
from sunlight.validators import compact, credit_code_error

from ..models import Pathway, Project, ProjectType, Stage, StageItem
from ..presets import PRESETS
from .rules import lead_receiver

CODE = re.compile(r"^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$")


@dataclass
class ProjectInput:
    name: str
    project_type: str
    location: str
    investment: Decimal | str | float
    owner_name: str = ""
    owner_credit_code: str = ""
    code: str = ""  # issued here when empty
    industry: str = "48"  # 国民经济行业 division (48 = 土木工程建筑业)
    external_ref: str = ""


def _check(data: ProjectInput) -> tuple[str, Decimal]:
    if not (data.name or "").strip() or not (data.location or "").strip():
        raise refuse(gettext("请填写项目名称和建设地点。"), "bad_request")
    if data.project_type not in ProjectType.values:
        raise refuse(gettext("项目类型不在可选范围内。"), "bad_request")
    try:
        investment = Decimal(str(data.investment)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise refuse(gettext("总投资须为数字（万元）。"), "bad_request") from None
    if not Decimal("0") < investment < Decimal("1e12"):
        raise refuse(gettext("总投资须大于 0（万元）。"), "bad_request")
    code = (data.code or "").strip()
    if code and not CODE.match(code):
        raise refuse(
            gettext("项目代码格式应为“年份-区划代码-行业代码-类型-流水号”，如 2026-530102-48-01-000123。"), "bad_code"
        )
    return code, investment


def _issue_code(pathway: Pathway, industry: str) -> str:
    region = pathway.city.region.code[:6]
    for _attempt in range(10):
        code = f"{days.today():%Y}-{region}-{industry[:2]:0>2}-01-{secrets.randbelow(10**6):06d}"
        if not Project.objects.filter(code=code).exists():
            return code
    raise Conflict(gettext("暂时无法生成项目代码，请稍后再试。"), code="busy")


@transaction.atomic
def register_project(pathway: Pathway, data: ProjectInput, *, by) -> Project:
    """项目登记: the owner company online (its own name and credit code), or a lead window for an owner."""
    pathway = Pathway.objects.select_related("city__region").get(pk=pathway.pk)
    if not pathway.is_active:
        raise refuse(gettext("该审批流程已停用。"), "pathway_inactive")
    code, investment = _check(data)
    owner = None
    if getattr(by, "kind", "") == "legal_person":
        owner, owner_name, credit = by, by.display_name, by.credit_code
    elif getattr(by, "kind", "") == "staff":
        first = pathway.stages.select_related("pathway__city", "lead_org").first()
        if first is None:
            raise refuse(gettext("该审批流程尚未设置阶段。"), "stage_empty")
        lead_receiver(by, first)
        owner_name, credit = (data.owner_name or "").strip(), compact(data.owner_credit_code)
    else:
        raise PermissionDenied(gettext("工程建设项目须由建设单位（法人账号）或窗口人员登记。"))
    if not owner_name or credit_code_error(credit or ""):
        raise refuse(gettext("请填写建设单位名称和有效的统一社会信用代码。"), "bad_credit_code")
    if code and Project.objects.filter(code=code).exists():
        raise Conflict(gettext("项目代码 %(c)s 已经登记。") % {"c": code}, code="code_taken")
    project = Project.objects.create(
        code=code or _issue_code(pathway, data.industry),
        name=data.name.strip()[:200],
        project_type=data.project_type,
        pathway=pathway,
        owner_user=owner,
        owner_name=owner_name[:200],
        owner_credit_code=credit,
        location=data.location.strip()[:200],
        investment=investment,
        external_ref=(data.external_ref or "")[:60],
    )
    record("projects.register", actor=by, org=pathway.city, obj=project, data={"code": project.code})
    return project


def _require_city_admin(by, city: Org) -> None:
    if not scope.can_act(by, city, (Role.ADMIN,)):
        raise PermissionDenied(gettext("只有本市的管理员可以设置审批流程。"))


def _lead_for(city: Org, words: str) -> Org:
    lead = Org.objects.filter(parent=city, kind=Org.Kind.DEPARTMENT, is_active=True, name__contains=words).first()
    if lead is None:
        raise refuse(gettext("本市没有名称含“%(w)s”的部门，无法设定牵头部门。") % {"w": words}, "lead_missing")
    return lead


@transaction.atomic
def install_preset(city: Org, key: str, *, by) -> Pathway:
    """An admin starts the city's pathway from a preset (the national four, 新余's five) and edits it after."""
    _require_city_admin(by, city)
    preset = PRESETS.get(key)
    if preset is None:
        raise refuse(gettext("没有这个预设审批流程。"), "bad_preset")
    pathway = Pathway.objects.create(city=city, name=str(preset.name), preset=key, target_days=preset.target_days)
    for order, sp in enumerate(preset.stages, start=1):
        Stage.objects.create(
            pathway=pathway,
            order=order,
            name=sp.name,
            kind=sp.kind,
            lead_org=_lead_for(city, sp.lead_words),
            limit_days=sp.limit_days,
        )
    record("projects.pathway", actor=by, org=city, obj=pathway, data={"preset": key})
    public_changed("projects")  # the city's public page exists from now on (a cached 404 must go)
    return pathway


@transaction.atomic
def set_stage_item(
    stage: Stage, item: ServiceItem, *, by, requirement: str, project_types: list[str] | None = None
) -> StageItem:
    """An admin puts a department's item into a stage (必办, 按项目类型必办, 选办) or changes how it is required."""
    stage = Stage.objects.select_related("pathway__city").get(pk=stage.pk)
    item = ServiceItem.objects.select_related("org").get(pk=item.pk)  # the caller's copy may predate a publication
    _require_city_admin(by, stage.pathway.city)
    if requirement not in StageItem.Requirement.values:
        raise refuse(gettext("办理要求不在可选范围内。"), "bad_request")
    types = sorted(set(project_types or []))
    if any(t not in ProjectType.values for t in types):
        raise refuse(gettext("项目类型不在可选范围内。"), "bad_request")
    if requirement == StageItem.Requirement.CONDITIONAL and not types:
        raise refuse(gettext("按项目类型必办的事项须选择适用的项目类型。"), "bad_request")
    if item.kind not in APPLIED_KINDS or item.status != ServiceItem.Status.ACTIVE:
        raise refuse(gettext("只有依申请办理的在用事项可以纳入并联审批。"), "item_not_open")
    if not item.org.path.startswith(stage.pathway.city.path):
        raise refuse(gettext("只有本市机构实施的事项可以纳入本市的审批流程。"), "item_outside_city")
    stage_item, _created = StageItem.objects.update_or_create(
        stage=stage,
        item=item,
        defaults={"requirement": requirement, "project_types": types, "position": stage.items.count()},
    )
    record(
        "projects.stage_item",
        actor=by,
        org=stage.pathway.city,
        obj=stage,
        data={"item": item.pk, "requirement": requirement, "types": types},
    )
    return stage_item
