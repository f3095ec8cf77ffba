"""Web bulk import (批量导入): upload a metadata file and a ZIP of files, import in the background worker.

``actions.start_import`` is the action behind the upload form: it checks the uploader may import for the
org, refuses unreadable metadata and unsafe ZIPs (``check_metadata``, ``zip_members`` here) before anything
is stored, records the event and queues the job after commit. ``run_import`` is what the worker runs: it unpacks into a temporary
directory and calls the same ``import_documents`` as the CLI, saving progress after every batch so
the job page can show it. Re-running the same files skips every 索引号 already present.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import shutil
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from sunlight.errors import SunlightError
from sunlight.orgs import scope
from sunlight.orgs.models import Org, Role

from .importing import COLUMNS, ImportReport, import_documents, read_rows
from .models import ImportJob

logger = logging.getLogger(__name__)

IMPORT_ROLES = (Role.DISCLOSURE_OFFICER, Role.ADMIN)
# Supervisors may watch imports in their subtree; they cannot start one.
VIEW_ROLES = (*IMPORT_ROLES, Role.SUPERVISOR)
METADATA_SUFFIXES = {".csv", ".xlsx"}
# Without these columns every row would fail: refuse the file at upload instead of after the run.
REQUIRED_COLUMNS = {
    "index_number": "索引号",
    "title": "名称",
    "publisher": "发布机构",
    "created_on": "成文日期",
    "genre": "体裁分类",
}
DEFAULT_MAX_UNCOMPRESSED_BYTES = 2 * 1024**3
MAX_ZIP_MEMBERS = 100_000
# A member that unpacks to more than MAX_RATIO times its compressed size is a zip bomb, not a document;
# below RATIO_FLOOR the total size limit is protection enough (small text files compress very well).
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
UTF8_FLAG = 0x800


def importer_orgs(user) -> QuerySet[Org]:
    """Orgs the user may start an import for (admins: their whole subtree)."""
    if getattr(user, "is_superuser", False):
        return Org.objects.filter(is_active=True)
    return Org.objects.filter(scope.org_q(user, "", IMPORT_ROLES), is_active=True)


def visible_jobs(user) -> QuerySet[ImportJob]:
    return scope.scoped(ImportJob.objects.select_related("org", "created_by"), user, "org", VIEW_ROLES)


def max_uncompressed_bytes() -> int:
    return int(getattr(settings, "DISCLOSURE_IMPORT_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES))


def check_metadata(upload: UploadedFile) -> None:
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in METADATA_SUFFIXES:
        raise SunlightError(gettext("元数据文件须为 CSV 或 XLSX 格式。"))
    header = _xlsx_header(upload) if suffix == ".xlsx" else _csv_header(upload)
    fields = {COLUMNS.get(h, h) for h in header}
    missing = [zh for name, zh in REQUIRED_COLUMNS.items() if name not in fields]
    if missing:
        raise SunlightError(gettext("元数据文件缺少必填列：%(missing)s。") % {"missing": "、".join(missing)})
    upload.seek(0)


def _csv_header(upload: UploadedFile) -> list[str]:
    upload.seek(0)
    # Decode the whole file now: read_rows reads UTF-8 only, and Excel's default "CSV" is GBK,
    # which would otherwise fail in the worker halfway through the run.
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    head = ""
    try:
        for chunk in upload.chunks():
            part = decoder.decode(chunk)
            if "\n" not in head:
                head += part
        decoder.decode(b"", final=True)
        header = next(csv.reader(io.StringIO(head)), None)
    except UnicodeDecodeError:
        raise SunlightError(gettext("元数据 CSV 须为 UTF-8 编码（在 Excel 中另存为“CSV UTF-8”）。")) from None
    except csv.Error:
        raise SunlightError(gettext("无法读取元数据 CSV 的表头。")) from None
    if not header:
        raise SunlightError(gettext("元数据文件是空的。"))
    return [h.strip() for h in header]


def _xlsx_header(upload: UploadedFile) -> list[str]:
    from openpyxl import load_workbook

    unreadable = SunlightError(gettext("无法读取 XLSX 元数据文件，请确认文件未损坏。"))
    upload.seek(0)
    if not zipfile.is_zipfile(upload):
        raise unreadable
    zip_members(upload, "元数据文件", ratio=False)  # an XLSX is a ZIP: the same size limit applies
    upload.seek(0)
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
        try:
            first = next(book.active.iter_rows(max_row=1, values_only=True), None)
        finally:
            book.close()
    except Exception:  # openpyxl raises a dozen kinds on a damaged file; all mean the same to the uploader
        raise unreadable from None
    if not first:
        raise SunlightError(gettext("元数据文件是空的。"))
    return [str(h or "").strip() for h in first]


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's real name: archives made on Chinese Windows store GBK names without the UTF-8 flag."""
    if info.flag_bits & UTF8_FLAG:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except UnicodeError:
        return info.filename


def _safe_name(name: str) -> str | None:
    """A relative path inside the extraction directory, or None for absolute paths, drives and '..'."""
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]):
        return None
    return str(path)


def zip_members(upload, what: str, *, ratio: bool = True) -> list[tuple[zipfile.ZipInfo, str]]:
    """Check a ZIP from its directory alone (nothing is unpacked) and return its files with safe names.

    Extraction later trusts these checks: Python's zipfile stops at each member's declared size.
    """
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SunlightError(gettext("%(what)s不是有效的 ZIP 文件。") % {"what": what}) from None
    with archive:
        infos = archive.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise SunlightError(
            gettext("%(what)s中的文件超过 %(max_files)s 个。") % {"what": what, "max_files": MAX_ZIP_MEMBERS}
        )
    limit, total, members = max_uncompressed_bytes(), 0, []
    for info in infos:
        name = _member_name(info)
        safe = _safe_name(name)
        if safe is None:
            raise SunlightError(
                gettext("%(what)s中的文件名“%(name)s”指向压缩包以外的位置，已拒绝。") % {"what": what, "name": name}
            )
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            raise SunlightError(gettext("%(what)s中的“%(name)s”是符号链接，已拒绝。") % {"what": what, "name": name})
        if info.flag_bits & 0x1:
            raise SunlightError(gettext("%(what)s中的“%(name)s”已加密，无法读取。") % {"what": what, "name": name})
        total += info.file_size
        if total > limit:
            raise SunlightError(
                gettext("%(what)s解压后超过 %(limit_mb)s MB。") % {"what": what, "limit_mb": limit // 1024**2}
            )
        if ratio and info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise SunlightError(
                gettext("%(what)s中的“%(name)s”压缩比异常，疑似压缩炸弹，已拒绝。") % {"what": what, "name": name}
            )
        if not info.is_dir():
            members.append((info, safe))
    return members


def _extract(archive_path: Path, into: Path) -> None:
    with archive_path.open("rb") as fh:
        members = zip_members(fh, "文件压缩包")  # checked again: the stored file is what we unpack
        with zipfile.ZipFile(fh) as archive:
            for info, name in members:
                target = into / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as src, target.open("wb") as dst:
                    shutil.copyfileobj(src, dst, 1024 * 1024)


def _copy_out(field, to: Path) -> Path:
    # Through the storage API, not .path: the worker may run on another machine with shared object storage.
    with field.open("rb") as src, to.open("wb") as dst:
        shutil.copyfileobj(src, dst, 1024 * 1024)
    return to


def _counts(report: ImportReport) -> dict:
    return {
        "processed": report.total,
        "created": report.created,
        "skipped": report.skipped,
        "failed_count": len(report.failed),
        "findings": report.findings,
    }


def run_import(job_id: int) -> None:
    """The worker's part: import the job's files, saving counts as it goes; never raises for a bad file."""
    rows = ImportJob.objects.filter(pk=job_id)
    # Claim with a conditional UPDATE: a task delivered twice, or to two workers, runs once.
    if not rows.filter(status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now()
    ):
        return
    import_job = rows.select_related("created_by").get()
    try:
        with tempfile.TemporaryDirectory(prefix="sunlight-import-") as tmp:
            work = Path(tmp)
            meta = _copy_out(import_job.metadata, work / ("metadata" + Path(import_job.metadata.name).suffix.lower()))
            files_dir = None
            if import_job.files_zip:
                files_dir = work / "files"
                files_dir.mkdir()
                _extract(_copy_out(import_job.files_zip, work / "files.zip"), files_dir)
            rows.update(total_rows=sum(1 for _ in read_rows(meta)))

            def progress(report: ImportReport) -> None:
                rows.update(**_counts(report))  # one cheap UPDATE per batch; the job page polls it

            report = import_documents(read_rows(meta), by=import_job.created_by, files_dir=files_dir, progress=progress)
    except SunlightError as exc:
        rows.update(status=ImportJob.Status.FAILED, message=exc.message, finished_at=timezone.now())
        return
    except Exception:
        logger.exception("import job %s failed", job_id)
        rows.update(
            status=ImportJob.Status.FAILED,
            finished_at=timezone.now(),
            message=(
                gettext(
                    "导入因系统错误中止，已写入的批次会保留。请联系系统管理员；问题排除后重新上传同样的文件即可，已导入的索引号会被跳过。"
                )
            ),
        )
        return
    rows.update(
        status=ImportJob.Status.DONE,
        finished_at=timezone.now(),
        total_rows=report.total,
        errors=[[line, number, message] for line, number, message in report.failed],
        **_counts(report),
    )


def _cell(value) -> str:
    # Excel runs a cell that starts with = + - @ as a formula; the index numbers come from the uploaded file.
    text = str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text


def errors_csv(import_job: ImportJob) -> bytes:
    """The per-row error report, UTF-8 with BOM so that Excel opens the Chinese correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["行号", "索引号", "错误"])
    writer.writerows([line, _cell(number), _cell(message)] for line, number, message in import_job.errors)
    return out.getvalue().encode("utf-8-sig")
