"""Workbench records: proposals to change shared settings, and the worker's heartbeat.

The to-do list lives in the notify kernel (sunlight.notify).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SettingProposal(models.Model):
    """A proposed change to a shared setting (calendar, taxonomy, word list, law table) by an admin who may not edit it.

    `target` is the model label ("disclosure.sensitiveword"), `object_id` the row (blank: a new row), `changes` the
    proposed field values as a form would post them. Accepting applies them through the setting's normal act
    (sunlight.workbench.proposals); the decision and the proposal are events.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        ACCEPTED = "accepted", _("已采纳")
        DECLINED = "declined", _("未采纳")

    target = models.CharField(_("设置"), max_length=100)
    object_id = models.CharField(_("对象"), max_length=64, blank=True)
    object_label = models.CharField(_("对象名称"), max_length=200, blank=True)
    changes = models.JSONField(_("建议值"), default=dict)
    reason = models.TextField(_("理由"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("提议人")
    )
    proposed_at = models.DateTimeField(_("提议时间"), default=timezone.now)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("处理人"),
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decision_reason = models.TextField(_("处理意见"), blank=True)

    class Meta:
        verbose_name = _("共享设置修改建议")
        verbose_name_plural = _("共享设置修改建议")
        ordering = ["-proposed_at"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.object_label or self.target}"


class Heartbeat(models.Model):
    """The background worker's last sign of life, read by /healthz."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    at = models.DateTimeField()
    worker = models.CharField(max_length=100, blank=True)
