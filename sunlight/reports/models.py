"""年度报告 (Art. 49–50; format 国办公开办函〔2021〕30号): what staff write and enter for a year's report.

Every number of the report is computed from the records (reports/annual.py); what the records do not
hold yet is entered here per org and year (YearFigures: licensing, penalty and coercion decisions and
administrative fee income, until the case module supplies them), and the narrative sections are text
written by staff (AnnualReport). A published report is a Document of genre 报告 in the catalog.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class YearFigures(models.Model):
    """The section 二 figures the platform does not record itself, entered or imported per org and year."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="year_figures", verbose_name=_("机构"))
    year = models.PositiveSmallIntegerField(_("年度"))
    licensing_decisions = models.PositiveIntegerField(_("行政许可 本年处理决定数量"), default=0)
    penalty_decisions = models.PositiveIntegerField(_("行政处罚 本年处理决定数量"), default=0)
    coercion_decisions = models.PositiveIntegerField(_("行政强制 本年处理决定数量"), default=0)
    fee_income = models.DecimalField(
        _("行政事业性收费 本年收费金额（万元）"), max_digits=14, decimal_places=4, default=0
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("年度数据")
        verbose_name_plural = _("年度数据")
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="reports_year_figures_unique")]

    def __str__(self) -> str:
        return f"{self.org} {self.year}"


class AnnualReport(models.Model):
    """One org's (or a government's consolidated) annual report for a year: its narrative and its state.

    The tables are not stored: they are computed when the report is shown, exported or published, and
    the published Document keeps the text as it was on that day. Whether the report is published is its
    document's state (the catalog's own acts publish and withdraw it), read, never copied.
    """

    class Scope(models.TextChoices):
        ORG = "org", _("本机关")
        SUBTREE = "subtree", _("本级政府及所属部门（汇总）")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="annual_reports", verbose_name=_("机构"))
    year = models.PositiveSmallIntegerField(_("年度"))
    scope = models.CharField(_("统计范围"), max_length=20, choices=Scope.choices, default=Scope.ORG)
    overview = models.TextField(_("一、总体情况"), blank=True)
    proactive_note = models.TextField(_("二、主动公开政府信息情况（说明）"), blank=True)
    requests_note = models.TextField(_("三、收到和处理政府信息公开申请情况（说明）"), blank=True)
    appeals_note = models.TextField(_("四、政府信息公开行政复议、行政诉讼情况（说明）"), blank=True)
    problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    other_matters = models.TextField(_("六、其他需要报告的事项"), blank=True)
    document = models.ForeignKey(
        "disclosure.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("发布的文件"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")
        ordering = ["-year", "org_id"]
        constraints = [models.UniqueConstraint(fields=["org", "year", "scope"], name="reports_annual_report_unique")]

    def __str__(self) -> str:
        return f"{self.org} {self.year}年政府信息公开工作年度报告"

    @property
    def status(self) -> str:
        from sunlight.disclosure.models import Document

        published = self.document_id is not None and self.document.status == Document.Status.PUBLISHED
        return self.Status.PUBLISHED if published else self.Status.DRAFT

    @property
    def published_at(self):
        return self.document.published_at if self.status == self.Status.PUBLISHED else None
