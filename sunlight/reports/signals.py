"""A report's status follows the document it was published as.

The document goes through the catalog's own acts (review, publish now or at a set time, withdraw), which
know nothing of reports; so the report listens for its document being saved. Only documents created by
publish_report (source "report") are looked at, so other documents cost no query.
"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from sunlight.disclosure.models import Document
from sunlight.events.log import record

from .models import AnnualReport

SOURCE = "report"


@receiver(post_save, sender=Document, dispatch_uid="reports.follow_document")
def follow_document(sender, instance: Document, **kwargs) -> None:
    if instance.source != SOURCE:
        return
    P = AnnualReport.Status.PUBLISHED
    if instance.status == Document.Status.PUBLISHED:
        changed = AnnualReport.objects.filter(document=instance).exclude(status=P)
        status, published_at = P, instance.published_at
    elif instance.status == Document.Status.WITHDRAWN:
        changed = AnnualReport.objects.filter(document=instance, status=P)
        status, published_at = AnnualReport.Status.DRAFT, None
    else:
        return
    for report in changed.select_related("org"):
        AnnualReport.objects.filter(pk=report.pk).update(status=status, published_at=published_at)
        record("reports.status", actor="发布 / catalog", org=report.org, obj=report,
               before={"status": report.status}, after={"status": status},
               data={"document": instance.pk, "index_number": instance.index_number})
