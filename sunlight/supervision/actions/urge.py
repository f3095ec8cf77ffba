"""督办单: a supervisor demands, in writing and with a deadline, that an org deal with something (an alert, an
overdue object); the org answers with what it did (整改情况); the supervisor closes it, or escalates it to the
supervisors of the level above (提级督办)."""

from __future__ import annotations

import secrets
from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext

from sunlight.cases import days
from sunlight.errors import Conflict, refuse
from sunlight.events.log import record
from sunlight.notify.notices import send_notice
from sunlight.notify.todos import close_todos, feed_role_todos
from sunlight.orgs.models import Org, Role

from ..models import Alert, UrgeOrder, Watch
from ..notices import supervising_org
from .rules import ORG_POSTS, require_member, require_state, require_supervisor, require_text, supervises

U = UrgeOrder.Status


def _key(order: UrgeOrder) -> str:
    return f"supervision:urge:{order.pk}"


def _number(on: date, **fields) -> UrgeOrder:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return UrgeOrder.objects.create(number=f"DB{on:%Y%m%d}{secrets.randbelow(10**5):05d}", **fields)
        except IntegrityError as exc:
            if "number" not in str(exc).lower():
                raise
    raise IntegrityError("could not allocate a number")


@transaction.atomic
def issue_urge_order(
    *, by, demand: str, due_on: date, alert: Alert | None = None, watch: Watch | None = None, org: Org | None = None
) -> UrgeOrder:
    """The supervised org is the alert's or the object's (or one named); only its supervisors may issue."""
    org = alert.org if alert is not None else (watch.org if watch is not None else org)
    if org is None:
        raise refuse(gettext("请指明督办的告警、办件或机构。"), "nothing_to_urge")
    require_supervisor(by, org, gettext("发出督办单"))
    demand = require_text(demand, gettext("督办事项和要求"))
    today = days.today()
    if due_on is None or due_on <= today:
        raise refuse(gettext("答复期限须晚于今天。"), "bad_due")
    if (due_on - today).days > 366:
        raise refuse(gettext("答复期限不能超过一年。"), "bad_due")
    if alert is not None:
        alert = Alert.objects.select_for_update(of=("self",)).get(pk=alert.pk)
        if alert.status != Alert.Status.OPEN:
            raise Conflict(gettext("告警已办结或撤销，不能再督办。"), code="bad_state")
        watch = watch or Watch.objects.filter(kind=alert.kind, object_id=alert.object_id).first()
    issuer = supervising_org(org)
    order = _number(
        today,
        alert=alert,
        watch=watch,
        org=org,
        issuer_org=issuer if supervises(by, issuer) else _own_supervising_org(by, org),
        demand=demand,
        issued_by=by,
        issued_on=today,
        due_on=due_on,
    )
    record("supervision.urge", actor=by, org=org, obj=order, data={"demand": demand[:1000], "due_on": due_on})
    url = reverse("supervision_wb:urge", args=[order.pk])
    title = gettext("督办单 %(n)s：请在 %(d)s 前答复") % {"n": order.number, "d": due_on}
    feed_role_todos(org.pk, ORG_POSTS, _key(order), title, url=url, due=due_on, level="danger")
    for user in {m.user for m in _members(org, (Role.APPROVER, Role.ADMIN))}:
        send_notice(user, title, demand, url=url, channels=("inapp", "email", "sms"))
    return order


def _own_supervising_org(user, org: Org) -> Org:
    """The org the issuing supervisor sits in (the nearest above `org`)."""
    from sunlight.orgs.scope import memberships

    mine = [m.org for m in memberships(user) if m.role == Role.SUPERVISOR and org.path.startswith(m.org.path)]
    return max(mine, key=lambda o: o.depth) if mine else org


def _members(org: Org, roles):
    from sunlight.orgs.models import Membership

    return Membership.objects.filter(org=org, role__in=roles, is_active=True).select_related("user")


def _lock(order: UrgeOrder) -> UrgeOrder:
    return UrgeOrder.objects.select_for_update(of=("self",)).select_related("org", "issuer_org").get(pk=order.pk)


@transaction.atomic
def answer_urge_order(order: UrgeOrder, *, by, answer: str) -> UrgeOrder:
    order = _lock(order)
    require_member(by, order.org, gettext("答复督办单"))
    require_state(order, U.ISSUED, act=gettext("答复"))
    order.answer = require_text(answer, gettext("整改情况"), 5000)
    order.answered_by, order.answered_on, order.status = by, days.today(), U.ANSWERED
    order.save(update_fields=["answer", "answered_by", "answered_on", "status"])
    record("supervision.urge_answer", actor=by, org=order.org, obj=order, data={"answer": order.answer[:1000]})
    close_todos(_key(order))
    url = reverse("supervision_wb:urge", args=[order.pk])
    if order.issued_by_id:
        send_notice(order.issued_by, gettext("督办单 %(n)s 已答复") % {"n": order.number}, order.answer, url=url)
    feed_role_todos(
        order.issuer_org_id,
        (Role.SUPERVISOR,),
        _key(order) + ":review",
        gettext("审核督办单 %(n)s 的整改情况") % {"n": order.number},
        url=url,
    )
    return order


@transaction.atomic
def close_urge_order(order: UrgeOrder, *, by, conclusion: str) -> UrgeOrder:
    order = _lock(order)
    require_supervisor(by, order.org, gettext("办结督办单"))
    require_state(order, U.ANSWERED, act=gettext("办结"))
    order.conclusion = require_text(conclusion, gettext("办结意见"))
    order.status, order.closed_on = U.CLOSED, days.today()
    order.save(update_fields=["conclusion", "status", "closed_on"])
    record("supervision.urge_close", actor=by, org=order.org, obj=order, data={"conclusion": order.conclusion[:1000]})
    close_todos(_key(order), prefix=_key(order) + ":")
    return order


@transaction.atomic
def escalate_urge_order(order: UrgeOrder, *, by, reason: str) -> UrgeOrder:
    """The answer is not enough, or none came in time: the level above takes the matter up."""
    order = _lock(order)
    require_supervisor(by, order.org, gettext("提级督办"))
    require_state(order, U.ISSUED, U.ANSWERED, act=gettext("提级督办"))
    reason = require_text(reason, gettext("提级理由"))
    upper = order.issuer_org.parent
    if upper is None:
        raise Conflict(gettext("已是最高一级，不能再提级督办。"), code="top_level")
    target = supervising_org(upper)
    order.status, order.conclusion, order.closed_on = U.ESCALATED, reason, days.today()
    order.save(update_fields=["status", "conclusion", "closed_on"])
    record("supervision.urge_escalate", actor=by, org=order.org, obj=order, data={"reason": reason, "to": target.pk})
    close_todos(_key(order), prefix=_key(order) + ":")
    feed_role_todos(
        target.pk,
        (Role.SUPERVISOR,),
        f"supervision:escalated:{order.pk}",
        gettext("提级督办：%(org)s 的督办单 %(n)s") % {"org": order.org.name, "n": order.number},
        url=reverse("supervision_wb:urge", args=[order.pk]),
        level="danger",
    )
    return order
