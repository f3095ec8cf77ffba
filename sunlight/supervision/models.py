"""Electronic supervision (电子监察): the rules people are held to, the lights of every open clocked object, the
alerts and cards the rules raise, and the supervisor's 督办单.

`Watch` is supervision's own row for one clocked object (a case, a stage of a parallel approval, an information
request, later a letter): its org, deadline and the day it turns yellow, kept current by the acts (on commit) and by
the nightly sweep, so that lights and time-based rules over a million objects are a few set-based statements
(sweep.py) rather than a loop over the domain tables."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    CASE = "case", _("办件")
    STAGE = "stage", _("并联审批阶段")
    REQUEST = "request", _("依申请公开")
    LETTER = "letter", _("群众来信")
    CERTIFICATE = "certificate", _("电子证照")


class Light(models.TextChoices):
    GREEN = "green", _("绿灯")
    YELLOW = "yellow", _("黄灯")
    RED = "red", _("红灯")
    PAUSED = "paused", _("计时暂停")


class Phase(models.TextChoices):
    ACCEPT = "accept", _("受理")
    REVIEW = "review", _("下级初审")
    HANDLE = "handle", _("办理")
    PAUSED = "paused", _("补正")
    SPECIAL = "special", _("特别程序或中止")
    DELIVER = "deliver", _("送达")
    CLOSED = "closed", _("办结")


class Severity(models.TextChoices):
    REMINDER = "reminder", _("提醒")
    YELLOW_CARD = "yellow_card", _("黄牌")
    RED_CARD = "red_card", _("红牌")
    URGE = "urge", _("督办")


class Rule(models.Model):
    """监察规则, one version of it. The condition is code (rules.py, by `code`); what it weighs, whom it tells and its
    thresholds are data, versioned and effective from a date, and published."""

    code = models.CharField(_("规则编号"), max_length=40)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    name = models.CharField(_("规则名称"), max_length=100)
    description = models.TextField(_("说明"), blank=True)
    basis = models.CharField(_("依据"), max_length=300, blank=True)
    watches = models.JSONField(_("监察对象"), default=list)
    severity = models.CharField(_("等级"), max_length=20, choices=Severity.choices)
    recipients = models.JSONField(_("通知对象"), default=list)
    params = models.JSONField(_("阈值"), default=dict, blank=True)
    effective_on = models.DateField(_("生效日期"))
    active = models.BooleanField(_("启用"), default=True)
    reason = models.CharField(_("修订理由"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("监察规则")
        verbose_name_plural = _("监察规则")
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="supervision_rule_version")]

    def __str__(self) -> str:
        return f"{self.code} v{self.version} {self.name}"


OPEN_WATCH = Q(open=True)


class Watch(models.Model):
    kind = models.CharField(_("对象类型"), max_length=12, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    number = models.CharField(_("编号"), max_length=40)
    title = models.CharField(_("名称"), max_length=200, blank=True)
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("责任机构"))
    phase = models.CharField(_("阶段"), max_length=10, choices=Phase.choices, default=Phase.HANDLE)
    opened_on = models.DateField(_("开始日期"))
    limit_days = models.PositiveSmallIntegerField(_("法定时限（工作日）"), default=0)
    promised_days = models.PositiveSmallIntegerField(_("承诺时限（工作日）"), default=0)
    due_on = models.DateField(_("期限"), null=True, blank=True)  # the nearer of the promised and statutory deadline
    legal_due_on = models.DateField(_("法定期限"), null=True, blank=True)
    yellow_on = models.DateField(_("黄灯日期"), null=True, blank=True)
    # The current step (or a special procedure's allowed time): its limit, for the step rules.
    step_key = models.CharField(_("环节"), max_length=20, blank=True)
    step_name = models.CharField(_("环节名称"), max_length=100, blank=True)
    step_due_on = models.DateField(_("环节期限"), null=True, blank=True)
    light = models.CharField(_("灯"), max_length=10, choices=Light.choices, default=Light.GREEN)
    light_since = models.DateField(_("亮灯日期"))
    open = models.BooleanField(_("在办"), default=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    on_time = models.BooleanField(_("按时办结"), null=True, blank=True)
    used_days = models.PositiveSmallIntegerField(_("实际用时（工作日）"), null=True, blank=True)
    item = models.ForeignKey(
        "catalog.ServiceItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    checked_at = models.DateTimeField(_("最近检查"), auto_now=True)

    class Meta:
        verbose_name = _("监察对象")
        verbose_name_plural = _("监察对象")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="supervision_watch_object")]
        indexes = [
            # The sweep: open objects turning red, and turning yellow, found by deadline in an index.
            models.Index(fields=["due_on", "light"], name="watch_open_due", condition=OPEN_WATCH),
            models.Index(fields=["yellow_on", "light"], name="watch_open_yellow", condition=OPEN_WATCH),
            models.Index(fields=["legal_due_on"], name="watch_open_legal", condition=OPEN_WATCH),
            models.Index(fields=["step_due_on"], name="watch_open_step", condition=OPEN_WATCH),
            # Dashboards: lights by org.
            models.Index(fields=["org", "light"], name="watch_open_org_light", condition=OPEN_WATCH),
            models.Index(fields=["org", "closed_on"], name="watch_closed_org"),
            # The month's indicators: what was received, and what closed, in a range of days (covering).
            models.Index(fields=["opened_on", "kind", "org"], name="watch_opened"),
            models.Index(fields=["closed_on", "kind", "org"], name="watch_closed_on", condition=Q(open=False)),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class LightTally(models.Model):
    """How many open watches of an org, of a kind, show a light: kept by every evaluation and by the sweep (from the
    changes it makes), recounted nightly, so that dashboards never count a million rows."""

    org = models.ForeignKey("orgs.Org", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    light = models.CharField(max_length=10, choices=Light.choices)
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("亮灯统计")
        verbose_name_plural = _("亮灯统计")
        constraints = [models.UniqueConstraint(fields=["org", "kind", "light"], name="supervision_tally_key")]


class LightChange(models.Model):
    """The history of a light: one row each time it changes."""

    watch = models.ForeignKey(Watch, on_delete=models.CASCADE, related_name="changes")
    org = models.ForeignKey("orgs.Org", null=True, on_delete=models.CASCADE, related_name="+", db_index=False)
    on = models.DateField(_("日期"))
    old = models.CharField(_("原灯"), max_length=10, choices=Light.choices, blank=True)
    new = models.CharField(_("新灯"), max_length=10, choices=Light.choices)

    class Meta:
        verbose_name = _("亮灯记录")
        verbose_name_plural = _("亮灯记录")
        # The dashboard's trend (new red lights a day): the changes to one light in a range of days.
        indexes = [models.Index(fields=["new", "on", "org"], name="light_change_day")]


class Alert(models.Model):
    """告警: one finding of one rule on one object. A yellow or red card is an alert of that severity. Nothing is
    deleted: a wrong card is withdrawn (撤销) by an act with reasons, an answered one closed with a conclusion."""

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        APPEALED = "appealed", _("申诉中")
        CLOSED = "closed", _("已办结")
        WITHDRAWN = "withdrawn", _("已撤销")

    rule = models.ForeignKey(Rule, on_delete=models.PROTECT, related_name="alerts", verbose_name=_("规则"))
    code = models.CharField(_("规则编号"), max_length=40)
    severity = models.CharField(_("等级"), max_length=20, choices=Severity.choices)
    kind = models.CharField(_("对象类型"), max_length=12, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    key = models.CharField(max_length=60, default="", blank=True)  # one alert per rule, object and key (e.g. step)
    number_ref = models.CharField(_("对象编号"), max_length=40)
    title = models.CharField(_("对象名称"), max_length=200, blank=True)
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("责任机构"))
    detail = models.TextField(_("情况"))
    found_on = models.DateField(_("发现日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    conclusion = models.TextField(_("处理结论"), blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notified = models.BooleanField(_("已通知"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("告警")
        verbose_name_plural = _("告警")
        ordering = ["-found_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["code", "kind", "object_id", "key"], name="supervision_alert_once")
        ]
        indexes = [
            models.Index(fields=["org", "status", "found_on"], name="alert_org_status"),
            models.Index(fields=["kind", "object_id"], name="alert_object"),
            models.Index(fields=["found_on", "severity"], name="alert_day"),
            models.Index(fields=["notified"], name="alert_unnotified", condition=Q(notified=False)),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.get_severity_display()}"

    @property
    def number(self) -> str:
        return f"JC{self.found_on:%Y%m}{self.pk:07d}"

    @classmethod
    def numbered(cls, ref: str) -> models.QuerySet[Alert]:
        """The alert a number (JC + year and month found + id) names; none when it is not such a number."""
        ref = (ref or "").strip().upper()
        if not (len(ref) == 15 and ref.startswith("JC") and ref[2:].isdigit()):
            return cls.objects.none()
        return cls.objects.filter(pk=int(ref[8:]), found_on__year=int(ref[2:6]), found_on__month=int(ref[6:8]))

    @property
    def is_card(self) -> bool:
        return self.severity in (Severity.YELLOW_CARD, Severity.RED_CARD)


class AlertAct(models.Model):
    """What people did with an alert: correction (the finding was wrong), appeal and its decision, close, reopen."""

    class Act(models.TextChoices):
        CORRECT = "correct", _("更正撤销")
        APPEAL = "appeal", _("申诉")
        UPHOLD = "uphold", _("申诉成立")
        REJECT = "reject", _("申诉不成立")
        CLOSE = "close", _("办结")

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="acts")
    act = models.CharField(_("操作"), max_length=10, choices=Act.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(_("理由"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("告警处理记录")
        verbose_name_plural = _("告警处理记录")
        ordering = ["at", "pk"]


class UrgeOrder(models.Model):
    """督办单: a supervisor's written demand to an org, with a deadline; the org answers (整改情况); the supervisor
    closes it or escalates it to the level above."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("待答复")
        ANSWERED = "answered", _("已答复")
        CLOSED = "closed", _("已办结")
        ESCALATED = "escalated", _("已提级督办")

    number = models.CharField(_("督办单编号"), max_length=30, unique=True)
    alert = models.ForeignKey(
        Alert, null=True, blank=True, on_delete=models.PROTECT, related_name="urge_orders", verbose_name=_("告警")
    )
    watch = models.ForeignKey(
        Watch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("监察对象")
    )
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("被督办机构"))
    issuer_org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("督办机构"))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="escalations", verbose_name=_("原督办单")
    )
    demand = models.TextField(_("督办事项和要求"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    issued_on = models.DateField(_("督办日期"))
    due_on = models.DateField(_("答复期限"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ISSUED)
    answer = models.TextField(_("整改情况"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    conclusion = models.TextField(_("办结意见"), blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("督办单")
        verbose_name_plural = _("督办单")
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["org", "status"], name="urge_org_status")]

    def __str__(self) -> str:
        return self.number


class SupervisionReport(models.Model):
    """The monthly supervision report of an org and its subtree: the figures frozen when it was generated."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("机构"))
    year = models.PositiveSmallIntegerField(_("年"))
    month = models.PositiveSmallIntegerField(_("月"))
    data = models.JSONField(default=dict)
    generated_at = models.DateTimeField(_("生成时间"), auto_now=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("电子监察月报")
        verbose_name_plural = _("电子监察月报")
        ordering = ["-year", "-month", "org"]
        constraints = [models.UniqueConstraint(fields=["org", "year", "month"], name="supervision_report_month")]
