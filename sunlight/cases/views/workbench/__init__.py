"""Staff pages of the hall: the queue (per org, window and handler, with deadline colours), one case with the
acts its state and the user's post allow, the window's registration of a walk-in application, notices."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from sunlight.accounts.access import staff_required
from sunlight.acts import perform
from sunlight.catalog.kinds import APPLIED_KINDS
from sunlight.catalog.models import ServiceItem
from sunlight.catalog.queries import version_in_force
from sunlight.ints import ascii_int
from sunlight.orgs import scope
from sunlight.orgs.models import Window

from ... import actions
from ...actions import Applicant, MaterialInput, Submission
from ...actions.levels import registers_below, transfer_targets, upper_items_q
from ...actions.rules import APPROVER_ROLES, CLERK_ROLES, HANDLING_ROLES, can_act, step_roles
from ...forms import workbench as f
from ...models import Case, CaseMaterial, CaseNotice, HandlingWay
from ...notices import pdf_response
from ...queries import only_open, staff_cases
from ..shared import case_context, light

PAGE_SIZE = 50
SORTS = {"due": ("due_on", "accept_due_on", "id"), "received": ("-received_on", "-id"), "number": ("number",)}


def visible_case(request: HttpRequest, pk: int) -> Case:
    case = staff_cases(request.user).select_related("version", "center").filter(pk=pk).first()
    if case is None:
        raise Http404(_("没有这个办件，或您无权查看。"))
    return case


def _my_todos(user):
    from sunlight.notify.models import Todo

    return Todo.objects.filter(user=user, done_at__isnull=True, key__startswith="case:")


def _my_todo_case_ids(user) -> list[int]:
    return [int(key.split(":")[1]) for key in _my_todos(user).values_list("key", flat=True)]


def _my_todo_page(request: HttpRequest):
    """The handler's own queue ("mine" alone): their open case to-dos paged in deadline order in the to-do table
    (one person's rows, by the to-do's due date, which is the case's next deadline), then the page's cases checked
    against the scope — instead of fetching every to-do case (2,000 of them) to sort them."""
    todos = _my_todos(request.user).order_by(F("due").asc(nulls_last=True), "pk").values_list("key", flat=True)
    page = Paginator(todos, PAGE_SIZE).get_page(request.GET.get("page"))
    ids = [int(key.split(":")[1]) for key in page.object_list]
    visible = set(staff_cases(request.user).filter(pk__in=ids).values_list("pk", flat=True))
    page.object_list = [pk for pk in ids if pk in visible]
    return page


@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    """办件队列: open cases by deadline; filters: state, mine (my to-dos), window; red/yellow/green by deadline."""
    cases = staff_cases(request.user)
    status = request.GET.get("status", "open")
    if status == "open":
        cases = only_open(cases)
    elif status in Case.OPEN:
        cases = only_open(cases).filter(status=status)  # "open" too, so the partial indexes serve it
    elif status in Case.Status.values:
        cases = cases.filter(status=status)
    window = ascii_int(request.GET.get("window", "")) if request.GET.get("window") else None
    if window:
        cases = cases.filter(window_id=window)
    q = request.GET.get("q", "").strip()[:60]
    sort = request.GET.get("sort", "due")
    mine = bool(request.GET.get("mine"))
    if mine and status == "open" and not window and not q and sort == "due":
        page = _my_todo_page(request)
    else:
        if mine:
            cases = cases.filter(pk__in=_my_todo_case_ids(request.user)[:2000])
        if q:
            cases = cases.filter(Q(number__startswith=q) | Q(applicant_name=q) | Q(item__name__icontains=q))
        cases = cases.order_by(*SORTS.get(sort, SORTS["due"]))
        # The page's ids first (read from an index alone, however deep the page), then those rows with their joins.
        page = Paginator(cases.values_list("pk", flat=True), PAGE_SIZE).get_page(request.GET.get("page"))
    # (by id alone: the ids come from the filtered query; repeating its filters, e.g. 2,000 to-do ids, costs)
    rows_by_pk = Case.objects.select_related("item", "org", "window").in_bulk(list(page.object_list))
    page.object_list = [rows_by_pk[pk] for pk in page.object_list if pk in rows_by_pk]
    today = timezone.localdate()
    rows = [(c, light(c.accept_due_on if c.status == Case.Status.SUBMITTED else c.due_on, today)) for c in page]
    params = request.GET.copy()
    params.pop("page", None)
    windows = Window.objects.filter(center__in=scope.visible_orgs(request.user), is_active=True)
    return render(
        request,
        "cases/workbench/queue.html",
        {
            "page": page,
            "rows": rows,
            "statuses": Case.Status.choices,
            "current": {"status": status, "window": window, "q": q, "sort": sort, "mine": request.GET.get("mine")},
            "windows": windows,
            "query": params.urlencode(),
        },
    )


@dataclass(frozen=True)
class Act:
    label: Any
    form: type | None
    run: Callable[[Case, Any, dict, Any], Any]
    done: Any
    form_kwargs: Callable[[Case], dict] | None = None  # a form whose choices depend on the case

    def make_form(self, case: Case, data=None):
        if self.form is None:
            return None
        kwargs = self.form_kwargs(case) if self.form_kwargs else {}
        return self.form(data, **kwargs) if data is not None else self.form(**kwargs)


ACTS: dict[str, Act] = {
    "prereview": Act(
        _lazy("预审"),
        f.NoteForm,
        lambda c, u, d, fm: actions.prereview_case(c, by=u, note=d["note"]),
        _lazy("已记录预审。"),
    ),
    "accept": Act(
        _lazy("受理"), None, lambda c, u, d, fm: actions.accept_case(c, by=u), _lazy("已受理，受理通知书已生成。")
    ),
    "refuse": Act(
        _lazy("不予受理"),
        f.ReasonForm,
        lambda c, u, d, fm: actions.refuse_case(c, by=u, reason=d["reason"]),
        _lazy("已作出不予受理决定。"),
    ),
    "correction": Act(
        _lazy("一次性告知补正"),
        f.CorrectionForm,
        lambda c, u, d, fm: actions.request_correction(
            c, by=u, defects=fm.defect_list(), repeat_reason=d["repeat_reason"]
        ),
        _lazy("一次性告知书已生成，已通知申请人。"),
    ),
    "on_the_spot": Act(
        _lazy("当场办结"),
        f.OnTheSpotForm,
        lambda c, u, d, fm: actions.handle_on_the_spot(c, by=u, granted=d["granted"], text=d["text"]),
        _lazy("即办件已当场办结。"),
    ),
    "step": Act(
        _lazy("办理本环节"),
        f.OpinionForm,
        lambda c, u, d, fm: actions.complete_step(c, by=u, opinion=d["opinion"]),
        _lazy("本环节已办理，已转下一环节。"),
    ),
    "decide": Act(
        _lazy("作出审批决定"),
        f.DecideForm,
        lambda c, u, d, fm: actions.decide_case(
            c, by=u, granted=d["granted"], text=d["text"], certificate=fm.certificate()
        ),
        _lazy("审批决定已作出，决定书已生成。"),
    ),
    "extend": Act(
        _lazy("批准延长期限"),
        f.ReasonForm,
        lambda c, u, d, fm: actions.extend_case(c, by=u, reason=d["reason"]),
        _lazy("审批期限已延长10个工作日。"),
    ),
    "special": Act(
        _lazy("启动特别程序"),
        f.SpecialForm,
        lambda c, u, d, fm: actions.start_special_procedure(
            c, by=u, procedure=d["procedure"], reason=d["reason"], expected_days=d.get("expected_days") or 0
        ),
        _lazy("特别程序已启动，期限暂停计算。"),
    ),
    "suspend": Act(
        _lazy("中止办理"),
        f.ReasonForm,
        lambda c, u, d, fm: actions.suspend_case(c, by=u, reason=d["reason"]),
        _lazy("已中止办理。"),
    ),
    "resume": Act(
        _lazy("恢复办理"),
        f.NoteForm,
        lambda c, u, d, fm: actions.resume_case(c, by=u, note=d["note"]),
        _lazy("已恢复办理。"),
    ),
    "transfer": Act(
        _lazy("上报 / 指导办"),
        f.TransferForm,
        lambda c, u, d, fm: actions.transfer_case(
            c, by=u, to_org=d.get("to_org"), kind=d.get("kind") or "report", opinion=d["opinion"]
        ),
        _lazy("初审已完成，办件已上报决定机关。"),
        lambda c: {"targets": transfer_targets(c)},
    ),
    "fee": Act(
        _lazy("收费登记"),
        f.FeeForm,
        lambda c, u, d, fm: actions.record_fee(c, by=u, name=d["name"], amount=d["amount"], basis=d["basis"]),
        _lazy("已登记收费。"),
    ),
    "deliver": Act(
        _lazy("送达"),
        f.DeliverForm,
        lambda c, u, d, fm: actions.deliver_result(c, by=u, method=d["method"]),
        _lazy("已送达，办件办结。"),
    ),
}


def available_acts(case: Case, user) -> list[str]:
    """The acts shown on the page: those the state allows and the user's post may do (the action checks again)."""
    S = Case.Status
    clerk = can_act(user, case, CLERK_ROLES)
    names: list[str] = []
    if case.status == S.SUBMITTED and clerk:
        names += ["on_the_spot"] if case.is_on_the_spot else ["prereview", "accept", "correction", "refuse"]
    step = case.current_step() if case.status == S.HANDLING else None
    holder = case.level_org if case.with_lower_level else case.org
    if step is not None and step.org_id is not None and step.org_id != case.org_id:
        if case.with_lower_level and scope.can_act(user, case.level_org, step_roles(step.role)):
            names.append("transfer")  # the lower level's 初审 ends by reporting the case up (levels.py)
    elif step is not None and scope.can_act(user, case.org, step_roles(step.role)):
        names.append("decide" if step.role == "approver" else "step")
    staff = scope.can_act(user, holder, HANDLING_ROLES)
    if case.status == S.HANDLING and staff:
        names += ["special", "suspend"]
    if case.status in (S.SPECIAL, S.SUSPENDED) and staff:
        names.append("resume")
    if (
        case.status in (S.HANDLING, S.SPECIAL, S.SUSPENDED)
        and not case.extended_days
        and scope.can_act(user, case.org, APPROVER_ROLES)
    ):
        names.append("extend")
    if case.status == S.HANDLING and case.way == HandlingWay.JOINT and staff:
        names.append("correction")  # a department's case of a stage: only it pauses (request_correction)
    if case.status == S.DECIDED and clerk:
        names.append("deliver")
    if case.version.charges_fee and case.status in (S.HANDLING, S.DECIDED) and (clerk or staff):
        names.append("fee")
    return names


def render_detail(request: HttpRequest, case: Case, *, status: int = 200, bound: dict | None = None) -> HttpResponse:
    forms_ = []
    for name in available_acts(case, request.user):
        act = ACTS[name]
        form = (bound or {}).get(name) or act.make_form(case)
        forms_.append((name, act.label, form))
    context = case_context(case)
    context.update(acts=forms_, transfers=list(case.transfers.select_related("from_org", "to_org", "by")))
    return render(request, "cases/workbench/detail.html", context, status=status)


@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_detail(request, visible_case(request, pk))


@staff_required
def act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    case = visible_case(request, pk)
    spec = ACTS.get(name)
    if spec is None:
        raise Http404(_("没有这个办理操作。"))
    form = spec.make_form(case, request.POST)
    return perform(
        request,
        lambda data: spec.run(case, request.user, data, form) and str(spec.done),
        form=form,
        done=reverse("cases_wb:detail", args=[pk]),
        refused=lambda exc: render_detail(request, visible_case(request, pk), status=exc.status, bound={name: form}),
    )


@staff_required
def notice_pdf(request: HttpRequest, pk: int, notice_pk: int) -> HttpResponse:
    case = visible_case(request, pk)
    return pdf_response(get_object_or_404(CaseNotice, pk=notice_pk, case=case))


@staff_required
def material_file(request: HttpRequest, pk: int, material_pk: int) -> HttpResponse:
    """A material as uploaded: always a download (never rendered in our origin), no-store."""
    case = visible_case(request, pk)
    material = get_object_or_404(CaseMaterial, pk=material_pk, case=case, provision=CaseMaterial.Provision.UPLOADED)
    try:
        with material.file.open("rb") as fh:
            data = fh.read()
    except (FileNotFoundError, ValueError):
        raise Http404("material file missing") from None
    response = HttpResponse(data, content_type=material.content_type or "application/octet-stream")
    ext = material.file.name.rsplit(".", 1)[-1]
    response["Content-Disposition"] = f'attachment; filename="{case.number}-{material.position + 1}.{ext}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def _registrable_items(user):
    """Items a clerk may register: the applied kinds of the orgs the user may act for, or of their center's region;
    for a clerk of a township or village, also the items of the governments above (registered as a lower level)."""
    orgs = list(scope.visible_orgs(user, CLERK_ROLES))
    regions = {o.region_id for o in orgs}
    return ServiceItem.objects.filter(
        Q(org__in=orgs) | Q(org__region_id__in=regions) | upper_items_q(user),  # upper_items_q: 三级运行, levels.py
        status=ServiceItem.Status.ACTIVE,
        kind__in=APPLIED_KINDS,
    ).select_related("org")


@staff_required
def register(request: HttpRequest) -> HttpResponse:
    """窗口登记: pick an item, then fill in the applicant and the materials as handed over."""
    items = _registrable_items(request.user)
    item_pk = ascii_int(request.GET.get("item", "") or request.POST.get("item", "") or "x")
    if item_pk is None:
        q = request.GET.get("q", "").strip()[:60]
        found = items.filter(name__icontains=q).order_by("name")[:50] if q else items.order_by("name")[:50]
        return render(request, "cases/workbench/register_pick.html", {"items": found, "q": q})
    item = get_object_or_404(items, pk=item_pk)
    version = version_in_force(item, timezone.localdate())
    if version is None:
        raise Http404(_("该事项没有现行有效的办事指南。"))
    windows = Window.objects.filter(center__in=scope.visible_orgs(request.user, CLERK_ROLES), is_active=True)
    at_org = registers_below(request.user, item)
    form = f.RegisterForm(request.POST or None, request.FILES or None, version=version)

    def run(data: dict) -> HttpResponse:
        materials = []
        for i in range(len(form.specs)):
            how = data[f"m{i}"]
            materials.append(MaterialInput(i, how, upload=data.get(f"m{i}_file") if how == "uploaded" else None))
        window = windows.filter(pk=ascii_int(request.POST.get("window", "") or "x") or 0).first()
        submission = Submission(
            Applicant(data["applicant_kind"], data["applicant_name"], data["id_number"], data["phone"]),
            materials,
            summary=data["summary"],
            agent_name=data["agent_name"],
        )
        if at_org is not None:  # a township or village registers an item the government above decides
            case, code = actions.register_for_upper_level(item, submission, by=request.user, at_org=at_org)
        else:
            case, code = actions.register_at_window(item, submission, by=request.user, window=window)
        if code:
            request.session[f"cases:code:{case.pk}"] = code  # shown once on the receipt page
        return redirect("cases_wb:receipt", pk=case.pk)

    def page(status: int = 200) -> HttpResponse:
        context = {"item": item, "version": version, "form": form, "windows": windows, "at_org": at_org}
        return render(request, "cases/workbench/register.html", context, status=status)

    if request.method != "POST":
        return page()
    done = reverse("cases_wb:register") + f"?item={item.pk}"
    return perform(request, run, form=form, done=done, refused=lambda exc: page(exc.status))


@staff_required
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The window's printable receipt of a registered case (收件回执), with the query code once."""
    case = visible_case(request, pk)
    code = request.session.pop(f"cases:code:{case.pk}", "")
    return render(request, "cases/workbench/receipt.html", {**case_context(case), "code": code})
