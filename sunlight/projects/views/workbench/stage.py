"""One stage of a project on the workbench: its facts and clock, the one set of materials, each department's
case with what blocks the stage (谁在阻塞), the opinions exchanged, the joint review, the forecast for the lead
department, and the acts the user's post allows, each a small POST form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from sunlight.accounts.access import staff_required
from sunlight.acts import perform
from sunlight.cases.models import Case
from sunlight.cases.queries import staff_cases
from sunlight.cases.views.shared import light
from sunlight.clock.calendar import get_calendar
from sunlight.errors import SunlightError
from sunlight.orgs import scope
from sunlight.orgs.models import Org

from ... import actions
from ...actions.opinions import stage_orgs
from ...actions.rules import DEPARTMENT_ROLES, center_of, lead_receiver
from ...actions.stages import DECIDED
from ...forecast import project_forecast
from ...forms import workbench as f
from ...models import Consultation, StageApplication, StageMaterial
from ...queries import children, late_cases, staff_applications
from ...timeline import paused_days
from ._said import in_place

S = StageApplication.Status


def visible_application(request: HttpRequest, pk: int) -> StageApplication:
    application = (
        staff_applications(request.user)
        .select_related("project__pathway__city", "stage__pathway__city", "accepted_by", "delivered_by")
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404(_("没有这个阶段申请，或您无权查看。"))
    return application


def _is_receiver(user, application: StageApplication) -> bool:
    try:
        lead_receiver(user, application.stage)
    except PermissionDenied:
        return False
    return True


def _orgs(application: StageApplication) -> list[Org]:
    return list(Org.objects.filter(pk__in=stage_orgs(application)).order_by("pk"))


def _my_orgs(user, orgs: list[Org]) -> list[Org]:
    return [o for o in orgs if scope.can_act(user, o, DEPARTMENT_ROLES)]


@dataclass(frozen=True)
class Act:
    label: Any
    form: Callable[..., Any]  # (data, application, user) -> a bound or unbound form
    run: Callable[[StageApplication, Any, dict, Any], Any]
    done: Any
    allowed: Callable[[StageApplication, Any], bool]


def _may_ask(application: StageApplication, user) -> bool:
    return application.status == S.ACCEPTED and bool(_my_orgs(user, _orgs(application)))


def _may_review(application: StageApplication, user) -> bool:
    return (
        application.status == S.ACCEPTED
        and application.stage.is_joint
        and not application.joint_review_passed
        and scope.can_act(user, application.stage.lead_org, DEPARTMENT_ROLES)
    )


def _ask_form(data, application, user):
    orgs = _orgs(application)
    return f.AskForm(data, mine=_my_orgs(user, orgs), orgs=orgs)


def _ask(application, user, d, form):
    orgs = {o.pk: o for o in _orgs(application)}
    if d["from_org"] not in orgs or d["to_org"] not in orgs:
        raise SunlightError(_("征求意见只能在本阶段的牵头部门和审批部门之间进行。"), code="org_not_in_stage")
    return actions.ask_opinion(
        application,
        by=user,
        from_org=orgs[d["from_org"]],
        to_org=orgs[d["to_org"]],
        question=d["question"],
        days_allowed=d["days"],
    )


ACTS: dict[str, Act] = {
    "accept": Act(
        _lazy("统一受理"),
        lambda data, a, u: f.ConfirmForm(data),
        lambda a, u, d, fm: actions.accept_stage(a, by=u),
        _lazy("已统一受理，各部门办件已同时开始办理。"),
        lambda a, u: a.status == S.SUBMITTED and _is_receiver(u, a),
    ),
    "refuse": Act(
        _lazy("不予受理"),
        lambda data, a, u: f.RefuseForm(data),
        lambda a, u, d, fm: actions.refuse_stage(a, by=u, reason=d["reason"]),
        _lazy("已作出不予受理决定，已告知建设单位。"),
        lambda a, u: a.status == S.SUBMITTED and _is_receiver(u, a),
    ),
    "ask": Act(
        _lazy("征求意见"),
        _ask_form,
        _ask,
        _lazy("已向部门征求意见。"),
        _may_ask,
    ),
    "joint_review": Act(
        _lazy("记录联合审查"),
        lambda data, a, u: f.JointReviewForm(data, orgs=_orgs(a)),
        lambda a, u, d, fm: actions.record_joint_review(
            a, by=u, conclusion=d["conclusion"], passed=d["passed"], opinions=fm.opinions()
        ),
        _lazy("已记录联合审查。"),
        _may_review,
    ),
    "deliver": Act(
        _lazy("统一出件"),
        lambda data, a, u: f.DeliverForm(data),
        lambda a, u, d, fm: actions.deliver_stage(a, by=u, method=d["method"]),
        _lazy("各部门审批结果已统一出件。"),
        lambda a, u: a.status == S.ACCEPTED and _is_receiver(u, a),
    ),
    "deliver_late": Act(
        _lazy("补充出件"),
        lambda data, a, u: f.DeliverLateForm(data, cases=late_cases(a)),
        lambda a, u, d, fm: actions.deliver_late_case(a, Case.objects.get(pk=d["case"]), by=u, method=d["method"]),
        _lazy("选办事项的审批结果已补充出件。"),
        lambda a, u: a.status == S.DELIVERED and _is_receiver(u, a) and bool(late_cases(a)),
    ),
}


@dataclass
class ChildRow:
    link: Any
    case: Case
    url: str  # the case on the cases workbench, when the user may open it
    due: date | None
    step: Any
    correction_days: int
    special_days: int
    light: str
    blocking: str  # why the case holds the stage up ("" once decided)
    stuck: bool  # paused or a step overdue, not just being worked on


def _why(case: Case, step, today: date) -> tuple[str, bool]:
    """Why an undecided case holds the stage up, and whether it is stuck (paused, or a step overdue) rather than
    simply being worked on within its time."""
    if case.status == Case.Status.CORRECTING:
        return _("等待申请人补正（补正期间本件期限暂停）"), True
    if case.status == Case.Status.SPECIAL:
        return _("特别程序中（期限暂停）"), True
    if case.status == Case.Status.SUSPENDED:
        return _("中止办理"), True
    if case.status == Case.Status.SUBMITTED:
        return _("待受理"), True
    if step is not None and step.due_on is not None and step.due_on < today:
        return _("环节“%(step)s”已超期（期限 %(due)s）") % {"step": step.name, "due": step.due_on.isoformat()}, True
    if step is not None:
        return _("办理中：%(step)s") % {"step": step.name}, False
    return _("办理中"), False


def _child_rows(user, application: StageApplication, today: date) -> list[ChildRow]:
    links = children(application)
    cases = [link.case for link in links]
    visible = set(staff_cases(user).filter(pk__in=[c.pk for c in cases]).values_list("pk", flat=True))
    steps = {}
    for c in cases:
        if c.status == Case.Status.HANDLING:
            steps[c.pk] = c.current_step()
    rows = []
    for link in links:
        case = link.case
        step = steps.get(case.pk)
        due = case.promised_due_on or case.due_on
        correction, special = paused_days(case, today)
        open_ = case.is_open and case.status not in DECIDED
        why, stuck = _why(case, step, today) if open_ else ("", False)
        rows.append(
            ChildRow(
                link=link,
                case=case,
                url=reverse("cases_wb:detail", args=[case.pk]) if case.pk in visible else "",
                due=due,
                step=step,
                correction_days=correction,
                special_days=special,
                light=light(due, today) if open_ else "none",
                blocking=why,
                stuck=stuck,
            )
        )
    return rows


def _material_visible(user, application: StageApplication, rows: list[ChildRow]) -> Callable[[StageMaterial], bool]:
    """Files for the lead window and for the departments whose items ask for the material (as the cases show)."""
    ids = set(scope.visible_orgs(user).values_list("pk", flat=True))
    center = center_of(application.stage)
    everything = (
        getattr(user, "is_superuser", False)
        or application.stage.lead_org_id in ids
        or (center is not None and center.pk in ids)
    )
    items = {str(r.case.item_id) for r in rows if r.case.org_id in ids}
    return lambda m: everything or bool(items & set(m.items))


def render_stage(
    request: HttpRequest,
    application: StageApplication,
    *,
    status: int = 200,
    bound: dict | None = None,
    refusal: str = "",
    **extra,
) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    bound = bound or {}
    rows = _child_rows(user, application, today)
    may_file = _material_visible(user, application, rows)
    materials = [
        (m, may_file(m) and m.provision == StageMaterial.Provision.UPLOADED) for m in application.materials.all()
    ]
    acts = []
    for name, act in ACTS.items():
        if act.allowed(application, user):
            acts.append((name, act.label, bound.get(name) or act.form(None, application, user)))
    shown = {name for name, _label, _form in acts}
    consultations = []
    for c in application.consultations.select_related("from_org", "to_org"):
        may_answer = c.answered_on is None and scope.can_act(user, c.to_org, DEPARTMENT_ROLES)
        form = bound.get(f"answer-{c.pk}") or (f.AnswerForm(prefix=f"c{c.pk}") if may_answer else None)
        if not may_answer and f"answer-{c.pk}" in bound:
            form = None
        overdue = c.answered_on is None and c.due_on < today
        consultations.append((c, form, overdue))
    shown |= {f"answer-{c.pk}" for c, form, _o in consultations if form is not None}
    cal = get_calendar()
    used = None
    if application.accepted_on:
        used = cal.between(application.accepted_on, application.delivered_on or today, "working")
    lead_view = _is_receiver(user, application) or scope.can_see(user, application.stage.lead_org)
    blocking = [r for r in rows if r.link.required and r.blocking]
    reviews = list(application.joint_reviews.order_by("-pk"))
    joint_missing = application.stage.is_joint and not (reviews and reviews[0].passed)
    context = {
        "application": application,
        "project": application.project,
        "stage": application.stage,
        "rows": rows,
        "blocking": blocking if application.status == S.ACCEPTED else [],
        "joint_missing": application.status == S.ACCEPTED and joint_missing,
        "unanswered": [c for c, _f, _o in consultations if c.answered_on is None],
        "materials": materials,
        "consultations": consultations,
        "reviews": reviews,
        "acts": acts,
        "used": used,
        "light": light(application.due_on, today) if application.status == S.ACCEPTED else "none",
        "forecast": project_forecast(application.project) if lead_view else None,
        # A refusal whose form is no longer on the page (the stage moved on): the page's own error summary says it.
        "refusal": refusal if refusal and not (set(bound) & shown) else "",
        "today": today,
        "refused_form": next(iter(bound.values()), None),  # read by the title's "错误：" prefix
        **extra,
    }
    return render(request, "projects/workbench/stage.html", context, status=status)


def _refused(request: HttpRequest, pk: int, name: str, form) -> Callable[[SunlightError], HttpResponse]:
    """Show a refusal in place, with the action's status: in the act's own error summary, or in the page's when
    the act is no longer offered (the stage moved on)."""

    def answer(exc: SunlightError) -> HttpResponse:
        quiet = in_place(request, form, exc)
        application = visible_application(request, pk)
        return render_stage(request, application, status=exc.status, bound={name: form}, refusal=exc.message, **quiet)

    return answer


@staff_required
def stage(request: HttpRequest, pk: int) -> HttpResponse:
    """/workbench/projects/stages/<id>/ — the stage's page."""
    return render_stage(request, visible_application(request, pk))


@staff_required
def act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    application = visible_application(request, pk)
    spec = ACTS.get(name)
    if spec is None:
        raise Http404(_("没有这个办理操作。"))
    form = spec.form(request.POST, application, request.user) if request.method == "POST" else None
    return perform(
        request,
        lambda data: spec.run(application, request.user, data, form) and str(spec.done),
        form=form,
        done=reverse("projects_wb:stage", args=[pk]),
        refused=_refused(request, pk, name, form),
    )


@staff_required
def answer(request: HttpRequest, pk: int, consultation_pk: int) -> HttpResponse:
    """答复意见 of one consultation of the stage."""
    application = visible_application(request, pk)
    consultation = get_object_or_404(Consultation, pk=consultation_pk, application=application)
    form = f.AnswerForm(request.POST, prefix=f"c{consultation.pk}") if request.method == "POST" else None
    return perform(
        request,
        lambda data: actions.answer_opinion(consultation, by=request.user, answer=data["answer"]) and _("已答复意见。"),
        form=form,
        done=reverse("projects_wb:stage", args=[pk]),
        refused=_refused(request, pk, f"answer-{consultation.pk}", form),
    )


@staff_required
def material_file(request: HttpRequest, pk: int, material_pk: int) -> HttpResponse:
    """A material of the one set as uploaded: a download (never rendered in our origin), for those who may see it."""
    application = visible_application(request, pk)
    material = get_object_or_404(
        StageMaterial, pk=material_pk, application=application, provision=StageMaterial.Provision.UPLOADED
    )
    rows = _child_rows(request.user, application, timezone.localdate())
    if not _material_visible(request.user, application, rows)(material):
        raise Http404(_("没有这个材料，或您无权查看。"))
    try:
        with material.file.open("rb") as fh:
            data = fh.read()
    except (FileNotFoundError, ValueError):
        raise Http404("material file missing") from None
    response = HttpResponse(data, content_type="application/octet-stream")
    ext = material.file.name.rsplit(".", 1)[-1]
    response["Content-Disposition"] = f'attachment; filename="{application.number}-{material.position + 1}.{ext}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
