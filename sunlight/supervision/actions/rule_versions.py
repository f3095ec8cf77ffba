"""Revising a rule: a new version with its own effective date; the old one stays (people are held to the version in
force when the thing happened)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext

from sunlight.cases import days
from sunlight.errors import refuse
from sunlight.events.log import record
from sunlight.notify.public_cache import public_changed
from sunlight.orgs.models import Org

from ..engine import forget_rules
from ..models import Rule, Severity
from ..rules import CONDITIONS, RECIPIENTS
from .rules import require_supervisor, require_text


@transaction.atomic
def revise_rule(
    code: str,
    *,
    by,
    severity: str,
    recipients: list[str],
    params: dict,
    effective_on: date,
    reason: str,
    active: bool = True,
) -> Rule:
    """A supervisor of the whole region (a root org) publishes a new version of a rule."""
    for root in Org.objects.filter(parent__isnull=True):
        require_supervisor(by, root, gettext("修订监察规则"))
    cond = CONDITIONS.get(code)
    if cond is None:
        raise refuse(gettext("没有编号为 %(code)s 的监察规则。") % {"code": code}, "unknown_rule")
    if severity not in Severity.values:
        raise refuse(gettext("规则等级不在可选范围内。"), "bad_severity")
    recipients = list(dict.fromkeys(recipients or []))
    if not recipients or any(r not in RECIPIENTS for r in recipients):
        raise refuse(gettext("通知对象须从承办人、单位负责人、监察人员中选择。"), "bad_recipients")
    params = dict(params or {})
    unknown = sorted(set(params) - set(cond.params))
    if unknown:
        raise refuse(gettext("规则没有这些阈值：%(names)s。") % {"names": "、".join(unknown)}, "unknown_param")
    for name, spec in cond.params.items():
        value = params.get(name, spec.default)
        if isinstance(value, bool) or not isinstance(value, int) or not spec.low <= value <= spec.high:
            raise refuse(
                gettext("阈值“%(label)s”须是 %(low)s 到 %(high)s 之间的整数。")
                % {"label": spec.label, "low": spec.low, "high": spec.high},
                "param_out_of_range",
            )
        params[name] = value
    if effective_on < days.today():
        raise refuse(gettext("生效日期不能早于今天：规则不能追溯适用。"), "backdated")
    reason = require_text(reason, gettext("修订理由"), 300)
    last = Rule.objects.select_for_update().filter(code=code).order_by("-version").first()
    rule = Rule.objects.create(
        code=code,
        version=(last.version + 1) if last else 1,
        name=str(cond.name),
        description=str(cond.description),
        basis=cond.basis,
        watches=list(cond.watches),
        severity=severity,
        recipients=recipients,
        params=params,
        effective_on=effective_on,
        active=active,
        reason=reason,
        created_by=by,
    )
    record(
        "supervision.rule",
        actor=by,
        obj=rule,
        data={"code": code, "version": rule.version, "severity": severity, "params": params, "reason": reason},
    )
    public_changed("supervision")
    transaction.on_commit(forget_rules)
    return rule
