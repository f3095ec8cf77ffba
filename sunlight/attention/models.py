"""What the analysis keeps of each letter (its keywords and MinHash signature), the daily keyword counts, the LSH
band keys, and the duplicate groups it suggests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterSketch(models.Model):
    letter = models.OneToOneField("letters.Letter", on_delete=models.CASCADE, primary_key=True, related_name="+")
    day = models.DateField(db_index=True)
    org_id = models.BigIntegerField()  # the org the letter is about: its handling org once assigned, else the mailbox's
    region_id = models.BigIntegerField(null=True)
    terms = models.TextField()  # " 供暖 温度 小区 " (space-delimited, padded): the letter's keywords
    signature = models.BinaryField()  # MinHash: PERMUTATIONS unsigned 32-bit values


class TermDay(models.Model):
    """How many letters of a day carry a keyword, for one scope: "all", "o<org id>" or "r<region id>"."""

    day = models.DateField()
    scope = models.CharField(max_length=24)
    term = models.CharField(max_length=30)
    n = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "day", "term"], name="termday_unique")]
        indexes = [models.Index(fields=["scope", "term", "day"], name="termday_term")]


class LetterBand(models.Model):
    """One LSH band of a letter's signature as one 64-bit key (band number and its rows hashed together)."""

    id = models.BigAutoField(primary_key=True)
    key = models.BigIntegerField()
    letter_id = models.BigIntegerField()
    day = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["key", "day"], name="letterband_key")]


class DuplicateSuggestion(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待确认")
        MERGED = "merged", _("已归并")
        DISMISSED = "dismissed", _("不是同一事项")

    found_on = models.DateField(_("发现日期"))
    org_id = models.BigIntegerField()  # the dispatching org of its letters (staff of that org confirm it)
    title = models.CharField(_("事项"), max_length=100)
    letter_ids = models.JSONField(default=list)  # ordered: oldest first
    similarity = models.FloatField(_("相似度"))
    same_writer = models.BooleanField(_("同一来信人重复来信"), default=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("重复来信线索")
        verbose_name_plural = _("重复来信线索")
        indexes = [models.Index(fields=["org_id", "status", "-found_on"], name="dupsuggest_org")]
