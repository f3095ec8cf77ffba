"""Proposals to change a shared setting: made by any admin, accepted or declined by an editor of the shared settings.

One small generic record (SettingProposal) for every shared table. Accepting applies the proposed values through
the table's normal act: the working-day calendar through clock.actions.set_workday, any other table through
the same model form and event the admin itself uses (the `<prefix>.create|update` event of RecordedAdmin).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model, QuerySet
from django.forms.models import model_to_dict, modelform_factory
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sunlight.errors import Conflict, SunlightError
from sunlight.events.log import record
from sunlight.notify.todos import close_todos, feed_todo
from sunlight.orgs.shared import (
    can_edit_shared_settings,
    is_any_admin,
    require_shared_settings_editor,
    shared_settings_admins,
)

from .models import SettingProposal


@dataclass(frozen=True)
class SharedSetting:
    label: str  # "disclosure.sensitiveword"
    fields: tuple[str, ...]  # what a proposal may change
    event_prefix: str  # the admin's RecordedAdmin prefix, for the event written when a proposal is applied


SHARED: dict[str, SharedSetting] = {}
APPLIERS: dict[str, Callable[[SettingProposal, object], Model]] = {}


def register(label: str, fields, event_prefix: str = "") -> None:
    SHARED[label] = SharedSetting(label, tuple(fields), event_prefix or label)


def _model(proposal_or_label) -> type[Model]:
    label = proposal_or_label if isinstance(proposal_or_label, str) else proposal_or_label.target
    return apps.get_model(label)


def editors() -> QuerySet:
    """The people who decide proposals: admins of the shared-settings org and its ancestors; superusers if there are none."""
    found = shared_settings_admins()
    if found.exists():
        return found
    return get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk")


def _todo_key(proposal: SettingProposal) -> str:
    return f"setting-proposal:{proposal.pk}"


def proposal_url(proposal: SettingProposal) -> str:
    return reverse("admin:workbench_settingproposal_change", args=[proposal.pk])


def summary(proposal: SettingProposal) -> str:
    model = _model(proposal)
    names = []
    for name, value in proposal.changes.items():
        try:
            verbose = str(model._meta.get_field(name).verbose_name)
        except Exception:  # noqa: BLE001 - a field removed since the proposal: show its name
            verbose = name
        names.append(f"{verbose}：{value}")
    return "；".join(names)


@transaction.atomic
def propose_setting_change(*, by, label: str, obj: Model | None, changes: dict, reason: str) -> SettingProposal:
    """An admin who may not edit a shared setting asks its editors to change it (or to add a row)."""
    if not (by.is_superuser or is_any_admin(by)):
        raise PermissionDenied(_("只有系统管理员可以提出共享设置的修改建议。"))
    if label not in SHARED:
        raise SunlightError(_("该设置不是共享设置。"))
    unknown = set(changes) - set(SHARED[label].fields)
    if unknown:
        raise SunlightError(_("不能修改这些字段：%(fields)s") % {"fields": "、".join(sorted(unknown))})
    if not changes:
        raise SunlightError(_("建议值与现值相同，没有需要修改的内容。"))
    if not reason.strip():
        raise SunlightError(_("请说明修改理由。"))
    proposal = SettingProposal.objects.create(
        target=label,
        object_id=str(obj.pk) if obj is not None and obj.pk else "",
        object_label=str(obj)[:200] if obj is not None else "",
        changes=changes,
        reason=reason.strip(),
        proposed_by=by,
    )
    record(
        "settings.propose",
        actor=by,
        obj=proposal,
        after={"target": label, "object_id": proposal.object_id, "changes": changes},
    )
    title = _("共享设置修改建议：%(what)s") % {"what": proposal.object_label or str(_model(label)._meta.verbose_name)}

    def feed() -> None:
        for user in editors():
            feed_todo(
                user,
                _todo_key(proposal),
                title[:200],
                detail=summary(proposal)[:1000],
                url=proposal_url(proposal),
                done_at=None,
            )

    transaction.on_commit(feed)
    return proposal


def _apply_workday(proposal: SettingProposal, by) -> Model:
    from sunlight.clock.actions import set_workday
    from sunlight.clock.models import WorkDay

    row = WorkDay.objects.filter(pk=proposal.object_id).first() if proposal.object_id else None
    values = {"is_workday": row.is_workday if row else False, "note": row.note if row else ""} | proposal.changes
    day = row.date if row else date.fromisoformat(str(values.get("date")))
    return set_workday(day, is_workday=bool(values["is_workday"]), note=str(values.get("note") or ""), by=by)


APPLIERS["clock.workday"] = _apply_workday


def _apply_generic(proposal: SettingProposal, by) -> Model:
    model = _model(proposal)
    setting = SHARED[proposal.target]
    obj = model._default_manager.get(pk=proposal.object_id) if proposal.object_id else model()
    fields = [f for f in setting.fields if f in proposal.changes or not proposal.object_id]
    form_class = modelform_factory(model, fields=fields)
    data = model_to_dict(obj, fields=fields) | proposal.changes
    data = {
        k: v for k, v in data.items() if v is not None and v is not False
    }  # an unchecked box is absent, as in a post
    before = model_to_dict(obj, fields=fields) if proposal.object_id else None
    form = form_class(data=data, instance=obj)
    if not form.is_valid():
        errors = "；".join(f"{k}：{' '.join(v)}" for k, v in form.errors.items())
        raise SunlightError(_("建议值已不能采用：%(errors)s") % {"errors": errors})
    saved = form.save()
    record(
        f"{setting.event_prefix}.{'update' if before is not None else 'create'}",
        actor=by,
        obj=saved,
        before=before,
        after={k: v for k, v in model_to_dict(saved, fields=fields).items() if not isinstance(v, list)},
    )
    return saved


def _close_and_tell(proposal: SettingProposal, title: str) -> None:
    def send() -> None:
        close_todos(_todo_key(proposal))
        feed_todo(
            proposal.proposed_by,
            f"{_todo_key(proposal)}:decided",
            title[:200],
            detail=proposal.decision_reason[:1000],
            url=proposal_url(proposal),
            done_at=None,
        )

    transaction.on_commit(send)


def _open_for_update(proposal: SettingProposal) -> SettingProposal:
    locked = SettingProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != SettingProposal.Status.OPEN:
        raise Conflict(_("该建议已处理（%(status)s）。") % {"status": locked.get_status_display()})
    return locked


@transaction.atomic
def accept_proposal(proposal: SettingProposal, *, by, note: str = "") -> SettingProposal:
    """Apply the proposed values through the setting's normal act, then close the proposal."""
    require_shared_settings_editor(by, _("共享设置"))
    proposal = _open_for_update(proposal)
    APPLIERS.get(proposal.target, _apply_generic)(proposal, by)
    proposal.status, proposal.decided_by, proposal.decided_at = SettingProposal.Status.ACCEPTED, by, timezone.now()
    proposal.decision_reason = note.strip()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    record("settings.accept", actor=by, obj=proposal, after={"target": proposal.target, "changes": proposal.changes})
    _close_and_tell(
        proposal, _("您的共享设置修改建议已采纳：%(what)s") % {"what": proposal.object_label or proposal.target}
    )
    return proposal


@transaction.atomic
def decline_proposal(proposal: SettingProposal, *, by, reason: str) -> SettingProposal:
    require_shared_settings_editor(by, _("共享设置"))
    if not reason.strip():
        raise SunlightError(_("不采纳时须说明理由。"))
    proposal = _open_for_update(proposal)
    proposal.status, proposal.decided_by, proposal.decided_at = SettingProposal.Status.DECLINED, by, timezone.now()
    proposal.decision_reason = reason.strip()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    record("settings.decline", actor=by, obj=proposal, data={"reason": proposal.decision_reason})
    _close_and_tell(
        proposal, _("您的共享设置修改建议未采纳：%(what)s") % {"what": proposal.object_label or proposal.target}
    )
    return proposal


def may_decide(user) -> bool:
    return can_edit_shared_settings(user)
