"""The workbench of 意见征集: the list (scoped to the user's orgs), a new consultation, one consultation with its
acts (open, the moderation queue, close, the feedback report editor, publish, link the final document), and the
hearings (announce, publish the record). Every act goes through sunlight.acts.perform (POST/redirect/GET)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from sunlight.accounts.access import staff_required
from sunlight.acts import perform
from sunlight.cases.days import today
from sunlight.events.log import events_for

from .. import actions
from ..forms import (
    CloseForm,
    ConsultationForm,
    FinalForm,
    HearingForm,
    ModerateForm,
    PointForm,
    RecordForm,
    ReportForm,
)
from ..models import Consultation, FeedbackPoint, Hearing
from ..queries import days_left, staff_consultations, staff_hearings

PAGE_SIZE = 50
S = Consultation.Status


@staff_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    rows = staff_consultations(request.user)
    status = request.GET.get("status", "")
    if status in S.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/workbench/list.html",
        {"page": page, "statuses": S.choices, "current": {"status": status}},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    form = ConsultationForm(request.POST or None, user=request.user)

    def page(status: int = 200) -> HttpResponse:
        return render(request, "consultations/workbench/create.html", {"form": form}, status=status)

    if request.method != "POST":
        return page()

    def act(data: dict) -> HttpResponse:
        consultation = actions.create_consultation(by=request.user, **data)
        return redirect("consultations_wb:detail", pk=consultation.pk)

    return perform(request, act, form=form, done=reverse("consultations_wb:list"), refused=lambda exc: page(exc.status))


def _visible(request: HttpRequest, pk: int) -> Consultation:
    consultation = staff_consultations(request.user).filter(pk=pk).first()
    if consultation is None:
        raise Http404(_("没有这项意见征集，或您无权查看。"))
    return consultation


@dataclass(frozen=True)
class Act:
    label: str
    form: type[forms.Form] | None
    statuses: tuple[str, ...]
    run: Callable  # (consultation, user, cleaned_data) → anything
    done: str


ACTS = {
    "open": Act(
        gettext_lazy("开始征集"),
        None,
        (S.DRAFT,),
        lambda c, by, d: actions.open_consultation(c, by=by),
        gettext_lazy("已开始征集意见。"),
    ),
    "close": Act(
        gettext_lazy("截止征集"),
        CloseForm,
        (S.OPEN,),
        lambda c, by, d: actions.close_consultation(c, by=by, reason=d.get("reason", "")),
        gettext_lazy("已截止征集，请编写意见采纳情况反馈。"),
    ),
    "report": Act(
        gettext_lazy("发布反馈报告"),
        ReportForm,
        (S.CLOSED,),
        lambda c, by, d: actions.publish_feedback_report(c, by=by, intro=d.get("intro", "")),
        gettext_lazy("意见采纳情况反馈已发布。"),
    ),
    "final": Act(
        gettext_lazy("关联正式文件"),
        FinalForm,
        (S.REPORTED,),
        lambda c, by, d: actions.link_final_document(c, by=by, document=d.get("document")),
        gettext_lazy("已关联正式文件。"),
    ),
}


def _detail(request: HttpRequest, consultation: Consultation, *, status: int = 200, bound: dict | None = None):
    bound = bound or {}
    acts_here = []
    may_act = actions.may_act(request.user, consultation.org)
    if may_act:
        for name, spec in ACTS.items():
            if consultation.status in spec.statuses:
                form = bound.get(name) or (spec.form() if spec.form else None)
                acts_here.append((name, spec.label, form))
    comments = list(consultation.comments.select_related("moderated_by").prefetch_related("points"))
    pending = [
        (c, bound.get(f"moderate:{c.pk}") or ModerateForm(prefix=f"m{c.pk}"))
        for c in comments
        if c.moderation == "pending"
    ]
    points = list(consultation.points.prefetch_related("comments"))
    editing = consultation.status == S.CLOSED and may_act
    return render(
        request,
        "consultations/workbench/detail.html",
        {
            "consultation": consultation,
            "left": days_left(consultation, today()),
            "acts": acts_here,
            "may_act": may_act,
            "comments": comments,
            "pending": pending if may_act and consultation.status in (S.OPEN, S.CLOSED) else [],
            "points": points,
            "editing": editing,
            "point_form": bound.get("point") or PointForm(consultation=consultation),
            "gaps": actions.report_gaps(consultation) if consultation.status == S.CLOSED else [],
            "report": getattr(consultation, "report", None)
            if consultation.status in (S.REPORTED, S.CONCLUDED)
            else None,
            "events": events_for(consultation).select_related("actor", "org")[:100],
        },
        status=status,
    )


@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _visible(request, pk))


@staff_required
@require_POST
def act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    consultation = _visible(request, pk)
    actions.require_actor(request.user, consultation.org)
    spec = ACTS.get(name)
    if spec is None:
        raise Http404(_("没有这个操作。"))
    form = spec.form(request.POST) if spec.form else None
    return perform(
        request,
        lambda data: spec.run(consultation, request.user, data) and str(spec.done),
        form=form,
        done=reverse("consultations_wb:detail", args=[consultation.pk]),
        refused=lambda exc: _detail(request, consultation, status=exc.status, bound={name: form} if form else {}),
    )


@staff_required
@require_POST
def moderate(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    consultation = _visible(request, pk)
    actions.require_actor(request.user, consultation.org)
    comment = consultation.comments.filter(pk=comment_pk).first()
    if comment is None:
        raise Http404(_("没有这条意见。"))
    form = ModerateForm(request.POST, prefix=f"m{comment.pk}")
    return perform(
        request,
        lambda data: (
            actions.moderate_comment(comment, by=request.user, **data)
            and _("已审核意见 #%(n)s。") % {"n": comment.number}
        ),
        form=form,
        done=reverse("consultations_wb:detail", args=[consultation.pk]),
        refused=lambda exc: _detail(request, consultation, status=exc.status, bound={f"moderate:{comment.pk}": form}),
    )


@staff_required
@require_POST
def point_add(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _visible(request, pk)
    actions.require_actor(request.user, consultation.org)
    form = PointForm(request.POST, consultation=consultation)
    return perform(
        request,
        lambda data: actions.add_feedback_point(consultation, by=request.user, **data) and _("已添加反馈要点。"),
        form=form,
        done=reverse("consultations_wb:detail", args=[consultation.pk]) + "#points",
        refused=lambda exc: _detail(request, consultation, status=exc.status, bound={"point": form}),
    )


def _point(consultation: Consultation, point_pk: int) -> FeedbackPoint:
    point = consultation.points.filter(pk=point_pk).first()
    if point is None:
        raise Http404(_("没有这个反馈要点。"))
    return point


@staff_required
@require_http_methods(["GET", "POST"])
def point_edit(request: HttpRequest, pk: int, point_pk: int) -> HttpResponse:
    consultation = _visible(request, pk)
    actions.require_actor(request.user, consultation.org)
    point = _point(consultation, point_pk)
    initial = {
        "summary": point.summary,
        "decision": point.decision,
        "reasons": point.reasons,
        "comments": list(point.comments.all()),
    }
    form = PointForm(request.POST or None, consultation=consultation, initial=initial)

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "consultations/workbench/point.html",
            {"consultation": consultation, "point": point, "form": form},
            status=status,
        )

    if request.method != "POST":
        return page()
    return perform(
        request,
        lambda data: actions.update_feedback_point(point, by=request.user, **data) and _("已修改反馈要点。"),
        form=form,
        done=reverse("consultations_wb:detail", args=[consultation.pk]) + "#points",
        refused=lambda exc: page(exc.status),
    )


@staff_required
@require_POST
def point_remove(request: HttpRequest, pk: int, point_pk: int) -> HttpResponse:
    consultation = _visible(request, pk)
    actions.require_actor(request.user, consultation.org)
    point = _point(consultation, point_pk)
    return perform(
        request,
        lambda data: actions.remove_feedback_point(point, by=request.user) or _("已删除反馈要点。"),
        done=reverse("consultations_wb:detail", args=[consultation.pk]) + "#points",
        refused=lambda exc: _detail(request, consultation, status=exc.status),
    )


# --- hearings ----------------------------------------------------------------------------------------------------


@staff_required
def hearing_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(staff_hearings(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "consultations/workbench/hearings.html", {"page": page})


@staff_required
@require_http_methods(["GET", "POST"])
def hearing_create(request: HttpRequest) -> HttpResponse:
    form = HearingForm(request.POST or None, user=request.user)

    def page(status: int = 200) -> HttpResponse:
        return render(request, "consultations/workbench/hearing_create.html", {"form": form}, status=status)

    if request.method != "POST":
        return page()

    def act(data: dict) -> HttpResponse:
        hearing = actions.announce_hearing(by=request.user, **data)
        return redirect("consultations_wb:hearing", pk=hearing.pk)

    return perform(
        request, act, form=form, done=reverse("consultations_wb:hearings"), refused=lambda exc: page(exc.status)
    )


def _visible_hearing(request: HttpRequest, pk: int) -> Hearing:
    hearing = staff_hearings(request.user).filter(pk=pk).first()
    if hearing is None:
        raise Http404(_("没有这次听证，或您无权查看。"))
    return hearing


def _hearing_page(request: HttpRequest, hearing: Hearing, form=None, status: int = 200) -> HttpResponse:
    may_act = actions.may_act(request.user, hearing.org)
    can_record = may_act and hearing.record_published_at is None and hearing.held_on <= today()
    return render(
        request,
        "consultations/workbench/hearing.html",
        {
            "hearing": hearing,
            "form": form or RecordForm(),
            "can_record": can_record,
            "events": events_for(hearing).select_related("actor", "org")[:100],
        },
        status=status,
    )


@staff_required
def hearing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _hearing_page(request, _visible_hearing(request, pk))


@staff_required
@require_POST
def hearing_record(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = _visible_hearing(request, pk)
    actions.require_actor(request.user, hearing.org)
    form = RecordForm(request.POST)
    return perform(
        request,
        lambda data: actions.publish_hearing_record(hearing, by=request.user, **data) and _("听证记录已公开。"),
        form=form,
        done=reverse("consultations_wb:hearing", args=[hearing.pk]),
        refused=lambda exc: _hearing_page(request, hearing, form, exc.status),
    )
