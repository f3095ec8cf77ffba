"""Disclosure on request (依申请公开): the law itself, as data, and the requests.

The law is a model (as in froide), not constants scattered in code: the outcomes a reply may
carry (the annual report's rows), the applicant types (its columns) and the statutory time
limits. They are seeded by migration 0002_seed_law with the exact printed labels; a change
in the law is a new data migration. Facts: shared/reference/disclosure-law.md.
Read them through law.py; the fee arithmetic lives in fees.py.

The report labels are legal text printed verbatim in the annual report, so they are stored
as data and never translated; only the UI's field names go through gettext.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sunlight.fields import EncryptedTextField


class Outcome(models.Model):
    """答复类型: one row of section 三 (本年度办理结果) of the annual report's request table.

    予以公开 and 部分公开 are single rows (number is null); 不予公开, 无法提供, 不予处理 and
    其他处理 are headings whose numbered sub-reasons are the rows. Every closed request will
    carry exactly one outcome, so the report is a pure count.
    """

    class Category(models.TextChoices):
        DISCLOSED = "disclosed", _("予以公开")
        PARTIAL = "partial", _("部分公开")
        WITHHELD = "withheld", _("不予公开")
        UNAVAILABLE = "unavailable", _("无法提供")
        NOT_HANDLED = "not_handled", _("不予处理")
        OTHER = "other", _("其他处理")

    # The categories without numbered sub-reasons.
    SINGLE_ROW = (Category.DISCLOSED, Category.PARTIAL)

    # Section 三's headings exactly as printed (国办公开办函〔2021〕30号); legal text, not UI.
    HEADINGS = {
        Category.DISCLOSED: "（一）予以公开",
        Category.PARTIAL: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        Category.WITHHELD: "（三）不予公开",
        Category.UNAVAILABLE: "（四）无法提供",
        Category.NOT_HANDLED: "（五）不予处理",
        Category.OTHER: "（六）其他处理",
    }

    category = models.CharField(_("答复类型"), max_length=20, choices=Category.choices)
    number = models.PositiveSmallIntegerField(_("序号"), null=True, blank=True, help_text=_("类型内的理由序号；予以公开、部分公开为空。"))
    label = models.CharField(_("名称"), max_length=80)
    article = models.CharField(_("法律依据"), max_length=60, blank=True)
    report_label = models.CharField(_("年报行名"), max_length=80, help_text=_("年度报告中印刷的原文，如“1.属于国家秘密”。"))
    order = models.PositiveSmallIntegerField(_("年报行序"))
    is_active = models.BooleanField(_("启用"), default=True, help_text=_("停用后不能再用于新的答复，已有的统计不受影响。"))

    class Meta:
        verbose_name = _("答复类型")
        verbose_name_plural = _("答复类型")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["category", "number"], name="requests_outcome_unique_number"),
            # NULLs are distinct in a unique index, so the single-row categories need their own.
            models.UniqueConstraint(fields=["category"], condition=Q(number__isnull=True), name="requests_outcome_unique_single_row"),
            models.CheckConstraint(
                condition=Q(category__in=["disclosed", "partial"], number__isnull=True)
                | (~Q(category__in=["disclosed", "partial"]) & Q(number__isnull=False)),
                name="requests_outcome_number_iff_sub_reason",
            ),
        ]

    def __str__(self) -> str:
        if self.number is None:
            return self.label
        return f"{self.get_category_display()} · {self.label}"

    @property
    def printed_name(self) -> str:
        """The full name as printed in the report: '（三）不予公开 1.属于国家秘密', or '（一）予以公开'."""
        if self.number is None:
            return self.report_label
        return f"{self.HEADINGS[self.category]} {self.report_label}"


class ApplicantType(models.Model):
    """申请人类型: the columns of the annual report's request table (总计 is a sum, not a type)."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    label = models.CharField(_("名称"), max_length=30)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("上级类型")
    )
    order = models.PositiveSmallIntegerField(_("排序"))

    class Meta:
        verbose_name = _("申请人类型")
        verbose_name_plural = _("申请人类型")
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.parent.label} › {self.label}" if self.parent_id else self.label


class StatutoryLimit(models.Model):
    """法定时限: one time limit of the request procedure, with its article.

    counts_toward_clock says whether the days of this window are counted in the 20-working-day
    reply period (Art. 33): consulting third parties (Art. 32) and other agencies (Art. 34) is
    not counted; whether the fee-payment window is counted is unverified (see is_verified and
    docs/requests.md) and defaults to "not counted", i.e. the window stops the clock.
    """

    class Unit(models.TextChoices):
        WORKING_DAY = "working_day", _("工作日")

    key = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=40)
    days = models.PositiveSmallIntegerField(_("天数"))
    unit = models.CharField(_("计算单位"), max_length=20, choices=Unit.choices, default=Unit.WORKING_DAY)
    article = models.CharField(_("法律依据"), max_length=60)
    description = models.TextField(_("说明"))
    counts_toward_clock = models.BooleanField(_("计入答复期限"), default=True, help_text=_("该期间是否计算在答复期限内。"))
    is_verified = models.BooleanField(_("已核实"), default=True, help_text=_("未核实的规则可在后台调整，见 docs/requests.md。"))
    order = models.PositiveSmallIntegerField(_("排序"))

    class Meta:
        verbose_name = _("法定时限")
        verbose_name_plural = _("法定时限")
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.name}（{self.article}，{self.days}{self.get_unit_display()}）"


class InfoRequest(models.Model):
    """依申请公开 申请: one request for government information, from receipt to its one outcome.

    The applicant's identity document number and contact details are SM4-encrypted at rest
    (sunlight.fields.EncryptedTextField); `id_number_index` is a keyed hash of the number, so
    repeated requests of one applicant are found without decrypting anything. The statutory
    clock is stored as its events (`clock_events`, see sunlight.clock.Clock) and `due_on` is the
    deadline it gives, kept beside it so the queue sorts and filters by deadline in the database.
    """

    class Channel(models.TextChoices):
        ONLINE = "online", _("网上申请")
        IN_PERSON = "in_person", _("当面提交")
        REGISTERED_POST = "registered_post", _("邮政挂号/快递")
        ORDINARY_POST = "ordinary_post", _("平常信函")
        FAX = "fax", _("传真")
        EMAIL = "email", _("电子邮件")

    class Format(models.TextChoices):
        PAPER = "paper", _("纸质")
        ELECTRONIC = "electronic", _("电子")

    class Delivery(models.TextChoices):
        POST = "post", _("邮寄")
        EMAIL = "email", _("电子邮件")
        PICKUP = "pickup", _("当面领取")
        ONLINE = "online", _("网上获取")

    class Status(models.TextChoices):
        PROCESSING = "processing", _("办理中")
        CORRECTING = "correcting", _("待补正")
        CONSULTING = "consulting", _("征求意见中")
        FEE_PENDING = "fee_pending", _("待缴费")
        CLOSED = "closed", _("已办结")

    number = models.CharField(_("申请编号"), max_length=30, unique=True)
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="info_requests", verbose_name=_("受理机关"))
    channel = models.CharField(_("申请方式"), max_length=20, choices=Channel.choices)
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="info_requests",
        verbose_name=_("申请人账号"),
    )
    applicant_type = models.ForeignKey(ApplicantType, on_delete=models.PROTECT, verbose_name=_("申请人类型"))
    applicant_name = models.CharField(_("申请人名称"), max_length=200)
    id_number = EncryptedTextField(_("证件号码"), purpose="requests.id_number", blank=True)
    id_number_index = models.CharField(max_length=64, blank=True, db_index=True)
    phone = EncryptedTextField(_("联系电话"), purpose="requests.phone", blank=True)
    email = EncryptedTextField(_("电子邮箱"), purpose="requests.email", blank=True)
    address = EncryptedTextField(_("通信地址"), purpose="requests.address", blank=True)
    description = models.TextField(_("所需信息的名称、文号或便于查询的其他特征性描述"))
    format = models.CharField(_("获取信息的载体形式"), max_length=20, choices=Format.choices)
    delivery = models.CharField(_("获取信息的方式"), max_length=20, choices=Delivery.choices)
    query_code_hash = models.CharField(max_length=64, blank=True, db_index=True)
    submitted_at = models.DateTimeField(_("提交时间"))
    received_on = models.DateField(_("收到申请日期"), help_text=_("第三十一条：当面提交为提交之日；挂号邮寄为签收之日；平常信函为与申请人确认之日；网络、传真为双方确认之日。"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PROCESSING)
    clock_events = models.JSONField(default=list)
    due_on = models.DateField(_("答复期限"), null=True, blank=True)
    corrections = models.PositiveSmallIntegerField(_("补正告知次数"), default=0)
    correction_due_on = models.DateField(_("补正期限"), null=True, blank=True)
    extended_days = models.PositiveSmallIntegerField(_("延长工作日"), default=0)
    outcome = models.ForeignKey(Outcome, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("答复类型"))
    reply_text = models.TextField(_("答复内容"), blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        indexes = [
            models.Index(fields=["org", "status", "due_on"], name="request_queue"),
            models.Index(fields=["org", "received_on"], name="request_org_received"),
            # The queue's default order: open requests by deadline, read in order instead of sorted.
            models.Index(fields=["org", "due_on", "received_on", "id"], name="request_open_by_deadline",
                         condition=~Q(status="closed")),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.description[:30]}"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class Notice(models.Model):
    """告知书: one formal notice of a request, as issued to the applicant (rendered HTML and its PDF).

    Issued by the request's acts through notices.issue_notice, inside the act's transaction, so a
    notice exists exactly when its act happened. The text is legal text in Chinese whatever the UI
    language; it is stored as rendered, so a later change of a template never rewrites a notice
    that was already sent.
    """

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("受理回执")
        CORRECTION = "correction", _("补正告知书")
        EXTENSION = "extension", _("延期答复告知书")
        REPLY = "reply", _("政府信息公开申请答复告知书")
        CONSULTATION = "consultation", _("第三方意见征询函")
        FEE = "fee", _("收费通知书")

    # The letter's title as printed (legal text, never translated) and the suffix of its number.
    TITLES = {
        Kind.RECEIPT: "政府信息公开申请受理回执",
        Kind.CORRECTION: "政府信息公开申请补正告知书",
        Kind.EXTENSION: "政府信息公开申请延期答复告知书",
        Kind.REPLY: "政府信息公开申请答复告知书",
        Kind.CONSULTATION: "政府信息公开第三方意见征询函",
        Kind.FEE: "政府信息公开信息处理费收费通知书",
    }
    SUFFIXES = {
        Kind.RECEIPT: "SL", Kind.CORRECTION: "BZ", Kind.EXTENSION: "YQ", Kind.REPLY: "DF",
        Kind.CONSULTATION: "ZX", Kind.FEE: "SF",
    }

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="notices", verbose_name=_("申请"))
    kind = models.CharField(_("告知书类型"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("告知书编号"), max_length=40, unique=True)
    html = models.TextField(_("告知书内容"))
    pdf = models.FileField(_("PDF 文件"), upload_to="notices/%Y/%m/")
    issued_on = models.DateField(_("告知日期"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("告知书")
        verbose_name_plural = _("告知书")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()}"

    @property
    def title(self) -> str:
        return self.TITLES[self.kind]
