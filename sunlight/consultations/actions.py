"""The acts of 意见征集 and 听证, one function each (docs/architecture.md, the action contract): permission first, then
every refusal before anything is written, then the change, its event (consultations.<verb>) and the notices.

Staff of the consulting org act with the roles in ACT_ROLES (an admin also across the subtree below); the public
comments (signed in, or anonymously with a name)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext

from sunlight.cases.days import now, today
from sunlight.disclosure.models import Document
from sunlight.disclosure.queries import public_documents
from sunlight.errors import Conflict, refuse
from sunlight.events.log import record
from sunlight.notify.public_cache import public_changed
from sunlight.notify.todos import close_todos, feed_role_todos
from sunlight.orgs import scope
from sunlight.orgs.models import Org, Role
from sunlight.screening import BANK_CARD, EMAIL, ID_NUMBER, MOBILE, mask_matches, screen

from .models import Comment, Consultation, FeedbackPoint, FeedbackReport, Hearing

ACT_ROLES = (Role.DISCLOSURE_OFFICER, Role.REVIEWER, Role.ADMIN)
# Who is asked (to-dos) when a comment arrives or a report is due: the org's own officers and reviewers.
TODO_ROLES = (Role.DISCLOSURE_OFFICER, Role.REVIEWER)
PERSONAL = (ID_NUMBER, MOBILE, BANK_CARD, EMAIL)  # what is masked in a comment's public text
COMMENT_MAX = 3000
TEXT_MAX = 20000
S = Consultation.Status
M = Comment.Moderation
D = FeedbackPoint.Decision


# --- shared rules ---------------------------------------------------------------------------------------------------


def may_act(user, org: Org) -> bool:
    return scope.can_act(user, org, ACT_ROLES)


def _require(by, org: Org, act: str) -> None:
    scope.require(by, org, ACT_ROLES, act)


def _text(value: str, what: str, max_length: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise refuse(gettext("请填写%(what)s。") % {"what": what}, "required")
    if len(value) > max_length:
        raise refuse(gettext("%(what)s不能超过 %(n)s 个字。") % {"what": what, "n": max_length}, "too_long")
    return value


def _require_status(consultation: Consultation, *statuses: str, act: str) -> None:
    if consultation.status not in statuses:
        raise Conflict(
            gettext("意见征集当前状态为“%(status)s”，不能%(act)s。")
            % {"status": consultation.get_status_display(), "act": act},
            code="bad_status",
        )


def _lock(consultation: Consultation) -> Consultation:
    return Consultation.objects.select_for_update(of=("self",)).select_related("org", "draft").get(pk=consultation.pk)


def _in_subtree(document: Document, org: Org) -> bool:
    return document.publisher.path.startswith(org.path)


def _public_document(document: Document | None, org: Org, what: str) -> Document:
    """A document of the catalog the public can open, published by the org or an org below it."""
    if document is None or not isinstance(document, Document):
        raise refuse(gettext("请选择%(what)s。") % {"what": what}, "document_required")
    if not public_documents().filter(pk=document.pk).exists():
        raise refuse(
            gettext("%(what)s须是已在信息公开目录中主动公开发布的文件。") % {"what": what}, "document_not_published"
        )
    if not _in_subtree(document, org):
        raise refuse(gettext("%(what)s须由本机关或其下级机关发布。") % {"what": what}, "document_not_ours")
    return document


def _dates(start_on: date | None, end_on: date | None) -> tuple[date, date]:
    if start_on is None or end_on is None:
        raise refuse(gettext("请填写征集的开始日期和截止日期。"), "dates_required")
    if end_on <= start_on:
        raise refuse(gettext("截止日期须晚于开始日期。"), "bad_dates")
    return start_on, end_on


def staff_url(consultation: Consultation) -> str:
    return reverse("consultations_wb:detail", args=[consultation.pk])


def public_url(consultation: Consultation) -> str:
    return reverse("consultations:consultation", args=[consultation.pk])


def todo_key(consultation: Consultation) -> str:
    return f"consultation:{consultation.pk}:"


def _ask_moderation(consultation: Consultation) -> None:
    pending = consultation.comments.filter(moderation=M.PENDING).count()
    key = f"{todo_key(consultation)}moderate"
    if not pending:
        close_todos(key)
        return
    title = gettext("意见征集《%(title)s》有 %(n)s 条意见待审核") % {"title": consultation.title, "n": pending}
    feed_role_todos(consultation.org_id, TODO_ROLES, key, title[:200], url=staff_url(consultation))


# --- consultations ------------------------------------------------------------------------------------------------


@transaction.atomic
def create_consultation(
    *,
    by,
    org: Org,
    draft: Document,
    title: str,
    start_on: date | None,
    end_on: date | None,
    summary: str = "",
) -> Consultation:
    """拟定意见征集: the draft policy and the dates, not yet open to the public."""
    _require(by, org, gettext("发起意见征集"))
    title = _text(title, gettext("标题"), 200)
    summary = _text(summary, gettext("说明"), TEXT_MAX, required=False)
    start_on, end_on = _dates(start_on, end_on)
    draft = _public_document(draft, org, gettext("征求意见稿"))
    consultation = Consultation.objects.create(
        org=org, draft=draft, title=title, summary=summary, start_on=start_on, end_on=end_on, created_by=by
    )
    record(
        "consultations.create",
        actor=by,
        org=org,
        obj=consultation,
        data={"draft": draft.index_number, "start_on": start_on.isoformat(), "end_on": end_on.isoformat()},
    )
    return consultation


@transaction.atomic
def open_consultation(consultation: Consultation, *, by) -> Consultation:
    """开始征集: the consultation is published; comments are taken from start_on to end_on."""
    consultation = _lock(consultation)
    act = gettext("开始征集")
    _require(by, consultation.org, act)
    _require_status(consultation, S.DRAFT, act=act)
    _dates(consultation.start_on, consultation.end_on)
    if consultation.end_on < today():
        raise refuse(gettext("截止日期已过，请先修改征集日期。"), "ended")
    _public_document(consultation.draft, consultation.org, gettext("征求意见稿"))
    consultation.status = S.OPEN
    consultation.opened_at = now()
    consultation.save(update_fields=["status", "opened_at"])
    record("consultations.open", actor=by, org=consultation.org, obj=consultation, data={})
    public_changed("consultations")
    return consultation


def _writer_name(by, name: str) -> str:
    if getattr(by, "is_authenticated", False):
        return (getattr(by, "real_name", "") or by.display_name or by.username)[:60]
    name = (name or "").strip()
    if not name:
        raise refuse(gettext("未登录提交意见的，请填写姓名或称呼。"), "name_required")
    if len(name) > 60:
        raise refuse(gettext("姓名或称呼不能超过 60 个字。"), "too_long")
    return name


def masked(text: str) -> tuple[str, list[str]]:
    """The text with the personal data the screening finds (ID, mobile, bank card, e-mail) masked; the kinds found."""
    found = [m for m in screen(text) if m.kind in PERSONAL]
    return mask_matches(text, found), sorted({m.kind for m in found})


@transaction.atomic
def submit_comment(consultation: Consultation, *, by=None, name: str = "", content: str) -> Comment:
    """提交意见: anyone, signed in or with a name, while the consultation is open (start_on to end_on, inclusive).
    The text is kept as written (shown escaped); its public text has personal data masked; staff moderate it."""
    consultation = _lock(consultation)
    on = today()
    if consultation.status != S.OPEN or not consultation.start_on <= on <= consultation.end_on:
        raise Conflict(gettext("该意见征集当前不在征集期内，不能提交意见。"), code="not_open")
    writer_name = _writer_name(by, name)
    content = _text(content, gettext("意见内容"), COMMENT_MAX)
    public_text, kinds = masked(content)
    number = (consultation.comments.aggregate(n=Max("number"))["n"] or 0) + 1
    comment = Comment.objects.create(
        consultation=consultation,
        number=number,
        writer=by if getattr(by, "is_authenticated", False) else None,
        writer_name=writer_name,
        content=content,
        public_text=public_text,
        findings=kinds,
        submitted_at=now(),
    )
    record(
        "consultations.comment",
        actor=by if getattr(by, "is_authenticated", False) else "anonymous",
        org=consultation.org,
        obj=consultation,
        data={"comment": number, "masked": kinds},
    )
    _ask_moderation(consultation)
    return comment


@transaction.atomic
def moderate_comment(comment: Comment, *, by, decision: str, reason: str = "") -> Comment:
    """审核意见: approved (its masked text is published) or rejected with a reason (not published)."""
    consultation = _lock(comment.consultation)
    act = gettext("审核意见")
    _require(by, consultation.org, act)
    _require_status(consultation, S.OPEN, S.CLOSED, act=act)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.moderation != M.PENDING:
        raise Conflict(gettext("这条意见已经审核过了。"), code="already_moderated")
    if decision not in (M.APPROVED, M.REJECTED):
        raise refuse(gettext("请选择审核结果：公开或不予公开。"), "decision_required")
    reason = _text(reason, gettext("不予公开的理由"), 1000, required=decision == M.REJECTED)
    comment.moderation = decision
    comment.moderation_reason = reason
    comment.moderated_by = by
    comment.moderated_at = now()
    comment.save(update_fields=["moderation", "moderation_reason", "moderated_by", "moderated_at"])
    record(
        "consultations.moderate",
        actor=by,
        org=consultation.org,
        obj=consultation,
        data={"comment": comment.number, "decision": decision, "reason": reason},
    )
    _ask_moderation(consultation)
    if decision == M.APPROVED:
        public_changed("consultations")
    return comment


@transaction.atomic
def close_consultation(consultation: Consultation, *, by, reason: str = "") -> Consultation:
    """截止征集: after end_on, or earlier with a reason. The feedback report is due next."""
    consultation = _lock(consultation)
    act = gettext("截止征集")
    _require(by, consultation.org, act)
    _require_status(consultation, S.OPEN, act=act)
    early = today() <= consultation.end_on
    if early and not (reason or "").strip():
        raise refuse(gettext("征集期尚未结束，提前截止须说明理由。"), "reason_required")
    reason = _text(reason, gettext("提前截止的理由"), 1000) if early else ""
    consultation.status = S.CLOSED
    consultation.closed_at = now()
    consultation.closed_early_reason = reason
    consultation.save(update_fields=["status", "closed_at", "closed_early_reason"])
    record("consultations.close", actor=by, org=consultation.org, obj=consultation, data={"early_reason": reason})
    feed_role_todos(
        consultation.org_id,
        TODO_ROLES,
        f"{todo_key(consultation)}report",
        (gettext("意见征集《%(title)s》待发布意见采纳情况反馈") % {"title": consultation.title})[:200],
        url=staff_url(consultation),
    )
    public_changed("consultations")
    return consultation


# --- the feedback report ------------------------------------------------------------------------------------------


def _approved(consultation: Consultation, comments: Iterable[Comment]) -> list[Comment]:
    comments = list(comments or [])
    ids = {c.pk for c in comments}
    found = list(consultation.comments.filter(pk__in=ids, moderation=M.APPROVED))
    if len(found) != len(ids):
        raise refuse(gettext("只能关联本次征集中已审核公开的意见。"), "bad_comments")
    return found


def _point_fields(summary: str, decision: str, reasons: str) -> tuple[str, str, str]:
    summary = _text(summary, gettext("意见要点"), 2000)
    if decision not in D.values:
        raise refuse(gettext("请选择采纳情况：采纳、部分采纳或未采纳。"), "decision_required")
    reasons = _text(reasons, gettext("理由"), 4000, required=False)
    return summary, decision, reasons


@transaction.atomic
def add_feedback_point(
    consultation: Consultation,
    *,
    by,
    summary: str,
    decision: str,
    reasons: str = "",
    comments: Iterable[Comment] = (),
) -> FeedbackPoint:
    """反馈要点: one point raised, the approved comments that raised it, the decision and its reasons (the reasons may
    be written later; publishing the report requires them for a point not fully adopted)."""
    consultation = _lock(consultation)
    act = gettext("编写反馈要点")
    _require(by, consultation.org, act)
    _require_status(consultation, S.CLOSED, act=act)
    summary, decision, reasons = _point_fields(summary, decision, reasons)
    answered = _approved(consultation, comments)
    order = (consultation.points.aggregate(n=Max("order"))["n"] or 0) + 1
    point = FeedbackPoint.objects.create(
        consultation=consultation, order=order, summary=summary, decision=decision, reasons=reasons
    )
    point.comments.set(answered)
    record(
        "consultations.point",
        actor=by,
        org=consultation.org,
        obj=consultation,
        data={"order": order, "decision": decision, "comments": sorted(c.number for c in answered)},
    )
    return point


@transaction.atomic
def update_feedback_point(
    point: FeedbackPoint,
    *,
    by,
    summary: str,
    decision: str,
    reasons: str = "",
    comments: Iterable[Comment] = (),
) -> FeedbackPoint:
    consultation = _lock(point.consultation)
    act = gettext("修改反馈要点")
    _require(by, consultation.org, act)
    _require_status(consultation, S.CLOSED, act=act)
    summary, decision, reasons = _point_fields(summary, decision, reasons)
    answered = _approved(consultation, comments)
    point = FeedbackPoint.objects.select_for_update().get(pk=point.pk, consultation=consultation)
    point.summary, point.decision, point.reasons = summary, decision, reasons
    point.save(update_fields=["summary", "decision", "reasons"])
    point.comments.set(answered)
    record(
        "consultations.point",
        actor=by,
        org=consultation.org,
        obj=consultation,
        data={"order": point.order, "decision": decision, "comments": sorted(c.number for c in answered)},
    )
    return point


@transaction.atomic
def remove_feedback_point(point: FeedbackPoint, *, by) -> None:
    consultation = _lock(point.consultation)
    act = gettext("删除反馈要点")
    _require(by, consultation.org, act)
    _require_status(consultation, S.CLOSED, act=act)
    order = point.order
    FeedbackPoint.objects.filter(pk=point.pk, consultation=consultation).delete()
    record("consultations.point_remove", actor=by, org=consultation.org, obj=consultation, data={"order": order})


def report_gaps(consultation: Consultation) -> list[str]:
    """What stops the feedback report from being published, in words (empty: it can be published)."""
    gaps = []
    pending = list(consultation.comments.filter(moderation=M.PENDING).values_list("number", flat=True))
    if pending:
        gaps.append(gettext("尚有意见未审核：%(n)s。") % {"n": "、".join(f"#{n}" for n in pending)})
    points = list(consultation.points.prefetch_related("comments"))
    if not points:
        gaps.append(gettext("反馈报告至少要有一个反馈要点。"))
    answered = {c.pk for p in points for c in p.comments.all()}
    unanswered = [
        c.number for c in consultation.comments.filter(moderation=M.APPROVED).order_by("number") if c.pk not in answered
    ]
    if unanswered:
        gaps.append(
            gettext("以下已公开的意见没有对应的反馈要点：%(n)s。") % {"n": "、".join(f"#{n}" for n in unanswered)}
        )
    unreasoned = [p.order for p in points if p.decision != D.ADOPTED and not p.reasons.strip()]
    if unreasoned:
        gaps.append(
            gettext("以下未采纳或部分采纳的反馈要点没有说明理由：第 %(n)s 条。")
            % {"n": "、".join(str(n) for n in unreasoned)}
        )
    return gaps


@transaction.atomic
def publish_feedback_report(consultation: Consultation, *, by, intro: str = "") -> FeedbackReport:
    """发布意见采纳情况反馈: every approved comment answered by a point, every point not fully adopted with reasons."""
    consultation = _lock(consultation)
    act = gettext("发布反馈报告")
    _require(by, consultation.org, act)
    _require_status(consultation, S.CLOSED, act=act)
    intro = _text(intro, gettext("说明"), TEXT_MAX, required=False)
    gaps = report_gaps(consultation)
    if gaps:
        raise refuse(gettext("反馈报告还不能发布：") + "".join(gaps), "report_incomplete")
    report = FeedbackReport.objects.create(consultation=consultation, intro=intro, published_at=now(), published_by=by)
    consultation.status = S.REPORTED
    consultation.save(update_fields=["status"])
    decisions = list(consultation.points.values_list("decision", flat=True))
    record(
        "consultations.report",
        actor=by,
        org=consultation.org,
        obj=consultation,
        data={"points": len(decisions), **{d: decisions.count(d) for d in D.values}},
    )
    close_todos(f"{todo_key(consultation)}report")
    public_changed("consultations")
    return report


@transaction.atomic
def link_final_document(consultation: Consultation, *, by, document: Document) -> Consultation:
    """关联正式文件: only after the feedback report is published (the public sees what became of their comments first)."""
    consultation = _lock(consultation)
    act = gettext("关联正式文件")
    _require(by, consultation.org, act)
    if consultation.status != S.REPORTED:
        if consultation.status == S.CONCLUDED:
            raise Conflict(gettext("已经关联了正式文件。"), code="already_linked")
        raise Conflict(gettext("须先发布意见采纳情况反馈，才能关联正式文件。"), code="report_first")
    document = _public_document(document, consultation.org, gettext("正式文件"))
    if document.pk == consultation.draft_id:
        raise refuse(gettext("正式文件不能是征求意见稿本身。"), "same_as_draft")
    consultation.final_document = document
    consultation.status = S.CONCLUDED
    consultation.save(update_fields=["final_document", "status"])
    record(
        "consultations.link_final",
        actor=by,
        org=consultation.org,
        obj=consultation,
        data={"document": document.index_number},
    )
    close_todos(prefix=todo_key(consultation))
    public_changed("consultations")
    return consultation


# --- hearings ----------------------------------------------------------------------------------------------------


@transaction.atomic
def announce_hearing(
    *, by, org: Org, title: str, subject: str, held_on: date | None, place: str, announcement: str
) -> Hearing:
    """听证公告: announced before the day it is held."""
    _require(by, org, gettext("发布听证公告"))
    title = _text(title, gettext("标题"), 200)
    subject = _text(subject, gettext("听证事项"), 4000)
    place = _text(place, gettext("地点"), 200)
    announcement = _text(announcement, gettext("听证公告"), TEXT_MAX)
    if held_on is None:
        raise refuse(gettext("请填写举行日期。"), "date_required")
    if held_on <= today():
        raise refuse(gettext("听证公告须在举行日期之前发布。"), "too_late")
    hearing = Hearing.objects.create(
        org=org,
        title=title,
        subject=subject,
        held_on=held_on,
        place=place,
        announcement=announcement,
        announced_at=now(),
        created_by=by,
    )
    record("consultations.announce_hearing", actor=by, org=org, obj=hearing, data={"held_on": held_on.isoformat()})
    public_changed("consultations")
    return hearing


@transaction.atomic
def publish_hearing_record(hearing: Hearing, *, by, record_text: str) -> Hearing:
    """公开听证记录: once the hearing has been held, once."""
    hearing = Hearing.objects.select_for_update(of=("self",)).select_related("org").get(pk=hearing.pk)
    _require(by, hearing.org, gettext("公开听证记录"))
    if hearing.record_published_at is not None:
        raise Conflict(gettext("听证记录已经公开。"), code="already_published")
    if hearing.held_on > today():
        raise Conflict(gettext("听证尚未举行，不能公开听证记录。"), code="not_held")
    record_text = _text(record_text, gettext("听证记录"), 100000)
    hearing.record = record_text
    hearing.record_published_at = now()
    hearing.save(update_fields=["record", "record_published_at"])
    record("consultations.hearing_record", actor=by, org=hearing.org, obj=hearing, data={})
    public_changed("consultations")
    return hearing


def require_actor(by, org: Org) -> None:
    """For the doors: a PermissionDenied unless `by` may act for `org` (the acts check it again)."""
    if not may_act(by, org):
        raise PermissionDenied(gettext("无权在该机构办理意见征集。"))
