"""The catalog's records: laws cited, the basic catalog, items per implementing org, their versions, the lists.

A ServiceItem is one org's implementation (实施清单 entry) of a basic item (基本目录, same basic code
province-wide); every element lives on a ServiceItemVersion, and a published version never changes (only
`effective_until` is set, once, when a later version takes over).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sunlight.errors import Conflict
from sunlight.orgs.models import Org

from .kinds import Handling, ItemKind, Level, LimitUnit, OnlineDepth, Operation, Tier


class Law(models.Model):
    """A law or rule items cite (设定依据). A citation resolves when the law is here, in force, and has the article."""

    class Rank(models.TextChoices):
        LAW = "law", _("法律")
        ADMIN_REGULATION = "admin_regulation", _("行政法规")
        LOCAL_REGULATION = "local_regulation", _("地方性法规")
        DEPT_RULE = "dept_rule", _("部门规章")
        LOCAL_RULE = "local_rule", _("地方政府规章")
        NORMATIVE = "normative", _("规范性文件")

    title = models.CharField(_("名称"), max_length=200, unique=True)
    rank = models.CharField(_("效力级别"), max_length=20, choices=Rank.choices, default=Rank.LAW)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    articles = models.PositiveIntegerField(_("条文数"), help_text=_("最后一条的序号，用于核对引用的条款是否存在。"))
    amended_on = models.DateField(_("最近修订日期"), null=True, blank=True)
    repealed_on = models.DateField(_("废止日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("法律法规")
        verbose_name_plural = _("法律法规")
        ordering = ["title"]

    def __str__(self) -> str:
        return f"《{self.title}》"


class BasicItem(models.Model):
    """基本目录: the base elements every implementation of a basic code shares (name, kind, department, body, basis)."""

    basic_code = models.CharField(_("基本编码"), max_length=10, unique=True)
    name = models.CharField(_("事项名称"), max_length=200)
    kind = models.CharField(_("事项类型"), max_length=20, choices=ItemKind.choices)
    competent_department = models.CharField(_("主管部门"), max_length=120)
    implementing_body = models.CharField(_("实施主体"), max_length=120)
    # [[law title, article, clause or null], …] sorted: compared as a whole with each implementation's citations.
    legal_basis = models.JSONField(_("设定依据"), default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("基本目录事项")
        verbose_name_plural = _("基本目录事项")
        ordering = ["basic_code"]

    def __str__(self) -> str:
        return f"{self.basic_code} {self.name}"


class ServiceItem(models.Model):
    """One org's implementation of an item (实施清单): its code never changes; its elements are versioned."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("未发布")
        ACTIVE = "active", _("在用")
        SUSPENDED = "suspended", _("暂停")
        CANCELLED = "cancelled", _("已取消")

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="service_items", verbose_name=_("实施机构"))
    basic_code = models.CharField(_("基本编码"), max_length=10, db_index=True)
    code = models.CharField(_("实施编码"), max_length=64, unique=True)
    tier = models.CharField(_("层次"), max_length=10, choices=Tier.choices, default=Tier.MAIN)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("上级事项")
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    # Denormalised from the version in force, for lists and sorting (set only by actions).
    name = models.CharField(_("事项名称"), max_length=200)
    kind = models.CharField(_("事项类型"), max_length=20, choices=ItemKind.choices)
    current = models.ForeignKey(
        "ServiceItemVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("现行版本"),
    )
    # 拆分 / 合并: the items this one came from (their successors are the reverse).
    predecessors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="successors", verbose_name=_("来源事项")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("政务服务事项")
        verbose_name_plural = _("政务服务事项")
        ordering = ["org_id", "code"]
        indexes = [
            models.Index(fields=["org", "status", "kind"], name="catalog_item_org_status_kind"),
            models.Index(fields=["status", "kind", "name"], name="catalog_item_status_kind_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class ServiceItemVersion(models.Model):
    """事项版本: every element of one item as drafted, reviewed and published. Published versions never change."""

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审核")
        PUBLISHED = "published", _("已发布")

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="versions", verbose_name=_("事项"))
    number = models.PositiveIntegerField(_("版本号"))
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.DRAFT)
    operation = models.CharField(_("目录操作"), max_length=10, choices=Operation.choices)
    reason = models.TextField(_("变更原因"))

    # Base elements (基本要素): equal to the basic catalog's (rule base_identical).
    name = models.CharField(_("事项名称"), max_length=200)
    kind = models.CharField(_("事项类型"), max_length=20, choices=ItemKind.choices)
    competent_department = models.CharField(_("主管部门"), max_length=120)
    implementing_body = models.CharField(_("实施主体"), max_length=120)
    level = models.CharField(_("行使层级"), max_length=10, choices=Level.choices)
    division = models.CharField(_("承办机构（科室）"), max_length=120, blank=True)

    # Limits, visits, depth, fees: columns because rules, filters and supervision read them.
    statutory_limit = models.PositiveIntegerField(_("法定办结时限"), null=True, blank=True)
    statutory_unit = models.CharField(_("法定时限单位"), max_length=10, choices=LimitUnit.choices, default="workdays")
    promised_limit = models.PositiveIntegerField(_("承诺办结时限"), help_text=_("0 表示当场办结。"))
    promised_unit = models.CharField(_("承诺时限单位"), max_length=10, choices=LimitUnit.choices, default="workdays")
    handling = models.CharField(_("办件类型"), max_length=12, choices=Handling.choices)
    visits = models.PositiveSmallIntegerField(_("到现场次数"), default=0)
    visits_reason = models.CharField(_("到现场原因"), max_length=300, blank=True)
    online_depth = models.PositiveSmallIntegerField(_("网办深度"), choices=OnlineDepth.choices, default=1)
    charges_fee = models.BooleanField(_("是否收费"), default=False)
    online_payment = models.BooleanField(_("支持网上支付"), default=False)
    audience = models.CharField(_("服务对象"), max_length=20, default="person", help_text="person, company or both")
    # ",birth,education," so that one life event is a LIKE '%,birth,%' on either database.
    life_events = models.CharField(_("主题"), max_length=300, blank=True)

    # Everything else of the guide: conditions, materials, steps, fees, result, delivery, place, hours, phones,
    # intermediaries, FAQ, duties (责任清单) and oversight (监管清单). Shape: sunlight.catalog.elements.Guide.
    guide = models.JSONField(_("办事指南要素"), default=dict)
    # Rule ids this version breaks (computed whenever it is written; published ones have none).
    violations = models.JSONField(_("不一致项"), default=list, blank=True)

    effective_from = models.DateField(_("生效日期"), null=True, blank=True)
    effective_until = models.DateField(_("失效日期"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField(_("审核意见"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("事项版本")
        verbose_name_plural = _("事项版本")
        ordering = ["item_id", "number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="catalog_version_item_number")]
        indexes = [
            models.Index(fields=["state", "effective_from"], name="catalog_version_state_from"),
        ]

    # The one field a published version may still receive: the day a later version took over.
    MUTABLE_WHEN_PUBLISHED = frozenset({"effective_until"})

    def __str__(self) -> str:
        return f"{self.name} v{self.number}"

    @classmethod
    def from_db(cls, db, field_names, values):
        obj = super().from_db(db, field_names, values)
        obj._stored_state = obj.state if "state" in field_names else None
        return obj

    def save(self, *args, **kwargs) -> None:
        # A published version is the contract cases bind to: refuse any write but effective_until.
        if getattr(self, "_stored_state", None) == self.State.PUBLISHED:
            fields = set(kwargs.get("update_fields") or ())
            if not fields or not fields <= self.MUTABLE_WHEN_PUBLISHED:
                raise Conflict(_("已发布的版本不能修改，请新建变更版本。"), code="published_is_final")
        super().save(*args, **kwargs)
        self._stored_state = self.state

    def in_force_on(self, day) -> bool:
        return (
            self.state == self.State.PUBLISHED
            and self.effective_from is not None
            and self.effective_from <= day
            and (self.effective_until is None or day < self.effective_until)
        )

    @property
    def life_event_slugs(self) -> list[str]:
        return [s for s in self.life_events.split(",") if s]


class Citation(models.Model):
    """设定依据 as data: law, article, clause. `law` is null when the title matched no law (rule citation_resolves)."""

    version = models.ForeignKey(ServiceItemVersion, on_delete=models.CASCADE, related_name="citations")
    law = models.ForeignKey(Law, null=True, blank=True, on_delete=models.PROTECT, related_name="citations")
    law_title = models.CharField(_("法律法规名称"), max_length=200)
    article = models.PositiveIntegerField(_("条"))
    clause = models.PositiveSmallIntegerField(_("款"), null=True, blank=True)
    excerpt = models.TextField(_("条文内容"), blank=True)

    class Meta:
        verbose_name = _("设定依据")
        verbose_name_plural = _("设定依据")
        ordering = ["version_id", "id"]

    def __str__(self) -> str:
        clause = _("第%(n)s款") % {"n": self.clause} if self.clause else ""
        return f"《{self.law_title}》" + _("第%(n)s条") % {"n": self.article} + clause


class NegativeListEntry(models.Model):
    """负面清单: an industry or field where market access is prohibited or restricted, with its basis."""

    class Category(models.TextChoices):
        PROHIBITED = "prohibited", _("禁止准入")
        RESTRICTED = "restricted", _("许可准入")

    number = models.CharField(_("事项编号"), max_length=20, unique=True)
    category = models.CharField(_("类别"), max_length=12, choices=Category.choices)
    industry = models.CharField(_("行业"), max_length=100)
    industry_code = models.CharField(_("国民经济行业代码"), max_length=10, db_index=True, help_text="GB/T 4754")
    title = models.CharField(_("禁止或许可事项"), max_length=300)
    measures = models.TextField(_("主要管理措施"), blank=True)
    basis = models.TextField(_("设立依据"), blank=True)
    items = models.ManyToManyField(ServiceItem, blank=True, related_name="negative_entries", verbose_name=_("对应事项"))
    sort_order = models.PositiveIntegerField(default=100)

    class Meta:
        verbose_name = _("负面清单事项")
        verbose_name_plural = _("负面清单事项")
        ordering = ["sort_order", "number"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class GuideFeedback(models.Model):
    """“这个指南有错”: a reader's note on a guide, for the item's org to check."""

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="feedback")
    version = models.ForeignKey(ServiceItemVersion, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("哪里有错"))
    contact = models.CharField(_("联系方式（选填）"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    handled_note = models.TextField(_("处理说明"), blank=True)

    class Meta:
        verbose_name = _("指南纠错")
        verbose_name_plural = _("指南纠错")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:40]


class ImportRun(models.Model):
    """One uploaded workbook: its progress, outcome and (when refused) the error workbook."""

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("导入中")
        DONE = "done", _("已导入")
        FAILED = "failed", _("有错误，未导入")

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("导入机构"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("文件名"), max_length=200)
    upload = models.FileField(upload_to="catalog/imports/", blank=True)
    error_file = models.FileField(upload_to="catalog/import-errors/", blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    done_rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(_("新增版本"), default=0)
    unchanged = models.PositiveIntegerField(_("已存在（跳过）"), default=0)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    # 导入即发布: versions are published with their 生效日期 (a reviewer or admin of the org only).
    publish = models.BooleanField(_("导入即发布"), default=False)
    # Where the worker spent its time (seconds per phase), shown to the importer and read by the benchmark.
    timings = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("事项导入")
        verbose_name_plural = _("事项导入")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def percent(self) -> int:
        if not self.is_active:
            return 100
        return min(100, self.done_rows * 100 // self.total_rows) if self.total_rows else 0
