"""Staff side of disclosure on request (依申请公开): the queue, the request page and its acts, registration.

Thin views: each act validates its form, calls the action in actions.py (which checks permission, the
law and the clock, and writes the event) and shows a refusal with its reason as a 4xx. Personal data
is masked unless a handler asks to see it, and that viewing is itself recorded as an event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from sunlight import masking
from sunlight.accounts.access import staff_required
from sunlight.clock.calendar import CalendarNotLoaded, WorkCalendar, get_calendar, working_days_between
from sunlight.errors import Conflict, SunlightError
from sunlight.events.log import client_ip, events_for
from sunlight.orgs import scope

from . import actions, duties, law, replies
from .actions import APPROVER_ROLES, HANDLER_ROLES, HANDLING_KINDS, Applicant
from .deadlines import shown
from .models import Extension, InfoRequest, ReplyAttachment, ReplyDraft
from .queries import OpenFirst
from .wb_consultation_forms import consultation_context
from .wb_forms import (
    CorrectionForm,
    CorrectionReceivedForm,
    DecisionForm,
    ExtendForm,
    QueueFilterForm,
    RegisterForm,
    ReplyForm,
    handler_orgs,
)

S = InfoRequest.Status
PAGE_SIZE = 30
SOON_WORKING_DAYS = 5  # the "due soon" filter
AMBER_WORKING_DAYS = 3  # a row turns amber at this many working days left
NATURAL_PERSON = "natural_person"


# --- the queue -------------------------------------------------------------------------------------


@dataclass
class Deadline:
    """How a row's deadline looks: a CSS level (never the only signal) and its text label."""

    level: str  # "overdue" | "soon" | "normal" | "paused" | "closed"
    label: str
    days_left: int | None = None


def _days_until(cal: WorkCalendar, today: date, due: date) -> int | None:
    """Working days in (today, due] (negative when past); None when the calendar does not reach that far."""
    try:
        return cal.working_days_between(today, due)
    except CalendarNotLoaded:
        return None


def deadline_of(r: InfoRequest, cal: WorkCalendar, today: date) -> Deadline:
    if r.status == S.CLOSED:
        late = bool(r.due_on and r.replied_on and r.replied_on > r.due_on)
        return Deadline("closed", _("已办结（超期答复）") if late else _("已办结"))
    if r.deadline_waits_for_calendar:
        return Deadline("pending", _("期限待定：工作日历尚未载入"))
    if r.due_on is None:
        # Paused (待补正 and the other stopped windows): no running deadline.
        return Deadline("paused", _("暂停计时"))
    left = _days_until(cal, today, r.due_on)
    if r.due_on < today:
        over = -left if left else 0
        label = _("已超期 %(n)s 个工作日") % {"n": over} if over > 0 else _("已超期")
        return Deadline("overdue", label, left)
    if left is not None and left <= AMBER_WORKING_DAYS:
        label = _("今天到期") if left == 0 else _("即将到期 %(n)s 个工作日") % {"n": left}
        return Deadline("soon", label, left)
    if left is None:
        return Deadline("normal", _("未到期"), None)
    return Deadline("normal", _("剩余 %(n)s 个工作日") % {"n": left}, left)


def _soon_until(cal: WorkCalendar, today: date) -> date:
    """The last day that counts as "due within 5 working days"."""
    try:
        return cal.add_working_days(today, SOON_WORKING_DAYS)
    except CalendarNotLoaded:
        # Next year's holidays not entered yet: a week of natural days is the honest approximation.
        return today + timedelta(days=7)


@staff_required
def request_list(request: HttpRequest) -> HttpResponse:
    user, today, cal = request.user, timezone.localdate(), get_calendar()
    soon_until = _soon_until(cal, today)
    base = scope.scoped(InfoRequest.objects.all(), user, "org")
    # The org filter offers the agencies the user can see (asking which have requests would scan them all).
    orgs = list(
        scope.visible_orgs(user).filter(kind__in=HANDLING_KINDS).order_by("path", "sort_order").only("pk", "name")
    )
    form = QueueFilterForm(request.GET or None, orgs=orgs)
    f = form.values()

    qs = base
    if f.get("org"):
        qs = qs.filter(org_id=f["org"])
    if f.get("received_from"):
        qs = qs.filter(received_on__gte=f["received_from"])
    if f.get("received_to"):
        qs = qs.filter(received_on__lte=f["received_to"])

    is_open = ~Q(status=S.CLOSED)
    overdue_q = is_open & Q(due_on__lt=today)
    soon_q = is_open & Q(due_on__gte=today, due_on__lte=soon_until)
    # Every tab's count, under the org and date filters (so each count is what its tab shows): one
    # GROUP BY status and two range counts, each answered from the (org, status, due_on) index.
    # COUNT(*), not COUNT(id): the id is not in the index, and reading it would visit every row.
    by_status = dict(qs.order_by().values_list("status").annotate(n=Count("*")))
    counts = {f"status_{s}": by_status.get(s, 0) for s in S.values}
    counts["all"] = sum(by_status.values())
    counts["open"] = counts["all"] - counts[f"status_{S.CLOSED}"]
    counts["overdue"] = qs.filter(overdue_q).count()
    counts["soon"] = qs.filter(soon_q).count()

    if f.get("status"):
        qs = qs.filter(status=f["status"])
    due = f.get("due", "")
    if due == "open":
        qs = qs.filter(is_open)
    elif due == "overdue":
        qs = qs.filter(overdue_q)
    elif due == "soon":
        qs = qs.filter(soon_q)

    qs = qs.select_related("org", "applicant_type", "outcome")
    rows_in_order = (
        qs.order_by("-received_on", "-pk")
        if f.get("sort") == "received"
        else OpenFirst(qs, **_known_sizes(counts, f.get("status", ""), due))
    )
    page = Paginator(rows_in_order, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(r, deadline_of(r, cal, today), _list_name(r)) for r in page]
    statuses = [(value, label, counts[f"status_{value}"]) for value, label in S.choices]
    # The tabs keep the org, date and sort filters (their counts are computed under them).
    keep = urlencode({k: request.GET[k] for k in ("org", "received_from", "received_to", "sort") if k in f})
    return render(
        request,
        "requests/wb_list.html",
        {
            "page": page,
            "rows": rows,
            "form": form,
            "f": f,
            "counts": counts,
            "statuses": statuses,
            "today": today,
            "keep": keep,
            "can_register": user.is_superuser or handler_orgs(user).exists(),
        },
    )


def _known_sizes(counts: dict, status: str, due: str) -> dict:
    """The open and closed sizes of the listed rows when the tab counts already hold them (one filter at most)."""
    if status and due:
        return {}
    if status:
        n = counts[f"status_{status}"]
        return {"n_open": 0, "n_closed": n} if status == S.CLOSED else {"n_open": n, "n_closed": 0}
    if due in ("open", "overdue", "soon"):
        return {"n_open": counts[due], "n_closed": 0}
    return {"n_open": counts["open"], "n_closed": counts[f"status_{S.CLOSED}"]}


def _list_name(r: InfoRequest) -> str:
    """A natural person's name is masked in lists; an organisation's name is not personal data."""
    return masking.mask_name(r.applicant_name) if r.applicant_type.code == NATURAL_PERSON else r.applicant_name


# --- the request page ------------------------------------------------------------------------------


def _visible_request(request: HttpRequest, pk: int) -> InfoRequest:
    r = get_object_or_404(
        InfoRequest.objects.select_related("org", "applicant_type__parent", "outcome", "applicant_user"), pk=pk
    )
    scope.require_visible(request.user, r)
    return r


def personal_data(r: InfoRequest, revealed: bool) -> list[tuple[str, str]]:
    """(label, value) for the applicant's personal data, masked unless revealed."""
    person = r.applicant_type.code == NATURAL_PERSON
    rows = [
        (_("姓名或名称"), r.applicant_name, masking.mask_name if person else (lambda v: v)),
        (_("证件号码"), r.id_number, masking.mask_id_number),
        (_("联系电话"), r.phone, masking.mask_phone),
        (_("电子邮箱"), r.email, masking.mask_email),
        (_("通信地址"), r.address, masking.mask_address),
    ]
    return [(label, (value if revealed else mask(value)) or "—") for label, value, mask in rows]


def _forms_for(r: InfoRequest, can_handle: bool, bound: dict | None = None) -> dict:
    """The act forms the request's state allows (bound ones kept after a refusal, so nothing typed is lost)."""
    if not can_handle or r.status == S.CLOSED:
        return {}
    today = timezone.localdate()
    forms: dict = {}
    if r.status == S.PROCESSING:
        # Art. 30: only within 7 working days of receipt; after that the form would only be refused.
        if working_days_between(r.received_on, today) <= law.limit(law.CORRECTION_NOTICE).days:
            forms["correction_form"] = CorrectionForm(second=r.corrections > 0)
        if not r.extended_days and not r.extensions.filter(status=Extension.Status.PENDING).exists():
            forms["extend_form"] = ExtendForm()
    if r.status == S.CORRECTING:
        forms["received_form"] = CorrectionReceivedForm(initial={"on": today})
    pending_draft = r.reply_drafts.filter(status=ReplyDraft.Status.PENDING).exists()
    # No reply before every consulted party has answered or the window lapsed, nor while a draft waits for its sign-off.
    if r.status != S.CONSULTING and not pending_draft:
        forms["reply_form"] = ReplyForm(draft=replies.signoff_required())
    from .wb_fee_views import fee_context  # here: wb_fee_views builds on this module

    forms.update(fee_context(r))
    forms.update(bound or {})
    return forms


def _people(memberships) -> list[tuple[str, str, str]]:
    """(name, role, org) of the people who may act, for the page's "who can act" line."""
    return [(m.user.display_name or m.user.get_username(), str(m.get_role_display()), m.org.name) for m in memberships]


def _signoff_context(request: HttpRequest, r: InfoRequest, bound: dict | None) -> dict:
    """The reply's files, the draft waiting for its sign-off (who may sign it, or the form), and the last returned one."""
    drafts = list(r.reply_drafts.select_related("outcome", "drafted_by", "decided_by").order_by("-pk"))
    pending = next((d for d in drafts if d.status == ReplyDraft.Status.PENDING), None)
    ctx: dict = {
        "reply_attachments": list(r.reply_attachments.all()),
        "pending_draft": pending,
        "returned_draft": next((d for d in drafts if d.status == ReplyDraft.Status.RETURNED), None)
        if pending is None
        else None,
        "signoff_on": replies.signoff_required(),
    }
    if pending is None:
        return ctx
    if scope.can_act(request.user, r.org, APPROVER_ROLES) and (
        request.user.pk != pending.drafted_by_id or request.user.is_superuser
    ):
        ctx["signoff_form"] = (bound or {}).get("signoff_form") or DecisionForm(prefix_id="signoff")
    else:
        ctx["signoff_people"] = _people(
            m for m in duties.who_can_act(r.org, APPROVER_ROLES) if m.user_id != pending.drafted_by_id
        )
    return ctx


def _approval_context(request: HttpRequest, r: InfoRequest, bound: dict | None) -> dict:
    """The extension waiting for approval (if any), who may approve it, and the approver's decision form."""
    pending = r.extensions.filter(status=Extension.Status.PENDING).select_related("requested_by").first()
    ctx: dict = {
        "extensions": list(r.extensions.select_related("requested_by", "decided_by")),
        "pending_extension": pending,
        **_signoff_context(request, r, bound),
    }
    if pending is None:
        return ctx
    can_approve = scope.can_act(request.user, r.org, APPROVER_ROLES) and (
        request.user.pk != pending.requested_by_id or request.user.is_superuser
    )
    if can_approve:
        ctx["extension_decision_form"] = (bound or {}).get("extension_decision_form") or DecisionForm(
            prefix_id="extension"
        )
    else:
        ctx["extension_approvers"] = _people(
            m for m in duties.who_can_act(r.org, APPROVER_ROLES) if m.user_id != pending.requested_by_id
        )
    return ctx


def _render_detail(
    request: HttpRequest, r: InfoRequest, *, status: int = 200, bound: dict | None = None, revealed: bool = False
) -> HttpResponse:
    can_handle = scope.can_act(request.user, r.org, HANDLER_ROLES)
    try:
        explanation, clock_error = actions.clock_of(r).explain(), ""
    except SunlightError as exc:
        explanation, clock_error = [], exc.message
    today = timezone.localdate()
    received_days = _days_until(get_calendar(), r.received_on, today) if r.received_on <= today else None
    response = render(
        request,
        "requests/wb_detail.html",
        {
            "r": r,
            "personal": personal_data(r, revealed),
            "revealed": revealed,
            "can_handle": can_handle,
            "deadline": deadline_of(r, get_calendar(), today),
            "explanation": explanation,
            "clock_error": clock_error,
            "events": events_for(r).order_by("seq"),
            "received_working_days": received_days,
            "handlers": [] if can_handle or r.is_closed else _people(duties.who_can_act(r.org, HANDLER_ROLES)),
            **_forms_for(r, can_handle, bound),
            **consultation_context(request.user, r, can_handle, bound),
            **_approval_context(request, r, bound),
        },
        status=status,
    )
    # The page carries personal data (masked or not): never kept by a browser or proxy cache.
    add_never_cache_headers(response)
    return response


@staff_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _visible_request(request, pk))


@staff_required
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """显示完整信息: a handler sees the decrypted personal data once; the viewing is an audited act."""
    if request.method != "POST":
        return redirect("requests_wb:detail", pk=pk)
    r = _visible_request(request, pk)
    actions.reveal_personal_data(r, by=request.user, ip=client_ip(request))
    return _render_detail(request, r, revealed=True)


# --- the acts --------------------------------------------------------------------------------------


def _form_errors(form) -> str:
    return "；".join(
        f"{form.fields[k].label if k in form.fields else ''}：{'、'.join(v)}".lstrip("：")
        for k, v in form.errors.items()
    )


def _post_act(key: str, build_form, *, roles=HANDLER_ROLES, what: str = "办理政府信息公开申请"):
    """A POST-only act on a request: role check (the handler's unless `roles`), form, action; a refusal
    re-renders the page with its reason."""

    def decorate(act):
        @staff_required
        @wraps(act)
        def wrapper(request: HttpRequest, pk: int) -> HttpResponse:
            if request.method != "POST":
                return redirect("requests_wb:detail", pk=pk)
            r = _visible_request(request, pk)
            scope.require(request.user, r.org, roles, what=what)
            form = build_form(request, r)
            try:
                if not form.is_valid():
                    raise SunlightError(_form_errors(form))
                message = act(request, r, form)
            except SunlightError as exc:
                messages.error(request, exc.message)
                return _render_detail(request, _visible_request(request, pk), status=exc.status, bound={key: form})
            messages.success(request, message)
            return redirect("requests_wb:detail", pk=pk)

        return wrapper

    return decorate


@_post_act("correction_form", lambda request, r: CorrectionForm(request.POST, second=r.corrections > 0))
def correction(request, r, form):
    data = form.cleaned_data
    r = actions.request_correction(
        r,
        by=request.user,
        items=data["items"],
        correct_by=data["correct_by"],
        second_reason=data.get("second_reason", ""),
    )
    return _("已发出补正告知，暂停计时；补正期限 %(d)s。") % {"d": r.correction_due_on.isoformat()}


@_post_act("received_form", lambda request, r: CorrectionReceivedForm(request.POST))
def correction_received(request, r, form):
    r = actions.receive_correction(r, by=request.user, on=form.cleaned_data["on"], note=form.cleaned_data["note"])
    return _("已收到补正，重新计算答复期限：%(d)s。") % {"d": shown(r.due_on, r.due_on_estimated)}


@_post_act("extend_form", lambda request, r: ExtendForm(request.POST))
def extend(request, r, form):
    """延期申请: asked for here by the handler; approved or refused by an approver on the same page, in their session."""
    data = form.cleaned_data
    actions.request_extension(r, by=request.user, days=data["days"], reason=data["reason"])
    return _("已提交延期申请，待本机关审批人批准；批准前答复期限不变。")


@_post_act(
    "extension_decision_form",
    lambda request, r: DecisionForm(request.POST, prefix_id="extension"),
    roles=APPROVER_ROLES,
    what="审批延期答复",
)
def extension_decision(request, r, form):
    pending = r.extensions.filter(status=Extension.Status.PENDING).first()
    if pending is None:
        raise Conflict(_("没有等待批准的延期申请。"))
    data = form.cleaned_data
    if data["decision"] == "approve":
        r = actions.approve_extension(pending, by=request.user, note=data["reason"])
        return _("已批准延期，答复期限延至 %(d)s，已向申请人发出延期答复告知书。") % {
            "d": shown(r.due_on, r.due_on_estimated)
        }
    actions.refuse_extension(pending, by=request.user, reason=data["reason"])
    return _("已作出不予批准延期的决定，已告知承办人。")


def _reply_form(request, r):
    return ReplyForm(request.POST, request.FILES, org=r.org, draft=replies.signoff_required())


@_post_act("reply_form", _reply_form)
def reply(request, r, form):
    """答复: the files first (each checked), then the reply — or, with the sign-off setting, the draft — in one
    transaction: a refusal keeps nothing (and no stored file)."""
    category, number = form.outcome_key()
    saved: list = []
    try:
        with transaction.atomic():
            for f in form.cleaned_data["files"]:
                saved.append(replies.add_reply_attachment(r, by=request.user, data=f.read(), filename=f.name))
            if replies.signoff_required():
                replies.draft_reply(
                    r,
                    by=request.user,
                    category=category,
                    number=number,
                    text=form.cleaned_data["text"],
                    **form.details(),
                )
                return _("答复稿已提交，待本机关审批人签发后发出。")
            r = actions.reply(
                r,
                by=request.user,
                category=category,
                number=number,
                text=form.cleaned_data["text"],
                on=form.cleaned_data["on"],
                **form.details(),
            )
    except Exception:
        for a in saved:
            a.file.storage.delete(a.file.name)
        raise
    return _("已答复并办结：%(o)s。") % {"o": r.outcome.printed_name}


@_post_act(
    "signoff_form",
    lambda request, r: DecisionForm(request.POST, prefix_id="signoff"),
    roles=APPROVER_ROLES,
    what="签发答复",
)
def signoff(request, r, form):
    draft = r.reply_drafts.filter(status=ReplyDraft.Status.PENDING).first()
    if draft is None:
        raise Conflict(_("没有等待签发的答复稿。"))
    if form.cleaned_data["decision"] == "approve":
        r = replies.sign_off_reply(draft, by=request.user)
        return _("已签发，答复已发出并办结：%(o)s。") % {"o": r.outcome.printed_name}
    replies.return_reply(draft, by=request.user, reason=form.cleaned_data["reason"])
    return _("已退回答复稿，已告知拟稿人。")


@staff_required
def attachment_remove(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("requests_wb:detail", pk=pk)
    r = _visible_request(request, pk)
    attachment = get_object_or_404(ReplyAttachment, pk=attachment_pk, request=r)
    try:
        replies.remove_reply_attachment(attachment, by=request.user)
    except SunlightError as exc:
        messages.error(request, exc.message)
        return _render_detail(request, r, status=exc.status)
    messages.success(request, _("已删除附件：%(n)s。") % {"n": attachment.name})
    return redirect("requests_wb:detail", pk=pk)


@staff_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """/workbench/requests/<pk>/attachments/<id> — whoever sees the request page."""
    from .notice_views import attachment_response

    r = _visible_request(request, pk)
    return attachment_response(get_object_or_404(ReplyAttachment, pk=attachment_pk, request=r))


# --- registration ----------------------------------------------------------------------------------


@staff_required
def request_new(request: HttpRequest) -> HttpResponse:
    """登记: a request that came in person, by post, fax or e-mail, entered by a handler."""
    if not handler_orgs(request.user).exists():
        raise PermissionDenied(_("无权登记政府信息公开申请：需要信息公开工作人员、承办人或管理员岗位。"))
    form = RegisterForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        applicant = Applicant(
            type=d["applicant_type"],
            name=d["applicant_name"],
            id_number=d["id_number"],
            phone=d["phone"],
            email=d["email"],
            address=d["address"],
        )
        registration = {
            "org": d["org"],
            "applicant": applicant,
            "channel": d["channel"],
            "received_on": d["received_on"],
            "description": d["description"],
            "format": d["format"],
            "delivery": d["delivery"],
        }
        try:
            if d["submission_key"]:
                r, replayed = actions.register_once(key=d["submission_key"], by=request.user, **registration)
            else:
                r, replayed = actions.register(by=request.user, **registration), False
        except SunlightError as exc:
            form.add_error(None, exc.message)
        else:
            if replayed:
                messages.info(request, _("该申请已经登记过，没有重复登记。申请编号 %(n)s。") % {"n": r.number})
            else:
                messages.success(
                    request,
                    _("已登记，申请编号 %(n)s；答复期限 %(d)s。")
                    % {"n": r.number, "d": shown(r.due_on, r.due_on_estimated)},
                )
            return redirect("requests_wb:detail", pk=r.pk)
    return render(request, "requests/wb_form.html", {"form": form}, status=400 if form.errors else 200)
