"""The hall's records: a window's bookable time slots, citizens' appointments in them, and queue tickets."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ServiceSlot(models.Model):
    """A time on a working day when a window takes up to `capacity` appointments."""

    window = models.ForeignKey(
        "orgs.Window", on_delete=models.CASCADE, related_name="service_slots", verbose_name=_("窗口")
    )
    day = models.DateField(_("日期"))
    starts_at = models.TimeField(_("开始时间"))
    ends_at = models.TimeField(_("结束时间"))
    capacity = models.PositiveSmallIntegerField(_("可预约人数"), default=1)
    created_at = models.DateTimeField(_("开放时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("预约时段")
        verbose_name_plural = _("预约时段")
        ordering = ["day", "starts_at", "window__number"]
        constraints = [
            models.UniqueConstraint(fields=["window", "day", "starts_at"], name="hall_unique_slot_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="hall_slot_capacity_positive"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="hall_slot_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.window} {self.day:%Y-%m-%d} {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"


class Appointment(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("已预约")
        CANCELLED = "cancelled", _("已取消")
        ARRIVED = "arrived", _("已签到")
        SERVED = "served", _("已办理")
        NO_SHOW = "no_show", _("爽约")

    ACTIVE = (Status.BOOKED, Status.ARRIVED)

    slot = models.ForeignKey(ServiceSlot, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("时段"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="hall_appointments", verbose_name=_("预约人")
    )
    item = models.ForeignKey(
        "catalog.ServiceItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hall_appointments",
        verbose_name=_("办理事项"),
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.BOOKED)
    ticket_number = models.CharField(_("号码"), max_length=12, blank=True)
    booked_at = models.DateTimeField(_("预约时间"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    served_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("预约")
        verbose_name_plural = _("预约")
        ordering = ["slot__day", "slot__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "user"],
                condition=Q(status__in=["booked", "arrived"]),
                name="hall_one_active_appointment_per_slot",
            )
        ]
        indexes = [models.Index(fields=["user", "status"], name="hall_appt_user_status")]

    def __str__(self) -> str:
        return f"{self.slot} · {self.user}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


class TicketCounter(models.Model):
    """The last number issued in a center on a day: locked (select_for_update) to issue the next one."""

    center = models.ForeignKey("orgs.Org", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["center", "day"], name="hall_unique_counter")]


class Ticket(models.Model):
    """A queue number (取号) at a window: from a checked-in appointment, or a walk-in's."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("等候")
        CALLED = "called", _("已叫号")
        SERVED = "served", _("已办理")
        SKIPPED = "skipped", _("过号")

    window = models.ForeignKey("orgs.Window", on_delete=models.PROTECT, related_name="tickets", verbose_name=_("窗口"))
    center = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("政务服务中心"))
    day = models.DateField(_("日期"))
    number = models.PositiveIntegerField(_("序号"))
    label = models.CharField(_("号码"), max_length=12)
    appointment = models.OneToOneField(
        Appointment, null=True, blank=True, on_delete=models.PROTECT, related_name="ticket", verbose_name=_("预约")
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.WAITING)
    issued_at = models.DateTimeField(_("取号时间"), auto_now_add=True)
    called_at = models.DateTimeField(_("叫号时间"), null=True, blank=True)
    served_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("办理人"),
    )

    class Meta:
        verbose_name = _("排队号")
        verbose_name_plural = _("排队号")
        ordering = ["day", "number"]
        constraints = [models.UniqueConstraint(fields=["center", "day", "number"], name="hall_unique_ticket_number")]

    def __str__(self) -> str:
        return self.label
