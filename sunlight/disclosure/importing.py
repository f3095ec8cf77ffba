"""Bulk import of existing documents (how sites migrate): metadata rows + files, idempotent by 索引号.

Rows are validated one by one (each failure is reported with its line), then written in batches,
each batch one transaction: documents, key areas, attachments, screening findings, one event per
document and the search index. Imported documents keep the publication state they had on the old
site; their screening findings are recorded and the publisher's disclosure officers get a to-do.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from time import perf_counter

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sunlight import screening
from sunlight.bulk import insert_rows, reserve_ids
from sunlight.errors import SunlightError
from sunlight.events.log import record_many
from sunlight.notify.public_cache import public_changed
from sunlight.orgs import scope
from sunlight.orgs.models import Org, Role
from sunlight.search import service as search

from .actions.publishing import late_publication
from .attachments import inspect, store
from .index_numbers import INDEX_NUMBER_RE, claim_index_numbers
from .indexing import KIND
from .models import Attachment, Document, Finding, Genre, KeyArea, SensitiveWord, Topic
from .sanitize import clean_html, html_to_text

# Accepted column names (Chinese as exported by the old systems, or the English field name).
COLUMNS = {
    "索引号": "index_number",
    "名称": "title",
    "标题": "title",
    "发布机构": "publisher",
    "成文日期": "created_on",
    "生成日期": "created_on",
    "发布日期": "published_at",
    "文号": "doc_number",
    "主题分类": "topic",
    "体裁分类": "genre",
    "主题词": "keywords",
    "服务对象": "audience",
    "有效性": "validity",
    "公开属性": "attribute",
    "内容概述": "summary",
    "正文": "body",
    "正文文件": "body_file",
    "附件": "attachments",
    "重点领域": "key_areas",
    "状态": "status",
    "不公开理由": "attribute_reason",
}
VALIDITY = {
    "有效": "valid",
    "失效": "expired",
    "废止": "repealed",
    "valid": "valid",
    "expired": "expired",
    "repealed": "repealed",
    "": "valid",
}
ATTRIBUTE = {
    "主动公开": "proactive",
    "依申请公开": "on_request",
    "不予公开": "not_disclosed",
    "": "proactive",
    "proactive": "proactive",
    "on_request": "on_request",
    "not_disclosed": "not_disclosed",
}
STATUS = {
    "已发布": "published",
    "发布": "published",
    "published": "published",
    "": "published",
    "草稿": "draft",
    "draft": "draft",
}


@dataclass
class ImportReport:
    total: int = 0
    created: int = 0
    skipped: int = 0
    failed: list[tuple[int, str, str]] = field(default_factory=list)  # (line, index number, message)
    findings: int = 0
    writing_seconds: float = 0.0  # spent in the batches' transactions (the database's share of the import)

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
        raise SunlightError(f"{what}“{value}”不是有效日期（YYYY-MM-DD）。") from None


class _Resolver:
    """Looks up orgs, topics, genres and key areas by code or name, once per import.

    Pure dictionaries once built, so the preparing workers (forked after it is built) never
    touch the database; whether the importer may act for a publisher is decided in the main
    process (``may_publish``).
    """

    def __init__(self, by) -> None:
        self.by = by
        orgs = list(Org.objects.all())
        self.orgs = {
            **{org.name: org for org in orgs},
            **{org.credit_code: org for org in orgs if org.credit_code},
            **{org.org_code: org for org in orgs if org.org_code},
        }
        self.org_by_pk = {org.pk: org for org in orgs}
        topics, genres, areas = list(Topic.objects.all()), list(Genre.objects.all()), list(KeyArea.objects.all())
        self.topics = {**{topic.code: topic for topic in topics}, **{topic.name: topic for topic in topics}}
        self.genres = {**{genre.code: genre for genre in genres}, **{genre.name: genre for genre in genres}}
        self.areas = {
            **{key_area.code: key_area for key_area in areas},
            **{key_area.name: key_area for key_area in areas},
        }
        self.topic_parent = {t.pk: t.parent_id for t in topics}
        self.area_parent = {a.pk: a.parent_id for a in areas}
        self.allowed: dict[int, bool] = {}

    def publisher(self, value: str) -> Org:
        org = self.orgs.get(str(value).strip())
        if org is None:
            raise SunlightError(f"未知发布机构“{value}”（可填机构全称或统一社会信用代码）。")
        return org

    def may_publish(self, org: Org) -> bool:
        if org.pk not in self.allowed:
            self.allowed[org.pk] = scope.can_act(self.by, org, [Role.DISCLOSURE_OFFICER, Role.ADMIN])
        return self.allowed[org.pk]

    def lookup(self, table: dict, value, what: str, required: bool = False):
        key = str(value or "").strip()
        if not key:
            if required:
                raise SunlightError(f"缺少{what}。")
            return None
        if key not in table:
            raise SunlightError(f"未知{what}“{key}”。")
        return table[key]


def _read_file(files_dir: Path | None, name: str, what: str) -> Path:
    if files_dir is None:
        raise SunlightError("该行引用了文件，但没有指定文件目录。")
    path = (files_dir / name).resolve()
    if files_dir.resolve() not in path.parents or not path.is_file():
        raise SunlightError(f"找不到{what}“{name}”。")
    return path


def _build(row: dict, res: _Resolver, files_dir: Path | None) -> tuple[dict, list[int], list[tuple[str, bytes]]]:
    """The document's field values, key area ids and files of one row; raises SunlightError."""
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
    if body_file:
        path = _read_file(files_dir, body_file, "正文文件")
        if path.suffix.lower() in {".html", ".htm", ".txt"}:
            text = path.read_text(encoding="utf-8")
            body_html = (
                text
                if path.suffix.lower() != ".txt"
                else "".join(f"<p>{p}</p>" for p in text.splitlines() if p.strip())
            )
        else:
            attachments.append((path.name, path.read_bytes()))
    for name in [n.strip() for n in str(row.get("attachments", "") or "").replace("；", ";").split(";") if n.strip()]:
        path = _read_file(files_dir, name, "附件")
        attachments.append((path.name, path.read_bytes()))
    created_on = _date(row.get("created_on"), "成文日期")
    topic = res.lookup(res.topics, row.get("topic"), "主题分类")
    body_html = clean_html(body_html)
    fields = dict(
        index_number=index_number,
        publisher_id=publisher.pk,
        title=title[:300],
        summary=str(row.get("summary", "") or ""),
        created_on=created_on,
        doc_number=str(row.get("doc_number", "") or "").strip(),
        topic_id=topic.pk if topic else None,
        genre_id=res.lookup(res.genres, row.get("genre"), "体裁分类", required=True).pk,
        keywords=str(row.get("keywords", "") or "")[:200],
        audience=str(row.get("audience", "") or "")[:100],
        validity=validity,
        attribute=attribute,
        attribute_reason=str(row.get("attribute_reason", "") or ""),
        body_html=body_html,
        body_text=html_to_text(body_html),
        status=status,
        source="import",
        created_by_id=res.by.pk,
        published_at=None,
    )
    if status == "published":
        published_on = _date(row.get("published_at") or created_on, "发布日期")
        if published_on < created_on:
            raise SunlightError("发布日期早于成文日期。")
        fields["published_at"] = timezone.make_aware(datetime.combine(published_on, time(9, 0)))
    areas = [
        res.lookup(res.areas, name, "重点领域").pk
        for name in str(row.get("key_areas", "") or "").replace("；", ";").split(";")
        if name.strip()
    ]
    return fields, areas, attachments


@dataclass
class _Prepared:
    """One row made ready for writing: everything but the database work."""

    line: int
    fields: dict
    areas: list[int]
    files: list[tuple[str, bytes, object]]  # (name, bytes, attachments.Inspected)
    findings: list[tuple[int | None, screening.Match]]  # (index into files or None for the body, match)
    search_row: tuple[dict, set[str]] | None  # prepared search row; object_id and url are set on write


# Set in the main process before the pool forks, read by the workers (never pickled per row).
_context: tuple[_Resolver, Path | None, list[str]] | None = None


def _prepare(item: tuple[int, dict]) -> _Prepared | tuple[int, str, str]:
    """Validate, clean, extract, screen and segment one row (no database): the part that runs in parallel."""
    line, row = item
    res, files_dir, words = _context
    try:
        fields, areas, files = _build(row, res, files_dir)
        # Inspect before anything is written: a bad file fails its row, not the batch.
        inspected = [(name, data, inspect(data, name)) for name, data in files]
    except SunlightError as exc:
        return line, str(row.get("index_number", "")), exc.message
    findings: list[tuple[int | None, screening.Match]] = [
        (None, m) for m in screening.screen(fields["body_text"], words)
    ]
    for i, (_name, _data, info) in enumerate(inspected):
        findings += [(i, m) for m in screening.screen(info.text, words)]
    search_row = None
    if fields["status"] == "published" and fields["attribute"] == "proactive":
        search_row = search.prepare(_entry(fields, areas, inspected, res))
    return _Prepared(line, fields, areas, inspected, findings, search_row)


def _entry(fields: dict, areas: list[int], files: list, res: _Resolver) -> search.IndexEntry:
    """indexing.entry_for without the database (the id and url are filled in on write)."""
    publisher = res.org_by_pk[fields["publisher_id"]]
    attachment_text = "\n".join(info.text for _n, _d, info in files if info.text)
    topic_id = fields["topic_id"]
    return search.IndexEntry(
        kind=KIND,
        object_id=0,
        org_id=publisher.pk,
        org_path=publisher.path,
        title=fields["title"],
        summary=fields["summary"],
        body=f"{fields['body_text']}\n{attachment_text}".strip(),
        url="",
        published_at=fields["published_at"],
        index_number=fields["index_number"],
        doc_number=fields["doc_number"],
        topic_id=topic_id,
        topic_parent_id=res.topic_parent.get(topic_id) if topic_id else None,
        genre_id=fields["genre_id"],
        validity=fields["validity"],
        key_area_ids=sorted(set(areas) | {res.area_parent[a] for a in areas if res.area_parent.get(a)}),
        keywords=fields["keywords"],
    )


def _write_batch(batch: list[_Prepared], res: _Resolver, report: ImportReport) -> None:
    started = perf_counter()
    try:
        _write(batch, res, report)
    finally:
        report.writing_seconds += perf_counter() - started


def _write(batch: list[_Prepared], res: _Resolver, report: ImportReport) -> None:
    """One transaction: counters, documents, key areas, attachments, findings, events, index.

    Rows go in as plain values (sunlight.bulk: executemany on SQLite, COPY on PostgreSQL): at
    thousands of documents a second, building model instances would cost more than the writes.
    """
    with transaction.atomic():
        existing = set(
            Document.objects.filter(index_number__in=[p.fields["index_number"] for p in batch]).values_list(
                "index_number", flat=True
            )
        )
        fresh = [p for p in batch if p.fields["index_number"] not in existing]
        report.skipped += len(batch) - len(fresh)
        if not fresh:
            return
        # A write first: on SQLite it takes the write lock that reserve_ids relies on.
        claim_index_numbers([(res.org_by_pk[p.fields["publisher_id"]], p.fields["index_number"]) for p in fresh])
        ids = reserve_ids(Document, len(fresh))
        docs = [_document_row(doc_id, p) for doc_id, p in zip(ids, fresh)]
        insert_rows(Document, docs)
        insert_rows(
            Document.key_areas.through,
            [{"document_id": doc_id, "keyarea_id": a} for doc_id, p in zip(ids, fresh) for a in p.areas],
        )
        findings: list[dict] = []
        events: list[dict] = []
        indexed: list[tuple[dict, set[str]]] = []
        url = reverse("disclosure:document", args=[987654321]).replace("987654321", "{}")
        for doc, p in zip(docs, fresh):
            saved = [_attachment(doc["id"], name, info) for name, _data, info in p.files]
            findings += [
                {
                    "document_id": doc["id"],
                    "attachment_id": saved[i] if i is not None else None,
                    "kind": m.kind,
                    "text": m.text[:100],
                    "start": m.start,
                    "end": m.end,
                    "context": m.context[:300],
                }
                for i, m in p.findings
            ]
            events.append(
                {
                    "verb": "disclosure.import",
                    "actor": res.by,
                    "org_id": doc["publisher_id"],
                    "object": ("disclosure.document", str(doc["id"]), doc["title"][:200]),
                    "data": {
                        "index_number": doc["index_number"],
                        "status": doc["status"],
                        "late": doc["published_late"],
                    },
                }
            )
            if p.search_row is not None:
                row, terms = p.search_row
                row["object_id"], row["url"] = doc["id"], url.format(doc["id"])
                indexed.append((row, terms))
        record_many(events)
        insert_rows(Finding, findings)
        report.findings += len(findings)
        if indexed:
            public_changed("disclosure")
            search.store(indexed)
        report.created += len(docs)
        _remind_officers({f["document_id"] for f in findings}, docs, res)


def _document_row(doc_id: int, p: _Prepared) -> dict:
    row = dict(p.fields, id=doc_id, publication_working_days=None, published_late=False)
    if row["published_at"] is not None:
        row["publication_working_days"], row["published_late"] = late_publication(
            row["created_on"], row["published_at"]
        )
    return row


def _attachment(doc_id: int, name: str, info) -> int:
    """Store one imported file (its bytes less any after the file's end); the batch's event records the row."""
    attachment = Attachment.of_inspected(doc_id, name, info)
    store(attachment, info, name)
    return attachment.pk


def _remind_officers(doc_ids: set[int], docs: list[dict], res: _Resolver) -> None:
    """Imported documents with findings were public on the old site: their officers must look at them."""
    from sunlight.notify.models import Todo
    from sunlight.notify.todos import add_new_todos
    from sunlight.orgs.models import Membership

    flagged = [doc for doc in docs if doc["id"] in doc_ids]
    officers: dict[int, list[int]] = {}
    for org_id, user_id in Membership.objects.filter(
        org_id__in={doc["publisher_id"] for doc in flagged}, role=Role.DISCLOSURE_OFFICER, is_active=True
    ).values_list("org_id", "user_id"):
        officers.setdefault(org_id, []).append(user_id)
    url = reverse("disclosure_wb:detail", args=[987654321]).replace("987654321", "{}")
    add_new_todos(
        Todo(
            user_id=user_id,
            key=f"import-findings:{doc['id']}",
            title=f"导入的文件“{doc['title'][:40]}”筛查出敏感内容，请核查",
            url=url.format(doc["id"]),
            level="warning",
        )
        for doc in flagged
        for user_id in officers.get(doc["publisher_id"], ())
    )


def _prepared(rows: Iterable[tuple[int, dict]], workers: int, chunk: int) -> Iterator[_Prepared | tuple[int, str, str]]:
    """Rows prepared in input order; with workers > 1 in forked processes, a few chunks ahead of the writer."""
    if workers <= 1:
        yield from map(_prepare, rows)
        return
    import multiprocessing
    from collections import deque
    from itertools import islice

    from sunlight.search.segment import warm_up

    warm_up()  # the dictionary is loaded once and shared with the children
    # The children never use the database (everything they need is in _context); they leave
    # with os._exit, so the parent's connection is never touched by them.
    pool = multiprocessing.get_context("fork").Pool(workers)
    try:
        pending: deque = deque()
        it = iter(rows)
        while part := list(islice(it, chunk)):
            pending.append(pool.map_async(_prepare, part, chunksize=max(1, chunk // (workers * 4))))
            if len(pending) > workers:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
    finally:
        pool.terminate()
        pool.join()


def import_workers() -> int:
    """Processes preparing rows: IMPORT_WORKERS, or one per CPU."""
    return int(getattr(settings, "IMPORT_WORKERS", 0) or os.cpu_count() or 1)


def import_documents(
    rows: Iterable[tuple[int, dict]],
    *,
    by,
    files_dir: Path | None = None,
    batch_size: int = 500,
    progress: Callable[[ImportReport], None] | None = None,
    workers: int = 1,
) -> ImportReport:
    """Import rows (line, fields) as documents. Rows are prepared (validated, cleaned, screened,
    segmented) by `workers` processes and written by this one in batches of `batch_size`, each
    batch one transaction."""
    global _context
    report = ImportReport()
    res = _Resolver(by)
    words = list(SensitiveWord.objects.filter(is_active=True).values_list("word", flat=True))
    _context = (res, files_dir, words)
    batch: list[_Prepared] = []
    seen: set[str] = set()
    try:
        for result in _prepared(rows, workers, batch_size):
            report.total += 1
            if isinstance(result, tuple):
                report.failed.append(result)
            else:
                problem = _refusal(result, res, seen)
                if problem:
                    report.failed.append((result.line, result.fields["index_number"], problem))
                else:
                    batch.append(result)
            if len(batch) >= batch_size:
                _write_batch(batch, res, report)
                batch = []
                if progress:
                    progress(report)
        if batch:
            _write_batch(batch, res, report)
    finally:
        _context = None
    if progress:
        progress(report)
    return report


def _refusal(p: _Prepared, res: _Resolver, seen: set[str]) -> str:
    """Checks that need the database or the rows before this one; "" when the row may be written."""
    publisher = res.org_by_pk[p.fields["publisher_id"]]
    if not res.may_publish(publisher):
        return f"您无权为“{publisher.name}”导入政府信息。"
    if p.fields["index_number"] in seen:
        return "索引号在本文件中重复。"
    seen.add(p.fields["index_number"])
    return ""
