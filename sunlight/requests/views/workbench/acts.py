"""The acts on the request page: each POSTs its form through sunlight.acts.perform, which calls the action and
shows a refusal in place (the page again, with the bound form and the action's 4xx) or redirects with the message.

Thin: each act validates its form and calls the action (sunlight.requests.actions), which checks permission,
the law and the clock, and writes the event."""

from __future__ import annotations

from functools import wraps

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from sunlight.accounts.access import staff_required
from sunlight.acts import perform
from sunlight.errors import Conflict
from sunlight.orgs import scope

from ... import actions
from ...forms.workbench import CorrectionForm, CorrectionReceivedForm, DecisionForm, ExtendForm, ReplyForm
from ...models import Extension, ReplyAttachment, ReplyDraft
from ...roles import APPROVER_ROLES, HANDLER_ROLES
from ..notices import attachment_response
from .common import shown, visible_request
from .detail import render_detail


def post_act(key: str, build_form, *, roles=HANDLER_ROLES, what: str = "办理政府信息公开申请"):
    """A POST-only act on a request, through sunlight.acts.perform: the role check first (the handler's unless
    `roles`: someone without it gets a 403, not a form error), then the form and the action. A refusal re-renders
    the page with its reason, the action's status and the bound form under `key`, so nothing typed is lost.

    `act(request, info_request, form)` returns the success message."""

    def decorate(act):
        @staff_required
        @wraps(act)
        def wrapper(request: HttpRequest, pk: int) -> HttpResponse:
            done = reverse("requests_wb:detail", args=[pk])
            if request.method != "POST":
                return redirect(done)
            info_request = visible_request(request, pk)
            scope.require(request.user, info_request.org, roles, what=what)
            form = build_form(request, info_request)
            return perform(
                request,
                lambda data: act(request, info_request, form),
                form=form,
                done=done,
                # Loaded again: the page shows the request as the refused act left it (unchanged, rolled back).
                refused=lambda exc: render_detail(
                    request, visible_request(request, pk), status=exc.status, bound={key: form}
                ),
            )

        return wrapper

    return decorate


@post_act(
    "correction_form", lambda request, info_request: CorrectionForm(request.POST, second=info_request.corrections > 0)
)
def correction(request, info_request, form):
    data = form.cleaned_data
    info_request = actions.request_correction(
        info_request,
        by=request.user,
        items=data["items"],
        correct_by=data["correct_by"],
        second_reason=data.get("second_reason", ""),
    )
    return _("已发出补正告知，暂停计时；补正期限 %(d)s。") % {"d": info_request.correction_due_on.isoformat()}


@post_act("received_form", lambda request, info_request: CorrectionReceivedForm(request.POST))
def correction_received(request, info_request, form):
    info_request = actions.receive_correction(
        info_request, by=request.user, on=form.cleaned_data["on"], note=form.cleaned_data["note"]
    )
    return _("已收到补正，重新计算答复期限：%(d)s。") % {"d": shown(info_request.due_on, info_request.due_on_estimated)}


@post_act("extend_form", lambda request, info_request: ExtendForm(request.POST))
def extend(request, info_request, form):
    """延期申请: asked for here by the handler; approved or refused by an approver on the same page, in their session."""
    data = form.cleaned_data
    actions.request_extension(info_request, by=request.user, days=data["days"], reason=data["reason"])
    return _("已提交延期申请，待本机关审批人批准；批准前答复期限不变。")


@post_act(
    "extension_decision_form",
    lambda request, info_request: DecisionForm(request.POST, prefix_id="extension"),
    roles=APPROVER_ROLES,
    what="审批延期答复",
)
def extension_decision(request, info_request, form):
    pending = info_request.extensions.filter(status=Extension.Status.PENDING).first()
    if pending is None:
        raise Conflict(_("没有等待批准的延期申请。"))
    data = form.cleaned_data
    if data["decision"] == "approve":
        info_request = actions.approve_extension(pending, by=request.user, note=data["reason"])
        return _("已批准延期，答复期限延至 %(d)s，已向申请人发出延期答复告知书。") % {
            "d": shown(info_request.due_on, info_request.due_on_estimated)
        }
    actions.refuse_extension(pending, by=request.user, reason=data["reason"])
    return _("已作出不予批准延期的决定，已告知承办人。")


def _reply_form(request, info_request):
    return ReplyForm(request.POST, request.FILES, org=info_request.org, draft=actions.signoff_required())


@post_act("reply_form", _reply_form)
def reply(request, info_request, form):
    """答复: the files first (each checked), then the reply — or, with the sign-off setting, the draft — in one
    transaction: a refusal keeps nothing (and no stored file)."""
    category, number = form.outcome_key()
    saved: list = []
    try:
        with transaction.atomic():
            for f in form.cleaned_data["files"]:
                saved.append(
                    actions.add_reply_attachment(info_request, by=request.user, data=f.read(), filename=f.name)
                )
            if actions.signoff_required():
                actions.draft_reply(
                    info_request,
                    by=request.user,
                    category=category,
                    number=number,
                    text=form.cleaned_data["text"],
                    **form.details(),
                )
                return _("答复稿已提交，待本机关审批人签发后发出。")
            info_request = actions.reply(
                info_request,
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
    return _("已答复并办结：%(o)s。") % {"o": info_request.outcome.printed_name}


@post_act(
    "signoff_form",
    lambda request, info_request: DecisionForm(request.POST, prefix_id="signoff"),
    roles=APPROVER_ROLES,
    what="签发答复",
)
def signoff(request, info_request, form):
    draft = info_request.reply_drafts.filter(status=ReplyDraft.Status.PENDING).first()
    if draft is None:
        raise Conflict(_("没有等待签发的答复稿。"))
    if form.cleaned_data["decision"] == "approve":
        info_request = actions.sign_off_reply(draft, by=request.user)
        return _("已签发，答复已发出并办结：%(o)s。") % {"o": info_request.outcome.printed_name}
    actions.return_reply(draft, by=request.user, reason=form.cleaned_data["reason"])
    return _("已退回答复稿，已告知拟稿人。")


@staff_required
def attachment_remove(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    done = reverse("requests_wb:detail", args=[pk])
    if request.method != "POST":
        return redirect(done)
    info_request = visible_request(request, pk)
    attachment = get_object_or_404(ReplyAttachment, pk=attachment_pk, request=info_request)

    def remove(data) -> str:
        actions.remove_reply_attachment(attachment, by=request.user)
        return _("已删除附件：%(n)s。") % {"n": attachment.name}

    return perform(
        request, remove, done=done, refused=lambda exc: render_detail(request, info_request, status=exc.status)
    )


@staff_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """/workbench/requests/<pk>/attachments/<id> — whoever sees the request page."""
    info_request = visible_request(request, pk)
    return attachment_response(get_object_or_404(ReplyAttachment, pk=attachment_pk, request=info_request))
