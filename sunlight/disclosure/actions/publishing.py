"""Publication: publish now or on schedule, withdraw, change validity (有效性), link a 政策解读 to its policy."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from sunlight.clock.calendar import CalendarNotLoaded, working_days_between
from sunlight.errors import Conflict, SunlightError
from sunlight.events.log import record
from sunlight.orgs import scope

from ..indexing import reindex
from ..models import Document
from .rules import AUTHOR, REVIEWER, S, require_state, snapshot
from .todos import close_document_todos


def flag_late_publication(doc: Document) -> None:
    """Art. 26: flag publication later than the limit after creation."""
    doc.publication_working_days, doc.published_late = late_publication(doc.created_on, doc.published_at)


def late_publication(created_on: date, published_at: datetime) -> tuple[int | None, bool]:
    """(working days from creation to publication, later than the limit?). Outside the calendar:
    (None, False), never a guess."""
    try:
        days = working_days_between(created_on, timezone.localdate(published_at))
    except CalendarNotLoaded:
        return None, False
    return days, days > settings.DISCLOSURE_PUBLISH_LIMIT_DAYS


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
    require_state(doc, S.APPROVED, act="发布")
    if doc.attribute != Document.Attribute.PROACTIVE:
        raise Conflict(
            gettext("公开属性为“%(attribute)s”的文件不主动发布。") % {"attribute": doc.get_attribute_display()}
        )
    now = timezone.now()
    if at is not None and at > now:
        doc.status, doc.scheduled_at = S.SCHEDULED, at
        doc.save(update_fields=["status", "scheduled_at", "updated_at"])
        close_document_todos(doc)
        record("disclosure.schedule", actor=by, org=doc.publisher, obj=doc, data={"at": at.isoformat()})
        return doc
    _go_live(doc, now)
    close_document_todos(doc)
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
    require_state(doc, S.PUBLISHED, S.SCHEDULED, act="撤回")
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
    require_state(doc, S.PUBLISHED, act="变更有效性")
    if validity not in Document.Validity.values:
        raise SunlightError(gettext("有效性只能是有效、失效或废止。"))
    if replaced_by is not None and (replaced_by.pk == doc.pk or not replaced_by.is_public):
        raise SunlightError(gettext("替代文件须是另一份已公开的文件。"))
    if on < doc.created_on:
        raise SunlightError(gettext("有效性变更日期不能早于成文日期。"))
    before = snapshot(doc, ["validity", "validity_changed_on"]) | {"replaced_by": doc.replaced_by_id}
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
