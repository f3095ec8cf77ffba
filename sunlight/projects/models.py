"""Pathways (a city's stages), projects, stage applications (the parent of the departments' cases), the one set of
materials, the opinions departments exchange, joint reviews and the historic durations the forecast reads.

A stage application is the parent case of a parallel approval; each department item of the stage is a child
`cases.Case` (kind 联办件) linked by a `StageCase` row, so the case keeps its own clock, steps and notices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ProjectType(models.TextChoices):
    GOVERNMENT = "government", _("政府投资项目")
    SOCIAL = "social", _("社会投资项目")
    SMALL = "small", _("社会投资小型低风险项目")
    LINEAR = "linear", _("带状（线性）工程项目")


class Pathway(models.Model):
    """A city's approval stages (审批流程): the national four, 新余's five, or the city's own."""

    city = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="pathways", verbose_name=_("城市"))
    name = models.CharField(_("名称"), max_length=100)
    preset = models.CharField(_("预设方案"), max_length=20, blank=True)
    target_days = models.PositiveSmallIntegerField(_("全流程审批时限（工作日）"), default=120)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("审批流程")
        verbose_name_plural = _("审批流程")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Stage(models.Model):
    class Kind(models.TextChoices):
        PARALLEL = "parallel", _("并联审批")
        JOINT_REVIEW = "joint_review", _("多图联审")
        JOINT_ACCEPTANCE = "joint_acceptance", _("联合验收")

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("阶段名称"), max_length=60)
    kind = models.CharField(_("阶段类型"), max_length=20, choices=Kind.choices, default=Kind.PARALLEL)
    lead_org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="lead_stages", verbose_name=_("牵头部门")
    )
    limit_days = models.PositiveSmallIntegerField(_("阶段时限（工作日）"))
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("审批阶段")
        verbose_name_plural = _("审批阶段")
        ordering = ["pathway", "order"]
        constraints = [models.UniqueConstraint(fields=["pathway", "order"], name="stage_order_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_joint(self) -> bool:
        return self.kind != self.Kind.PARALLEL


class StageItem(models.Model):
    class Requirement(models.TextChoices):
        REQUIRED = "required", _("必办")
        CONDITIONAL = "conditional", _("按项目类型必办")
        OPTIONAL = "optional", _("选办")

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey("catalog.ServiceItem", on_delete=models.PROTECT, related_name="stage_uses")
    requirement = models.CharField(_("办理要求"), max_length=20, choices=Requirement.choices)
    project_types = models.JSONField(_("适用项目类型"), default=list, blank=True)  # conditional: required for these
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("阶段事项")
        verbose_name_plural = _("阶段事项")
        ordering = ["stage", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["stage", "item"], name="stage_item_unique")]

    def required_for(self, project_type: str) -> bool:
        if self.requirement == self.Requirement.REQUIRED:
            return True
        return self.requirement == self.Requirement.CONDITIONAL and project_type in (self.project_types or [])


class Project(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("审批中")
        COMPLETED = "completed", _("审批完成")

    code = models.CharField(_("项目代码"), max_length=40, unique=True)
    name = models.CharField(_("项目名称"), max_length=200)
    project_type = models.CharField(_("项目类型"), max_length=20, choices=ProjectType.choices)
    pathway = models.ForeignKey(Pathway, on_delete=models.PROTECT, related_name="projects", verbose_name=_("审批流程"))
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    owner_name = models.CharField(_("建设单位"), max_length=200)
    owner_credit_code = models.CharField(_("统一社会信用代码"), max_length=18)
    location = models.CharField(_("建设地点"), max_length=200)
    investment = models.DecimalField(_("总投资（万元）"), max_digits=14, decimal_places=2)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    started_on = models.DateField(_("首个阶段受理日期"), null=True, blank=True)
    completed_on = models.DateField(_("审批完成日期"), null=True, blank=True)
    total_days = models.PositiveSmallIntegerField(_("审批总用时（工作日）"), null=True, blank=True)
    external_ref = models.CharField(_("来源系统编号"), max_length=60, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("工程建设项目")
        verbose_name_plural = _("工程建设项目")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["pathway", "status", "project_type", "total_days"], name="project_distribution"),
            models.Index(fields=["owner_user", "-created_at"], name="project_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class StageApplication(models.Model):
    """阶段申请: one stage of a project, filed with one form and one set of materials, accepted once."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待受理")
        ACCEPTED = "accepted", _("并联审批中")
        DELIVERED = "delivered", _("已统一出件")
        NOT_ACCEPTED = "not_accepted", _("不予受理")

    ACTIVE = (Status.SUBMITTED, Status.ACCEPTED, Status.DELIVERED)

    number = models.CharField(_("阶段申请编号"), max_length=30, unique=True)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="applications")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    channel = models.CharField(_("申请渠道"), max_length=20, default="window")
    form_data = models.JSONField(_("一张表单"), default=dict, blank=True)
    optional_items = models.JSONField(_("选办事项"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"))
    received_on = models.DateField(_("收到申请日期"))
    accepted_on = models.DateField(_("统一受理日期"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(_("阶段期限"), null=True, blank=True)
    completed_on = models.DateField(_("全部办结日期"), null=True, blank=True)
    delivered_on = models.DateField(_("统一出件日期"), null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    delivery_method = models.CharField(_("出件方式"), max_length=40, blank=True)
    working_days = models.PositiveSmallIntegerField(_("阶段用时（工作日）"), null=True, blank=True)
    refusal_reason = models.TextField(_("不予受理理由"), blank=True)
    external_ref = models.CharField(_("来源系统编号"), max_length=60, blank=True, db_index=True)

    class Meta:
        verbose_name = _("阶段申请")
        verbose_name_plural = _("阶段申请")
        ordering = ["stage__order", "pk"]
        constraints = [
            # A stage is filed and accepted once per project (a refused filing may be filed again).
            models.UniqueConstraint(
                fields=["project", "stage"],
                condition=Q(status__in=["submitted", "accepted", "delivered"]),
                name="stage_application_once",
            )
        ]
        indexes = [models.Index(fields=["stage", "status", "working_days"], name="stage_app_durations")]

    def __str__(self) -> str:
        return f"{self.number} {self.stage.name}"

    @property
    def joint_review(self) -> JointReview | None:
        """The latest joint review (多图联审 / 联合验收), or None; reads a prefetch of joint_reviews when there is one."""
        return max(self.joint_reviews.all(), key=lambda r: r.pk, default=None)

    @property
    def joint_review_passed(self) -> bool:
        review = self.joint_review
        return review is not None and review.passed


class StageMaterial(models.Model):
    """One material of the stage's one list (the items' materials with duplicates merged), given once."""

    class Provision(models.TextChoices):
        UPLOADED = "uploaded", _("已上传")
        IN_PERSON = "in_person", _("现场提交")
        MISSING = "missing", _("未提供")

    application = models.ForeignKey(StageApplication, on_delete=models.CASCADE, related_name="materials")
    position = models.PositiveSmallIntegerField(_("材料序号"))
    name = models.CharField(_("材料名称"), max_length=200)
    required = models.BooleanField(_("必要材料"), default=True)
    provision = models.CharField(_("提供方式"), max_length=20, choices=Provision.choices)
    file = models.FileField(upload_to="projects/%Y/%m/", blank=True, max_length=200)
    file_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    items = models.JSONField(_("所属事项"), default=dict)  # {"<item id>": index in that version's list}

    class Meta:
        ordering = ["position"]


class StageCase(models.Model):
    """A department's case in a stage (子件)."""

    application = models.ForeignKey(StageApplication, on_delete=models.CASCADE, related_name="children")
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="stage_link")
    stage_item = models.ForeignKey(StageItem, on_delete=models.PROTECT, related_name="+")
    required = models.BooleanField(_("必办"), default=True)

    class Meta:
        ordering = ["pk"]


class Consultation(models.Model):
    """征求意见: one department asks another for its opinion on the stage, within a step limit of its own."""

    application = models.ForeignKey(StageApplication, on_delete=models.CASCADE, related_name="consultations")
    from_org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("征求部门"))
    to_org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("被征求部门"))
    question = models.TextField(_("征求事项"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    asked_on = models.DateField(_("征求日期"))
    days = models.PositiveSmallIntegerField(_("答复时限（工作日）"))
    due_on = models.DateField(_("答复期限"))
    answer = models.TextField(_("意见"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")
        ordering = ["asked_on", "pk"]


class JointReview(models.Model):
    """多图联审 / 联合验收: the departments of a stage review one set of drawings (or the finished works) together."""

    # A failed review is followed by another once the owner has put things right (整改后复审): the latest decides.
    application = models.ForeignKey(StageApplication, on_delete=models.CASCADE, related_name="joint_reviews")
    held_on = models.DateField(_("联审日期"))
    conclusion = models.TextField(_("联审结论"))
    passed = models.BooleanField(_("通过"), default=True)
    opinions = models.JSONField(_("各部门意见"), default=list)  # [{"org": id, "org_name": …, "opinion": …}]
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")


class DurationStat(models.Model):
    """Historic working days of an item's joint cases (acceptance → decision) or of a stage (acceptance →
    delivery): median and 90th percentile, refreshed nightly for the forecast."""

    key = models.CharField(max_length=40, unique=True)  # "item:<id>" or "stage:<id>"
    samples = models.PositiveIntegerField(default=0)
    median = models.FloatField(default=0)
    p90 = models.FloatField(default=0)
    computed_at = models.DateTimeField(auto_now=True)
