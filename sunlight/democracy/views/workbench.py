"""The workbench of 基层民主, scoped to the user's villages: the residents (list, register, end), the evaluations and
the proposals (draft, edit, delete a draft, open, close, publish the results)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from sunlight.accounts.access import staff_required
from sunlight.acts import perform
from sunlight.events.log import events_for

from .. import actions
from ..forms import EvaluationForm, ProposalForm, RegisterForm
from ..models import Status
from ..queries import staff_evaluations, staff_proposals, staff_residents
from ..rules import may_manage

PAGE_SIZE = 50
S = Status


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "democracy/workbench/index.html",
        {
            "evaluations": staff_evaluations(request.user).order_by("-start_on", "-pk")[:100],
            "proposals": staff_proposals(request.user).order_by("-start_on", "-pk")[:100],
        },
    )


# --- residents -----------------------------------------------------------------------------------------------------
def _residents_page(request: HttpRequest, form: RegisterForm, status: int = 200) -> HttpResponse:
    rows = staff_residents(request.user).order_by("org__path", "-is_active", "user__username")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    managed = {r.pk for r in page if may_manage(request.user, r.org)}
    return render(
        request,
        "democracy/workbench/residents.html",
        {"page": page, "form": form, "managed": managed},
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def residents(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None, user=request.user)
    if request.method != "POST":
        return _residents_page(request, form)
    return perform(
        request,
        lambda d: (
            actions.register_resident(d["org"], d["account"], by=request.user, on=d.get("registered_on"))
            and _("已登记居民。")
        ),
        form=form,
        done=reverse("democracy_wb:residents"),
        refused=lambda exc: _residents_page(request, form, status=exc.status),
    )


@staff_required
@require_POST
def end_residence(request: HttpRequest, pk: int) -> HttpResponse:
    resident = staff_residents(request.user).filter(pk=pk).first()
    if resident is None:
        raise Http404(_("没有这位居民，或您无权查看。"))
    return perform(
        request,
        lambda d: actions.end_residence(resident, by=request.user) and _("已注销居民登记。"),
        done=reverse("democracy_wb:residents"),
        refused=lambda exc: _residents_page(request, RegisterForm(user=request.user), status=exc.status),
    )


# --- evaluations and proposals: one shape for both ------------------------------------------------------------------
@dataclass(frozen=True)
class Kind:
    name: str  # "evaluation" / "proposal"
    label: str
    form: type
    staff_rows: Callable
    create: Callable
    update: Callable
    delete: Callable
    acts: dict  # name → (label, status it needs, action, done message)

    def form_data(self, item) -> dict:
        if self.name == "evaluation":
            return {
                "title": item.title,
                "subject": item.subject,
                "description": item.description,
                "start_on": item.start_on,
                "end_on": item.end_on,
                "documents": list(item.documents.values_list("pk", flat=True)),
            }
        return {
            "title": item.title,
            "text": item.text,
            "options": "\n".join(item.options),
            "start_on": item.start_on,
            "end_on": item.end_on,
        }


def _fields(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "org"}


KINDS = {
    "evaluation": Kind(
        "evaluation",
        gettext_lazy("民主评议"),
        EvaluationForm,
        staff_evaluations,
        lambda by, d: actions.create_evaluation(d["org"], by=by, **_fields(d)),
        lambda item, by, d: actions.update_evaluation(item, by=by, **d),
        actions.delete_evaluation,
        {
            "open": (
                gettext_lazy("发起评议"),
                S.DRAFT,
                actions.open_evaluation,
                gettext_lazy("评议已发起，已通知本村居民。"),
            ),
            "close": (gettext_lazy("结束评议"), S.OPEN, actions.close_evaluation, gettext_lazy("评议已结束。")),
            "publish": (
                gettext_lazy("公布评议结果"),
                S.CLOSED,
                actions.publish_evaluation_results,
                gettext_lazy("评议结果已公布。"),
            ),
        },
    ),
    "proposal": Kind(
        "proposal",
        gettext_lazy("村民议事"),
        ProposalForm,
        staff_proposals,
        lambda by, d: actions.create_proposal(d["org"], by=by, **_fields(d)),
        lambda item, by, d: actions.update_proposal(item, by=by, **d),
        actions.delete_proposal,
        {
            "open": (
                gettext_lazy("发起表决"),
                S.DRAFT,
                actions.open_proposal,
                gettext_lazy("表决已发起，已通知本村居民。"),
            ),
            "close": (gettext_lazy("结束表决"), S.OPEN, actions.close_proposal, gettext_lazy("表决已结束。")),
            "publish": (
                gettext_lazy("公布表决结果"),
                S.CLOSED,
                actions.publish_results,
                gettext_lazy("表决结果已公布。"),
            ),
        },
    ),
}


def _kind(kind: str) -> Kind:
    spec = KINDS.get(kind)
    if spec is None:
        raise Http404(_("没有这个页面。"))
    return spec


def _visible(request: HttpRequest, spec: Kind, pk: int):
    item = spec.staff_rows(request.user).filter(pk=pk).first()
    if item is None:
        raise Http404(_("没有这一项，或您无权查看。"))
    return item


def _new_page(request: HttpRequest, spec: Kind, form, status: int = 200) -> HttpResponse:
    return render(request, "democracy/workbench/new.html", {"spec": spec, "form": form}, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, kind: str) -> HttpResponse:
    spec = _kind(kind)
    form = spec.form(request.POST or None, user=request.user)
    if request.method != "POST":
        return _new_page(request, spec, form)

    def act(data: dict) -> HttpResponse:
        item = spec.create(request.user, data)
        return redirect("democracy_wb:detail", kind=spec.name, pk=item.pk)

    return perform(
        request,
        act,
        form=form,
        done=reverse("democracy_wb:index"),
        refused=lambda exc: _new_page(request, spec, form, status=exc.status),
    )


def _detail(request: HttpRequest, spec: Kind, item, *, form=None, status: int = 200) -> HttpResponse:
    manages = may_manage(request.user, item.org)
    acts = [
        (name, label) for name, (label, needs, _act, _done) in spec.acts.items() if manages and item.status == needs
    ]
    edit = None
    if manages and item.status == S.DRAFT:
        edit = form or spec.form(initial=spec.form_data(item), user=request.user, org=item.org)
    context = {
        "spec": spec,
        "item": item,
        "manages": manages,
        "acts": acts,
        "edit": edit,
        "events": events_for(item).select_related("actor", "org")[:100],
    }
    if spec.name == "evaluation":
        context["taken_part"] = item.ballots.count()
        context["documents"] = item.documents.all()
    else:
        context["taken_part"] = item.votes.count()
    return render(request, "democracy/workbench/detail.html", context, status=status)


@staff_required
def detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec = _kind(kind)
    return _detail(request, spec, _visible(request, spec, pk))


@staff_required
@require_POST
def edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec = _kind(kind)
    item = _visible(request, spec, pk)
    form = spec.form(request.POST, user=request.user, org=item.org)
    return perform(
        request,
        lambda d: spec.update(item, request.user, d) and _("已保存。"),
        form=form,
        done=reverse("democracy_wb:detail", args=[spec.name, item.pk]),
        refused=lambda exc: _detail(request, spec, item, form=form, status=exc.status),
    )


@staff_required
@require_POST
def delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec = _kind(kind)
    item = _visible(request, spec, pk)

    def act(data: dict) -> str:
        spec.delete(item, by=request.user)
        return _("草稿已删除。")

    return perform(
        request,
        act,
        done=reverse("democracy_wb:index"),
        refused=lambda exc: _detail(request, spec, item, status=exc.status),
    )


@staff_required
@require_POST
def act(request: HttpRequest, kind: str, pk: int, name: str) -> HttpResponse:
    spec = _kind(kind)
    item = _visible(request, spec, pk)
    if name not in spec.acts:
        raise Http404(_("没有这个操作。"))
    _label, _needs, action, done = spec.acts[name]
    return perform(
        request,
        lambda d: action(item, by=request.user) and str(done),
        done=reverse("democracy_wb:detail", args=[spec.name, item.pk]),
        refused=lambda exc: _detail(request, spec, item, status=exc.status),
    )
