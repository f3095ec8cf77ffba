"""What every catalog act checks first: who acts, the state a version must be in, the row lock, the rule check."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from sunlight.errors import Conflict, SunlightError
from sunlight.orgs.models import Role

from .. import checks
from ..elements import VersionData
from ..models import ServiceItem, ServiceItemVersion
from ..rules import Rule, Subject

EDITOR = (Role.CATALOG_OFFICER, Role.ADMIN)  # 事项管理人员 draft; admins of the org or above may too
REVIEWER = (Role.REVIEWER, Role.ADMIN)
V = ServiceItemVersion.State


class RuleViolation(SunlightError):
    """A version breaks consistency rules: every broken rule is named, so the editor fixes them in one go."""

    status = 422
    code = "rule_violation"

    def __init__(self, broken: list[Rule]) -> None:
        self.rule_ids = [r.id for r in broken]
        lines = "；".join(f"{r.message}（{r.id}）" for r in broken)
        super().__init__(_("不符合一致性规则：%(lines)s") % {"lines": lines})


def lock_version(version: ServiceItemVersion) -> ServiceItemVersion:
    return ServiceItemVersion.objects.select_for_update().select_related("item", "item__org").get(pk=version.pk)


def lock_item(item: ServiceItem) -> ServiceItem:
    return ServiceItem.objects.select_for_update().select_related("org").get(pk=item.pk)


def require_state(version: ServiceItemVersion, *states: str, act: str) -> None:
    if version.state not in states:
        allowed = "、".join(str(V(s).label) for s in states)
        raise Conflict(
            _("“%(name)s”第%(n)s版当前为“%(state)s”，不能%(act)s（须为：%(allowed)s）。")
            % {
                "name": version.name,
                "n": version.number,
                "state": version.get_state_display(),
                "act": act,
                "allowed": allowed,
            },
            code="wrong_state",
        )


def require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise SunlightError(_("请写明这次目录操作的原因。"), code="reason_required")
    return reason


def subject_of(item: ServiceItem, data: VersionData) -> Subject:
    related = frozenset(item.predecessors.values_list("pk", flat=True)) if item.pk else frozenset()
    return Subject(data=data, org_id=item.org_id, basic_code=item.basic_code, item_id=item.pk, related_ids=related)


def violations(item: ServiceItem, data: VersionData) -> list[Rule]:
    return checks.check(subject_of(item, data))


def notify_role(item: ServiceItem, version: ServiceItemVersion, roles, title: str) -> None:
    """After commit, put the version on the to-do list of the org's holders of `roles`."""
    from sunlight.notify.todos import close_todos, feed_role_todos

    def send() -> None:
        close_todos(f"catalog:{version.pk}")
        feed_role_todos(
            item.org_id,
            list(roles),
            f"catalog:{version.pk}",
            title,
            url=reverse("catalog_wb:version", args=[version.pk]),
        )

    transaction.on_commit(send)


def close_version_todos(version: ServiceItemVersion) -> None:
    from sunlight.notify.todos import close_todos

    transaction.on_commit(lambda: close_todos(f"catalog:{version.pk}"))
