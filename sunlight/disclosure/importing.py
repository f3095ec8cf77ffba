"""Bulk import of existing documents (how sites migrate): metadata rows + files, idempotent by 索引号.

Rows are validated one by one (each failure is reported with its line), then written in batches,
each batch one transaction: documents, key areas, attachments, screening findings, one event per
document and the search index. Imported documents keep the publication state they had on the old
site; their screening findings are recorded and the publisher's disclosure officers get a to-do.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Callable, Iterable, Iterator

from django.db import transaction
from django.utils import timezone

from sunlight.errors import SunlightError
from sunlight.events.log import record_many
from sunlight.orgs import scope
from sunlight.orgs.models import Org, Role
from sunlight.portal.models import bump
from sunlight.search import service as search

from . import screening
from .actions import flag_late_publication
from .attachments import inspect
from .index_numbers import INDEX_NUMBER_RE, claim_index_numbers
from .indexing import entry_for
from .models import Attachment, Document, Finding, Genre, KeyArea, SensitiveWord, Topic
from .sanitize import clean_html, html_to_text

# Accepted column names (Chinese as exported by the old systems, or the English field name).
COLUMNS = {
    "索引号": "index_number", "名称": "title", "标题": "title", "发布机构": "publisher", "成文日期": "created_on",
    "生成日期": "created_on", "发布日期": "published_at", "文号": "doc_number", "主题分类": "topic", "体裁分类": "genre",
    "主题词": "keywords", "服务对象": "audience", "有效性": "validity", "公开属性": "attribute", "内容概述": "summary",
    "正文": "body", "正文文件": "body_file", "附件": "attachments", "重点领域": "key_areas", "状态": "status",
    "不公开理由": "attribute_reason",
}
VALIDITY = {"有效": "valid", "失效": "expired", "废止": "repealed", "valid": "valid", "expired": "expired", "repealed": "repealed", "": "valid"}
ATTRIBUTE = {"主动公开": "proactive", "依申请公开": "on_request", "不予公开": "not_disclosed", "": "proactive",
             "proactive": "proactive", "on_request": "on_request", "not_disclosed": "not_disclosed"}
STATUS = {"已发布": "published", "发布": "published", "published": "published", "": "published", "草稿": "draft", "draft": "draft"}


@dataclass
class ImportReport:
    total: int = 0
    created: int = 0
    skipped: int = 0
    failed: list[tuple[int, str, str]] = field(default_factory=list)  # (line, index number, message)
    findings: int = 0

    def write_errors(self, path: Path) -> None:
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["行号", "索引号", "错误"])
            writer.writerows(self.failed)


def read_rows(path: Path) -> Iterator[tuple[int, dict]]:
    """Rows of a CSV (UTF-8, with or without BOM) or XLSX metadata file, keyed by field name."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).active
        rows = sheet.iter_rows(values_only=True)
        header = [COLUMNS.get(str(h or "").strip(), str(h or "").strip()) for h in next(rows)]
        for line, values in enumerate(rows, start=2):
            yield line, {k: ("" if v is None else v) for k, v in zip(header, values)}
        return
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = [COLUMNS.get(h.strip(), h.strip()) for h in next(reader)]
        for line, values in enumerate(reader, start=2):
            yield line, dict(zip(header, values))


def _date(value, what: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise SunlightError(f"{what}“{value}”不是有效日期（YYYY-MM-DD）。")


class _Resolver:
    """Looks up orgs, topics, genres and key areas by code or name, once per import."""

    def __init__(self, by) -> None:
        self.by = by
        self.orgs = {**{o.name: o for o in Org.objects.all()}, **{o.credit_code: o for o in Org.objects.exclude(credit_code=None)},
                     **{o.org_code: o for o in Org.objects.exclude(org_code=None)}}
        self.topics = {**{t.code: t for t in Topic.objects.all()}, **{t.name: t for t in Topic.objects.all()}}
        self.genres = {**{g.code: g for g in Genre.objects.all()}, **{g.name: g for g in Genre.objects.all()}}
        self.areas = {**{a.code: a for a in KeyArea.objects.all()}, **{a.name: a for a in KeyArea.objects.all()}}
        self.allowed: dict[int, bool] = {}

    def publisher(self, value: str) -> Org:
        org = self.orgs.get(str(value).strip())
        if org is None:
            raise SunlightError(f"未知发布机构“{value}”（可填机构全称或统一社会信用代码）。")
        if org.pk not in self.allowed:
            self.allowed[org.pk] = scope.can_act(self.by, org, [Role.DISCLOSURE_OFFICER, Role.ADMIN])
        if not self.allowed[org.pk]:
            raise SunlightError(f"您无权为“{org.name}”导入政府信息。")
        return org

    def lookup(self, table: dict, value, what: str, required: bool = False):
        key = str(value or "").strip()
        if not key:
            if required:
                raise SunlightError(f"缺少{what}。")
            return None
        if key not in table:
            raise SunlightError(f"未知{what}“{key}”。")
        return table[key]


def _build(line: int, row: dict, res: _Resolver, files_dir: Path | None) -> tuple[Document, list[KeyArea], list[tuple[str, bytes]]]:
    publisher = res.publisher(row.get("publisher", ""))
    index_number = str(row.get("index_number", "")).strip()
    if not INDEX_NUMBER_RE.match(index_number):
        raise SunlightError(f"索引号“{index_number}”格式不正确。")
    if index_number.split("/")[0] != publisher.disclosure_code:
        raise SunlightError("索引号的机构代码与发布机构不符。")
    title = str(row.get("title", "")).strip()
    if not title:
        raise SunlightError("名称不能为空。")
    validity = VALIDITY.get(str(row.get("validity", "")).strip())
    attribute = ATTRIBUTE.get(str(row.get("attribute", "")).strip())
    status = STATUS.get(str(row.get("status", "")).strip())
    if validity is None or attribute is None or status is None:
        raise SunlightError("有效性、公开属性或状态的取值不在允许范围内。")
    if attribute != "proactive" and not str(row.get("attribute_reason", "")).strip():
        raise SunlightError("非主动公开的文件须填写不公开理由。")
    if status == "published" and attribute != "proactive":
        raise SunlightError("只有主动公开的文件可以以“已发布”状态导入。")
    body_html = str(row.get("body", "") or "")
    body_file = str(row.get("body_file", "") or "").strip()
    attachments: list[tuple[str, bytes]] = []
    if body_file or row.get("attachments"):
        if files_dir is None:
            raise SunlightError("该行引用了文件，但没有指定文件目录。")
    if body_file:
        path = (files_dir / body_file).resolve()
        if files_dir.resolve() not in path.parents or not path.is_file():
            raise SunlightError(f"找不到正文文件“{body_file}”。")
        if path.suffix.lower() in {".html", ".htm", ".txt"}:
            text = path.read_text(encoding="utf-8")
            body_html = text if path.suffix.lower() != ".txt" else "".join(f"<p>{p}</p>" for p in text.splitlines() if p.strip())
        else:
            attachments.append((path.name, path.read_bytes()))
    for name in [n.strip() for n in str(row.get("attachments", "") or "").replace("；", ";").split(";") if n.strip()]:
        path = (files_dir / name).resolve()
        if files_dir.resolve() not in path.parents or not path.is_file():
            raise SunlightError(f"找不到附件“{name}”。")
        attachments.append((path.name, path.read_bytes()))
    created_on = _date(row.get("created_on"), "成文日期")
    doc = Document(
        index_number=index_number, publisher=publisher, title=title[:300], summary=str(row.get("summary", "") or ""),
        created_on=created_on, doc_number=str(row.get("doc_number", "") or "").strip(),
        topic=res.lookup(res.topics, row.get("topic"), "主题分类"), genre=res.lookup(res.genres, row.get("genre"), "体裁分类", required=True),
        keywords=str(row.get("keywords", "") or "")[:200], audience=str(row.get("audience", "") or "")[:100],
        validity=validity, attribute=attribute, attribute_reason=str(row.get("attribute_reason", "") or ""),
        body_html=clean_html(body_html), status=status, source="import", created_by=res.by,
    )
    doc.body_text = html_to_text(doc.body_html)
    if status == "published":
        published_on = _date(row.get("published_at") or created_on, "发布日期")
        if published_on < created_on:
            raise SunlightError("发布日期早于成文日期。")
        doc.published_at = timezone.make_aware(datetime.combine(published_on, time(9, 0)))
        flag_late_publication(doc)
    areas = [res.lookup(res.areas, name, "重点领域") for name in str(row.get("key_areas", "") or "").replace("；", ";").split(";") if name.strip()]
    return doc, areas, attachments


def _write_batch(batch: list[tuple[int, Document, list[KeyArea], list[tuple[str, bytes]]]], by, words: list[str], report: ImportReport) -> None:
    from django.core.files.base import ContentFile

    with transaction.atomic():
        existing = set(Document.objects.filter(index_number__in=[d.index_number for _l, d, _a, _f in batch]).values_list("index_number", flat=True))
        fresh = [item for item in batch if item[1].index_number not in existing]
        report.skipped += len(batch) - len(fresh)
        claim_index_numbers([(doc.publisher, doc.index_number) for _l, doc, _a, _f in fresh])
        docs = Document.objects.bulk_create([doc for _l, doc, _a, _f in fresh])
        through = Document.key_areas.through
        through.objects.bulk_create([through(document_id=doc.pk, keyarea_id=a.pk) for doc, (_l, _d, areas, _f) in zip(docs, fresh) for a in areas])
        findings: list[Finding] = []
        events: list[dict] = []
        for doc, (_line, _d, _areas, files) in zip(docs, fresh):
            for name, data, info in files:
                att = Attachment(document=doc, name=name[:200], kind=info.kind, size=info.size, sha256=info.sha256, text=info.text, extraction_note=info.note)
                att.file.save(name, ContentFile(data), save=False)
                att.save()
                findings += [Finding(document=doc, attachment=att, kind=m.kind, text=m.text[:100], start=m.start, end=m.end, context=m.context[:300])
                             for m in screening.screen(info.text, words)]
            findings += [Finding(document=doc, kind=m.kind, text=m.text[:100], start=m.start, end=m.end, context=m.context[:300])
                         for m in screening.screen(doc.body_text, words)]
            events.append({"verb": "disclosure.import", "actor": by, "org": doc.publisher, "obj": doc,
                           "data": {"index_number": doc.index_number, "status": doc.status, "late": doc.published_late}})
        record_many(events)
        Finding.objects.bulk_create(findings)
        report.findings += len(findings)
        public = [doc for doc in docs if doc.is_public]
        if public:
            bump("disclosure")
            search.rebuild(entry_for(doc) for doc in Document.objects.filter(pk__in=[d.pk for d in public]).select_related("publisher", "topic").prefetch_related("key_areas", "attachments"))
        report.created += len(docs)
        _remind_officers({f.document_id for f in findings}, docs)


def _remind_officers(doc_ids: set[int], docs: list[Document]) -> None:
    """Imported documents with findings were public on the old site: their officers must look at them."""
    from sunlight.orgs.models import Membership
    from sunlight.workbench.models import feed_todo

    officers: dict[int, list] = {}
    for doc in docs:
        if doc.pk not in doc_ids:
            continue
        if doc.publisher_id not in officers:
            officers[doc.publisher_id] = list(Membership.objects.filter(org=doc.publisher, role=Role.DISCLOSURE_OFFICER, is_active=True).select_related("user"))
        for m in officers[doc.publisher_id]:
            feed_todo(m.user, f"import-findings:{doc.pk}", f"导入的文件“{doc.title[:40]}”筛查出敏感内容，请核查",
                      url=f"/workbench/disclosure/{doc.pk}/", level="warning")


def import_documents(
    rows: Iterable[tuple[int, dict]], *, by, files_dir: Path | None = None, batch_size: int = 500,
    progress: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    report = ImportReport()
    res = _Resolver(by)
    words = list(SensitiveWord.objects.filter(is_active=True).values_list("word", flat=True))
    batch: list = []
    seen: set[str] = set()
    for line, row in rows:
        report.total += 1
        try:
            doc, areas, files = _build(line, row, res, files_dir)
            if doc.index_number in seen:
                raise SunlightError("索引号在本文件中重复。")
            seen.add(doc.index_number)
            # Inspect before anything is written: a bad file fails its row, not the batch.
            batch.append((line, doc, areas, [(name, data, inspect(data, name)) for name, data in files]))
        except SunlightError as exc:
            report.failed.append((line, str(row.get("index_number", "")), exc.message))
        if len(batch) >= batch_size:
            _write_batch(batch, by, words, report)
            batch = []
            if progress:
                progress(report)
    if batch:
        _write_batch(batch, by, words, report)
    if progress:
        progress(report)
    return report
