"""The staff to-do list that every module feeds."""

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
        verbose_name = _("待办")
        verbose_name_plural = _("待办")
        ordering = ["done_at", "due", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="unique_todo_key_per_user")]

    def __str__(self) -> str:
        return self.title


def feed_todo(user, key: str, title: str, **fields) -> Todo:
    """Create or refresh one to-do for a user; calling it again with the same key changes nothing new."""
    todo, _created = Todo.objects.update_or_create(user=user, key=key, defaults={"title": title, **fields})
    return todo


def feed_role_todos(org_id: int, roles, key: str, title: str, **fields) -> None:
    """The to-do `key` for everyone holding one of `roles` in the org (created or refreshed, reopened)."""
    from sunlight.orgs.models import Membership

    for m in Membership.objects.filter(org_id=org_id, role__in=list(roles), is_active=True).select_related("user"):
        feed_todo(m.user, key, title, done_at=None, **fields)


class Heartbeat(models.Model):
    """The background worker's last sign of life, read by /healthz."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    at = models.DateTimeField()
    worker = models.CharField(max_length=100, blank=True)
