"""意见征集 and 听证: a draft policy (a published disclosure document) opened for public comment between two dates,
the comments (moderated; the public text has personal data masked), the feedback report (采纳情况: every approved
comment answered by a point, each point adopted / partly / not adopted with reasons), the final document linked only
once the report is out; and public hearings (announcement, then the record). The history is the event log's
(consultations.*)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sunlight.fields import EncryptedTextField


class Consultation(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("未开始")
        OPEN = "open", _("征集中")
        CLOSED = "closed", _("已截止")
        REPORTED = "reported", _("已反馈")
        CONCLUDED = "concluded", _("已办结")

    PUBLIC = (Status.OPEN, Status.CLOSED, Status.REPORTED, Status.CONCLUDED)

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="consultations", verbose_name=_("征集机关")
    )
    draft = models.ForeignKey(
        "disclosure.Document", on_delete=models.PROTECT, related_name="consultations", verbose_name=_("征求意见稿")
    )
    title = models.CharField(_("标题"), max_length=200)
    summary = models.TextField(_("说明"), blank=True)
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("截止日期"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    opened_at = models.DateTimeField(_("开始征集时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    closed_early_reason = models.TextField(_("提前截止的理由"), blank=True)
    final_document = models.ForeignKey(
        "disclosure.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("正式文件"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("意见征集")
        verbose_name_plural = _("意见征集")
        ordering = ["-start_on", "-pk"]
        indexes = [models.Index(fields=["org", "status", "-start_on"], name="consultation_org_status")]

    def __str__(self) -> str:
        return self.title


class Comment(models.Model):
    class Moderation(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已采用公开")
        REJECTED = "rejected", _("不予公开")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    # The comment's number within its consultation (意见 3), as the moderation queue and the report cite it.
    number = models.PositiveIntegerField(_("编号"))
    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_comments",
        verbose_name=_("提交账户"),
    )
    writer_name = models.CharField(_("署名"), max_length=60)
    content = EncryptedTextField(_("意见内容"), purpose="consultations.comment.content")
    public_text = models.TextField(_("公开文本"), blank=True)
    findings = models.JSONField(_("筛查发现"), default=list, blank=True)  # the kinds masked, e.g. ["mobile"]
    submitted_at = models.DateTimeField(_("提交时间"))
    moderation = models.CharField(
        _("审核状态"), max_length=10, choices=Moderation.choices, default=Moderation.PENDING, db_index=True
    )
    moderation_reason = models.TextField(_("审核意见"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("意见")
        verbose_name_plural = _("意见")
        ordering = ["consultation", "number"]
        indexes = [models.Index(fields=["consultation", "moderation"], name="comment_consultation_mod")]
        constraints = [models.UniqueConstraint(fields=["consultation", "number"], name="unique_comment_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.writer_name}"


class FeedbackPoint(models.Model):
    class Decision(models.TextChoices):
        ADOPTED = "adopted", _("采纳")
        PARTLY = "partly", _("部分采纳")
        NOT_ADOPTED = "not_adopted", _("未采纳")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="points")
    order = models.PositiveIntegerField(_("序号"))
    summary = models.TextField(_("意见要点"))
    comments = models.ManyToManyField(Comment, blank=True, related_name="points", verbose_name=_("对应意见"))
    decision = models.CharField(_("采纳情况"), max_length=12, choices=Decision.choices)
    reasons = models.TextField(_("理由"), blank=True)

    class Meta:
        verbose_name = _("反馈要点")
        verbose_name_plural = _("反馈要点")
        ordering = ["consultation", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["consultation", "order"], name="unique_point_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.summary[:40]}"


class FeedbackReport(models.Model):
    consultation = models.OneToOneField(Consultation, on_delete=models.CASCADE, related_name="report")
    intro = models.TextField(_("说明"), blank=True)
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("意见采纳情况反馈")
        verbose_name_plural = _("意见采纳情况反馈")

    def __str__(self) -> str:
        return str(self.consultation)


class Hearing(models.Model):
    """听证: announced before it is held; the record (听证记录) published after."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="hearings", verbose_name=_("组织机关"))
    title = models.CharField(_("标题"), max_length=200)
    subject = models.TextField(_("听证事项"))
    held_on = models.DateField(_("举行日期"))
    place = models.CharField(_("地点"), max_length=200)
    announcement = models.TextField(_("听证公告"))
    announced_at = models.DateTimeField(_("公告时间"))
    record = models.TextField(_("听证记录"), blank=True)
    record_published_at = models.DateTimeField(_("记录公开时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("听证")
        verbose_name_plural = _("听证")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title
