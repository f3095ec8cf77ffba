"""A mailbox (领导信箱 · 部门信箱 · 12345) and the letters written to it.

`Mailbox.org` is the dispatcher: its 信箱工作人员 accept letters and assign them (转办) to a handling org, which
answers (办结). The writer's name, phone and e-mail are SM4-encrypted at rest; a writer without an account keeps
only the hash of the query code. Each act is an event (letters.*), and each act appends a line to `trail`, the
record the writer sees. What the public sees of a letter is the masked copy in `public_*`, written by the
publishing act — never the letter itself.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sunlight.fields import EncryptedTextField


class Mailbox(models.Model):
    class Kind(models.TextChoices):
        LEADER = "leader", _("领导信箱")
        ORG = "org", _("部门信箱")
        HOTLINE = "hotline", _("12345热线")

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.LEADER)
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="mailboxes", verbose_name=_("受理机构"))
    intro = models.TextField(_("说明"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("信箱")
        verbose_name_plural = _("信箱")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Letter(models.Model):
    class Type(models.TextChoices):
        CONSULT = "consult", _("咨询")
        SUGGEST = "suggest", _("建议")
        COMPLAIN = "complain", _("投诉")
        HELP = "help", _("求助")
        REPORT = "report", _("举报")

    class Channel(models.TextChoices):
        WEB = "web", _("网站")
        HOTLINE = "hotline", _("12345热线")
        OPEN311 = "open311", _("接口推送")
        WINDOW = "window", _("窗口登记")

    class Status(models.TextChoices):
        RECEIVED = "received", _("待受理")
        ACCEPTED = "accepted", _("待转办")
        ASSIGNED = "assigned", _("已转办")
        HANDLING = "handling", _("承办中")
        REPLIED = "replied", _("已办结")
        CLOSED = "closed", _("已评价")
        REFUSED = "refused", _("不予受理")

    class Redirect(models.TextChoices):
        PETITION = "petition", _("信访渠道")
        LAWSUIT = "lawsuit", _("诉讼渠道")
        RECONSIDERATION = "reconsideration", _("行政复议渠道")
        ARBITRATION = "arbitration", _("仲裁渠道")
        NONE = "none", _("其他原因")

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        BASIC = "basic", _("基本满意")
        UNSATISFIED = "unsatisfied", _("不满意")

    # Unanswered: the writer waits on the government (the 3-month rule counts these).
    OPEN = (Status.RECEIVED, Status.ACCEPTED, Status.ASSIGNED, Status.HANDLING)
    ANSWERED = (Status.REPLIED, Status.CLOSED)

    number = models.CharField(_("信件编号"), max_length=30, unique=True)
    mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="letters", verbose_name=_("信箱"))
    type = models.CharField(_("类型"), max_length=10, choices=Type.choices)
    channel = models.CharField(_("来信渠道"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    subject = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("内容"))
    region = models.ForeignKey(
        "orgs.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("事发地")
    )
    address = models.CharField(_("详细地点"), max_length=200, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    writer_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="letters",
        verbose_name=_("来信人账户"),
    )
    writer_name = EncryptedTextField(_("来信人"), purpose="letters.name")
    phone = EncryptedTextField(_("联系电话"), purpose="letters.phone", blank=True)
    email = EncryptedTextField(_("电子邮箱"), purpose="letters.email", blank=True)
    query_code_hash = models.CharField(max_length=64, blank=True, db_index=True)
    publish_consent = models.BooleanField(_("同意公开"), default=False)
    external_ref = models.CharField(_("外部编号"), max_length=64, blank=True)  # a 12345 system's own id (Open311)
    client = models.CharField(_("推送系统"), max_length=60, blank=True)

    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    received_on = models.DateField(_("来信日期"))
    accept_due_on = models.DateField(_("受理期限"))
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    due_on = models.DateField(_("办理期限"), null=True, blank=True)
    extended_days = models.PositiveSmallIntegerField(_("延期工作日"), default=0)
    handler_org = models.ForeignKey(
        "orgs.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_letters",
        verbose_name=_("承办单位"),
    )
    assigned_on = models.DateField(_("转办日期"), null=True, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    refusal_reason = models.TextField(_("不予受理理由"), blank=True)
    redirect = models.CharField(_("引导渠道"), max_length=20, choices=Redirect.choices, blank=True)
    reply = models.TextField(_("答复内容"), blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    replied_by_org = models.ForeignKey(
        "orgs.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("答复单位")
    )
    follow_up = models.TextField(_("回访情况"), blank=True)
    followed_up_on = models.DateField(_("回访日期"), null=True, blank=True)
    rating = models.CharField(_("评价"), max_length=12, choices=Rating.choices, blank=True)
    rating_comment = models.TextField(_("评价意见"), blank=True)
    rated_on = models.DateField(_("评价日期"), null=True, blank=True)
    reopened = models.BooleanField(_("已重新办理"), default=False)
    reopen_reason = models.TextField(_("重新办理理由"), blank=True)
    urged = models.PositiveSmallIntegerField(_("督办次数"), default=0)
    group = models.ForeignKey(
        "LetterGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="letters",
        verbose_name=_("归并组"),
    )
    # [{"on": "2026-05-04", "act": "assign", "text": "转办至…", "org": "…"}]: what the writer and staff read.
    trail = models.JSONField(default=list, blank=True)

    is_published = models.BooleanField(_("已公开"), default=False)
    published_on = models.DateField(_("公开日期"), null=True, blank=True)
    public_subject = models.CharField(_("公开标题"), max_length=100, blank=True)
    public_content = models.TextField(_("公开内容"), blank=True)
    public_reply = models.TextField(_("公开答复"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("来信")
        verbose_name_plural = _("来信")
        indexes = [
            models.Index(fields=["mailbox", "status"], name="letter_mailbox_status"),
            models.Index(fields=["handler_org", "status"], name="letter_handler_status"),
            models.Index(fields=["status", "received_on"], name="letter_status_received"),
            models.Index(fields=["is_published", "-replied_on"], name="letter_published"),
            models.Index(fields=["writer_user", "-received_on"], name="letter_writer"),
            models.Index(fields=["received_on"], name="letter_received"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "external_ref"],
                condition=~models.Q(external_ref=""),
                name="letter_unique_external_ref",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class LetterGroup(models.Model):
    """Letters about the same matter (many writers, or one writer again and again), found by near-duplicate
    detection or put together by staff, answered in one act with each writer told."""

    title = models.CharField(_("事项"), max_length=100)
    created_on = models.DateField(_("归并日期"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("归并组")
        verbose_name_plural = _("归并组")

    def __str__(self) -> str:
        return self.title


class LetterAttachment(models.Model):
    """A file sent with a letter: checked by content like every upload (sunlight.disclosure.attachments.inspect);
    never published."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="letters/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    findings = models.PositiveSmallIntegerField(_("个人信息疑点"), default=0)

    class Meta:
        verbose_name = _("来信附件")
        verbose_name_plural = _("来信附件")
