"""What a reply carries beyond its text: the disclosed files, and (optionally) the reviewer's sign-off.

Attachments (答复附件): the information itself, uploaded by the handler while the request is open, checked like every
upload (sunlight.disclosure.attachments.inspect: the content sniffed, the extension must agree, the size limited),
stored with the request, listed in the reply notice, and downloadable by staff who see the request and — once the
reply is sent — by the applicant (signed in, or with the query code in a POST body).

Sign-off (签发, settings.REQUESTS_REPLY_SIGNOFF, default off): the handler's reply becomes a draft (ReplyDraft); an
approver of the agency signs it off in their own session (a to-do), which runs actions.reply with the sign-off
recorded, or returns it to the handler with the reason. Same pattern as actions.py: one atomic function per act.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from sunlight.disclosure import attachments
from sunlight.disclosure.attachments import inspect
from sunlight.errors import refuse
from sunlight.events.log import record
from sunlight.orgs import scope

from . import actions, duties, law
from .actions import APPROVER_ROLES, _check_state_for, _reply_details, _require_handler, _require_open
from .models import InfoRequest, ReplyAttachment, ReplyDraft

MAX_ATTACHMENTS = 50


def signoff_required() -> bool:
    return bool(getattr(settings, "REQUESTS_REPLY_SIGNOFF", False))


# --- attachments -----------------------------------------------------------------------------------


@transaction.atomic
def add_reply_attachment(request: InfoRequest, *, by, data: bytes, filename: str) -> ReplyAttachment:
    """上传答复附件: a file the reply discloses, refused unless it is what its name says (inspect)."""
    request = InfoRequest.objects.select_for_update().get(pk=request.pk)
    _require_handler(by, request)
    _require_open(request)
    if request.reply_drafts.filter(status=ReplyDraft.Status.PENDING).exists():
        raise refuse(gettext("答复稿正在等待签发，不能再修改附件；如需修改，请由签发人退回。"), "draft_pending")
    if request.reply_attachments.count() >= MAX_ATTACHMENTS:
        raise refuse(
            gettext("每件申请的答复附件不超过%(MAX_ATTACHMENTS)s个。") % {"MAX_ATTACHMENTS": MAX_ATTACHMENTS},
            "bad_request",
        )
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:200]
    inspected = inspect(data, name, max_bytes=settings.DISCLOSURE_ATTACHMENT_MAX_BYTES)
    attachment = ReplyAttachment(
        request=request, name=name, kind=inspected.kind, size=inspected.size, sha256=inspected.sha256, uploaded_by=by
    )
    # The stored name is the storage's own (random part, ASCII extension); the applicant sees `name`.
    event = attachments.store(attachment, inspected, f"reply.{name.rsplit('.', 1)[-1].lower()}")
    record("requests.reply_attach", actor=by, org=request.org, obj=request, data=event)
    return attachment


@transaction.atomic
def remove_reply_attachment(attachment: ReplyAttachment, *, by) -> None:
    request = InfoRequest.objects.select_for_update().get(pk=attachment.request_id)
    _require_handler(by, request)
    _require_open(request)
    if request.reply_drafts.filter(status=ReplyDraft.Status.PENDING).exists():
        raise refuse(gettext("答复稿正在等待签发，不能再修改附件。"), "draft_pending")
    record(
        "requests.reply_detach",
        actor=by,
        org=request.org,
        obj=request,
        data={"name": attachment.name, "sha256": attachment.sha256},
    )
    stored = attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: attachment.file.storage.delete(stored))


# --- sign-off --------------------------------------------------------------------------------------


def draft_key(draft: ReplyDraft) -> str:
    """Under the request's key, so closing the request closes it (duties.close_request)."""
    return duties.request_key(draft.request, f"reply-draft:{draft.pk}")


def _ids(details: dict) -> dict:
    doc, earlier = details["disclosed_document"], details["repeat_of"]
    return {
        "withheld_parts": details["withheld_parts"],
        "disclosed_document": doc.pk if doc else None,
        "referred_agency": details["referred_agency"],
        "repeat_of": earlier.pk if earlier else None,
    }


@transaction.atomic
def draft_reply(
    request: InfoRequest,
    *,
    by,
    category: str,
    number: int | None = None,
    text: str,
    withheld_parts: list[dict] | None = None,
    disclosed_document=None,
    referred_agency: str = "",
    repeat_of=None,
) -> ReplyDraft:
    """拟写答复: checked as the reply itself would be (the outcome is the law's, what it must carry, the state), kept
    as a draft; the approvers of the agency get a to-do. Nothing is sent and the clock runs on."""
    request = InfoRequest.objects.select_for_update().get(pk=request.pk)
    _require_handler(by, request)
    _require_open(request)
    if request.reply_drafts.filter(status=ReplyDraft.Status.PENDING).exists():
        raise refuse(gettext("已有一份答复稿等待签发。"), "draft_pending")
    outcome = law.outcome(category, number)
    today = timezone.localdate()
    _check_state_for(request, category, number, today)
    text = (text or "").strip()
    if not text:
        raise refuse(gettext("请写明答复内容和理由。"), "bad_request")
    details = _reply_details(
        request,
        category,
        number,
        withheld_parts=withheld_parts,
        disclosed_document=disclosed_document,
        referred_agency=referred_agency,
        repeat_of=repeat_of,
    )
    draft = ReplyDraft.objects.create(
        request=request, outcome=outcome, text=text, details=_ids(details), drafted_by=by, drafted_on=today
    )
    record(
        "requests.reply_drafted",
        actor=by,
        org=request.org,
        obj=request,
        data={"draft": draft.pk, "outcome": outcome.printed_name, "attachments": request.reply_attachments.count()},
    )
    duties.tell(
        request,
        draft_key(draft),
        f"签发答复：{request.number}（{outcome.printed_name}）",
        roles=APPROVER_ROLES,
        level="warning",
        due=request.due_on,
    )
    return draft


def _lock_pending(draft: ReplyDraft, by) -> tuple[InfoRequest, ReplyDraft]:
    request = InfoRequest.objects.select_for_update().get(pk=draft.request_id)
    draft = ReplyDraft.objects.select_for_update().select_related("outcome").get(pk=draft.pk)
    scope.require(by, request.org, APPROVER_ROLES, what="签发答复")
    if draft.status != ReplyDraft.Status.PENDING:
        raise refuse(
            gettext("该答复稿已经处理（%(status)s）。") % {"status": draft.get_status_display()}, "draft_decided"
        )
    if by.pk == draft.drafted_by_id and not by.is_superuser:
        raise refuse(gettext("拟稿人不能签发自己的答复稿，须由本机关其他审批人签发。"), "own_draft")
    return request, draft


@transaction.atomic
def sign_off_reply(draft: ReplyDraft, *, by, on: date | None = None) -> InfoRequest:
    """签发: the approver signs the draft off in their own session; the reply act runs now (dated today), with the
    sign-off recorded, and the notice lists the attachments."""
    request, draft = _lock_pending(draft, by)
    on = on or timezone.localdate()
    d = draft.details
    # Signed first: the reply closes the request, which voids whatever draft is still pending.
    draft.status, draft.decided_by, draft.decided_on = ReplyDraft.Status.SIGNED, by, on
    draft.save(update_fields=["status", "decided_by", "decided_on"])
    request = actions.reply(
        request,
        by=draft.drafted_by,
        category=draft.outcome.category,
        number=draft.outcome.number,
        text=draft.text,
        on=on,
        withheld_parts=d.get("withheld_parts") or None,
        disclosed_document=d.get("disclosed_document"),
        referred_agency=d.get("referred_agency", ""),
        repeat_of=d.get("repeat_of"),
        signed_off_by=by,
    )
    record(
        "requests.reply_signed_off",
        actor=by,
        org=request.org,
        obj=request,
        data={"draft": draft.pk, "on": on.isoformat()},
    )
    duties.close(draft_key(draft))
    return request


@transaction.atomic
def return_reply(draft: ReplyDraft, *, by, reason: str, on: date | None = None) -> ReplyDraft:
    """退回: the draft goes back to the handler with the reason (a to-do); nothing is sent."""
    request, draft = _lock_pending(draft, by)
    reason = (reason or "").strip()
    if not reason:
        raise refuse(gettext("请写明退回的理由。"), "bad_request")
    draft.status, draft.decided_by, draft.decided_on, draft.decision_reason = (
        ReplyDraft.Status.RETURNED,
        by,
        on or timezone.localdate(),
        reason,
    )
    draft.save(update_fields=["status", "decided_by", "decided_on", "decision_reason"])
    record(
        "requests.reply_returned", actor=by, org=request.org, obj=request, data={"draft": draft.pk, "reason": reason}
    )
    duties.close(draft_key(draft))
    duties.tell(
        request,
        draft_key(draft) + ":returned",
        f"答复稿被退回：{request.number}，请修改后重新提交",
        users=[draft.drafted_by],
        level="warning",
        due=request.due_on,
        detail=reason[:200],
    )
    return draft
