"""Proactive disclosure (主动公开): documents with their catalog metadata, review and publication.

Facts: shared/reference/disclosure-law.md ("Proactive disclosure", "Catalog metadata").
Statutory state changes only in actions.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Topic(models.Model):
    """主题分类: two levels, admin-editable, seeded."""

    code = models.CharField(_("代码"), max_length=10, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("上级分类")
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("主题分类")
        verbose_name_plural = _("主题分类")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name


class Genre(models.Model):
    """体裁分类: the 15 official document types plus 规章 and 行政规范性文件 (which the annual report counts)."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=30, unique=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    REGULATION = "regulation"  # 规章
    NORMATIVE = "normative"  # 行政规范性文件
    REPORT = "report"  # 报告
    INTERPRETATION = "interpretation"  # 政策解读 (not an official type; how interpretations are catalogued)

    class Meta:
        verbose_name = _("体裁分类")
        verbose_name_plural = _("体裁分类")
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return self.name


class KeyArea(models.Model):
    """重点领域: 财政预决算, 公共资源配置 › 招投标, …, and 村务公开 三务 for villages."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=40)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("上级领域")
    )
    description = models.TextField(_("说明"), blank=True)
    for_villages = models.BooleanField(_("村（居）务公开"), default=False)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("重点领域")
        verbose_name_plural = _("重点领域")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name


class Document(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审核")
        APPROVED = "approved", _("审核通过")
        SCHEDULED = "scheduled", _("定时发布")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已撤回")

    class Validity(models.TextChoices):
        VALID = "valid", _("有效")
        EXPIRED = "expired", _("失效")
        REPEALED = "repealed", _("废止")

    class Attribute(models.TextChoices):
        PROACTIVE = "proactive", _("主动公开")
        ON_REQUEST = "on_request", _("依申请公开")
        NOT_DISCLOSED = "not_disclosed", _("不予公开")

    class Scope(models.TextChoices):
        PUBLIC = "public", _("面向社会")
        APPLICANT = "applicant", _("面向申请人")

    class TimeLimit(models.TextChoices):
        PERMANENT = "permanent", _("长期公开")
        LIMITED = "limited", _("限时公开")

    index_number = models.CharField(_("索引号"), max_length=40, unique=True)
    publisher = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="documents", verbose_name=_("发布机构")
    )
    title = models.CharField(_("名称"), max_length=300)
    summary = models.TextField(_("内容概述"), blank=True)
    created_on = models.DateField(_("成文日期"))
    published_at = models.DateTimeField(_("发布日期"), null=True, blank=True, db_index=True)
    scheduled_at = models.DateTimeField(_("定时发布时间"), null=True, blank=True)
    doc_number = models.CharField(_("文号"), max_length=80, blank=True, db_index=True)
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.PROTECT, related_name="documents", verbose_name=_("主题分类")
    )
    genre = models.ForeignKey(Genre, on_delete=models.PROTECT, related_name="documents", verbose_name=_("体裁分类"))
    keywords = models.CharField(_("主题词"), max_length=200, blank=True)
    audience = models.CharField(_("服务对象"), max_length=100, blank=True)
    validity = models.CharField(_("有效性"), max_length=10, choices=Validity.choices, default=Validity.VALID)
    validity_changed_on = models.DateField(_("有效性变更日期"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces", verbose_name=_("替代文件")
    )
    attribute = models.CharField(_("公开属性"), max_length=20, choices=Attribute.choices, default=Attribute.PROACTIVE)
    attribute_reason = models.TextField(_("不公开或依申请公开的理由"), blank=True)
    scope = models.CharField(_("公开范围"), max_length=10, choices=Scope.choices, default=Scope.PUBLIC)
    time_limit = models.CharField(_("公开时限"), max_length=10, choices=TimeLimit.choices, default=TimeLimit.PERMANENT)
    key_areas = models.ManyToManyField(KeyArea, blank=True, related_name="documents", verbose_name=_("重点领域"))
    body_html = models.TextField(_("正文"), blank=True)
    body_text = models.TextField(_("正文纯文本"), blank=True, editable=False)
    # An interpretation (政策解读) points at the policy it explains; the policy lists its interpretations.
    interprets = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interpretations",
        verbose_name=_("所解读的政策"),
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    withdrawn_reason = models.TextField(_("撤回理由"), blank=True)
    # Art. 26: working days from creation to publication, and whether that exceeded the limit.
    publication_working_days = models.IntegerField(_("成文至发布工作日数"), null=True, blank=True, editable=False)
    published_late = models.BooleanField(_("超过20个工作日发布"), default=False, editable=False)
    source = models.CharField(_("来源"), max_length=20, blank=True, help_text=_("manual / oa / import"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["body_text"])

    class Meta:
        verbose_name = _("政府信息")
        verbose_name_plural = _("政府信息")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["publisher", "status", "-published_at"], name="doc_publisher_status_pub"),
            models.Index(fields=["status", "-published_at"], name="doc_status_published"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def org(self):
        """The scoping helper and timelines look for `org`."""
        return self.publisher

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.attribute == self.Attribute.PROACTIVE


class IndexSerial(models.Model):
    """The last serial handed out per publisher and period; locked while the next one is taken."""

    publisher = models.ForeignKey("orgs.Org", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=6)  # "2025" or "202503"
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["publisher", "period"], name="unique_serial_per_publisher_period")
        ]


class Attachment(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"
        DOC = "doc", "Word (DOC)"
        XLSX = "xlsx", "Excel (XLSX)"
        XLS = "xls", "Excel (XLS)"
        PNG = "png", "PNG"
        JPEG = "jpeg", "JPEG"
        GIF = "gif", "GIF"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="disclosure/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    text = models.TextField(_("提取的文本"), blank=True)
    extraction_note = models.CharField(_("文本提取说明"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["pk"]

    @classmethod
    def of_inspected(cls, document_id: int, name: str, info) -> Attachment:
        """An unsaved row for a file that passed attachments.inspect (its bytes are stored by attachments.store)."""
        return cls(
            document_id=document_id,
            name=name[:200],
            kind=info.kind,
            size=info.size,
            sha256=info.sha256,
            text=info.text,
            extraction_note=info.note,
        )

    def __str__(self) -> str:
        return self.name


class SensitiveWord(models.Model):
    """Words the screening flags besides the built-in patterns (admin-editable)."""

    word = models.CharField(_("敏感词"), max_length=50, unique=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("敏感词")
        verbose_name_plural = _("敏感词")

    def __str__(self) -> str:
        return self.word


class Finding(models.Model):
    """One thing the automatic screening found in the body or an attachment."""

    class Kind(models.TextChoices):
        ID_NUMBER = "id_number", _("居民身份证号")
        MOBILE = "mobile", _("手机号码")
        BANK_CARD = "bank_card", _("银行卡号")
        EMAIL = "email", _("电子邮箱")
        SECRECY_MARK = "secrecy_mark", _("密级标志")
        WORD = "word", _("敏感词")

    class State(models.TextChoices):
        OPEN = "open", _("待处理")
        MASKED = "masked", _("已遮蔽")
        OVERRIDDEN = "overridden", _("审核人确认公开")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="findings")
    attachment = models.ForeignKey(Attachment, null=True, blank=True, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    text = models.CharField(_("命中内容"), max_length=100)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    context = models.CharField(_("上下文"), max_length=300)
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("筛查发现")
        verbose_name_plural = _("筛查发现")
        ordering = ["attachment_id", "start"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.text}"


class SecrecyReview(models.Model):
    """保密审查记录: who reviewed, the conclusion and its grounds; kept for good."""

    class Conclusion(models.TextChoices):
        APPROVED = "approved", _("同意公开")
        RETURNED = "returned", _("退回修改")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    conclusion = models.CharField(_("审查结论"), max_length=10, choices=Conclusion.choices)
    grounds = models.TextField(_("审查依据和意见"))
    override_reason = models.TextField(_("带未处理筛查发现发布的理由"), blank=True)
    open_findings = models.PositiveIntegerField(_("审查时未处理的发现数"), default=0)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("保密审查记录")
        verbose_name_plural = _("保密审查记录")
        ordering = ["-at"]


class DisclosureGuide(models.Model):
    """公开指南: each org's guide to how it discloses information."""

    org = models.OneToOneField("orgs.Org", on_delete=models.CASCADE, related_name="disclosure_guide")
    body_html = models.TextField(_("指南正文"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("公开指南")
        verbose_name_plural = _("公开指南")


class ImportJob(models.Model):
    """One web bulk import (批量导入): the uploaded files, the worker's progress and its per-row report.

    Not a statutory act itself: each imported document gets its own event; the job is what the
    uploader watches and what the error report is downloaded from. Started by actions.start_import; the
    upload checks and the worker's run live in import_jobs.py.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("导入中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("上传人")
    )
    # The org the uploader acts for: who may see the job. Rows may still name other publishers the uploader may act for.
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("机构"))
    metadata = models.FileField(_("元数据文件"), upload_to="imports/")
    files_zip = models.FileField(_("文件压缩包"), upload_to="imports/", blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed = models.PositiveIntegerField(_("已处理"), default=0)
    created = models.PositiveIntegerField(_("新增"), default=0)
    skipped = models.PositiveIntegerField(_("已存在跳过"), default=0)
    failed_count = models.PositiveIntegerField(_("失败"), default=0)
    findings = models.PositiveIntegerField(_("筛查发现"), default=0)
    errors = models.JSONField(_("逐行错误"), default=list, blank=True)  # [[line, index_number, message], …]
    message = models.TextField(_("中止原因"), blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("批量导入任务")
        verbose_name_plural = _("批量导入任务")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.org} · {self.filename}"

    @property
    def filename(self) -> str:
        return self.metadata.name.rsplit("/", 1)[-1]

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(100, self.processed * 100 // self.total_rows) if self.total_rows else 0
