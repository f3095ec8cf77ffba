"""A client system (a 12345 hotline platform, a city app) allowed to push letters through Open311: its key is shown
once and only its SM3 hash is kept; the letters it pushes go to its mailbox and carry its name (Letter.client)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiClient(models.Model):
    name = models.CharField(_("系统名称"), max_length=60, unique=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    mailbox = models.ForeignKey(
        "letters.Mailbox", on_delete=models.PROTECT, related_name="+", verbose_name=_("推送到的信箱")
    )
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 接入系统")
        verbose_name_plural = _("Open311 接入系统")

    def __str__(self) -> str:
        return self.name
