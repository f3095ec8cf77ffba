"""Alerts and cards: the list (scoped, filtered), one alert with its object, its history and the acts the user's
post allows (close, correct, appeal, decide the appeal, issue a 督办单)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from sunlight.accounts.access import staff_required
from sunlight.acts import perform
from sunlight.orgs.scope import can_act

from ... import actions
from ...actions.rules import ORG_POSTS, supervises
from ...forms import DecideAppealForm, TextForm, UrgeForm
from ...models import Alert, Severity
from ...queries import object_url, staff_alerts
from ._shared import chosen_org

A = Alert.Status

# act → (label, form, run, done message, allowed(alert, user))
ACTS = {
    "close": (
        _lazy("办结告警"),
        lambda data: TextForm(data, label=_lazy("处理结论")),
        lambda a, u, d: actions.close_alert(a, by=u, conclusion=d["text"]),
        _lazy("告警已办结。"),
        lambda a, u: a.status == A.OPEN and supervises(u, a.org),
    ),
    "correct": (
        _lazy("更正撤销"),
        lambda data: TextForm(data, label=_lazy("更正理由")),
        lambda a, u, d: actions.correct_alert(a, by=u, reason=d["text"]),
        _lazy("告警已更正撤销，记录保留。"),
        lambda a, u: a.status in (A.OPEN, A.APPEALED) and supervises(u, a.org),
    ),
    "appeal": (
        _lazy("申诉"),
        lambda data: TextForm(data, label=_lazy("申诉理由")),
        lambda a, u, d: actions.appeal_alert(a, by=u, reason=d["text"]),
        _lazy("申诉已提交监察人员。"),
        lambda a, u: a.status == A.OPEN and can_act(u, a.org, ORG_POSTS),
    ),
    "decide": (
        _lazy("处理申诉"),
        lambda data: DecideAppealForm(data, label=_lazy("处理意见")),
        lambda a, u, d: actions.decide_appeal(a, by=u, upheld=d["upheld"], reason=d["text"]),
        _lazy("申诉已处理。"),
        lambda a, u: a.status == A.APPEALED and supervises(u, a.org),
    ),
    "urge": (
        _lazy("发出督办单"),
        lambda data: UrgeForm(data),
        lambda a, u, d: actions.issue_urge_order(by=u, alert=a, demand=d["demand"], due_on=d["due_on"]),
        _lazy("督办单已发出。"),
        lambda a, u: a.status == A.OPEN and supervises(u, a.org),
    ),
}


@staff_required
def alert_list(request: HttpRequest) -> HttpResponse:
    org = chosen_org(request)
    qs = staff_alerts(request.user).filter(org__path__startswith=org.path)
    current = {k: request.GET.get(k, "") for k in ("status", "severity", "code", "cards")}
    if current["status"] in A.values:
        qs = qs.filter(status=current["status"])
    if current["severity"] in Severity.values:
        qs = qs.filter(severity=current["severity"])
    if current["cards"]:
        qs = qs.filter(severity__in=[Severity.YELLOW_CARD, Severity.RED_CARD])
    if current["code"]:
        qs = qs.filter(code=current["code"][:40])
    page = Paginator(qs.order_by("-found_on", "-pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/workbench/alerts.html",
        {"org": org, "page": page, "current": current, "statuses": A.choices, "severities": Severity.choices},
    )


def visible_alert(request: HttpRequest, pk: int) -> Alert:
    alert = staff_alerts(request.user).filter(pk=pk).first()
    if alert is None:
        raise Http404(_("没有这条告警，或您无权查看。"))
    return alert


def render_alert(request, alert: Alert, *, status: int = 200, bound: dict | None = None) -> HttpResponse:
    bound = bound or {}
    acts = [
        {"name": name, "label": label, "form": bound.get(name) or form(None)}
        for name, (label, form, _run, _done, allowed) in ACTS.items()
        if allowed(alert, request.user)
    ]
    return render(
        request,
        "supervision/workbench/alert.html",
        {
            "alert": alert,
            "object_url": object_url(alert.kind, alert.object_id),
            "history": alert.acts.select_related("by"),
            "orders": alert.urge_orders.all(),
            "acts": acts,
        },
        status=status,
    )


@staff_required
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_alert(request, visible_alert(request, pk))


@staff_required
def alert_act(request: HttpRequest, pk: int, act: str) -> HttpResponse:
    alert = visible_alert(request, pk)
    if act not in ACTS:
        raise Http404
    label, form_of, run, done, allowed = ACTS[act]
    form = form_of(request.POST if request.method == "POST" else None)
    return perform(
        request,
        lambda d: run(alert, request.user, d) and str(done),
        form=form,
        done=reverse("supervision_wb:alert", args=[alert.pk]),
        refused=lambda exc: render_alert(request, alert, status=exc.status, bound={act: form}),
    )
