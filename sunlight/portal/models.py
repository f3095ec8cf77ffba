"""Revision counters for public content, so every process knows when its cached pages went stale."""

from django.db import models
from django.db.models import F


class PublicRevision(models.Model):
    area = models.CharField(max_length=30, primary_key=True)
    n = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "公开内容版本"


def bump(area: str) -> None:
    """Call inside the transaction that changed public content: the new number commits with it."""
    updated = PublicRevision.objects.filter(area=area).update(n=F("n") + 1)
    if not updated:
        PublicRevision.objects.get_or_create(area=area)
        PublicRevision.objects.filter(area=area).update(n=F("n") + 1)


def current(area: str) -> int:
    return PublicRevision.objects.filter(area=area).values_list("n", flat=True).first() or 0
