"""Every statutory act of proactive disclosure: one function each, atomic, permission-checked, logged.

draft → submitted (screened) → approved (secrecy & privacy review) → published / scheduled → withdrawn;
validity changes and interpretation links on published documents.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from sunlight import screening
from sunlight.clock.calendar import CalendarNotLoaded, working_days_between
from sunlight.errors import Conflict, SunlightError
from sunlight.events.log import record
from sunlight.orgs import scope
from sunlight.orgs.models import Org, Role

from . import attachments
from .attachments import inspect
from .index_numbers import claim_index_number, next_index_number
from .indexing import reindex
from .models import Attachment, Document, Finding, Genre, KeyArea, SecrecyReview, SensitiveWord
from .sanitize import clean_html, html_to_text

AUTHOR = Role.DISCLOSURE_OFFICER
REVIEWER = Role.REVIEWER
S = Document.Status

EDITABLE_FIELDS = {
    "title",
    "summary",
    "created_on",
    "doc_number",
    "topic",
    "genre",
    "keywords",
    "audience",
    "attribute",
    "attribute_reason",
    "scope",
    "time_limit",
    "body_html",
    "interprets",
}
# Fields a published document may still change without a new review: catalog metadata, not content.
PUBLISHED_METADATA_FIELDS = {"topic", "keywords", "audience"}


def _body_digest(body_html: str) -> str:
    """The event log keeps a digest of the body, not the body: a draft's body may hold personal data that is masked later,
    and the timeline must not show it after masking (the log itself can never be edited)."""
    return f"{len(body_html)} 字符，SHA-256 {hashlib.sha256(body_html.encode()).hexdigest()[:16]}"


def _snapshot(doc: Document, fields: Iterable[str]) -> dict:
    out = {}
    for name in fields:
        value = getattr(doc, f"{name}_id", None) if name in {"topic", "genre", "interprets"} else getattr(doc, name)
        if name == "body_html":
            value = _body_digest(value or "")
        out[name] = value if not isinstance(value, (date, datetime)) else value.isoformat()
    return out


def _require_state(doc: Document, *states: str, act: str) -> None:
    if doc.status not in states:
        allowed = "、".join(str(S(s).label) for s in states)
        raise Conflict(
            gettext("“%(title)s”当前状态为“%(status)s”，不能%(act)s（须为：%(allowed)s）。")
            % {"title": doc.title, "status": doc.get_status_display(), "act": act, "allowed": allowed}
        )


def _validate(doc: Document) -> None:
    if not doc.title.strip():
        raise SunlightError(gettext("名称不能为空。"))
    if doc.attribute != Document.Attribute.PROACTIVE and not doc.attribute_reason.strip():
        raise SunlightError(gettext("公开属性为依申请公开或不予公开时，须说明理由。"))
    if doc.created_on > timezone.localdate():
        raise SunlightError(gettext("成文日期不能晚于今天。"))
    if doc.interprets_id and doc.interprets_id == doc.pk:
        raise SunlightError(gettext("政策解读不能解读自身。"))


def _set_key_areas(doc: Document, key_areas: Iterable[KeyArea] | None) -> None:
    if key_areas is not None:
        doc.key_areas.set(list(key_areas))


@transaction.atomic
def create_document(
    *,
    publisher: Org,
    by,
    title: str,
    created_on: date,
    genre: Genre,
    key_areas: Iterable[KeyArea] = (),
    index_number: str | None = None,
    source: str = "manual",
    **fields,
) -> Document:
    """A draft with its source-stage disclosure attribute (公开属性源头认定) and a fresh 索引号."""
    scope.require(by, publisher, AUTHOR, "起草政府信息")
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise SunlightError(gettext("未知字段：%(unknown)s") % {"unknown": ", ".join(sorted(unknown))})
    doc = Document(
        publisher=publisher,
        title=title.strip(),
        created_on=created_on,
        genre=genre,
        created_by=by,
        source=source,
        **fields,
    )
    doc.body_html = clean_html(doc.body_html)
    doc.body_text = html_to_text(doc.body_html)
    _validate(doc)
    doc.index_number = (
        claim_index_number(publisher, index_number) if index_number else next_index_number(publisher, created_on)
    )
    if Document.objects.filter(index_number=doc.index_number).exists():
        raise Conflict(gettext("索引号“%(index_number)s”已被使用。") % {"index_number": doc.index_number})
    doc.save()
    _set_key_areas(doc, key_areas)
    record(
        "disclosure.create",
        actor=by,
        org=publisher,
        obj=doc,
        after=_snapshot(doc, ["title", "attribute", "genre", "created_on"])
        | {"index_number": doc.index_number, "source": source},
    )
    return doc


@transaction.atomic
def update_document(doc: Document, *, by, key_areas: Iterable[KeyArea] | None = None, **fields) -> Document:
    """Edit a draft. A published document may change only its catalog metadata (topic, keywords, audience)."""
    doc = Document.objects.select_for_update().get(pk=doc.pk)
    scope.require(by, doc.publisher, AUTHOR, "修改政府信息")
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise SunlightError(gettext("未知字段：%(unknown)s") % {"unknown": ", ".join(sorted(unknown))})
    if doc.status == S.PUBLISHED:
        content = set(fields) - PUBLISHED_METADATA_FIELDS
        if content:
            raise Conflict(gettext("已发布的文件只能修改主题分类、主题词和服务对象；修改内容须撤回后重新审核。"))
    else:
        _require_state(doc, S.DRAFT, act="修改")
    before = _snapshot(doc, fields)
    for name, value in fields.items():
        setattr(doc, name, value)
    if "body_html" in fields:
        doc.body_html = clean_html(doc.body_html)
        doc.body_text = html_to_text(doc.body_html)
    _validate(doc)
    doc.save()
    _set_key_areas(doc, key_areas)
    if "body_html" in fields and doc.status == S.DRAFT and doc.findings.exists():
        # Screened before: keep the findings table true to the new body (a value removed by hand leaves it).
        _screen(doc)
    after = _snapshot(doc, fields)
    record(
        "disclosure.update",
        actor=by,
        org=doc.publisher,
        obj=doc,
        before={k: v for k, v in before.items() if v != after[k]},
        after={k: v for k, v in after.items() if v != before[k]},
    )
    reindex(doc)
    return doc


@transaction.atomic
def add_attachment(doc: Document, *, by, data: bytes, filename: str) -> Attachment:
    doc = Document.objects.select_for_update().get(pk=doc.pk)
    scope.require(by, doc.publisher, AUTHOR, "上传附件")
    _require_state(doc, S.DRAFT, act="上传附件")
    inspected = inspect(data, filename, max_bytes=settings.DISCLOSURE_ATTACHMENT_MAX_BYTES)

    attachment = Attachment(
        document=doc,
        name=filename[:200],
        kind=inspected.kind,
        size=inspected.size,
        sha256=inspected.sha256,
        text=inspected.text,
        extraction_note=inspected.note,
    )
    attachment.removed_bytes = inspected.removed_bytes
    event = attachments.store(attachment, inspected, filename)
    record(
        "disclosure.attach", actor=by, org=doc.publisher, obj=doc, data=event
    )  # a failure rolls back the row; store drops the file
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, by) -> None:
    doc = Document.objects.select_for_update().get(pk=attachment.document_id)
    scope.require(by, doc.publisher, AUTHOR, "删除附件")
    _require_state(doc, S.DRAFT, act="删除附件")
    record(
        "disclosure.detach",
        actor=by,
        org=doc.publisher,
        obj=doc,
        data={"name": attachment.name, "sha256": attachment.sha256},
    )
    attachment.file.delete(save=False)
    attachment.delete()


def _notify(doc: Document, role: str, title: str, *, level: str = "info") -> None:
    """After commit, put the document on the to-do list of everyone holding `role` in the publishing org."""
    from sunlight.notify.models import Todo
    from sunlight.notify.todos import feed_role_todos

    def send() -> None:
        Todo.objects.filter(key=f"disclosure:{doc.pk}", done_at__isnull=True).update(done_at=timezone.now())
        feed_role_todos(
            doc.publisher_id, [role], f"disclosure:{doc.pk}", title, url=f"/workbench/disclosure/{doc.pk}/", level=level
        )

    transaction.on_commit(send)


def _close_todos(doc: Document) -> None:
    from sunlight.notify.models import Todo

    transaction.on_commit(
        lambda: Todo.objects.filter(key=f"disclosure:{doc.pk}", done_at__isnull=True).update(done_at=timezone.now())
    )


def _screen(doc: Document) -> list[Finding]:
    """Replace the document's open findings with a fresh screening of body and attachments."""
    words = list(SensitiveWord.objects.filter(is_active=True).values_list("word", flat=True))
    doc.findings.filter(state=Finding.State.OPEN).delete()
    _scrub_masked_values(doc)
    rows = [
        Finding(document=doc, kind=m.kind, text=m.text[:100], start=m.start, end=m.end, context=m.context[:300])
        for m in screening.screen(doc.body_text, words)
    ]
    for attachment in doc.attachments.all():
        rows += [
            Finding(
                document=doc,
                attachment=attachment,
                kind=m.kind,
                text=m.text[:100],
                start=m.start,
                end=m.end,
                context=m.context[:300],
            )
            for m in screening.screen(attachment.text, words)
        ]
    return Finding.objects.bulk_create(rows)


def _scrub_masked_values(doc: Document, replaced: dict[str, str] | None = None) -> None:
    """No finding of the body keeps a value that is no longer in the body: the table shows only what is still there.

    `replaced` maps values just masked to their masked form; values the author removed by hand are found here.
    Both are replaced in every finding's text and context (an ID number is in the context of the phone next to it).
    """
    body = doc.body_text
    replaced = dict(replaced or {})
    findings = list(doc.findings.filter(attachment__isnull=True))
    for finding in findings:
        if finding.state != Finding.State.MASKED and finding.text not in body:
            replaced.setdefault(finding.text, screening.mask_text(finding.text))
    for finding in findings:
        text, context, state = finding.text, finding.context, finding.state
        if text in replaced:
            text, state = replaced[text], Finding.State.MASKED
        for raw, masked in replaced.items():
            context = context.replace(raw, masked)
        if (text, context, state) != (finding.text, finding.context, finding.state):
            finding.text, finding.context, finding.state = text, context, state
            finding.save(update_fields=["state", "text", "context"])


@transaction.atomic
def screen_draft(doc: Document, *, by) -> list[Finding]:
    """检查敏感信息: the author runs the screening on a draft before submitting it, to mask what it finds first.

    Submitting screens again; nothing here changes the document's state.
    """
    doc = Document.objects.select_for_update().get(pk=doc.pk)
    scope.require(by, doc.publisher, AUTHOR, "检查敏感信息")
    _require_state(doc, S.DRAFT, act="检查敏感信息")
    findings = _screen(doc)
    record("disclosure.screen", actor=by, org=doc.publisher, obj=doc, data={"findings": len(findings)})
    return findings


@transaction.atomic
def submit_document(doc: Document, *, by) -> list[Finding]:
    """Send a draft to review. The automatic screening runs now; findings wait for the author or reviewer."""
    doc = Document.objects.select_for_update().get(pk=doc.pk)
    scope.require(by, doc.publisher, AUTHOR, "提交审核")
    _require_state(doc, S.DRAFT, act="提交审核")
    findings = _screen(doc)
    doc.status = S.SUBMITTED
    doc.save(update_fields=["status", "updated_at"])
    record("disclosure.submit", actor=by, org=doc.publisher, obj=doc, data={"findings": len(findings)})
    _notify(
        doc,
        REVIEWER,
        f"待保密审查：{doc.title[:60]}" + (f"（筛查发现 {len(findings)} 处）" if findings else ""),
        level="warning" if findings else "info",
    )
    return findings


@transaction.atomic
def mask_finding(finding: Finding, *, by) -> Document:
    """One click masks a finding in the body (e.g. 110101********1234) everywhere it occurs."""
    doc = Document.objects.select_for_update().get(pk=finding.document_id)
    scope.require(by, doc.publisher, [AUTHOR, REVIEWER], "遮蔽敏感内容")
    _require_state(doc, S.DRAFT, S.SUBMITTED, act="遮蔽")
    finding = Finding.objects.get(pk=finding.pk)
    if finding.state != Finding.State.OPEN:
        raise Conflict(gettext("该发现已处理。"))
    if finding.attachment_id:
        raise SunlightError(gettext("附件中的内容无法在线遮蔽，请上传处理后的附件，或由审核人确认后公开。"))
    masked = screening.mask_text(finding.text)
    if escape(finding.text) not in doc.body_html:
        raise SunlightError(gettext("正文中找不到该内容（可能被格式分隔），请在编辑器中手工修改。"))
    doc.body_html = doc.body_html.replace(escape(finding.text), escape(masked))
    doc.body_text = html_to_text(doc.body_html)
    doc.save(update_fields=["body_html", "body_text", "updated_at"])
    # The findings keep only the masked form: the raw value must not outlive its removal from the body.
    _scrub_masked_values(doc, {finding.text: masked})
    record("disclosure.mask", actor=by, org=doc.publisher, obj=doc, data={"kind": finding.kind, "masked_as": masked})
    return doc


@transaction.atomic
def review_document(doc: Document, *, by, conclusion: str, grounds: str, override_reason: str = "") -> SecrecyReview:
    """保密审查 by a reviewer of the publishing org. Approving with open findings needs a recorded reason."""
    doc = Document.objects.select_for_update().get(pk=doc.pk)
    scope.require(by, doc.publisher, REVIEWER, "保密审查")
    _require_state(doc, S.SUBMITTED, act="审查")
    if conclusion not in SecrecyReview.Conclusion.values:
        raise SunlightError(gettext("审查结论只能是“同意公开”或“退回修改”。"))
    if not grounds.strip():
        raise SunlightError(gettext("请填写审查依据和意见。"))
    open_findings = doc.findings.filter(state=Finding.State.OPEN)
    count = open_findings.count()
    if conclusion == SecrecyReview.Conclusion.APPROVED and count and not override_reason.strip():
        raise SunlightError(
            gettext("还有 %(count)s 处筛查发现未处理。请先遮蔽，或填写确认公开的理由。") % {"count": count}
        )
    review = SecrecyReview.objects.create(
        document=doc,
        reviewer=by,
        conclusion=conclusion,
        grounds=grounds.strip(),
        override_reason=override_reason.strip() if conclusion == "approved" else "",
        open_findings=count,
    )
    if conclusion == SecrecyReview.Conclusion.APPROVED:
        open_findings.update(state=Finding.State.OVERRIDDEN)
        doc.status = S.APPROVED
    else:
        doc.status = S.DRAFT
    doc.save(update_fields=["status", "updated_at"])
    record(
        f"disclosure.review.{conclusion}",
        actor=by,
        org=doc.publisher,
        obj=doc,
        data={"grounds": review.grounds, "override_reason": review.override_reason, "open_findings": count},
    )
    if conclusion == SecrecyReview.Conclusion.APPROVED:
        _notify(doc, AUTHOR, f"审查通过，待发布：{doc.title[:60]}")
    else:
        _notify(doc, AUTHOR, f"审查退回，请修改：{doc.title[:60]}", level="warning")
    return review


def flag_late_publication(doc: Document) -> None:
    """Art. 26: flag publication later than the limit after creation. Outside the calendar: no flag, never a guess."""
    published_on = timezone.localdate(doc.published_at)
    try:
        days = working_days_between(doc.created_on, published_on)
    except CalendarNotLoaded:
        doc.publication_working_days, doc.published_late = None, False
        return
    doc.publication_working_days = days
    doc.published_late = days > settings.DISCLOSURE_PUBLISH_LIMIT_DAYS


def _go_live(doc: Document, at: datetime) -> None:
    doc.status = S.PUBLISHED
    doc.published_at = at
    doc.scheduled_at = None
    flag_late_publication(doc)
    doc.save(
        update_fields=[
            "status",
            "published_at",
            "scheduled_at",
            "publication_working_days",
            "published_late",
            "updated_at",
        ]
    )
    reindex(doc)


@transaction.atomic
def publish_document(doc: Document, *, by, at: datetime | None = None) -> Document:
    """Publish now, or schedule for `at`. Only reviewed (approved), proactively disclosed documents."""
    doc = Document.objects.select_for_update().get(pk=doc.pk)
    scope.require(by, doc.publisher, [AUTHOR, REVIEWER], "发布政府信息")
    if doc.status in (S.DRAFT, S.SUBMITTED):
        raise Conflict(gettext("未经保密审查的文件不能发布。"))
    _require_state(doc, S.APPROVED, act="发布")
    if doc.attribute != Document.Attribute.PROACTIVE:
        raise Conflict(
            gettext("公开属性为“%(attribute)s”的文件不主动发布。") % {"attribute": doc.get_attribute_display()}
        )
    now = timezone.now()
    if at is not None and at > now:
        doc.status, doc.scheduled_at = S.SCHEDULED, at
        doc.save(update_fields=["status", "scheduled_at", "updated_at"])
        _close_todos(doc)
        record("disclosure.schedule", actor=by, org=doc.publisher, obj=doc, data={"at": at.isoformat()})
        return doc
    _go_live(doc, now)
    _close_todos(doc)
    record(
        "disclosure.publish",
        actor=by,
        org=doc.publisher,
        obj=doc,
        data={
            "published_at": doc.published_at.isoformat(),
            "working_days_after_creation": doc.publication_working_days,
            "late": doc.published_late,
        },
    )
    return doc


def publish_due_documents(now: datetime | None = None) -> int:
    """The worker publishes scheduled documents whose time has come (one transaction each)."""
    now = now or timezone.now()
    done = 0
    for pk in Document.objects.filter(status=S.SCHEDULED, scheduled_at__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            doc = Document.objects.select_for_update().filter(pk=pk, status=S.SCHEDULED).first()
            if doc is None:  # another worker got there first
                continue
            _go_live(doc, doc.scheduled_at or now)
            record(
                "disclosure.publish",
                actor=gettext("定时发布"),
                org=doc.publisher,
                obj=doc,
                data={"published_at": doc.published_at.isoformat(), "scheduled": True, "late": doc.published_late},
            )
            done += 1
    return done


@transaction.atomic
def withdraw_document(doc: Document, *, by, reason: str) -> Document:
    doc = Document.objects.select_for_update().get(pk=doc.pk)
    scope.require(by, doc.publisher, [AUTHOR, REVIEWER], "撤回政府信息")
    _require_state(doc, S.PUBLISHED, S.SCHEDULED, act="撤回")
    if not reason.strip():
        raise SunlightError(gettext("请填写撤回理由。"))
    before = doc.status
    doc.status, doc.withdrawn_reason, doc.scheduled_at = S.WITHDRAWN, reason.strip(), None
    doc.save(update_fields=["status", "withdrawn_reason", "scheduled_at", "updated_at"])
    record(
        "disclosure.withdraw",
        actor=by,
        org=doc.publisher,
        obj=doc,
        before={"status": before},
        after={"status": doc.status},
        data={"reason": doc.withdrawn_reason},
    )
    reindex(doc)
    return doc


@transaction.atomic
def change_validity(doc: Document, *, by, validity: str, on: date, replaced_by: Document | None = None) -> Document:
    """有效 → 失效 / 废止 (with the date and, if any, the replacing document), shown on the document page."""
    doc = Document.objects.select_for_update().get(pk=doc.pk)
    scope.require(by, doc.publisher, AUTHOR, "变更有效性")
    _require_state(doc, S.PUBLISHED, act="变更有效性")
    if validity not in Document.Validity.values:
        raise SunlightError(gettext("有效性只能是有效、失效或废止。"))
    if replaced_by is not None and (replaced_by.pk == doc.pk or not replaced_by.is_public):
        raise SunlightError(gettext("替代文件须是另一份已公开的文件。"))
    if on < doc.created_on:
        raise SunlightError(gettext("有效性变更日期不能早于成文日期。"))
    before = _snapshot(doc, ["validity", "validity_changed_on"]) | {"replaced_by": doc.replaced_by_id}
    doc.validity, doc.validity_changed_on, doc.replaced_by = validity, on, replaced_by
    doc.save(update_fields=["validity", "validity_changed_on", "replaced_by", "updated_at"])
    record(
        "disclosure.validity",
        actor=by,
        org=doc.publisher,
        obj=doc,
        before=before,
        after={
            "validity": validity,
            "validity_changed_on": on.isoformat(),
            "replaced_by": replaced_by.pk if replaced_by else None,
        },
    )
    reindex(doc)
    return doc


@transaction.atomic
def link_interpretation(interpretation: Document, policy: Document, *, by) -> Document:
    """政策解读 ↔ policy: the interpretation points at the policy; the policy page lists it."""
    interpretation = Document.objects.select_for_update().get(pk=interpretation.pk)
    scope.require(by, interpretation.publisher, AUTHOR, "关联政策解读")
    if interpretation.pk == policy.pk:
        raise SunlightError(gettext("政策解读不能解读自身。"))
    if Document.objects.filter(pk=policy.pk, interprets_id=interpretation.pk).exists():
        raise SunlightError(gettext("两份文件不能互为解读。"))
    before = interpretation.interprets_id
    interpretation.interprets = policy
    interpretation.save(update_fields=["interprets", "updated_at"])
    reindex(interpretation)
    record(
        "disclosure.link_interpretation",
        actor=by,
        org=interpretation.publisher,
        obj=interpretation,
        before={"interprets": before},
        after={"interprets": policy.pk},
    )
    return interpretation


@transaction.atomic
def save_guide(org: Org, *, by, body_html: str):
    """公开指南 of an org: written by its disclosure officers, shown on the public catalog at once."""
    from sunlight.notify.public_cache import public_changed

    from .models import DisclosureGuide

    scope.require(by, org, AUTHOR, "编辑公开指南")
    guide = DisclosureGuide.objects.select_for_update().filter(org=org).first()
    before = guide.body_html if guide else ""
    guide, _created = DisclosureGuide.objects.update_or_create(
        org=org, defaults={"body_html": clean_html(body_html), "updated_by": by}
    )
    record("disclosure.guide", actor=by, org=org, obj=org, data={"changed": before != guide.body_html})
    public_changed("disclosure")
    return guide
