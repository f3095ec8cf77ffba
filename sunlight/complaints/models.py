"""An efficiency complaint (效能投诉) and what it is about: a case, a window or a member of staff.

`org` is the org complained about (the case's org, the window's center, the staff member's org); `supervising_org`
the one that handles it: the nearest org at or above `org` with a supervisor (监察人员), else the root of the tree.
The complainant's phone is SM4-encrypted at rest; only the hash of the query code is kept. The acts are events
(complaints.*), so the history is the event log's.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sunlight.fields import EncryptedTextField


class Complaint(models.Model):
    class About(models.TextChoices):
        CASE = "case", _("办件")
        WINDOW = "window", _("窗口")
        STAFF = "staff", _("工作人员")

    class Channel(models.TextChoices):
        ONLINE = "online", _("网上投诉")
        WINDOW = "window", _("窗口登记")
        PHONE = "phone", _("12345热线")

    class Status(models.TextChoices):
        RECEIVED = "received", _("已受理")
        INVESTIGATING = "investigating", _("调查中")
        CONCLUDED = "concluded", _("已办结")

    class Conclusion(models.TextChoices):
        UPHELD = "upheld", _("属实")
        PARTLY = "partly", _("部分属实")
        NOT_UPHELD = "not_upheld", _("不属实")

    OPEN = (Status.RECEIVED, Status.INVESTIGATING)

    number = models.CharField(_("投诉编号"), max_length=30, unique=True)
    about = models.CharField(_("投诉对象"), max_length=10, choices=About.choices)
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("被投诉办件"),
    )
    window = models.ForeignKey(
        "orgs.Window", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("被投诉窗口")
    )
    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints_about",
        verbose_name=_("被投诉工作人员"),
    )
    staff_name = models.CharField(_("工作人员姓名或工号"), max_length=60, blank=True)
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("被投诉机构"))
    supervising_org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("办理机构")
    )
    complainant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
        verbose_name=_("投诉人账户"),
    )
    complainant_name = models.CharField(_("投诉人"), max_length=100)
    phone = EncryptedTextField(_("联系电话"), purpose="complaints.phone", blank=True)
    channel = models.CharField(_("投诉渠道"), max_length=10, choices=Channel.choices)
    content = models.TextField(_("投诉内容"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("登记人"),
    )
    received_on = models.DateField(_("受理日期"))
    due_on = models.DateField(_("办理期限"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    notes = models.JSONField(_("调查情况"), default=list, blank=True)  # [{"on", "by", "text"}]
    conclusion = models.CharField(_("调查结论"), max_length=20, choices=Conclusion.choices, blank=True)
    findings = models.TextField(_("调查认定"), blank=True)
    measures = models.TextField(_("处理措施"), blank=True)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("办结人"),
    )
    on_time = models.BooleanField(_("按期办结"), null=True, blank=True)
    query_code_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # The number of the supervision card or alert (监察卡 / 督办) the conclusion links to; free text until the
    # supervision module links it.
    card_ref = models.CharField(_("关联督办编号"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("效能投诉")
        verbose_name_plural = _("效能投诉")
        indexes = [
            models.Index(fields=["supervising_org", "status", "due_on"], name="complaint_supervising_due"),
            models.Index(fields=["org", "received_on"], name="complaint_org_received"),
            models.Index(fields=["complainant_user", "-created_at"], name="complaint_complainant"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.get_about_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def target_label(self) -> str:
        """What is complained about, in words: the case number, the window, the member of staff."""
        if self.about == self.About.CASE and self.case_id:
            return self.case.number
        if self.about == self.About.WINDOW and self.window_id:
            return str(self.window)
        if self.about == self.About.STAFF:
            who = self.staff_user.display_name if self.staff_user_id else self.staff_name
            return f"{who}（{self.window}）" if self.window_id else who
        return ""
