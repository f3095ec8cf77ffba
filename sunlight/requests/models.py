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

    # The outcome as the law names it (条例第三十六条至第三十九条), for notices to the applicant: no report
    # numbering and no counting note (“区分处理的，只计这一情形” tells the annual report how to count, not
    # the applicant what was decided). Legal text, not UI: never translated.
    LEGAL_NAMES = {
        Category.DISCLOSED: "予以公开",
        Category.PARTIAL: "部分公开",
        Category.WITHHELD: "不予公开",
        Category.UNAVAILABLE: "无法提供",
        Category.NOT_HANDLED: "不予处理",
        Category.OTHER: "其他处理",
    }

    category = models.CharField(_("答复类型"), max_length=20, choices=Category.choices)
    number = models.PositiveSmallIntegerField(
        _("序号"), null=True, blank=True, help_text=_("类型内的理由序号；予以公开、部分公开为空。")
    )
    label = models.CharField(_("名称"), max_length=80)
    article = models.CharField(_("法律依据"), max_length=60, blank=True)
    report_label = models.CharField(
        _("年报行名"), max_length=80, help_text=_("年度报告中印刷的原文，如“1.属于国家秘密”。")
    )
    order = models.PositiveSmallIntegerField(_("年报行序"))
    is_active = models.BooleanField(
        _("启用"), default=True, help_text=_("停用后不能再用于新的答复，已有的统计不受影响。")
    )

    class Meta:
        verbose_name = _("答复类型")
        verbose_name_plural = _("答复类型")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["category", "number"], name="requests_outcome_unique_number"),
            # NULLs are distinct in a unique index, so the single-row categories need their own.
            models.UniqueConstraint(
                fields=["category"], condition=Q(number__isnull=True), name="requests_outcome_unique_single_row"
            ),
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

    @property
    def legal_name(self) -> str:
        """The name printed on the reply notice: '部分公开', '不予公开（属于国家秘密）' — never the report's row label."""
        name = self.LEGAL_NAMES[self.category]
        reason = self.label.strip()
        if self.number is None or not reason or reason in (name, "其他"):
            return name
        return f"{name}（{reason}）"


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
    counts_toward_clock = models.BooleanField(
        _("计入答复期限"), default=True, help_text=_("该期间是否计算在答复期限内。")
    )
    is_verified = models.BooleanField(
        _("已核实"), default=True, help_text=_("未核实的规则可在后台调整，见 docs/requests.md。")
    )
    order = models.PositiveSmallIntegerField(_("排序"))

    class Meta:
        verbose_name = _("法定时限")
        verbose_name_plural = _("法定时限")
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.name}（{self.article}，{self.days}{self.get_unit_display()}）"


def _estimated(start, end) -> bool:
    """A date counted from start to end went through a year without its official holiday notice (shown as 预计)."""
    from sunlight.clock.calendar import estimated_in

    return estimated_in(start, end)


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
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="info_requests", verbose_name=_("受理机关")
    )
    channel = models.CharField(_("申请方式"), max_length=20, choices=Channel.choices)
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="info_requests",
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
    received_on = models.DateField(
        _("收到申请日期"),
        help_text=_(
            "第三十一条：当面提交为提交之日；挂号邮寄为签收之日；平常信函为与申请人确认之日；网络、传真为双方确认之日。"
        ),
    )
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PROCESSING)
    clock_events = models.JSONField(default=list)
    due_on = models.DateField(_("答复期限"), null=True, blank=True)
    corrections = models.PositiveSmallIntegerField(_("补正告知次数"), default=0)
    correction_due_on = models.DateField(_("补正期限"), null=True, blank=True)
    extended_days = models.PositiveSmallIntegerField(_("延长工作日"), default=0)
    outcome = models.ForeignKey(Outcome, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("答复类型"))
    reply_text = models.TextField(_("答复内容"), blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    # What some outcomes must carry (Art. 36–37): the withheld parts of a partial disclosure, each with
    # its reason ([{"part": ..., "reason": ...}]); the published document an "already disclosed" reply
    # points to; the agency that holds the information when it is not this one.
    withheld_parts = models.JSONField(_("不予公开的部分及理由"), default=list, blank=True)
    disclosed_document = models.ForeignKey(
        "disclosure.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("已公开的政府信息"),
    )
    referred_agency = models.CharField(_("负责公开该信息的机关"), max_length=200, blank=True)
    repeat_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeats",
        verbose_name=_("重复的申请"),
    )
    # 一事一申请: a request split off from a submission with several unrelated matters.
    split_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="split_into",
        verbose_name=_("拆分自"),
    )
    # Art. 35: a reasonable later deadline set for an applicant's excessive requests (recorded as a clock event).
    reasonable_due_on = models.DateField(_("第三十五条确定的答复期限"), null=True, blank=True)
    # 信息处理费 (国办函〔2020〕109号): one method per request; the amount is computed by fees.py, never typed.
    fee_method = models.CharField(_("收费方式"), max_length=20, blank=True)
    fee_pages = models.PositiveIntegerField(_("计费页数"), null=True, blank=True)
    fee_amount = models.DecimalField(_("信息处理费（元）"), max_digits=10, decimal_places=2, null=True, blank=True)
    fee_notified_on = models.DateField(_("收费通知日期"), null=True, blank=True)
    fee_due_on = models.DateField(_("缴费期限"), null=True, blank=True)
    fee_paid_on = models.DateField(_("缴费日期"), null=True, blank=True)
    # Art. 44: the draft document created because several applicants asked for this information.
    proactive_document = models.ForeignKey(
        "disclosure.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_requests",
        verbose_name=_("转为主动公开的文件"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        indexes = [
            models.Index(fields=["org", "status", "due_on"], name="request_queue"),
            models.Index(fields=["org", "received_on"], name="request_org_received"),
            # The queue's default order: open requests by deadline, read in order instead of sorted.
            models.Index(
                fields=["org", "due_on", "received_on", "id"],
                name="request_open_by_deadline",
                condition=~Q(status="closed"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.description[:30]}"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def deadline_waits_for_calendar(self) -> bool:
        """Running, but the deadline falls in days the working-day calendar does not hold yet (Clock.known_due_date)."""
        return self.status == self.Status.PROCESSING and self.due_on is None

    @property
    def due_on_estimated(self) -> bool:
        """The deadline is counted through a year whose official holiday notice is not entered: show it as 预计."""
        return self.due_on is not None and _estimated(self.received_on, self.due_on)

    @property
    def fee_due_on_estimated(self) -> bool:
        return bool(self.fee_due_on and self.fee_notified_on) and _estimated(self.fee_notified_on, self.fee_due_on)

    def applicant_notices(self):
        """The notices addressed to the applicant (not the letters to consulted parties)."""
        return self.notices.exclude(kind__in=Notice.PARTY_LETTERS)


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
        THIRD_PARTY_DECISION = "third_party_decision", _("第三方公开决定告知书")
        DEADLINE = "deadline", _("答复期限告知书")

    # The letter's title as printed (legal text, never translated) and the suffix of its number.
    TITLES = {
        Kind.RECEIPT: "政府信息公开申请受理回执",
        Kind.CORRECTION: "政府信息公开申请补正告知书",
        Kind.EXTENSION: "政府信息公开申请延期答复告知书",
        Kind.REPLY: "政府信息公开申请答复告知书",
        Kind.CONSULTATION: "政府信息公开第三方意见征询函",
        Kind.FEE: "政府信息公开信息处理费收费通知书",
        Kind.THIRD_PARTY_DECISION: "政府信息公开决定告知书（第三方）",
        Kind.DEADLINE: "政府信息公开申请答复期限告知书",
    }
    SUFFIXES = {
        Kind.RECEIPT: "SL",
        Kind.CORRECTION: "BZ",
        Kind.EXTENSION: "YQ",
        Kind.REPLY: "DF",
        Kind.CONSULTATION: "ZX",
        Kind.FEE: "SF",
        Kind.THIRD_PARTY_DECISION: "DSF",
        Kind.DEADLINE: "QX",
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

    # Letters addressed to a consulted party, not to the applicant: never shown or sent to the applicant.
    PARTY_LETTERS = (Kind.CONSULTATION, Kind.THIRD_PARTY_DECISION)


class Consultation(models.Model):
    """征求意见: a written consultation of a third party (Art. 32), another agency or a co-producer (Art. 34).

    While any consultation of a request is open the reply clock is paused (Art. 33: the time is not
    counted); it resumes when the last one is answered or lapses. A third party's reasoned objection
    means no disclosure unless the agency finds a major public interest — then `public_interest_override`
    and its reason are recorded and the third party is told in writing.
    """

    class Kind(models.TextChoices):
        THIRD_PARTY = "third_party", _("第三方")
        AGENCY = "agency", _("其他机关")
        CO_PRODUCER = "co_producer", _("共同制作机关")

    class Answer(models.TextChoices):
        PENDING = "pending", _("等待答复")
        CONSENT = "consent", _("同意公开")
        OBJECTION = "objection", _("不同意公开")
        NO_REPLY = "no_reply", _("逾期未答复")

    request = models.ForeignKey(
        InfoRequest, on_delete=models.CASCADE, related_name="consultations", verbose_name=_("申请")
    )
    kind = models.CharField(_("征求对象类别"), max_length=20, choices=Kind.choices)
    party = models.CharField(_("征求对象"), max_length=200)
    party_address = EncryptedTextField(_("征求对象联系方式"), purpose="requests.consultation_party", blank=True)
    matter = models.TextField(_("征求意见的事项"))
    sent_on = models.DateField(_("发函日期"))
    due_on = models.DateField(_("答复期限"))
    answer = models.CharField(_("意见"), max_length=20, choices=Answer.choices, default=Answer.PENDING)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answer_text = models.TextField(_("意见内容或理由"), blank=True)
    public_interest_override = models.BooleanField(_("因公共利益决定公开"), default=False)
    override_reason = models.TextField(_("公共利益理由"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")
        ordering = ["sent_on", "pk"]
        indexes = [models.Index(fields=["answer", "due_on"], name="consultation_open_by_due")]

    @property
    def due_on_estimated(self) -> bool:
        return _estimated(self.sent_on, self.due_on)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.party}"

    @property
    def is_open(self) -> bool:
        return self.answer == self.Answer.PENDING


class Appeal(models.Model):
    """行政复议 / 行政诉讼 about a disclosure matter, linked to the request it concerns (section 四 of the report).

    Counted in the annual report of the year it was filed, by its result as of 31 December of that
    year (decided later = 尚未审结); see reports/annual.py.
    """

    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", _("行政复议")
        LAWSUIT_DIRECT = "lawsuit_direct", _("行政诉讼（未经复议直接起诉）")
        LAWSUIT_AFTER = "lawsuit_after", _("行政诉讼（复议后起诉）")

    class Result(models.TextChoices):
        UPHELD = "upheld", _("结果维持")
        CORRECTED = "corrected", _("结果纠正")
        OTHER = "other", _("其他结果")
        PENDING = "pending", _("尚未审结")

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="appeals", verbose_name=_("被申请人/被告机关")
    )
    request = models.ForeignKey(
        InfoRequest,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals",
        verbose_name=_("相关申请"),
    )
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    case_number = models.CharField(_("案号"), max_length=100, blank=True)
    filed_on = models.DateField(_("申请或起诉日期"))
    result = models.CharField(_("结果"), max_length=20, choices=Result.choices, default=Result.PENDING)
    decided_on = models.DateField(_("审结日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("行政复议、行政诉讼")
        verbose_name_plural = _("行政复议、行政诉讼")
        ordering = ["-filed_on", "pk"]
        indexes = [models.Index(fields=["org", "filed_on"], name="appeal_org_filed")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(result="pending") & Q(decided_on__isnull=True))
                | (~Q(result="pending") & Q(decided_on__isnull=False)),
                name="requests_appeal_decided_iff_result",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number or self.filed_on}"


class Extension(models.Model):
    """延期申请 (Art. 33): the handler asks for more working days with a reason; the head of the disclosure office
    (an approver of the agency) approves or refuses it in their own session. Only an approval extends the clock and
    issues the extension notice (actions.approve_extension → actions.extend)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待批准")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("不予批准")

    request = models.ForeignKey(
        InfoRequest, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("申请")
    )
    days = models.PositiveSmallIntegerField(_("延长工作日"))
    reason = models.TextField(_("延期理由"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("提出人")
    )
    requested_on = models.DateField(_("提出日期"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("审批人"),
    )
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)
    decision_reason = models.TextField(_("审批意见"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"], condition=Q(status="pending"), name="requests_one_pending_extension"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request.number} {self.get_status_display()}"


class ReplyDraft(models.Model):
    """答复稿: with settings.REQUESTS_REPLY_SIGNOFF the handler's reply waits for a reviewer's sign-off (签发) in the
    reviewer's own session; signing runs the reply act with the sign-off recorded, returning it sends it back to
    the handler with the reason. `details` holds what actions.reply takes beyond the outcome and text (ids)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待签发")
        RETURNED = "returned", _("已退回")
        SIGNED = "signed", _("已签发")

    request = models.ForeignKey(
        InfoRequest, on_delete=models.CASCADE, related_name="reply_drafts", verbose_name=_("申请")
    )
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, verbose_name=_("答复类型"))
    text = models.TextField(_("答复内容"))
    details = models.JSONField(default=dict, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("拟稿人")
    )
    drafted_on = models.DateField(_("拟稿日期"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("签发人"),
    )
    decided_on = models.DateField(_("签发或退回日期"), null=True, blank=True)
    decision_reason = models.TextField(_("退回理由"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("答复稿")
        verbose_name_plural = _("答复稿")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"], condition=Q(status="pending"), name="requests_one_pending_reply_draft"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request.number} {self.get_status_display()}"


class ReplyAttachment(models.Model):
    """A file disclosed with the reply (the information itself): checked like every upload
    (sunlight.disclosure.attachments.inspect: content sniffed, size limited), stored with the request, listed in the
    reply notice, downloadable by staff who see the request and, once the reply is sent, by the applicant."""

    request = models.ForeignKey(
        InfoRequest, on_delete=models.CASCADE, related_name="reply_attachments", verbose_name=_("申请")
    )
    file = models.FileField(upload_to="request_replies/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("答复附件")
        verbose_name_plural = _("答复附件")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
