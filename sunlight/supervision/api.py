"""/api/v1/supervision: the public rules and aggregates; staff lights, alerts, 督办单 and indicators (scoped to the
user's orgs, supervisors their subtree); the acts (close, correct, appeal, decide, issue, answer, close, escalate)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status

from sunlight.api.auth import staff_or_token_auth
from sunlight.api.types import Id, Limit, Offset
from sunlight.orgs.scope import org_q, visible_orgs

from . import actions, indicators, public_data, tally
from .engine import current_rules
from .models import Alert, UrgeOrder
from .periods import month_range
from .queries import staff_alerts, staff_urges, staff_watches
from .rules import CONDITIONS

router = Router(tags=["supervision 电子监察"])
Text = Annotated[str, Field(min_length=1, max_length=5000)]


class RuleOut(Schema):
    code: str
    version: int
    name: str
    description: str
    basis: str
    severity: str
    watches: list[str]
    recipients: list[str]
    params: dict
    effective_on: date


class AlertOut(Schema):
    id: int
    number: str
    code: str
    severity: str
    kind: str
    object_number: str
    title: str
    org: str
    detail: str
    found_on: date
    status: str
    conclusion: str


class UrgeOut(Schema):
    id: int
    number: str
    org: str
    issuer_org: str
    demand: str
    issued_on: date
    due_on: date
    status: str
    answer: str
    conclusion: str
    alert_id: int | None


class LightsOut(Schema):
    green: int
    yellow: int
    red: int
    paused: int


def _alert(a: Alert) -> dict:
    return {
        "id": a.pk,
        "number": a.number,
        "code": a.code,
        "severity": a.severity,
        "kind": a.kind,
        "object_number": a.number_ref,
        "title": a.title,
        "org": a.org.name,
        "detail": a.detail,
        "found_on": a.found_on,
        "status": a.status,
        "conclusion": a.conclusion,
    }


def _urge(o: UrgeOrder) -> dict:
    return {
        "id": o.pk,
        "number": o.number,
        "org": o.org.name,
        "issuer_org": o.issuer_org.name,
        "demand": o.demand,
        "issued_on": o.issued_on,
        "due_on": o.due_on,
        "status": o.status,
        "answer": o.answer,
        "conclusion": o.conclusion,
        "alert_id": o.alert_id,
    }


@router.get("/rules", response=list[RuleOut], summary="监察规则（公开）/ the published rules in force")
def rules(request: HttpRequest):
    return list(current_rules().values())


@router.get("/public", summary="公开的监察汇总（无个人信息）/ the public aggregate")
def public(request: HttpRequest):
    return public_data.cached_summary()


@router.get("/lights", auth=staff_or_token_auth(), response=LightsOut, summary="在办对象的红黄绿灯 / lights")
def lights(request: HttpRequest, org: Id | None = None):
    orgs = visible_orgs(request.user)
    scope = get_object_or_404(orgs, pk=org) if org is not None else orgs.order_by("depth", "pk").first()
    if scope is None:
        raise Http404(gettext("您没有可查看的机构。"))
    return tally.totals(tally.counts(org_q(request.user, "org"), scope.path))


@router.get("/alerts", auth=staff_or_token_auth(), response=list[AlertOut], summary="告警和红黄牌 / alerts")
def alert_list(
    request: HttpRequest,
    status: Literal["open", "appealed", "closed", "withdrawn"] | None = None,
    severity: Literal["reminder", "yellow_card", "red_card", "urge"] | None = None,
    offset: Offset = 0,
    limit: Limit = 50,
):
    qs = staff_alerts(request.user)
    if status:
        qs = qs.filter(status=status)
    if severity:
        qs = qs.filter(severity=severity)
    return [_alert(a) for a in qs.order_by("-found_on", "-pk")[offset : offset + limit]]


def _visible_alert(request, pk: int) -> Alert:
    alert = staff_alerts(request.user).filter(pk=pk).first()
    if alert is None:
        raise Http404(gettext("没有这条告警，或您无权查看。"))
    return alert


@router.get("/alerts/{int:alert_id}", auth=staff_or_token_auth(), response=AlertOut, summary="一条告警 / one alert")
def alert_detail(request: HttpRequest, alert_id: Id):
    return _alert(_visible_alert(request, alert_id))


class AlertActIn(Schema):
    text: Text
    upheld: bool = False


@router.post(
    "/alerts/{int:alert_id}/acts/{name}",
    auth=staff_or_token_auth(),
    response=AlertOut,
    summary="告警处理 / an act on an alert",
    description="name: close（办结，text=处理结论）, correct（更正撤销，text=理由）, appeal（申诉）, decide（处理申诉，upheld）。",
)
def alert_act(
    request: HttpRequest, alert_id: Id, name: Literal["close", "correct", "appeal", "decide"], data: AlertActIn
):
    alert = _visible_alert(request, alert_id)
    by = request.user
    if name == "close":
        alert = actions.close_alert(alert, by=by, conclusion=data.text)
    elif name == "correct":
        alert = actions.correct_alert(alert, by=by, reason=data.text)
    elif name == "appeal":
        alert = actions.appeal_alert(alert, by=by, reason=data.text)
    else:
        alert = actions.decide_appeal(alert, by=by, upheld=data.upheld, reason=data.text)
    return _alert(alert)


@router.get("/urge", auth=staff_or_token_auth(), response=list[UrgeOut], summary="督办单 / urge orders")
def urge_list(request: HttpRequest, offset: Offset = 0, limit: Limit = 50):
    return [_urge(o) for o in staff_urges(request.user).order_by("-issued_on", "-pk")[offset : offset + limit]]


class UrgeIn(Schema):
    demand: Text
    due_on: date
    alert_id: Id | None = None
    watch_id: Id | None = None
    org_id: Id | None = None


@router.post("/urge", auth=staff_or_token_auth(), response={201: UrgeOut}, summary="发出督办单 / issue an urge order")
def urge_issue(request: HttpRequest, data: UrgeIn):
    alert = _visible_alert(request, data.alert_id) if data.alert_id else None
    watch = get_object_or_404(staff_watches(request.user), pk=data.watch_id) if data.watch_id else None
    org = get_object_or_404(visible_orgs(request.user), pk=data.org_id) if data.org_id else None
    order = actions.issue_urge_order(
        by=request.user, demand=data.demand, due_on=data.due_on, alert=alert, watch=watch, org=org
    )
    return Status(201, _urge(order))


class UrgeActIn(Schema):
    text: Text


@router.post(
    "/urge/{int:order_id}/acts/{name}",
    auth=staff_or_token_auth(),
    response=UrgeOut,
    summary="督办单办理 / an act on an urge order",
    description="name: answer（答复整改情况）, close（办结）, escalate（提级督办）。",
)
def urge_act(request: HttpRequest, order_id: Id, name: Literal["answer", "close", "escalate"], data: UrgeActIn):
    order = staff_urges(request.user).filter(pk=order_id).first()
    if order is None:
        raise Http404(gettext("没有这个督办单，或您无权查看。"))
    by = request.user
    if name == "answer":
        order = actions.answer_urge_order(order, by=by, answer=data.text)
    elif name == "close":
        order = actions.close_urge_order(order, by=by, conclusion=data.text)
    else:
        order = actions.escalate_urge_order(order, by=by, reason=data.text)
    return _urge(order)


class IndicatorQuery(Schema):
    org: Id | None = None
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    month: Annotated[int, Field(ge=1, le=12)] | None = None


@router.get("/indicators", auth=staff_or_token_auth(), summary="监察指标 / indicators with their formulas")
def indicator_list(request: HttpRequest, q: Query[IndicatorQuery]):
    orgs = visible_orgs(request.user)
    org = get_object_or_404(orgs, pk=q.org) if q.org else orgs.order_by("depth", "pk").first()
    if org is None:
        raise Http404(gettext("您没有可查看的机构。"))
    start, end = month_range(q.year, q.month)
    figs = indicators.figures(org, start, end)
    return {
        "org": org.name,
        "start": start,
        "end": end,
        "figures": {
            k: {
                "label": str(f.label),
                "value": f.value,
                "numerator": f.numerator,
                "denominator": f.denominator,
                "formula": str(f.formula),
            }
            for k, f in figs.items()
        },
    }


class RuleIn(Schema):
    severity: Literal["reminder", "yellow_card", "red_card", "urge"]
    recipients: list[Literal["handler", "head", "supervisor"]] = Field(..., max_length=3)
    params: dict[str, int] = Field(default_factory=dict)
    effective_on: date
    reason: Annotated[str, Field(min_length=1, max_length=300)]
    active: bool = True


@router.post("/rules/{code}", auth=staff_or_token_auth(), response={201: RuleOut}, summary="修订规则 / revise a rule")
def rule_revise(request: HttpRequest, code: Annotated[str, Field(max_length=40)], data: RuleIn):
    if code not in CONDITIONS:
        raise Http404(gettext("没有这条监察规则。"))
    rule = actions.revise_rule(code, by=request.user, **data.model_dump())
    return Status(201, rule)
