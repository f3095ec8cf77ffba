"""What every act of proactive disclosure checks first: the roles that act, the states a document must be in, what
a document must hold to be saved, and the before/after snapshot its event records."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext

from sunlight.errors import Conflict, SunlightError
from sunlight.orgs.models import Role

from ..models import Document

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


def require_known_fields(fields: Iterable[str]) -> None:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise SunlightError(gettext("未知字段：%(unknown)s") % {"unknown": ", ".join(sorted(unknown))})


def require_state(doc: Document, *states: str, act: str) -> None:
    if doc.status not in states:
        allowed = "、".join(str(S(s).label) for s in states)
        raise Conflict(
            gettext("“%(title)s”当前状态为“%(status)s”，不能%(act)s（须为：%(allowed)s）。")
            % {"title": doc.title, "status": doc.get_status_display(), "act": act, "allowed": allowed}
        )


def validate(doc: Document) -> None:
    if not doc.title.strip():
        raise SunlightError(gettext("名称不能为空。"))
    if doc.attribute != Document.Attribute.PROACTIVE and not doc.attribute_reason.strip():
        raise SunlightError(gettext("公开属性为依申请公开或不予公开时，须说明理由。"))
    if doc.created_on > timezone.localdate():
        raise SunlightError(gettext("成文日期不能晚于今天。"))
    if doc.interprets_id and doc.interprets_id == doc.pk:
        raise SunlightError(gettext("政策解读不能解读自身。"))


def body_digest(body_html: str) -> str:
    """The event log keeps a digest of the body, not the body: a draft's body may hold personal data that is masked later,
    and the timeline must not show it after masking (the log itself can never be edited)."""
    return f"{len(body_html)} 字符，SHA-256 {hashlib.sha256(body_html.encode()).hexdigest()[:16]}"


def snapshot(doc: Document, fields: Iterable[str]) -> dict:
    out = {}
    for name in fields:
        value = getattr(doc, f"{name}_id", None) if name in {"topic", "genre", "interprets"} else getattr(doc, name)
        if name == "body_html":
            value = body_digest(value or "")
        out[name] = value if not isinstance(value, (date, datetime)) else value.isoformat()
    return out
