"""The search index: one row per indexed object, plus the vocabulary used for "did you mean".

Modules never touch these tables; they hand an IndexEntry to ``sunlight.search.service``.
The full-text structures live next to the rows: on SQLite an FTS5 table ``search_fts`` kept in
sync by triggers (migration 0002), on PostgreSQL two tsvector columns and GIN indexes.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

# Stored for snippets only; the whole body (up to MAX_INDEXED_BODY_CHARS) is indexed.
SNIPPET_BODY_CHARS = 20_000
# A tsvector is limited to 1 MB; bodies beyond this (huge attachments) are indexed up to here.
MAX_INDEXED_BODY_CHARS = 300_000


class SearchEntry(models.Model):
    kind = models.CharField(_("类型"), max_length=32)
    object_id = models.BigIntegerField(_("对象ID"))
    org_id = models.BigIntegerField(_("发布机构ID"))
    org_path = models.CharField(_("机构路径"), max_length=255, db_index=True)
    title = models.TextField(_("标题"))
    summary = models.TextField(_("摘要"), blank=True)
    url = models.CharField(_("链接"), max_length=500)
    published_at = models.DateTimeField(_("发布时间"))
    year = models.SmallIntegerField(_("发布年份（北京时间）"))
    index_number = models.CharField(_("索引号"), max_length=100, blank=True)
    doc_number = models.CharField(_("文号"), max_length=200, blank=True)
    # Normalised forms for exact lookup (full/half width, bracket styles).
    index_key = models.CharField(max_length=100, blank=True, db_index=True)
    doc_key = models.CharField(max_length=200, blank=True, db_index=True)
    topic_id = models.BigIntegerField(null=True, blank=True)
    topic_parent_id = models.BigIntegerField(null=True, blank=True)
    genre_id = models.BigIntegerField(null=True, blank=True)
    validity = models.CharField(_("有效性"), max_length=16, blank=True)
    # ",3,7," so that one key area is LIKE '%,3,%'.
    key_areas = models.CharField(_("重点领域"), max_length=500, blank=True)
    keywords = models.CharField(_("关键词"), max_length=500, blank=True)
    # Filter tokens (k=document o=7 y=2024 …) matched inside the full-text index, so a filtered
    # query is one index lookup on either backend.
    facets = models.TextField(blank=True)
    # SQLite: space-joined index tokens, the external content of search_fts. Empty on PostgreSQL.
    title_tokens = models.TextField(blank=True)
    summary_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)
    # PostgreSQL: every lexeme of title, keywords, summary, body and the facets, without
    # positions (small; matching only). NULL on SQLite.
    vector = SearchVectorField(null=True, blank=True)
    # PostgreSQL: title (weight A) and keywords + summary (B) with positions, for ranking.
    head_vector = SearchVectorField(null=True, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)
    # Last, so that on SQLite the columns above stay on the row's first page (migration 0004).
    body = models.TextField(_("正文（前2万字，用于摘要片段）"), blank=True)

    class Meta:
        verbose_name = _("检索条目")
        verbose_name_plural = _("检索条目")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_kind_object_unique")]
        indexes = [models.Index(fields=["kind", "-published_at"], name="search_entry_kind_newest")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title[:40]}"


class SearchOutbox(models.Model):
    """Which entries changed, written in the changing transaction, for an engine kept outside the database.

    Each web host's top-k index (sunlight.search.engine) applies these rows in order; until it has, its readers
    merge them in from the database, so a change is searchable on every host the moment it commits.
    ``txid`` is the writing transaction's id on PostgreSQL (rows become visible in commit order, not id order,
    and the id of a transaction still running is what tells a reader which rows may still appear); 0 on SQLite,
    whose single writer commits in id order.
    """

    kind = models.CharField(max_length=32)
    object_id = models.BigIntegerField()
    txid = models.BigIntegerField(default=0, db_index=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("检索变更队列")
        verbose_name_plural = _("检索变更队列")


class SearchTerm(models.Model):
    """A word of the titles and keywords, with its document frequency (for spelling suggestions)."""

    term = models.CharField(max_length=64, unique=True)
    length = models.PositiveSmallIntegerField()
    df = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("检索词")
        verbose_name_plural = _("检索词")
        indexes = [models.Index(fields=["length", "-df"], name="search_term_length_df")]

    def __str__(self) -> str:
        return f"{self.term} ({self.df})"


class Synonym(models.Model):
    """A word people type (an abbreviation or everyday name) and the words documents use for it.

    Applied at query time (sunlight.search.synonyms): a search for the term also finds any of its
    expansions, and a search for an expansion also finds the term (低保 ↔ 最低生活保障). Nothing is
    re-indexed when the table changes; edits reach every process within ``synonyms.TTL_SECONDS``.
    """

    term = models.CharField(_("词语（简称、俗称）"), max_length=64, unique=True)
    expansions = models.CharField(
        _("同义词或全称"),
        max_length=500,
        help_text=_("一个或多个，用顿号、逗号或分号分隔，如“医疗保障、医疗保险”。"),
    )
    is_active = models.BooleanField(_("启用"), default=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("同义词和简称")
        verbose_name_plural = _("同义词和简称")
        ordering = ["term"]

    def __str__(self) -> str:
        return f"{self.term} → {self.expansions}"

    def expansion_list(self) -> list[str]:
        import re

        return [
            e.strip()
            for e in re.split(r"[、,，;；|\n]+", self.expansions or "")
            if e.strip() and e.strip() != self.term.strip()
        ]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        self.term = (self.term or "").strip()
        if not self.expansion_list():
            raise ValidationError({"expansions": _("请至少填写一个与词语不同的同义词或全称。")})
