"""月报: one org's disclosure figures for one calendar month."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MonthlyReport(models.Model):
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="monthly_reports", verbose_name=_("机构")
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    month = models.PositiveSmallIntegerField(_("月份"))
    documents_published = models.PositiveIntegerField(_("主动公开政府信息"), default=0)
    requests_received = models.PositiveIntegerField(_("收到公开申请"), default=0)
    requests_replied = models.PositiveIntegerField(_("答复公开申请"), default=0)
    replied_late = models.PositiveIntegerField(_("其中逾期答复"), default=0)
    open_at_month_end = models.PositiveIntegerField(_("月末尚未办结"), default=0)
    generated_at = models.DateTimeField(_("生成时间"))

    class Meta:
        verbose_name = _("信息公开月报")
        verbose_name_plural = _("信息公开月报")
        ordering = ["-year", "-month", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "year", "month"], name="one_monthly_report_per_month")]

    def __str__(self) -> str:
        return f"{self.org} {self.year}-{self.month:02d}"

    @property
    def period(self) -> str:
        return f"{self.year}-{self.month:02d}"
