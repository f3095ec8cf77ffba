"""The to-do list every module feeds, and the public-content revision counters.

Both tables were created by the workbench and portal apps; they moved here, under the domains, without a change
to the database (db_table keeps their names; see the state-only migrations).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Todo(models.Model):
    class Level(models.TextChoices):
        INFO = "info", _("提示")
        WARNING = "warning", _("预警")
        DANGER = "danger", _("紧急")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="todos")
    # A stable key per source (e.g. "calendar-missing:2027") makes feeding idempotent.
    key = models.CharField(max_length=120)
    title = models.CharField(_("事项"), max_length=200)
    detail = models.TextField(_("说明"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices, default=Level.INFO)
    due = models.DateField(_("期限"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        db_table = "workbench_todo"
        verbose_name = _("待办")
        verbose_name_plural = _("待办")
        ordering = ["done_at", "due", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="unique_todo_key_per_user")]

    def __str__(self) -> str:
        return self.title


class PublicRevision(models.Model):
    """Revision counters for public content, so every process knows when its cached pages went stale."""

    area = models.CharField(max_length=30, primary_key=True)
    n = models.PositiveBigIntegerField(default=0)

    class Meta:
        db_table = "portal_publicrevision"
        verbose_name = "公开内容版本"


class Notice(models.Model):
    """A message to one person through one channel (在站内, e-mail, SMS …), written by the act that caused it and
    delivered after the act commits; the worker retries a failed delivery (sunlight.notify.notices)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    channel = models.CharField(_("渠道"), max_length=20)
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    sent_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["sent_at", "attempts"], name="notice_pending")]

    def __str__(self) -> str:
        return self.subject
