"""Screening and the secrecy review (保密审查): check a draft, submit it, approve or return it."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from sunlight.errors import SunlightError
from sunlight.events.log import record
from sunlight.orgs import scope

from ..models import Document, Finding, SecrecyReview
from .findings import screen
from .rules import AUTHOR, REVIEWER, S, require_state
from .todos import notify_role


@transaction.atomic
def screen_draft(doc: Document, *, by) -> list[Finding]:
    """检查敏感信息: the author runs the screening on a draft before submitting it, to mask what it finds first.

    Submitting screens again; nothing here changes the document's state.
    """
    doc = Document.objects.select_for_update().get(pk=doc.pk)
    scope.require(by, doc.publisher, AUTHOR, "检查敏感信息")
    require_state(doc, S.DRAFT, act="检查敏感信息")
    findings = screen(doc)
    record("disclosure.screen", actor=by, org=doc.publisher, obj=doc, data={"findings": len(findings)})
    return findings


@transaction.atomic
def submit_document(doc: Document, *, by) -> list[Finding]:
    """Send a draft to review. The automatic screening runs now; findings wait for the author or reviewer."""
    doc = Document.objects.select_for_update().get(pk=doc.pk)
    scope.require(by, doc.publisher, AUTHOR, "提交审核")
    require_state(doc, S.DRAFT, act="提交审核")
    findings = screen(doc)
    doc.status = S.SUBMITTED
    doc.save(update_fields=["status", "updated_at"])
    record("disclosure.submit", actor=by, org=doc.publisher, obj=doc, data={"findings": len(findings)})
    notify_role(
        doc,
        REVIEWER,
        f"待保密审查：{doc.title[:60]}" + (f"（筛查发现 {len(findings)} 处）" if findings else ""),
        level="warning" if findings else "info",
    )
    return findings


@transaction.atomic
def review_document(doc: Document, *, by, conclusion: str, grounds: str, override_reason: str = "") -> SecrecyReview:
    """保密审查 by a reviewer of the publishing org. Approving with open findings needs a recorded reason."""
    doc = Document.objects.select_for_update().get(pk=doc.pk)
    scope.require(by, doc.publisher, REVIEWER, "保密审查")
    require_state(doc, S.SUBMITTED, act="审查")
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
    secrecy_review = SecrecyReview.objects.create(
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
        data={
            "grounds": secrecy_review.grounds,
            "override_reason": secrecy_review.override_reason,
            "open_findings": count,
        },
    )
    if conclusion == SecrecyReview.Conclusion.APPROVED:
        notify_role(doc, AUTHOR, f"审查通过，待发布：{doc.title[:60]}")
    else:
        notify_role(doc, AUTHOR, f"审查退回，请修改：{doc.title[:60]}", level="warning")
    return secrecy_review
