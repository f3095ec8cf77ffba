"""Cases (办件), their materials, steps and notices.

A case keeps the item version it was received under (`version`, never re-bound) and its statutory
clock as events (`clock_events`, see sunlight.clock.Clock): the same events give the statutory deadline
(`due_on`) and the promised one (`promised_due_on`), kept as columns so queues sort by deadline in the
database. The applicant's identity number and phone are SM4-encrypted at rest with a keyed-hash index.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sunlight.fields import EncryptedTextField


class CaseKind(models.TextChoices):
    """五件管理: what kind of case this is in the center's books (大理)."""

    ORDINARY = "ordinary", _("办件")  # handled on the spot
    RETURNED = "returned", _("退回件")  # not accepted / refused
    CORRECTION = "correction", _("补办件")  # waiting for, or received after, a correction
    PROMISED = "promised", _("承诺件")  # handled within the promised limit
    JOINT = "joint", _("联办件")  # handled with other departments (parallel approval)


class HandlingWay(models.TextChoices):
    """五制办理: how the case is handled."""

    DIRECT = "direct", _("直接办")
    PROMISED = "promised", _("承诺办")
    JOINT = "joint", _("联合办")
    GUIDED = "guided", _("指导办")  # forwarded upward with guidance (上报件)
    ANSWERED = "answered", _("明确答复")  # a clear refusal with reasons


class Case(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", _("网上申请")
        WINDOW = "window", _("窗口受理")
        PLATFORM = "platform", _("一体化平台推送")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待受理")
        CORRECTING = "correcting", _("待补正")
        HANDLING = "handling", _("办理中")
        SPECIAL = "special", _("特别程序中")
        SUSPENDED = "suspended", _("挂起")
        DECIDED = "decided", _("待送达")
        DELIVERED = "delivered", _("已办结")
        NOT_ACCEPTED = "not_accepted", _("不予受理")
        WITHDRAWN = "withdrawn", _("已撤回")

    OPEN = (Status.SUBMITTED, Status.CORRECTING, Status.HANDLING, Status.SPECIAL, Status.SUSPENDED, Status.DECIDED)
    CLOSED = (Status.DELIVERED, Status.NOT_ACCEPTED, Status.WITHDRAWN)

    class ApplicantKind(models.TextChoices):
        PERSON = "person", _("自然人")
        COMPANY = "company", _("法人或其他组织")

    class Decision(models.TextChoices):
        GRANTED = "granted", _("准予")
        REFUSED = "refused", _("不予")

    number = models.CharField(_("办件编号"), max_length=30, unique=True)
    item = models.ForeignKey("catalog.ServiceItem", on_delete=models.PROTECT, related_name="cases")
    version = models.ForeignKey(
        "catalog.ServiceItemVersion", on_delete=models.PROTECT, related_name="cases", verbose_name=_("事项版本")
    )
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="cases", verbose_name=_("实施机关"))
    center = models.ForeignKey(
        "orgs.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="center_cases",
        verbose_name=_("受理中心"),
    )
    window = models.ForeignKey(
        "orgs.Window", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("窗口")
    )
    # Cases across levels (三级运行, 上报件): the lower-level org that accepts and does the preliminary review
    # (Art. 43) of an item the org above decides; `forwarded_on` is the day it handed the case up (actions/levels.py).
    level_org = models.ForeignKey(
        "orgs.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="level_cases",
        verbose_name=_("受理机构（下级）"),
        db_index=False,  # the partial index below: a plain one, almost all NULLs, misleads SQLite's planner
    )
    forwarded_on = models.DateField(_("上报日期"), null=True, blank=True)
    channel = models.CharField(_("申请渠道"), max_length=20, choices=Channel.choices)
    kind = models.CharField(_("办件类型"), max_length=20, choices=CaseKind.choices, default=CaseKind.PROMISED)
    way = models.CharField(_("办理方式"), max_length=20, choices=HandlingWay.choices, default=HandlingWay.PROMISED)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)

    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    applicant_kind = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("申请人"), max_length=200)
    id_number = EncryptedTextField(_("证件号码"), purpose="cases.id_number", blank=True)
    id_number_index = models.CharField(max_length=64, blank=True, db_index=True)
    phone = EncryptedTextField(_("联系电话"), purpose="cases.phone", blank=True)
    agent_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agent_cases",
        verbose_name=_("代办员"),
    )
    agent_name = models.CharField(_("代办人"), max_length=100, blank=True)
    summary = models.TextField(_("申请事由"), blank=True)
    form_data = models.JSONField(_("申请表"), default=dict, blank=True)
    query_code_hash = models.CharField(max_length=64, blank=True, db_index=True)
    external_ref = models.CharField(_("来源系统编号"), max_length=60, blank=True, db_index=True)

    submitted_at = models.DateTimeField(_("提交时间"))
    received_on = models.DateField(_("收到申请日期"))
    accept_due_on = models.DateField(_("受理期限"))
    prereviewed_at = models.DateTimeField(_("预审时间"), null=True, blank=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    accepted_by_default = models.BooleanField(_("逾期视为受理"), default=False)
    corrections = models.PositiveSmallIntegerField(_("补正告知次数"), default=0)
    repeat_correction = models.BooleanField(_("多次补正告知"), default=False)
    correction_reasons = models.JSONField(_("补正内容"), default=list, blank=True)

    statutory_limit = models.PositiveSmallIntegerField(_("法定办结时限（工作日）"))
    promised_limit = models.PositiveSmallIntegerField(_("承诺办结时限（工作日）"))
    clock_events = models.JSONField(default=list, blank=True)
    due_on = models.DateField(_("法定期限"), null=True, blank=True)
    promised_due_on = models.DateField(_("承诺期限"), null=True, blank=True)
    extended_days = models.PositiveSmallIntegerField(_("延长工作日"), default=0)
    extension_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("延期批准人"),
    )
    pause_reason = models.CharField(_("暂停原因"), max_length=300, blank=True)

    step_index = models.PositiveSmallIntegerField(_("当前环节"), default=0)
    decision = models.CharField(_("审批结果"), max_length=20, choices=Decision.choices, blank=True)
    decision_text = models.TextField(_("决定内容"), blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    delivery_due_on = models.DateField(_("送达期限"), null=True, blank=True)
    delivered_on = models.DateField(_("送达日期"), null=True, blank=True)
    delivery_method = models.CharField(_("送达方式"), max_length=40, blank=True)
    certificate = models.ForeignKey(
        "certificates.Certificate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("电子证照"),
    )
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        indexes = [
            # A handler's queue: the open cases of an org by deadline, read in order.
            models.Index(
                fields=["org", "due_on", "id"],
                name="case_open_by_deadline",
                condition=Q(status__in=["submitted", "correcting", "handling", "special", "suspended", "decided"]),
            ),
            models.Index(
                fields=["center", "accept_due_on", "id"],
                name="case_center_open",
                condition=Q(status__in=["submitted", "correcting", "handling", "special", "suspended", "decided"]),
            ),
            # Any queue in deadline order (a supervisor's whole city, one org's, one open state): read in
            # order, the visibility and state tested in the index, stopping at the page (bench/cases_bench.py).
            # level_org is in it too: a lower level's cases are visible to it (queries.staff_cases).
            models.Index(
                fields=["due_on", "accept_due_on", "id", "org", "center", "status", "level_org"],
                name="case_open_queue",
                condition=Q(status__in=["submitted", "correcting", "handling", "special", "suspended", "decided"]),
            ),
            models.Index(
                fields=["received_on", "id", "org", "center", "status", "level_org"],
                name="case_open_received",
                condition=Q(status__in=["submitted", "correcting", "handling", "special", "suspended", "decided"]),
            ),
            models.Index(fields=["org", "received_on"], name="case_org_received"),
            models.Index(fields=["applicant_user", "-submitted_at"], name="case_applicant"),
            # Agents' cases: few rows. (On SQLite the plain FK index, all NULLs, looks useless to the planner,
            # which then scans every case for "my cases".)
            models.Index(
                fields=["agent_user", "-submitted_at"], name="case_agent", condition=Q(agent_user__isnull=False)
            ),
            models.Index(fields=["status", "accept_due_on"], name="case_status_accept_due"),
            models.Index(
                fields=["level_org", "due_on", "id"], name="case_level_org", condition=Q(level_org__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.item.name if self.item_id else ''}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_on_the_spot(self) -> bool:
        return self.promised_limit == 0

    def current_step(self) -> CaseStep | None:
        return self.steps.filter(index=self.step_index).first()

    @property
    def with_lower_level(self) -> bool:
        """Accepted (or being accepted) by a lower level that has not handed it up yet: that level acts on it."""
        return self.level_org_id is not None and self.forwarded_on is None

    @property
    def holder_id(self) -> int:
        """The org that holds the case now: the lower level until it forwards the case, then the deciding org."""
        return self.level_org_id if self.with_lower_level else self.org_id


class CaseMaterial(models.Model):
    """One material the version lists, as this case provides it (or fails to)."""

    class Provision(models.TextChoices):
        UPLOADED = "uploaded", _("已上传")
        IN_PERSON = "in_person", _("现场提交")
        CERTIFICATE = "certificate", _("调用电子证照（免提交）")
        MISSING = "missing", _("未提供")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="materials")
    position = models.PositiveSmallIntegerField(_("材料序号"))
    name = models.CharField(_("材料名称"), max_length=200)
    required = models.BooleanField(_("必要材料"), default=True)
    provision = models.CharField(_("提供方式"), max_length=20, choices=Provision.choices)
    file = models.FileField(_("文件"), upload_to="cases/%Y/%m/", blank=True, max_length=200)
    file_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    content_type = models.CharField(max_length=60, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    certificate_number = models.CharField(_("电子证照编号"), max_length=60, blank=True)
    round = models.PositiveSmallIntegerField(_("提交批次"), default=0)  # 0: with the application; n: nth correction
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["position", "round", "pk"]


class CaseStep(models.Model):
    """One step of the version's process after acceptance (承办 → 审核 → 批准), with its own limit and role."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    index = models.PositiveSmallIntegerField()
    name = models.CharField(_("环节"), max_length=100)
    role = models.CharField(_("岗位"), max_length=30)
    days = models.PositiveSmallIntegerField(_("环节时限（工作日）"), default=0)
    # The org whose staff do the step: empty for the deciding org's own steps (case.org); the lower level's
    # preliminary review (初审) of a case accepted below names that level.
    org = models.ForeignKey(
        "orgs.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("办理机构")
    )
    started_on = models.DateField(_("开始日期"), null=True, blank=True)
    due_on = models.DateField(_("环节期限"), null=True, blank=True)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    opinion = models.TextField(_("意见"), blank=True)

    class Meta:
        verbose_name = _("办理环节")
        verbose_name_plural = _("办理环节")
        ordering = ["index"]
        constraints = [models.UniqueConstraint(fields=["case", "index"], name="case_step_unique_index")]

    @property
    def is_overdue(self) -> bool:
        from .days import today

        return self.done_on is None and self.due_on is not None and self.due_on < today()


class CaseTransfer(models.Model):
    """One hand-over of a case between levels (三级运行): a village service point forwards what it registered to the
    township (转交受理), a lower level reports its preliminary review to the deciding org (上报), or forwards it
    upward with guidance (指导办). Who, when, the opinion, and the receiver's limit."""

    class Kind(models.TextChoices):
        FORWARD = "forward", _("转交受理")
        REPORT = "report", _("上报")
        GUIDE = "guide", _("指导办")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    kind = models.CharField(_("移交方式"), max_length=10, choices=Kind.choices)
    from_org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("移交机构"), db_index=False
    )
    to_org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("接收机构"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    on = models.DateField(_("移交日期"))
    opinion = models.TextField(_("初审意见或指导意见"), blank=True)
    due_on = models.DateField(_("接收方期限"), null=True, blank=True)
    on_time = models.BooleanField(_("按时移交"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("办件移交")
        verbose_name_plural = _("办件移交")
        ordering = ["created_at", "pk"]
        # "The cases an org handed on": staff_cases reads it as a small subquery by from_org.
        indexes = [models.Index(fields=["from_org", "case"], name="case_transfer_from_org")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.from_org_id}→{self.to_org_id}"


class CaseNotice(models.Model):
    """A formal notice of a case (受理通知书, 一次性告知书, 决定书 …): stored as rendered HTML when the act happens;
    its PDF is rendered from that HTML with the shipped fonts on first download and kept."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("受理通知书")
        NOT_ACCEPTED = "not_accepted", _("不予受理决定书")
        CORRECTION = "correction", _("一次性告知书")
        EXTENSION = "extension", _("延长审批期限告知书")
        SPECIAL = "special", _("特别程序告知书")
        SUSPENSION = "suspension", _("中止办理告知书")
        DECISION = "decision", _("行政审批决定书")
        DELIVERY = "delivery", _("送达回证")

    SUFFIXES = {
        Kind.RECEIPT: "SL",
        Kind.NOT_ACCEPTED: "BSL",
        Kind.CORRECTION: "BZ",
        Kind.EXTENSION: "YQ",
        Kind.SPECIAL: "TB",
        Kind.SUSPENSION: "ZZ",
        Kind.DECISION: "JD",
        Kind.DELIVERY: "SD",
    }

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("文书类型"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("文书编号"), max_length=40, unique=True)
    title = models.CharField(_("标题"), max_length=60)
    html = models.TextField()
    pdf = models.FileField(upload_to="case-notices/%Y/%m/", blank=True)
    issued_on = models.DateField(_("日期"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("办件文书")
        verbose_name_plural = _("办件文书")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class CaseDraft(models.Model):
    """An application being filled in (autosaved): one per applicant and item."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_drafts")
    item = models.ForeignKey("catalog.ServiceItem", on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "item"], name="case_draft_one_per_item")]


class CaseFee(models.Model):
    """A fee charged for a case (收费登记): what, how much, on what basis. Supervision compares it with the fees the
    case's item version publishes (a fee not published, or not at the published standard, is an anomaly)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="fees")
    name = models.CharField(_("收费项目"), max_length=100)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    basis = models.CharField(_("收费依据"), max_length=300, blank=True)
    charged_on = models.DateField(_("收费日期"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("收费记录")
        verbose_name_plural = _("收费记录")
        ordering = ["charged_on", "pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.amount}"
