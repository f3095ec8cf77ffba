"""The official working-day calendar (工作日历), one row per day, and a revision counter.

Every statutory time limit is counted on this table, so each change is kept in history,
written to the event log (see actions.py) and announced through CalendarRevision, which
other processes poll to drop their in-memory copy.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class WorkDay(models.Model):
    class Source(models.TextChoices):
        CHINESECALENDAR = "chinesecalendar", _("来自chinesecalendar")
        MANUAL = "manual", _("人工录入")
        WEEKENDS = "weekends", _("仅按周末推定")
        # A year without its notice, from the statute (holidays.py); every date counted through one is "预计".
        ESTIMATED = "estimated", _("按法定节假日预计")
        # The State Council's notice for the year, entered as one act (actions.enter_official_notice).
        OFFICIAL = "official", _("国务院办公厅放假安排")

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("工作日"))
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    note = models.TextField(_("说明"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("更新人"),
    )
    history = HistoricalRecords()

    # Sources whose days are a guess, not the official schedule: dates counted through them are estimated.
    PROVISIONAL = (Source.ESTIMATED, Source.WEEKENDS)

    class Meta:
        verbose_name = _("工作日历")
        verbose_name_plural = _("工作日历")
        ordering = ["date"]

    def __str__(self) -> str:
        kind = "工作日" if self.is_workday else "休息日"
        return f"{self.date.isoformat()} {kind}"


class CalendarRevision(models.Model):
    """A single row (id=1) whose number goes up on every calendar change."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    revision = models.PositiveBigIntegerField(_("版本"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        verbose_name = _("工作日历版本")
        verbose_name_plural = _("工作日历版本")

    def __str__(self) -> str:
        return f"r{self.revision}"

    @classmethod
    def current(cls) -> int:
        return cls.objects.filter(pk=1).values_list("revision", flat=True).first() or 0

    @classmethod
    def bump(cls) -> None:
        bump_revision(cls)


def bump_revision(model: type[models.Model] = CalendarRevision) -> None:
    """Raise the revision by one; takes the model so the data migration can pass its historical one."""
    now = timezone.now()
    if not model.objects.filter(pk=1).update(revision=F("revision") + 1, updated_at=now):
        model.objects.create(pk=1, revision=1, updated_at=now)
