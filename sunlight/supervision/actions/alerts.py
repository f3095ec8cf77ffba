"""Acts on an alert or card. Nothing is deleted: a wrong card is withdrawn with reasons (更正), an org may appeal
(申诉) and the supervisor decides; an alert that was dealt with is closed with a conclusion."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from sunlight.cases import days
from sunlight.events.log import record
from sunlight.notify.public_cache import public_changed

from ..models import Alert, AlertAct
from .rules import require_member, require_state, require_supervisor, require_text

A = Alert.Status


def _lock(alert: Alert) -> Alert:
    return Alert.objects.select_for_update(of=("self",)).select_related("org", "rule").get(pk=alert.pk)


def _act(alert: Alert, act: str, by, reason: str, verb: str, **fields) -> Alert:
    for name, value in fields.items():
        setattr(alert, name, value)
    alert.save(update_fields=[*fields])
    AlertAct.objects.create(alert=alert, act=act, by=by, reason=reason)
    record(verb, actor=by, org=alert.org, obj=alert, data={"act": act, "reason": reason[:1000], "code": alert.code})
    public_changed("supervision")
    return alert


@transaction.atomic
def close_alert(alert: Alert, *, by, conclusion: str) -> Alert:
    alert = _lock(alert)
    require_supervisor(by, alert.org, gettext("办结告警"))
    require_state(alert, A.OPEN, act=gettext("办结"))
    conclusion = require_text(conclusion, gettext("处理结论"))
    return _act(
        alert,
        AlertAct.Act.CLOSE,
        by,
        conclusion,
        "supervision.close",
        status=A.CLOSED,
        conclusion=conclusion,
        closed_on=days.today(),
        closed_by=by,
    )


@transaction.atomic
def correct_alert(alert: Alert, *, by, reason: str) -> Alert:
    """The finding was wrong (the calendar was wrong, the data was imported late …): withdrawn, kept, explained."""
    alert = _lock(alert)
    require_supervisor(by, alert.org, gettext("更正告警"))
    require_state(alert, A.OPEN, A.APPEALED, act=gettext("更正撤销"))
    reason = require_text(reason, gettext("更正理由"))
    return _act(
        alert,
        AlertAct.Act.CORRECT,
        by,
        reason,
        "supervision.correct",
        status=A.WITHDRAWN,
        conclusion=reason,
        closed_on=days.today(),
        closed_by=by,
    )


@transaction.atomic
def appeal_alert(alert: Alert, *, by, reason: str) -> Alert:
    alert = _lock(alert)
    require_member(by, alert.org, gettext("对告警提出申诉"))
    require_state(alert, A.OPEN, act=gettext("申诉"))
    reason = require_text(reason, gettext("申诉理由"))
    return _act(alert, AlertAct.Act.APPEAL, by, reason, "supervision.appeal", status=A.APPEALED)


@transaction.atomic
def decide_appeal(alert: Alert, *, by, upheld: bool, reason: str) -> Alert:
    alert = _lock(alert)
    require_supervisor(by, alert.org, gettext("处理申诉"))
    require_state(alert, A.APPEALED, act=gettext("处理申诉"))
    reason = require_text(reason, gettext("申诉处理意见"))
    if upheld:
        return _act(
            alert,
            AlertAct.Act.UPHOLD,
            by,
            reason,
            "supervision.appeal_decided",
            status=A.WITHDRAWN,
            conclusion=reason,
            closed_on=days.today(),
            closed_by=by,
        )
    return _act(alert, AlertAct.Act.REJECT, by, reason, "supervision.appeal_decided", status=A.OPEN)
