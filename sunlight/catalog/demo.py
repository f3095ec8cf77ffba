"""The catalog's demo step: laws, ~300 items of the demo city's orgs through the acts, their 2026 history, and an
excerpt of the negative list.

Items go in as a catalog officer drafts them and a reviewer publishes them (add_item → submit_version →
publish_version with a day in 2025), so every demo version has passed every consistency rule. Idempotent: an
item is keyed by (org, basic code) and built with its whole history in one transaction, so a rerun finds it
and adds nothing; laws, staff and negative-list entries are found by their natural keys.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from sunlight.orgs.models import Membership, Org, Region, Role

from . import actions
from .demo_data import SPECS, history
from .demo_data.laws import LAWS
from .demo_data.negative_list import ENTRIES
from .demo_data.spec import Mat, Spec
from .elements import VersionData
from .kinds import APPLIED_KINDS, kind_codes
from .models import Law, NegativeListEntry, ServiceItem

HOURS = "工作日 上午9:00—12:00，下午13:30—17:00（法定节假日除外）"
LEVELS = {"city": "city", "district": "county", "district_gov": "county", "township": "township", "town": "township"}
LEVELS |= {"street": "township", "village": "village", "community": "village"}
BY_NO = {spec.basic: spec for spec in SPECS}


def basic_code(spec: Spec) -> str:
    return kind_codes()[spec.kind] + spec.basic


# --- orgs and staff ---------------------------------------------------------------------------------------------
# The cast (sunlight.demo) holds the catalog's editor and reviewer; this step posts them to every implementing org.
EDITOR_USERNAME, REVIEWER_USERNAME = "qian.yu", "jiang.tao"
L = Region.Level


def orgs_for(where: str) -> list[Org]:
    """The orgs a template's `where` names (see demo_data.spec), in a stable order (region code, then name)."""
    kind, _colon, name = where.partition(":")
    orgs = Org.objects.filter(is_active=True).select_related("region")
    if kind == "city":
        orgs = orgs.filter(name=name)
    elif kind == "district":
        orgs = orgs.filter(kind=Org.Kind.DEPARTMENT, region__level=L.COUNTY, name__endswith=name)
    elif kind == "district_gov":
        orgs = orgs.filter(kind=Org.Kind.GOVERNMENT, region__level=L.COUNTY)
    elif kind in ("township", "town", "street"):
        orgs = orgs.filter(kind=Org.Kind.GOVERNMENT, region__level=L.TOWNSHIP)
        if kind == "street":
            orgs = orgs.filter(name__endswith="办事处")
        elif kind == "town":
            orgs = orgs.exclude(name__endswith="办事处")
    else:
        suffix = "居民委员会" if kind == "community" else "村民委员会"
        orgs = orgs.filter(kind=Org.Kind.COMMITTEE, name__endswith=suffix)
    return list(orgs.order_by("region__code", "name"))


class Staff:
    """The cast's catalog officer and reviewer, posted (once) to each org whose items they draft and publish."""

    def __init__(self) -> None:
        User = get_user_model()
        self.editor = User.objects.get(username=EDITOR_USERNAME)
        self.reviewer = User.objects.get(username=REVIEWER_USERNAME)
        self.posted: set[int] = set()

    def of(self, org: Org) -> tuple:
        if org.pk not in self.posted:
            Membership.objects.get_or_create(user=self.editor, org=org, role=Role.CATALOG_OFFICER)
            Membership.objects.get_or_create(user=self.reviewer, org=org, role=Role.REVIEWER)
            for user in (self.editor, self.reviewer):
                user.__dict__.pop("_sunlight_memberships", None)  # scope caches a user's posts on the object
            self.posted.add(org.pk)
        return self.editor, self.reviewer


# --- elements ---------------------------------------------------------------------------------------------------
def _steps(spec: Spec) -> list[dict]:
    """The steps of a template, their days summing to its promised limit (0: all on the same day)."""
    p = spec.promised
    if spec.kind == "penalty":
        parts = [
            ("立案", 0.05),
            ("调查取证", 0.45),
            ("法制审核", 0.1),
            ("告知陈述申辩、听证权利", 0.1),
            ("作出决定", 0.1),
            ("送达", 0.1),
        ]
        plan = [(n, spec.division, int(p * f)) for n, f in parts]
    elif spec.kind == "inspection":
        parts = [("制定计划、随机抽取检查对象", 0.2), ("实施检查", 0.5), ("处理", 0.2), ("结果公示", 0.1)]
        plan = [(n, spec.division, int(p * f)) for n, f in parts]
    elif spec.kind in ("coercion", "levy") and spec.common_materials is False and not spec.fees:
        parts = [("报批", 0.05), ("告知当事人", 0.1), ("实施", 0.2), ("作出处理决定", 0.5), ("送达", 0.1)]
        plan = [(n, spec.division, int(p * f)) for n, f in parts]
    elif p == 0:
        plan = [("受理", "综合受理窗口", 0), ("审核", spec.division, 0), ("办结", "综合受理窗口", 0)]
    else:
        accept = 1 if p >= 3 else 0
        decide = max(1, p // 5) if p >= 3 else 0
        deliver = 1 if p >= 4 else 0
        plan = [
            ("受理", "综合受理窗口", accept),
            ("审查", spec.division, p - accept - decide - deliver),
            ("决定", "分管负责人", decide),
            ("送达", "出件窗口", deliver),
        ]
    return [{"name": n, "actor": a, "days": d} for n, a, d in plan]


def _materials(spec: Spec) -> list[dict]:
    mats = list(spec.materials)
    if spec.common_materials and spec.kind in APPLIED_KINDS:
        who = "法定代表人身份证明" if spec.audience == "company" else "申请人居民身份证"
        mats = [Mat(who, "government", "original_and_copy"), *mats]
        mats.append(Mat("授权委托书及受托人身份证明", condition="委托他人代为办理的", blank_form="授权委托书.docx"))
    return [
        {
            "name": m.name,
            "form": m.form,
            "copies": m.copies,
            "medium": m.medium,
            "required": not m.condition,
            "condition": m.condition,
            "blank_form": m.blank_form,
            "source": m.source,
        }
        for m in mats
    ]


DUTIES = {
    "permit": (
        "受理责任：公示应当提交的材料，一次性告知补正材料，依法受理或者不予受理并书面说明理由",
        "审查责任",
        "决定责任：作出准予或者不予许可的决定，不予许可的说明理由",
        "送达责任",
        "事后监管责任",
    ),
    "penalty": (
        "立案责任",
        "调查取证责任：全面、客观、公正调查，收集证据",
        "审查责任",
        "告知责任：告知当事人拟作出处罚的事实、理由、依据及陈述申辩、听证权利",
        "决定责任",
        "送达和执行责任",
    ),
    "coercion": (
        "催告或者告知责任",
        "决定责任",
        "实施责任：依法定程序实施，制作现场笔录和清单",
        "解除责任：及时解除不再需要的强制措施",
    ),
    "inspection": (
        "检查责任：依法定程序实施检查，出示执法证件",
        "处置责任：发现违法行为依法处理",
        "信息公开责任：公示抽查结果",
    ),
    "levy": ("告知责任", "核定责任：依法核定征收数额", "决定和送达责任", "管理责任：征收资金依法入库、专款专用"),
}
ACCOUNTABILITY = "不履行或者不正确履行上述职责，造成不良后果的，依法依规追究相关人员责任"


def _duties(spec: Spec) -> list[dict]:
    basis = {
        "permit": "《中华人民共和国行政许可法》第七十二条至第七十七条",
        "penalty": "《中华人民共和国行政处罚法》第七十六条至第八十三条",
        "coercion": "《中华人民共和国行政强制法》第六十一条至第六十八条",
    }.get(spec.kind, "《中华人民共和国公职人员政务处分法》")
    duties = DUTIES.get(spec.kind, ("受理和审核责任", "决定责任", "送达和公开责任"))
    return [{"duty": d, "accountability": ACCOUNTABILITY, "basis": basis} for d in duties]


def _oversight(spec: Spec) -> list[dict]:
    if spec.kind not in ("permit", "filing", "confirmation") and not spec.pool:
        return []
    pool = spec.pool or "本部门检查对象名录库"
    return [
        {
            "method": "双随机、一公开抽查",
            "frequency": "每年抽查比例不低于5%",
            "random_pool": pool,
            "basis": "《国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》（国发〔2019〕5号）",
        },
        {"method": "信用监管：失信主体列入重点监管对象，提高抽查比例和频次", "frequency": "日常", "random_pool": pool},
    ]


def _place(org: Org, level: str, applied: bool) -> str:
    if not applied:
        return f"{org.name}（{org.address}）"
    if level in ("city", "county"):
        # The service center of the org's own region (a city department's is the city's, a district's the district's).
        center = Org.objects.filter(kind=Org.Kind.SERVICE_CENTER, region_id=org.region_id).only("name", "address")
        if (found := center.first()) is not None:
            return f"{found.name}（{found.address}）综合受理窗口"
    if level == "township":
        return f"{org.name}便民服务中心（{org.address}）"
    return f"{org.short_name or org.name}便民服务站（{org.address}）"


def version_data(spec: Spec, org: Org, level: str) -> VersionData:
    applied = spec.kind in APPLIED_KINDS
    delivery = ["窗口领取", "邮寄送达"] + (["电子证照"] if spec.result[1] == "certificate" else [])
    return VersionData.model_validate(
        {
            "name": spec.name,
            "kind": spec.kind,
            "competent_department": spec.dept,
            "implementing_body": spec.body,
            "level": level,
            "division": spec.division,
            "statutory_limit": spec.statutory,
            "statutory_unit": spec.statutory_unit,
            "promised_limit": spec.promised,
            "promised_unit": spec.promised_unit,
            "handling": "on_the_spot" if spec.promised == 0 else "promised",
            "visits": spec.visits,
            "visits_reason": spec.visits_reason if spec.visits else "",
            "online_depth": spec.depth,
            "charges_fee": spec.extra.get("charges_fee", False),
            "online_payment": spec.extra.get("online_payment", False),
            "audience": spec.audience,
            "life_events": list(spec.events),
            "citations": [{"law_title": t, "article": a, "clause": c, "excerpt": e} for t, a, c, e in spec.cites],
            "guide": {
                "conditions": list(spec.conditions),
                "materials": _materials(spec),
                "steps": _steps(spec),
                "fees": [{"name": n, "standard": st, "basis": b} for n, st, b in spec.fees],
                "result": {"name": spec.result[0], "type": spec.result[1]},
                "delivery": delivery if applied and spec.result[0] else [],
                "place": _place(org, level, applied),
                "hours": HOURS,
                "phones": {"consult": org.phone, "complaint": "12345"},
                "intermediaries": [{"name": n, "basis": b} for n, b in spec.intermediaries],
                "faq": [{"question": q, "answer": a} for q, a in spec.faq],
                "duties": _duties(spec) if spec.kind not in ("public_service", "filing") else [],
                "oversight": _oversight(spec),
            },
        }
    )


# --- building ---------------------------------------------------------------------------------------------------
def build_laws() -> int:
    made = 0
    for title, rank, articles, amended in LAWS:
        _law, created = Law.objects.get_or_create(
            title=title, defaults={"rank": rank, "articles": articles, "amended_on": amended}
        )
        made += created
    return made


def _publish(version, editor, reviewer, day: date):
    actions.submit_version(version, by=editor)
    return actions.publish_version(version, by=reviewer, effective_from=min(day, timezone.localdate()))


def plans() -> list[tuple[Spec, Org, str]]:
    """Every (template, org, level), first implementations of every template first (one of each kind leading),
    so a small `count` still spans every kind and a parent always comes before its children."""
    keyed = []
    first_of_kind: set[str] = set()
    for index, spec in enumerate(SPECS):
        lead = spec.tier == "main" and spec.kind not in first_of_kind
        first_of_kind.add(spec.kind)
        n = 0
        for where in spec.where:
            level = LEVELS[where.partition(":")[0]]
            for org in orgs_for(where):
                keyed.append(((n, 0 if lead else 1, index), spec, org, level))
                n += 1
    keyed.sort(key=lambda k: k[0])
    return [(spec, org, level) for _key, spec, org, level in keyed]


def _build_item(spec: Spec, org: Org, level: str, day: date, staff: Staff) -> int:
    editor, reviewer = staff.of(org)
    parent = None
    if spec.parent:
        parent = ServiceItem.objects.get(org=org, basic_code=basic_code(BY_NO[spec.parent]))
    version = actions.add_item(
        org,
        version_data(spec, org, level),
        by=editor,
        basic_code=basic_code(spec),
        reason="编制实施清单，新增事项",
        tier=spec.tier,
        parent=parent,
    )
    item = _publish(version, editor, reviewer, day).item
    made = 1
    if spec.basic in history.CHANGES:
        when, patch, reason = history.CHANGES[spec.basic]
        changed = dataclasses.replace(spec, **patch)
        draft = actions.draft_change(item, version_data(changed, org, level), by=editor, reason=reason)
        _publish(draft, editor, reviewer, when)
    if spec.basic == history.SUSPEND[0]:
        _publish(actions.suspend_item(item, by=editor, reason=history.SUSPEND[2]), editor, reviewer, history.SUSPEND[1])
    if spec.basic == history.CANCEL[0]:
        _publish(actions.cancel_item(item, by=editor, reason=history.CANCEL[2]), editor, reviewer, history.CANCEL[1])
    no, where, when, reason, parts = history.SPLIT
    if spec.basic == no and where in spec.where and org in orgs_for(where):
        item.refresh_from_db()
        datas = []
        for part in parts:
            part_spec = dataclasses.replace(
                spec, basic=part["basic"], name=part["name"], materials=spec.materials + part.get("materials", ())
            )
            datas.append((basic_code(part_spec), version_data(part_spec, org, level)))
        for draft in actions.split_item(item, datas, by=editor, reason=reason):
            _publish(draft, editor, reviewer, when)
        made += len(parts)
    return made


def build_negative_list() -> int:
    made = 0
    for order, (number, category, industry, code, title, measures, basis, nos) in enumerate(ENTRIES, start=1):
        entry, created = NegativeListEntry.objects.get_or_create(
            number=number,
            defaults={
                "category": category,
                "industry": industry,
                "industry_code": code,
                "title": title,
                "measures": measures,
                "basis": basis,
                "sort_order": order,
            },
        )
        made += created
        codes = [basic_code(BY_NO[n]) for n in nos]
        wanted = set(ServiceItem.objects.filter(basic_code__in=codes).values_list("pk", flat=True))
        if wanted - set(entry.items.values_list("pk", flat=True)):
            entry.items.add(*wanted)
    return made


def build_catalog(count: int) -> int:
    """Build up to `count` items (with laws, staff, history and the negative list); returns the items made."""
    build_laws()
    staff = Staff()
    existing = set(ServiceItem.objects.values_list("org_id", "basic_code"))
    made = 0
    for n, (spec, org, level) in enumerate(plans()):
        if n >= count:
            break
        if (org.pk, basic_code(spec)) in existing:
            continue
        day = history.FIRST_PUBLISHED + timedelta(days=(n * 7) % 330)
        with transaction.atomic():
            made += _build_item(spec, org, level, day, staff)
    build_negative_list()
    return made


def construction_stage_items(stage: str):
    """The demo items one construction-project stage needs (for the parallel-approval module)."""
    from .demo_data import CONSTRUCTION_STAGES

    codes = [basic_code(BY_NO[n]) for n in CONSTRUCTION_STAGES[stage]]
    return ServiceItem.objects.filter(basic_code__in=codes, status=ServiceItem.Status.ACTIVE)


__all__ = ["build_catalog", "construction_stage_items"]
