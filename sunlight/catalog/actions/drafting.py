"""Drafting: a new item (新增), a change (变更), a suspension (暂停), a cancellation (取消), a split (拆分) and a
merge (合并) each make a draft version with its reason; edits change only drafts."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from sunlight.errors import Conflict, SunlightError
from sunlight.events.log import record
from sunlight.orgs import scope
from sunlight.orgs.models import Org

from .. import codes
from ..elements import VersionData, of_version
from ..kinds import Operation, Tier
from ..models import ServiceItem, ServiceItemVersion
from .common import new_version, open_version, write_elements
from .rules import EDITOR, V, lock_item, lock_version, require_reason, require_state

# Which tier may sit under which (主项 → 子项 → 业务办理项).
PARENT_TIERS = {Tier.SUB: (Tier.MAIN,), Tier.BUSINESS: (Tier.MAIN, Tier.SUB)}


def check_parent(org: Org, tier: str, parent: ServiceItem | None) -> None:
    if tier == Tier.MAIN:
        if parent is not None:
            raise SunlightError(_("主项不能有上级事项。"), code="bad_parent")
        return
    if parent is None:
        raise SunlightError(_("子项和业务办理项须指明上级事项。"), code="bad_parent")
    if parent.org_id != org.pk:
        raise SunlightError(_("上级事项须是本机构的事项。"), code="bad_parent")
    if parent.tier not in PARENT_TIERS[tier]:
        raise SunlightError(
            _("“%(tier)s”不能放在“%(parent)s”之下。") % {"tier": Tier(tier).label, "parent": parent.get_tier_display()},
            code="bad_parent",
        )
    if parent.status == ServiceItem.Status.CANCELLED:
        raise SunlightError(_("上级事项已取消。"), code="bad_parent")


def next_serial(org: Org, basic_code: str) -> int:
    return ServiceItem.objects.filter(org=org, basic_code=basic_code).count() + 1


def create_item(
    org: Org,
    data: VersionData,
    *,
    by,
    basic_code: str,
    operation: str,
    reason: str,
    tier: str,
    parent: ServiceItem | None = None,
    code: str = "",
    sources: list[ServiceItem] | tuple = (),
) -> ServiceItemVersion:
    codes.check_basic_code(basic_code, data.kind)
    check_parent(org, tier, parent)
    if code:
        codes.implementation_parts(code)
        if not code.startswith(basic_code):
            raise SunlightError(_("实施编码须以基本编码开头。"), code="bad_code")
    else:
        code = codes.implementation_code(basic_code, org, data.level, next_serial(org, basic_code))
    if ServiceItem.objects.filter(code=code).exists():
        raise Conflict(_("实施编码“%(code)s”已被使用，编码发出后不能重复或改变。") % {"code": code}, code="code_taken")
    item = ServiceItem.objects.create(
        org=org, basic_code=basic_code, code=code, tier=tier, parent=parent, name=data.name, kind=data.kind
    )
    item.predecessors.set(sources)
    return new_version(item, data, by=by, operation=operation, reason=reason)


@transaction.atomic
def add_item(
    org: Org,
    data: VersionData,
    *,
    by,
    basic_code: str,
    reason: str,
    tier: str = Tier.MAIN,
    parent: ServiceItem | None = None,
    code: str = "",
) -> ServiceItemVersion:
    """新增: a new item of the org, as a draft of its first version."""
    scope.require(by, org, EDITOR, _("新增事项"))
    reason = require_reason(reason)
    version = create_item(
        org,
        data,
        by=by,
        basic_code=basic_code,
        operation=Operation.ADD,
        reason=reason,
        tier=tier,
        parent=parent,
        code=code,
    )
    record(
        "catalog.add",
        actor=by,
        org=org,
        obj=version.item,
        data={"code": version.item.code, "version": version.number, "reason": reason},
    )
    return version


def _next_draft(
    item: ServiceItem, data: VersionData | None, *, by, operation: str, reason: str, what: str
) -> ServiceItemVersion:
    item = lock_item(item)
    scope.require(by, item.org, EDITOR, what)
    reason = require_reason(reason)
    if item.status not in (ServiceItem.Status.ACTIVE, ServiceItem.Status.SUSPENDED) or item.current_id is None:
        raise Conflict(_("只能对在用或暂停的已发布事项%(what)s。") % {"what": what}, code="wrong_state")
    if open_version(item) is not None:
        raise Conflict(_("该事项已有一个待编辑或待审核的版本，请先处理它。"), code="open_version")
    if operation == Operation.SUSPEND and item.status == ServiceItem.Status.SUSPENDED:
        raise Conflict(_("该事项已经暂停。"), code="wrong_state")
    version = new_version(item, data or of_version(item.current), by=by, operation=operation, reason=reason)
    record(
        f"catalog.{operation}",
        actor=by,
        org=item.org,
        obj=item,
        data={"code": item.code, "version": version.number, "reason": reason},
    )
    return version


@transaction.atomic
def draft_change(item: ServiceItem, data: VersionData, *, by, reason: str) -> ServiceItemVersion:
    """变更: a draft of the next version with changed elements (also how a suspended item resumes)."""
    return _next_draft(item, data, by=by, operation=Operation.CHANGE, reason=reason, what=_("变更"))


@transaction.atomic
def suspend_item(item: ServiceItem, *, by, reason: str) -> ServiceItemVersion:
    """暂停: a draft version that, once published, stops the item being applied for (its elements unchanged)."""
    return _next_draft(item, None, by=by, operation=Operation.SUSPEND, reason=reason, what=_("暂停"))


@transaction.atomic
def cancel_item(item: ServiceItem, *, by, reason: str) -> ServiceItemVersion:
    """取消: a draft version that, once published, ends the item (its history stays readable)."""
    return _next_draft(item, None, by=by, operation=Operation.CANCEL, reason=reason, what=_("取消"))


@transaction.atomic
def update_draft(version: ServiceItemVersion, data: VersionData, *, by) -> ServiceItemVersion:
    """Edit a draft's elements (a published or submitted version is never edited)."""
    version = lock_version(version)
    scope.require(by, version.item.org, EDITOR, _("编辑事项"))
    require_state(version, V.DRAFT, act=_("编辑"))
    if version.operation in (Operation.SUSPEND, Operation.CANCEL):
        raise Conflict(_("暂停和取消版本不改变事项要素。"), code="wrong_state")
    write_elements(version, data)
    record("catalog.edit", actor=by, org=version.item.org, obj=version.item, data={"version": version.number})
    return version


def _successor(org, data, basic_code, *, by, operation, reason, sources):
    return create_item(
        org,
        data,
        by=by,
        basic_code=basic_code,
        operation=operation,
        reason=reason,
        tier=sources[0].tier,
        parent=sources[0].parent,
        sources=sources,
    )


def _retire(item: ServiceItem, *, by, reason: str) -> ServiceItemVersion:
    if open_version(item) is not None:
        raise Conflict(
            _("“%(name)s”已有一个待编辑或待审核的版本，请先处理它。") % {"name": item.name}, code="open_version"
        )
    return new_version(item, of_version(item.current), by=by, operation=Operation.CANCEL, reason=reason)


def _require_live(items: list[ServiceItem], org: Org) -> None:
    for item in items:
        if item.org_id != org.pk:
            raise SunlightError(_("只能拆分或合并本机构的事项。"), code="wrong_org")
        if item.status not in (ServiceItem.Status.ACTIVE, ServiceItem.Status.SUSPENDED) or item.current_id is None:
            raise Conflict(_("“%(name)s”不是在用的已发布事项。") % {"name": item.name}, code="wrong_state")


@transaction.atomic
def split_item(item: ServiceItem, parts: list[tuple[str, VersionData]], *, by, reason: str) -> list[ServiceItemVersion]:
    """拆分: new items (new codes) from one, each a draft linked to it, and a draft cancelling the old one."""
    item = lock_item(item)
    scope.require(by, item.org, EDITOR, _("拆分事项"))
    reason = require_reason(reason)
    if len(parts) < 2:
        raise SunlightError(_("拆分须至少拆成两个事项。"), code="too_few")
    _require_live([item], item.org)
    made = [
        _successor(item.org, data, basic, by=by, operation=Operation.SPLIT, reason=reason, sources=[item])
        for basic, data in parts
    ]
    retired = _retire(item, by=by, reason=reason)
    record(
        "catalog.split",
        actor=by,
        org=item.org,
        obj=item,
        data={"code": item.code, "into": [v.item.code for v in made], "reason": reason},
    )
    return [*made, retired]


@transaction.atomic
def merge_items(
    items: list[ServiceItem], data: VersionData, *, by, basic_code: str, reason: str
) -> list[ServiceItemVersion]:
    """合并: one new item (new code) from several of one org, and a draft cancelling each old one."""
    if len(items) < 2:
        raise SunlightError(_("合并须至少选择两个事项。"), code="too_few")
    items = [lock_item(i) for i in items]
    org = items[0].org
    scope.require(by, org, EDITOR, _("合并事项"))
    reason = require_reason(reason)
    _require_live(items, org)
    made = _successor(org, data, basic_code, by=by, operation=Operation.MERGE, reason=reason, sources=items)
    retired = [_retire(i, by=by, reason=reason) for i in items]
    record(
        "catalog.merge",
        actor=by,
        org=org,
        obj=made.item,
        data={"code": made.item.code, "from": [i.code for i in items], "reason": reason},
    )
    return [made, *retired]
