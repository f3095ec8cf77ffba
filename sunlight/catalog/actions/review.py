"""Review: submit a draft, return it, publish it. Publishing re-checks every rule, closes the version in force
and puts the new one in its place; the published version never changes again."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sunlight.errors import Conflict, SunlightError
from sunlight.events.log import record
from sunlight.notify.public_cache import public_changed
from sunlight.orgs import scope

from .. import indexing
from ..elements import of_version
from ..kinds import Operation
from ..models import BasicItem, ServiceItem, ServiceItemVersion
from .rules import (
    EDITOR,
    REVIEWER,
    RuleViolation,
    V,
    close_version_todos,
    lock_version,
    notify_role,
    require_state,
    violations,
)

# The status an item takes when a version of each operation is published.
STATUS_AFTER = {
    Operation.ADD: ServiceItem.Status.ACTIVE,
    Operation.CHANGE: ServiceItem.Status.ACTIVE,
    Operation.SPLIT: ServiceItem.Status.ACTIVE,
    Operation.MERGE: ServiceItem.Status.ACTIVE,
    Operation.SUSPEND: ServiceItem.Status.SUSPENDED,
    Operation.CANCEL: ServiceItem.Status.CANCELLED,
}


def _check(version: ServiceItemVersion) -> None:
    """Refuse while any rule is broken (the act rolls back, so the stored list is refreshed by the next edit)."""
    broken = violations(version.item, of_version(version))
    if broken:
        raise RuleViolation(broken)
    version.violations = []


@transaction.atomic
def submit_version(version: ServiceItemVersion, *, by) -> ServiceItemVersion:
    """提交审核: a draft that breaks no rule goes to the org's reviewers."""
    version = lock_version(version)
    scope.require(by, version.item.org, EDITOR, _("提交审核"))
    require_state(version, V.DRAFT, act=_("提交审核"))
    _check(version)
    version.state = V.SUBMITTED
    version.save(update_fields=["state", "violations", "updated_at"])
    record("catalog.submit", actor=by, org=version.item.org, obj=version.item, data={"version": version.number})
    notify_role(version.item, version, REVIEWER, _("待审核事项：%(name)s") % {"name": version.name[:60]})
    return version


@transaction.atomic
def return_version(version: ServiceItemVersion, *, by, note: str) -> ServiceItemVersion:
    """退回修改: the reviewer sends a submitted version back to draft with what to fix."""
    version = lock_version(version)
    scope.require(by, version.item.org, REVIEWER, _("退回"))
    require_state(version, V.SUBMITTED, act=_("退回"))
    if not (note or "").strip():
        raise SunlightError(_("请写明退回的原因和修改意见。"), code="note_required")
    version.state = V.DRAFT
    version.review_note = note.strip()
    version.save(update_fields=["state", "review_note", "updated_at"])
    record(
        "catalog.return",
        actor=by,
        org=version.item.org,
        obj=version.item,
        data={"version": version.number, "note": version.review_note},
    )
    notify_role(version.item, version, EDITOR, _("事项被退回修改：%(name)s") % {"name": version.name[:60]})
    return version


@transaction.atomic
def publish_version(version: ServiceItemVersion, *, by, effective_from: date | None = None) -> ServiceItemVersion:
    """发布: a reviewer other than the drafter publishes a submitted version that breaks no rule.

    The version in force until now stays readable, "in force until" the day this one takes over.
    """
    version = lock_version(version)
    item = ServiceItem.objects.select_for_update().select_related("org").get(pk=version.item_id)
    scope.require(by, item.org, REVIEWER, _("发布事项"))
    require_state(version, V.SUBMITTED, act=_("发布"))
    if version.drafted_by_id == by.pk:
        raise SunlightError(_("起草人不能发布自己起草的版本，须由另一位审核人发布。"), code="four_eyes")
    today = timezone.localdate()
    day = effective_from or today
    previous = item.current
    if day > today:
        raise SunlightError(_("生效日期不能晚于今天。"), code="future_date")
    if previous is not None and previous.effective_from and day < previous.effective_from:
        raise Conflict(
            _("生效日期不能早于现行版本的生效日期（%(day)s）。") % {"day": previous.effective_from}, code="date_order"
        )
    _check(version)
    if previous is not None and previous.effective_until is None:
        previous.effective_until = day
        previous.save(update_fields=["effective_until"])
    version.state = V.PUBLISHED
    version.effective_from = day
    if version.operation == Operation.CANCEL:
        version.effective_until = day  # a cancellation is never itself in force
    version.published_at = timezone.now()
    version.reviewed_by = by
    version.save()
    item.current = version
    item.name, item.kind = version.name, version.kind
    item.status = STATUS_AFTER[version.operation]
    item.save(update_fields=["current", "name", "kind", "status"])
    _seed_basic(version)
    indexing.reindex(item)
    record(
        "catalog.publish",
        actor=by,
        org=item.org,
        obj=item,
        data={
            "version": version.number,
            "operation": version.operation,
            "reason": version.reason,
            "effective_from": day.isoformat(),
        },
    )
    close_version_todos(version)
    public_changed("catalog")
    return version


def _seed_basic(version: ServiceItemVersion) -> None:
    """The first published implementation of a basic code sets the basic catalog's base elements."""
    data = of_version(version)
    if not BasicItem.objects.filter(basic_code=version.item.basic_code).exists():
        name, kind, department, body, basis = data.base()
        BasicItem.objects.create(
            basic_code=version.item.basic_code,
            name=name,
            kind=kind,
            competent_department=department,
            implementing_body=body,
            legal_basis=basis,
        )
