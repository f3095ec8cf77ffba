"""Drafting a document: create, edit, attach and detach files, mask a screening finding (遮蔽)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils.html import escape
from django.utils.translation import gettext

from sunlight import screening
from sunlight.errors import Conflict, SunlightError
from sunlight.events.log import record
from sunlight.orgs import scope
from sunlight.orgs.models import Org

from .. import attachments
from ..attachments import inspect
from ..index_numbers import claim_index_number, next_index_number
from ..indexing import reindex
from ..models import Attachment, Document, Finding, Genre, KeyArea
from ..sanitize import clean_html, html_to_text
from .findings import screen, scrub_masked_values
from .rules import (
    AUTHOR,
    PUBLISHED_METADATA_FIELDS,
    REVIEWER,
    S,
    require_known_fields,
    require_state,
    snapshot,
    validate,
)


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
    require_known_fields(fields)
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
    validate(doc)
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
        after=snapshot(doc, ["title", "attribute", "genre", "created_on"])
        | {"index_number": doc.index_number, "source": source},
    )
    return doc


@transaction.atomic
def update_document(doc: Document, *, by, key_areas: Iterable[KeyArea] | None = None, **fields) -> Document:
    """Edit a draft. A published document may change only its catalog metadata (topic, keywords, audience)."""
    doc = Document.objects.select_for_update().get(pk=doc.pk)
    scope.require(by, doc.publisher, AUTHOR, "修改政府信息")
    require_known_fields(fields)
    if doc.status == S.PUBLISHED:
        content = set(fields) - PUBLISHED_METADATA_FIELDS
        if content:
            raise Conflict(gettext("已发布的文件只能修改主题分类、主题词和服务对象；修改内容须撤回后重新审核。"))
    else:
        require_state(doc, S.DRAFT, act="修改")
    before = snapshot(doc, fields)
    for name, value in fields.items():
        setattr(doc, name, value)
    if "body_html" in fields:
        doc.body_html = clean_html(doc.body_html)
        doc.body_text = html_to_text(doc.body_html)
    validate(doc)
    doc.save()
    _set_key_areas(doc, key_areas)
    if "body_html" in fields and doc.status == S.DRAFT and doc.findings.exists():
        # Screened before: keep the findings table true to the new body (a value removed by hand leaves it).
        screen(doc)
    after = snapshot(doc, fields)
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
    require_state(doc, S.DRAFT, act="上传附件")
    inspected = inspect(data, filename, max_bytes=settings.DISCLOSURE_ATTACHMENT_MAX_BYTES)

    attachment = Attachment.of_inspected(doc.pk, filename, inspected)
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
    require_state(doc, S.DRAFT, act="删除附件")
    record(
        "disclosure.detach",
        actor=by,
        org=doc.publisher,
        obj=doc,
        data={"name": attachment.name, "sha256": attachment.sha256},
    )
    attachment.file.delete(save=False)
    attachment.delete()


@transaction.atomic
def mask_finding(finding: Finding, *, by) -> Document:
    """One click masks a finding in the body (e.g. 110101********1234) everywhere it occurs."""
    doc = Document.objects.select_for_update().get(pk=finding.document_id)
    scope.require(by, doc.publisher, [AUTHOR, REVIEWER], "遮蔽敏感内容")
    require_state(doc, S.DRAFT, S.SUBMITTED, act="遮蔽")
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
    scrub_masked_values(doc, {finding.text: masked})
    record("disclosure.mask", actor=by, org=doc.publisher, obj=doc, data={"kind": finding.kind, "masked_as": masked})
    return doc
