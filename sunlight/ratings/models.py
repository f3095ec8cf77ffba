"""Ratings (好差评), the rectification a 差评 opens, and appeals against a rating.

A rating is of a case at one stage (acceptance or completion: 一事一评) or of one window visit (一次一评, by the
visit's reference string). The rater is kept for the call-back and the report, and is never shown to staff.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    VERY_SATISFIED = 5, _("非常满意")
    SATISFIED = 4, _("满意")
    FAIR = 3, _("基本满意")
    DISSATISFIED = 2, _("不满意")
    VERY_DISSATISFIED = 1, _("非常不满意")


BAD_LEVELS = (1, 2)  # 差评
GOOD_LEVELS = (4, 5)  # counted as satisfied

# The aspects rated, by channel (GB/T 39735 practice): key → label.
ONLINE_ASPECTS = {
    "efficiency": _("办事效率"),
    "guide_accuracy": _("办事指南精确度"),
    "convenience": _("办事便捷度"),
    "usability": _("平台操作性"),
}
IN_PERSON_ASPECTS = {
    "service_efficiency": _("服务效率"),
    "service_level": _("服务水平"),
    "service_attitude": _("服务态度"),
}
ALL_ASPECTS = {**ONLINE_ASPECTS, **IN_PERSON_ASPECTS}


class Rating(models.Model):
    class Stage(models.TextChoices):
        ACCEPTANCE = "acceptance", _("受理时")
        COMPLETION = "completion", _("办结时")
        VISIT = "visit", _("窗口办事")

    class Channel(models.TextChoices):
        ONLINE = "online", _("网上")
        IN_PERSON = "in_person", _("现场")

    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("办件")
    )
    stage = models.CharField(_("评价环节"), max_length=20, choices=Stage.choices)
    visit_ref = models.CharField(_("办事记录"), max_length=80, blank=True)
    window = models.ForeignKey(
        "orgs.Window", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("窗口")
    )
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="ratings", verbose_name=_("被评价机构"))
    item = models.ForeignKey(
        "catalog.ServiceItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ratings",
        verbose_name=_("事项"),
    )
    channel = models.CharField(_("评价渠道"), max_length=20, choices=Channel.choices)
    level = models.PositiveSmallIntegerField(_("评价等级"), choices=Level.choices)
    aspects = models.JSONField(_("分项评价"), default=dict, blank=True)
    comment = models.TextField(_("评价意见"), blank=True)
    # Never shown to staff: kept for the call-back and the report of the result.
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="ratings_given"
    )
    created_at = models.DateTimeField(_("评价时间"), auto_now_add=True)
    excluded = models.BooleanField(_("申诉成立，不计入统计"), default=False)

    class Meta:
        verbose_name = _("评价")
        verbose_name_plural = _("评价")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "stage"], condition=Q(case__isnull=False), name="rating_once_per_case_stage"
            ),
            models.UniqueConstraint(fields=["visit_ref"], condition=~Q(visit_ref=""), name="rating_once_per_visit"),
            models.CheckConstraint(
                condition=Q(case__isnull=False) | ~Q(visit_ref=""), name="rating_of_a_case_or_a_visit"
            ),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="rating_level_1_to_5"),
        ]
        indexes = [models.Index(fields=["org", "created_at"], name="rating_org_created")]

    def __str__(self) -> str:  # no rater here: this label goes into the event log staff read
        return f"{self.get_level_display()} · {self.get_stage_display()}"

    @property
    def is_bad(self) -> bool:
        return self.level in BAD_LEVELS

    def aspect_rows(self) -> list[tuple[str, int]]:
        return [(str(ALL_ASPECTS[k]), v) for k, v in self.aspects.items() if k in ALL_ASPECTS]


class Rectification(models.Model):
    """整改: opened by a 差评 for the org's heads; call back the rater, rectify, report the result."""

    class Status(models.TextChoices):
        OPEN = "open", _("待回访")
        CALLED_BACK = "called_back", _("已回访")
        RECTIFIED = "rectified", _("已整改")
        REPORTED = "reported", _("已反馈")

    DONE = (Status.RECTIFIED, Status.REPORTED)

    rating = models.OneToOneField(Rating, on_delete=models.CASCADE, related_name="rectification")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="rectifications")
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(_("开始日期"))
    due_on = models.DateField(_("整改期限"))
    callback_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    callback_note = models.TextField(_("回访情况"), blank=True)
    callback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    measures = models.TextField(_("整改措施"), blank=True)
    rectified_at = models.DateTimeField(_("整改时间"), null=True, blank=True)
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    report_text = models.TextField(_("反馈内容"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("差评整改")
        verbose_name_plural = _("差评整改")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["org", "status", "due_on"], name="rectification_org_status")]

    def __str__(self) -> str:
        return f"{self.org.name} {self.get_status_display()}"

    @property
    def todo_key(self) -> str:
        return f"ratings:rectification:{self.pk}"


class Appeal(models.Model):
    """申诉: staff of the rated org say a rating is malicious or mistaken; a supervisor above reviews it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待复核")
        UPHELD = "upheld", _("申诉成立")
        REJECTED = "rejected", _("申诉不成立")

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="appeals")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("申诉理由"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("申诉时间"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("复核时间"), null=True, blank=True)
    review_note = models.TextField(_("复核意见"), blank=True)

    class Meta:
        verbose_name = _("评价申诉")
        verbose_name_plural = _("评价申诉")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rating"], condition=Q(status="pending"), name="appeal_one_pending_per_rating"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rating} {self.get_status_display()}"
