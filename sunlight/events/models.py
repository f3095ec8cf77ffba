"""The event log: one append-only, hash-chained row per statutory or security-relevant act."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    seq = models.PositiveBigIntegerField(_("序号"), unique=True, editable=False)
    at = models.DateTimeField(_("时间"), db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    # Kept as text too, so the entry still says who acted if the account is renamed.
    actor_label = models.CharField(_("操作人"), max_length=150, blank=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    verb = models.CharField(_("动作"), max_length=60, db_index=True, editable=False)
    object_type = models.CharField(_("对象类型"), max_length=60, blank=True, editable=False)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True, editable=False)
    object_label = models.CharField(_("对象"), max_length=200, blank=True, editable=False)
    data = models.JSONField(_("内容"), default=dict, blank=True, editable=False)
    ip = models.GenericIPAddressField(null=True, blank=True, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("事件")
        verbose_name_plural = _("事件记录")
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id", "seq"], name="event_object_timeline")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.verb} {self.object_label}"

    @property
    def verb_label(self) -> str:
        """The act in words for timelines (events/verbs.py); the verb stays the key."""
        from .verbs import label

        return label(self.verb)


class ChainHead(models.Model):
    """One row holding the newest seq and hash. Appending locks it, so the chain never forks."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("事件链头")
