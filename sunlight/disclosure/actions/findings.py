"""The screening findings of a document (身份证号, 手机号, 密级标志, 敏感词 …), kept true to its body."""

from __future__ import annotations

from sunlight import screening

from ..models import Document, Finding, SensitiveWord


def screen(doc: Document) -> list[Finding]:
    """Replace the document's open findings with a fresh screening of body and attachments."""
    words = list(SensitiveWord.objects.filter(is_active=True).values_list("word", flat=True))
    doc.findings.filter(state=Finding.State.OPEN).delete()
    scrub_masked_values(doc)
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


def scrub_masked_values(doc: Document, replaced: dict[str, str] | None = None) -> None:
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
