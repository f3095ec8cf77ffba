"""督办单: the list, a new one about an object (from the lights list), one order with its answer and the acts."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from sunlight.accounts.access import staff_required
from sunlight.acts import perform
from sunlight.ints import ascii_int
from sunlight.orgs.scope import can_act

from ... import actions
from ...actions.rules import ORG_POSTS, supervises
from ...forms import TextForm, UrgeForm
from ...models import UrgeOrder
from ...queries import object_url, staff_urges, staff_watches

U = UrgeOrder.Status

ACTS = {
    "answer": (
        _lazy("答复整改情况"),
        _lazy("整改情况"),
        lambda o, u, t: actions.answer_urge_order(o, by=u, answer=t),
        _lazy("已答复督办单。"),
        lambda o, u: o.status == U.ISSUED and can_act(u, o.org, ORG_POSTS),
    ),
    "close": (
        _lazy("办结督办单"),
        _lazy("办结意见"),
        lambda o, u, t: actions.close_urge_order(o, by=u, conclusion=t),
        _lazy("督办单已办结。"),
        lambda o, u: o.status == U.ANSWERED and supervises(u, o.org),
    ),
    "escalate": (
        _lazy("提级督办"),
        _lazy("提级理由"),
        lambda o, u, t: actions.escalate_urge_order(o, by=u, reason=t),
        _lazy("已提请上一级监察机构督办。"),
        lambda o, u: o.status in (U.ISSUED, U.ANSWERED) and supervises(u, o.org),
    ),
}


@staff_required
def urge_list(request: HttpRequest) -> HttpResponse:
    qs = staff_urges(request.user)
    status = request.GET.get("status", "")
    if status in U.values:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("-issued_on", "-pk"), 50).get_page(request.GET.get("page"))
    return render(request, "supervision/workbench/urges.html", {"page": page, "status": status, "statuses": U.choices})


@staff_required
def urge_new(request: HttpRequest) -> HttpResponse:
    """A 督办单 about one watched object (a red light without an alert yet, for instance)."""
    watch = staff_watches(request.user).filter(pk=ascii_int(request.GET.get("watch")) or 0).first()
    if watch is None:
        raise Http404(_("没有这个监察对象，或您无权查看。"))
    form = UrgeForm(request.POST if request.method == "POST" else None)
    page = lambda status=200: render(  # noqa: E731
        request,
        "supervision/workbench/urge_new.html",
        {"watch": watch, "form": form, "object_url": object_url(watch.kind, watch.object_id)},
        status=status,
    )
    if request.method != "POST":
        return page()

    def act(d):
        order = actions.issue_urge_order(by=request.user, watch=watch, demand=d["demand"], due_on=d["due_on"])
        return _("督办单 %(n)s 已发出。") % {"n": order.number}

    return perform(
        request,
        act,
        form=form,
        done=reverse("supervision_wb:urges"),
        refused=lambda exc: page(exc.status),
    )


def visible_order(request: HttpRequest, pk: int) -> UrgeOrder:
    order = staff_urges(request.user).filter(pk=pk).select_related("alert", "watch").first()
    if order is None:
        raise Http404(_("没有这个督办单，或您无权查看。"))
    return order


def render_order(request, order: UrgeOrder, *, status: int = 200, bound: dict | None = None) -> HttpResponse:
    bound = bound or {}
    acts = [
        {"name": name, "label": label, "form": bound.get(name) or TextForm(None, label=field)}
        for name, (label, field, _run, _done, allowed) in ACTS.items()
        if allowed(order, request.user)
    ]
    watch = order.watch
    return render(
        request,
        "supervision/workbench/urge.html",
        {"order": order, "acts": acts, "object_url": object_url(watch.kind, watch.object_id) if watch else ""},
        status=status,
    )


@staff_required
def urge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_order(request, visible_order(request, pk))


@staff_required
def urge_act(request: HttpRequest, pk: int, act: str) -> HttpResponse:
    order = visible_order(request, pk)
    if act not in ACTS:
        raise Http404
    label, field, run, done, _allowed = ACTS[act]
    form = TextForm(request.POST if request.method == "POST" else None, label=field)
    return perform(
        request,
        lambda d: run(order, request.user, d["text"]) and str(done),
        form=form,
        done=reverse("supervision_wb:urge", args=[order.pk]),
        refused=lambda exc: render_order(request, order, status=exc.status, bound={act: form}),
    )
