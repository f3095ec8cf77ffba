"""The request page of the workbench: the request, its deadline and its explanation, the timeline, the applicant's
personal data (masked unless a handler asks to see it, and that viewing is itself recorded as an event) and the
forms of the acts its state allows."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from sunlight import masking
from sunlight.accounts.access import staff_required
from sunlight.clock.calendar import get_calendar, working_days_between
from sunlight.errors import SunlightError
from sunlight.events.log import client_ip, events_for
from sunlight.orgs import scope

from ... import actions, duties, law
from ...actions.rules import decides_own
from ...forms.workbench import CorrectionForm, CorrectionReceivedForm, DecisionForm, ExtendForm, ReplyForm
from ...models import Extension, InfoRequest, ReplyDraft
from ...roles import APPROVER_ROLES, HANDLER_ROLES
from .common import NATURAL_PERSON, S, days_until, deadline_of, people, visible_request
from .panels import consultation_context, fee_context


def personal_data(info_request: InfoRequest, revealed: bool) -> list[tuple[str, str]]:
    """(label, value) for the applicant's personal data, masked unless revealed."""
    person = info_request.applicant_type.code == NATURAL_PERSON
    rows = [
        (_("姓名或名称"), info_request.applicant_name, masking.mask_name if person else (lambda v: v)),
        (_("证件号码"), info_request.id_number, masking.mask_id_number),
        (_("联系电话"), info_request.phone, masking.mask_phone),
        (_("电子邮箱"), info_request.email, masking.mask_email),
        (_("通信地址"), info_request.address, masking.mask_address),
    ]
    return [(label, (value if revealed else mask(value)) or "—") for label, value, mask in rows]


def _forms_for(info_request: InfoRequest, can_handle: bool, bound: dict | None = None) -> dict:
    """The act forms the request's state allows (bound ones kept after a refusal, so nothing typed is lost)."""
    if not can_handle or info_request.status == S.CLOSED:
        return {}
    today = timezone.localdate()
    forms: dict = {}
    if info_request.status == S.PROCESSING:
        # Art. 30: only within 7 working days of receipt; after that the form would only be refused.
        if working_days_between(info_request.received_on, today) <= law.limit(law.CORRECTION_NOTICE).days:
            forms["correction_form"] = CorrectionForm(second=info_request.corrections > 0)
        if (
            not info_request.extended_days
            and not info_request.extensions.filter(status=Extension.Status.PENDING).exists()
        ):
            forms["extend_form"] = ExtendForm()
    if info_request.status == S.CORRECTING:
        forms["received_form"] = CorrectionReceivedForm(initial={"on": today})
    pending_draft = info_request.reply_drafts.filter(status=ReplyDraft.Status.PENDING).exists()
    # No reply before every consulted party has answered or the window lapsed, nor while a draft waits for its sign-off.
    if info_request.status != S.CONSULTING and not pending_draft:
        forms["reply_form"] = ReplyForm(draft=actions.signoff_required())
    forms.update(fee_context(info_request))
    forms.update(bound or {})
    return forms


def _signoff_context(request: HttpRequest, info_request: InfoRequest, bound: dict | None) -> dict:
    """The reply's files, the draft waiting for its sign-off (who may sign it, or the form), and the last returned one."""
    drafts = list(info_request.reply_drafts.select_related("outcome", "drafted_by", "decided_by").order_by("-pk"))
    pending = next((d for d in drafts if d.status == ReplyDraft.Status.PENDING), None)
    ctx: dict = {
        "reply_attachments": list(info_request.reply_attachments.all()),
        "pending_draft": pending,
        "returned_draft": next((d for d in drafts if d.status == ReplyDraft.Status.RETURNED), None)
        if pending is None
        else None,
        "signoff_on": actions.signoff_required(),
    }
    if pending is None:
        return ctx
    if scope.can_act(request.user, info_request.org, APPROVER_ROLES) and not decides_own(
        request.user, pending.drafted_by_id
    ):
        ctx["signoff_form"] = (bound or {}).get("signoff_form") or DecisionForm(prefix_id="signoff")
    else:
        ctx["signoff_people"] = people(
            m for m in duties.who_can_act(info_request.org, APPROVER_ROLES) if m.user_id != pending.drafted_by_id
        )
    return ctx


def _approval_context(request: HttpRequest, info_request: InfoRequest, bound: dict | None) -> dict:
    """The extension waiting for approval (if any), who may approve it, and the approver's decision form."""
    pending = info_request.extensions.filter(status=Extension.Status.PENDING).select_related("requested_by").first()
    ctx: dict = {
        "extensions": list(info_request.extensions.select_related("requested_by", "decided_by")),
        "pending_extension": pending,
        **_signoff_context(request, info_request, bound),
    }
    if pending is None:
        return ctx
    can_approve = scope.can_act(request.user, info_request.org, APPROVER_ROLES) and not decides_own(
        request.user, pending.requested_by_id
    )
    if can_approve:
        ctx["extension_decision_form"] = (bound or {}).get("extension_decision_form") or DecisionForm(
            prefix_id="extension"
        )
    else:
        ctx["extension_approvers"] = people(
            m for m in duties.who_can_act(info_request.org, APPROVER_ROLES) if m.user_id != pending.requested_by_id
        )
    return ctx


def render_detail(
    request: HttpRequest,
    info_request: InfoRequest,
    *,
    status: int = 200,
    bound: dict | None = None,
    revealed: bool = False,
) -> HttpResponse:
    can_handle = scope.can_act(request.user, info_request.org, HANDLER_ROLES)
    try:
        explanation, clock_error = actions.clock_of(info_request).explain(), ""
    except SunlightError as exc:
        explanation, clock_error = [], exc.message
    today = timezone.localdate()
    received_days = (
        days_until(get_calendar(), info_request.received_on, today) if info_request.received_on <= today else None
    )
    response = render(
        request,
        "requests/workbench/detail.html",
        {
            "info_request": info_request,
            "personal": personal_data(info_request, revealed),
            "revealed": revealed,
            "can_handle": can_handle,
            "deadline": deadline_of(info_request, get_calendar(), today),
            "explanation": explanation,
            "clock_error": clock_error,
            "events": events_for(info_request).order_by("seq"),
            "received_working_days": received_days,
            "handlers": []
            if can_handle or info_request.is_closed
            else people(duties.who_can_act(info_request.org, HANDLER_ROLES)),
            **_forms_for(info_request, can_handle, bound),
            **consultation_context(request.user, info_request, can_handle, bound),
            **_approval_context(request, info_request, bound),
        },
        status=status,
    )
    # The page carries personal data (masked or not): never kept by a browser or proxy cache.
    add_never_cache_headers(response)
    return response


@staff_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_detail(request, visible_request(request, pk))


@staff_required
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """显示完整信息: a handler sees the decrypted personal data once; the viewing is an audited act."""
    if request.method != "POST":
        return redirect("requests_wb:detail", pk=pk)
    info_request = visible_request(request, pk)
    actions.reveal_personal_data(info_request, by=request.user, ip=client_ip(request))
    return render_detail(request, info_request, revealed=True)
