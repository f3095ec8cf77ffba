"""`sunlight import_documents META.csv|xlsx [--files DIR] --by USERNAME [--errors errors.csv]`."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sunlight.disclosure.importing import ImportReport, import_documents, import_workers, read_rows


class Command(BaseCommand):
    help = "批量导入政府信息（元数据 CSV/XLSX + 文件目录），按索引号幂等。 / Bulk-import documents, idempotent by index number."

    def add_arguments(self, parser) -> None:
        parser.add_argument("metadata", type=Path)
        parser.add_argument("--files", type=Path, default=None, help="正文和附件文件所在目录")
        parser.add_argument(
            "--by", required=True, help="执行导入的工作人员用户名（须为发布机构的信息公开工作人员或管理员）"
        )
        parser.add_argument("--errors", type=Path, default=None, help="逐行错误报告 CSV 的保存位置")
        parser.add_argument("--batch", type=int, default=500)
        parser.add_argument(
            "--workers", type=int, default=None, help="准备数据的进程数（默认每个CPU一个，IMPORT_WORKERS）"
        )

    def handle(
        self,
        *args,
        metadata: Path,
        files: Path | None,
        by: str,
        errors: Path | None,
        batch: int,
        workers: int | None,
        **options,
    ) -> None:
        if not metadata.is_file():
            raise CommandError(f"找不到元数据文件 {metadata}")
        user = get_user_model().objects.filter(username=by, is_active=True).first()
        if user is None:
            raise CommandError(f"没有用户 {by}")
        total = sum(1 for _ in read_rows(metadata))
        started = time.monotonic()

        def progress(report: ImportReport) -> None:
            done = report.total
            width = 30
            filled = int(width * done / total) if total else width
            rate = done / max(time.monotonic() - started, 1e-6)
            sys.stderr.write(
                f"\r[{'#' * filled}{'-' * (width - filled)}] {done}/{total}  新增 {report.created}  已存在 {report.skipped}  失败 {len(report.failed)}  ({rate:.0f} 条/秒)"
            )
            sys.stderr.flush()

        report = import_documents(
            read_rows(metadata),
            by=user,
            files_dir=files,
            batch_size=batch,
            progress=progress,
            workers=workers or import_workers(),
        )
        sys.stderr.write("\n")
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"共 {report.total} 行：新增 {report.created}，已存在跳过 {report.skipped}，失败 {len(report.failed)}，筛查发现 {report.findings} 处；用时 {elapsed:.1f} 秒。"
        )
        if report.failed:
            path = errors or metadata.with_name(metadata.stem + "-errors.csv")
            report.write_errors(path)
            self.stdout.write(f"逐行错误报告：{path}")
