"""基层民主 in a village or community: who may take part (registered residents, 户籍), 民主评议 of village affairs
(one ballot per resident: 满意 / 基本满意 / 不满意) and 村民议事 votes on proposals (one vote per resident), with the
results published. The village is an `orgs.Org` of kind COMMITTEE (村（居）民委员会). The acts are events
(democracy.*), so the history is the event log's."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_OPTIONS = ["同意", "不同意", "弃权"]


def default_options() -> list[str]:
    return list(DEFAULT_OPTIONS)


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")
    PUBLISHED = "published", _("已公布结果")


PUBLIC_STATUSES = (Status.OPEN, Status.CLOSED, Status.PUBLISHED)


class Resident(models.Model):
    """A person whose registered residence (户籍) is in the village, recorded by the village committee's staff."""

    org = models.ForeignKey(
        "orgs.Org",
        on_delete=models.PROTECT,
        related_name="residents",
        limit_choices_to={"kind": "committee"},
        verbose_name=_("村（居）民委员会"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="residences", verbose_name=_("居民账户")
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("登记人"),
    )
    registered_on = models.DateField(_("登记日期"))
    is_active = models.BooleanField(_("有效"), default=True)
    ended_on = models.DateField(_("注销日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("登记居民")
        verbose_name_plural = _("登记居民")
        constraints = [models.UniqueConstraint(fields=["org", "user"], name="democracy_unique_resident")]
        indexes = [models.Index(fields=["user", "is_active"], name="democracy_resident_user")]

    def __str__(self) -> str:
        return f"{self.user} · {self.org}"


class Evaluation(models.Model):
    """民主评议: residents grade a piece of village affairs (村务公开, 村干部述职, …)."""

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("村（居）民委员会")
    )
    title = models.CharField(_("标题"), max_length=200)
    subject = models.CharField(_("评议内容"), max_length=60)
    description = models.TextField(_("说明"), blank=True)
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("截止日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    documents = models.ManyToManyField(
        "disclosure.Document", blank=True, related_name="+", verbose_name=_("关联的三务公开信息")
    )
    # {"counts": {grade: n}, "total": n, "satisfied_rate": "85.0"}: set on closing, public once published.
    result = models.JSONField(_("评议结果"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("民主评议")
        verbose_name_plural = _("民主评议")
        ordering = ["-start_on", "-pk"]
        indexes = [models.Index(fields=["org", "status"], name="democracy_eval_org_status")]

    def __str__(self) -> str:
        return self.title

    def result_rows(self) -> list[tuple[str, int]]:
        counts = self.result.get("counts") or {}
        return [(label, counts.get(grade, 0)) for grade, label in EvaluationBallot.Grade.choices]


class EvaluationBallot(models.Model):
    class Grade(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        BASIC = "basic", _("基本满意")
        UNSATISFIED = "unsatisfied", _("不满意")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="ballots")
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="ballots")
    grade = models.CharField(_("评议等次"), max_length=12, choices=Grade.choices)
    comment = models.TextField(_("意见建议"), blank=True)
    cast_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("评议票")
        verbose_name_plural = _("评议票")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "resident"], name="democracy_one_ballot_per_resident")
        ]


class Proposal(models.Model):
    """村民议事: a proposal put to the vote of the village's residents. The first option is the one that passes the
    proposal (同意 by default)."""

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="proposals", verbose_name=_("村（居）民委员会")
    )
    title = models.CharField(_("议题"), max_length=200)
    text = models.TextField(_("议题内容"))
    options = models.JSONField(_("选项"), default=default_options)
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("截止日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # {"counts": [n, …], "votes": n, "eligible": n, "turnout": "66.7", "rule": "...", "passed": bool}
    result = models.JSONField(_("表决结果"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("村民议事")
        verbose_name_plural = _("村民议事")
        ordering = ["-start_on", "-pk"]
        indexes = [models.Index(fields=["org", "status"], name="democracy_prop_org_status")]

    def __str__(self) -> str:
        return self.title

    def result_rows(self) -> list[tuple[str, int]]:
        counts = self.result.get("counts") or []
        return [(option, counts[i] if i < len(counts) else 0) for i, option in enumerate(self.options)]


class Vote(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="votes")
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="votes")
    choice = models.PositiveSmallIntegerField(_("选项"))
    cast_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("表决票")
        verbose_name_plural = _("表决票")
        constraints = [models.UniqueConstraint(fields=["proposal", "resident"], name="democracy_one_vote_per_resident")]
