"""答复 (Art. 36–39) and what a reply carries: the outcome's details, the disclosed files and, where the agency
requires it, the draft an approver signs off (签发, settings.REQUESTS_REPLY_SIGNOFF).

Attachments (答复附件): the information itself, uploaded by the handler while the request is open, checked like every
upload (sunlight.disclosure.attachments.inspect: the content sniffed, the extension must agree, the size limited),
stored with the request, listed in the reply notice, and downloadable by staff who see the request and — once the
reply is sent — by the applicant (signed in, or with the query code in a POST body).

Sign-off (default off): the handler's reply becomes a draft (ReplyDraft); an approver of the agency signs it off in
their own session (a to-do), which runs reply() with the sign-off recorded, or returns it to the handler with the
reason."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from sunlight.disclosure import attachments
from sunlight.disclosure.attachments import inspect
from sunlight.disclosure.models import Document
from sunlight.errors import refuse
from sunlight.events.log import record
from sunlight.orgs import scope

from .. import duties, law
from ..models import InfoRequest, ReplyAttachment, ReplyDraft
from ..notices import cn_date, issue_notice
from ..repeats import earlier_q, same_applicant_q
from ..roles import APPROVER_ROLES
from .common import closed, decide, send_back
from .rules import S, decides_own, lock, require_handler, require_open

# While a window of the applicant or a third party is open the agency cannot answer, except by the
# outcome that closes that very window once it has lapsed (Art. 30: 其他处理 1; 109号: 其他处理 2).
_WAITING = {
    S.CORRECTING: (gettext_lazy("申请正在等待补正，收到补正或补正期限届满（其他处理 1）前不能答复。"), ("other", 1)),
    S.FEE_PENDING: (
        gettext_lazy("申请正在等待缴纳信息处理费，缴费或缴费期限届满（其他处理 2）前不能答复。"),
        ("other", 2),
    ),
    S.CONSULTING: (gettext_lazy("申请正在征求第三方或其他机关意见，征求意见结束前不能答复。"), None),
}


def _checked_reply(info_request: InfoRequest, category: str, number, on: date, text: str | None, **parts):
    """What a reply and a draft reply both check: the law's outcome, the state on `on`, a reason written, and what
    the outcome must carry. Returns (outcome, text, details)."""
    outcome = law.outcome(category, number)
    _check_state_for(info_request, category, number, on)
    text = (text or "").strip()
    if not text:
        raise refuse(gettext("请写明答复内容和理由。"), "bad_request")
    return outcome, text, _reply_details(info_request, category, number, **parts)


def _check_state_for(info_request: InfoRequest, category: str, number: int | None, on: date) -> None:
    lapse = {("other", 1): ("correction_due_on", S.CORRECTING), ("other", 2): ("fee_due_on", S.FEE_PENDING)}
    waiting = _WAITING.get(info_request.status)
    if waiting and (category, number) != waiting[1]:
        raise refuse(waiting[0], "bad_state")
    if (category, number) in lapse:
        field, status = lapse[(category, number)]
        deadline = getattr(info_request, field)
        if info_request.status != status or deadline is None or on <= deadline:
            what = "补正期限" if status == S.CORRECTING else "缴费期限"
            raise refuse(
                gettext("只有申请人在%(what)s届满后仍未%(act)s的，才能以此类型答复。")
                % {"what": what, "act": "补正" if status == S.CORRECTING else "缴费"},
                "bad_request",
            )


def _reply_details(
    info_request: InfoRequest,
    category: str,
    number: int | None,
    *,
    withheld_parts,
    disclosed_document,
    referred_agency: str,
    repeat_of,
) -> dict:
    """What the outcome must or may carry (Art. 36–37), validated; refusals say which rule."""

    parts = []
    for item in withheld_parts or []:
        part = str((item or {}).get("part", "")).strip() if isinstance(item, dict) else ""
        reason = str((item or {}).get("reason", "")).strip() if isinstance(item, dict) else ""
        if not part or not reason:
            raise refuse(gettext("每一项不予公开的部分都须写明内容和理由。"), "bad_request")
        parts.append({"part": part, "reason": reason})
    if category == "partial" and not parts:
        raise refuse(gettext("部分公开须列明不予公开的部分及其理由（第三十七条）。"), "bad_request")
    if parts and category != "partial":
        raise refuse(gettext("只有部分公开的答复才列明不予公开的部分。"), "bad_request")

    document = None
    if disclosed_document is not None:
        if category != "disclosed":
            raise refuse(gettext("只有予以公开的答复才能指向已主动公开的政府信息。"), "bad_request")
        pk = disclosed_document.pk if isinstance(disclosed_document, Document) else disclosed_document
        document = Document.objects.filter(pk=pk).first() if isinstance(pk, int) else None
        if document is None or not document.is_public:
            raise refuse(gettext("所指的政府信息不存在或不是已发布的主动公开信息（第三十六条第一项）。"), "bad_request")

    agency = (referred_agency or "").strip()
    if agency and (category, number) != ("unavailable", 1):
        raise refuse(gettext("只有“本机关不掌握相关政府信息”的答复才告知负责公开的机关。"), "bad_request")

    earlier = None
    if (category, number) == ("not_handled", 2) and repeat_of is None:
        raise refuse(gettext("重复申请须指明此前已答复的同一申请人的申请。"), "bad_request")
    if repeat_of is not None:
        if (category, number) != ("not_handled", 2):
            raise refuse(gettext("只有“重复申请”的答复才指向此前的申请。"), "bad_request")
        pk = repeat_of.pk if isinstance(repeat_of, InfoRequest) else repeat_of
        earlier = (
            InfoRequest.objects.filter(
                same_applicant_q(info_request), earlier_q(info_request), pk=pk, org_id=info_request.org_id
            )
            .exclude(pk=info_request.pk)
            .first()
            if isinstance(pk, int)
            else None
        )
        if earlier is None:
            raise refuse(gettext("所指的申请不是同一申请人此前向本机关提出的申请。"), "bad_request")
        if earlier.status != S.CLOSED:
            raise refuse(gettext("所指的申请尚未答复，不能认定为重复申请。"), "bad_request")
    return {"withheld_parts": parts, "disclosed_document": document, "referred_agency": agency, "repeat_of": earlier}


def _check_sign_off(info_request: InfoRequest, by, signed_off_by) -> None:
    if signed_off_by is None:
        if getattr(settings, "REQUESTS_REPLY_SIGNOFF", False):
            raise refuse(gettext("本机关的答复须经审批人签发：请提交答复稿，由审批人签发后发出。"), "signoff_required")
        return
    if not scope.can_act(signed_off_by, info_request.org, APPROVER_ROLES):
        raise refuse(gettext("签发人须为本机关审批人、审核人或管理员。"), "signoff_not_allowed")
    if decides_own(signed_off_by, by.pk):
        raise refuse(gettext("拟稿人不能签发自己的答复稿。"), "own_draft")


def _size_label(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))} KB"


def _attachment_lines(info_request: InfoRequest) -> list[dict]:
    """The reply's files as the notice lists them: name and size."""
    return [{"name": a.name, "size": _size_label(a.size)} for a in info_request.reply_attachments.all()]


def _reply_notice_context(details: dict) -> dict:
    """The details as the reply notice prints them (legal text; the document by title, 索引号 and address)."""
    doc, earlier = details["disclosed_document"], details["repeat_of"]
    return {
        "withheld_parts": details["withheld_parts"],
        "disclosed_document": {
            "title": doc.title,
            "index_number": doc.index_number,
            "doc_number": doc.doc_number,
            "url": reverse("disclosure:document", args=[doc.pk]),
        }
        if doc
        else None,
        "referred_agency": details["referred_agency"],
        "repeat_of": {
            "number": earlier.number,
            "received_on": cn_date(earlier.received_on),
            "replied_on": cn_date(earlier.replied_on) if earlier.replied_on else "",
        }
        if earlier
        else None,
    }


@transaction.atomic
def reply(
    info_request: InfoRequest,
    *,
    by,
    category: str,
    number: int | None = None,
    text: str,
    on: date | None = None,
    withheld_parts: list[dict] | None = None,
    disclosed_document=None,
    referred_agency: str = "",
    repeat_of=None,
    signed_off_by=None,
) -> InfoRequest:
    """答复 (Art. 36–39): close the request with exactly one of the law's outcomes and what it must carry:
    部分公开 the withheld parts with reasons (Art. 37); 予以公开 optionally the published document it is
    in (Art. 36(1)); 无法提供 1 optionally the agency that holds it (Art. 36(5)); 不予处理 2 the earlier,
    answered request it repeats (Art. 36(6)). No reply while a correction, fee or consultation is open.
    With settings.REQUESTS_REPLY_SIGNOFF the reply needs `signed_off_by`, an approver other than `by` (it runs from
    replies.sign_off_reply, in the approver's session). The files uploaded for the reply are listed in the notice."""
    info_request = lock(info_request)
    require_handler(by, info_request)
    require_open(info_request)
    _check_sign_off(info_request, by, signed_off_by)
    on = on or timezone.localdate()
    if on < info_request.received_on:
        raise refuse(gettext("答复日期不能早于收到申请日期。"), "bad_request")
    outcome, text, details = _checked_reply(
        info_request,
        category,
        number,
        on,
        text,
        withheld_parts=withheld_parts,
        disclosed_document=disclosed_document,
        referred_agency=referred_agency,
        repeat_of=repeat_of,
    )
    info_request.outcome, info_request.reply_text, info_request.replied_on, info_request.status = (
        outcome,
        text,
        on,
        S.CLOSED,
    )
    for field, value in details.items():
        setattr(info_request, field, value)
    info_request.save(update_fields=["outcome", "reply_text", "replied_on", "status", *details, "updated_at"])
    doc, earlier = details["disclosed_document"], details["repeat_of"]
    record(
        "requests.reply",
        actor=by,
        org=info_request.org,
        obj=info_request,
        data={
            "outcome": outcome.printed_name,
            "on": on.isoformat(),
            "overdue": bool(info_request.due_on and on > info_request.due_on),
            "withheld_parts": len(details["withheld_parts"]),
            "disclosed_document": doc.index_number if doc else "",
            "referred_agency": details["referred_agency"],
            "repeat_of": earlier.number if earlier else "",
            "attachments": [a.name for a in info_request.reply_attachments.all()],
            "signed_off_by": signed_off_by.get_username() if signed_off_by is not None else "",
        },
    )
    issue_notice(
        info_request,
        "reply",
        on=on,
        context={**_reply_notice_context(details), "attachments": _attachment_lines(info_request)},
    )
    closed(info_request)
    return info_request


MAX_ATTACHMENTS = 50


def signoff_required() -> bool:
    return bool(getattr(settings, "REQUESTS_REPLY_SIGNOFF", False))


@transaction.atomic
def add_reply_attachment(info_request: InfoRequest, *, by, data: bytes, filename: str) -> ReplyAttachment:
    """上传答复附件: a file the reply discloses, refused unless it is what its name says (inspect)."""
    info_request = lock(info_request)
    require_handler(by, info_request)
    require_open(info_request)
    if info_request.reply_drafts.filter(status=ReplyDraft.Status.PENDING).exists():
        raise refuse(gettext("答复稿正在等待签发，不能再修改附件；如需修改，请由签发人退回。"), "draft_pending")
    if info_request.reply_attachments.count() >= MAX_ATTACHMENTS:
        raise refuse(
            gettext("每件申请的答复附件不超过%(MAX_ATTACHMENTS)s个。") % {"MAX_ATTACHMENTS": MAX_ATTACHMENTS},
            "bad_request",
        )
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:200]
    inspected = inspect(data, name, max_bytes=settings.DISCLOSURE_ATTACHMENT_MAX_BYTES)
    attachment = ReplyAttachment(
        request=info_request,
        name=name,
        kind=inspected.kind,
        size=inspected.size,
        sha256=inspected.sha256,
        uploaded_by=by,
    )
    # The stored name is the storage's own (random part, ASCII extension); the applicant sees `name`.
    event = attachments.store(attachment, inspected, f"reply.{name.rsplit('.', 1)[-1].lower()}")
    record("requests.reply_attach", actor=by, org=info_request.org, obj=info_request, data=event)
    return attachment


@transaction.atomic
def remove_reply_attachment(attachment: ReplyAttachment, *, by) -> None:
    info_request = InfoRequest.objects.select_for_update().get(pk=attachment.request_id)
    require_handler(by, info_request)
    require_open(info_request)
    if info_request.reply_drafts.filter(status=ReplyDraft.Status.PENDING).exists():
        raise refuse(gettext("答复稿正在等待签发，不能再修改附件。"), "draft_pending")
    record(
        "requests.reply_detach",
        actor=by,
        org=info_request.org,
        obj=info_request,
        data={"name": attachment.name, "sha256": attachment.sha256},
    )
    stored = attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: attachment.file.storage.delete(stored))


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
    info_request: InfoRequest,
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
    info_request = lock(info_request)
    require_handler(by, info_request)
    require_open(info_request)
    if info_request.reply_drafts.filter(status=ReplyDraft.Status.PENDING).exists():
        raise refuse(gettext("已有一份答复稿等待签发。"), "draft_pending")
    today = timezone.localdate()
    outcome, text, details = _checked_reply(
        info_request,
        category,
        number,
        today,
        text,
        withheld_parts=withheld_parts,
        disclosed_document=disclosed_document,
        referred_agency=referred_agency,
        repeat_of=repeat_of,
    )
    draft = ReplyDraft.objects.create(
        request=info_request, outcome=outcome, text=text, details=_ids(details), drafted_by=by, drafted_on=today
    )
    record(
        "requests.reply_drafted",
        actor=by,
        org=info_request.org,
        obj=info_request,
        data={
            "draft": draft.pk,
            "outcome": outcome.printed_name,
            "attachments": info_request.reply_attachments.count(),
        },
    )
    duties.tell(
        info_request,
        draft_key(draft),
        f"签发答复：{info_request.number}（{outcome.printed_name}）",
        roles=APPROVER_ROLES,
        level="warning",
        due=info_request.due_on,
    )
    return draft


def _lock_pending(draft: ReplyDraft, by) -> tuple[InfoRequest, ReplyDraft]:
    info_request = InfoRequest.objects.select_for_update().get(pk=draft.request_id)
    draft = ReplyDraft.objects.select_for_update().select_related("outcome").get(pk=draft.pk)
    scope.require(by, info_request.org, APPROVER_ROLES, what="签发答复")
    if draft.status != ReplyDraft.Status.PENDING:
        raise refuse(
            gettext("该答复稿已经处理（%(status)s）。") % {"status": draft.get_status_display()}, "draft_decided"
        )
    if decides_own(by, draft.drafted_by_id):
        raise refuse(gettext("拟稿人不能签发自己的答复稿，须由本机关其他审批人签发。"), "own_draft")
    return info_request, draft


@transaction.atomic
def sign_off_reply(draft: ReplyDraft, *, by, on: date | None = None) -> InfoRequest:
    """签发: the approver signs the draft off in their own session; the reply act runs now (dated today), with the
    sign-off recorded, and the notice lists the attachments."""
    info_request, draft = _lock_pending(draft, by)
    on = on or timezone.localdate()
    d = draft.details
    # Signed first: the reply closes the request, which voids whatever draft is still pending.
    decide(draft, ReplyDraft.Status.SIGNED, by=by, on=on, reason=draft.decision_reason)
    info_request = reply(
        info_request,
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
        org=info_request.org,
        obj=info_request,
        data={"draft": draft.pk, "on": on.isoformat()},
    )
    duties.close(draft_key(draft))
    return info_request


@transaction.atomic
def return_reply(draft: ReplyDraft, *, by, reason: str, on: date | None = None) -> ReplyDraft:
    """退回: the draft goes back to the handler with the reason (a to-do); nothing is sent."""
    info_request, draft = _lock_pending(draft, by)
    reason = (reason or "").strip()
    if not reason:
        raise refuse(gettext("请写明退回的理由。"), "bad_request")
    decide(draft, ReplyDraft.Status.RETURNED, by=by, on=on or timezone.localdate(), reason=reason)
    record(
        "requests.reply_returned",
        actor=by,
        org=info_request.org,
        obj=info_request,
        data={"draft": draft.pk, "reason": reason},
    )
    duties.close(draft_key(draft))
    send_back(
        info_request,
        draft_key(draft) + ":returned",
        f"答复稿被退回：{info_request.number}，请修改后重新提交",
        to=draft.drafted_by,
        reason=reason,
    )
    return draft
