"""`sunlight restore ARCHIVE [--force]`: restore database, media and keys from `sunlight backup`, then verify."""

from __future__ import annotations

import getpass
import sys

from django.core.management.base import BaseCommand, CommandError

from sunlight.events.log import record
from sunlight.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore an archive written by `sunlight backup` (恢复), then check counts, the audit chain and the keys."

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive")
        parser.add_argument("--force", action="store_true", help="overwrite a database that already holds records")

    def handle(self, *args, **options) -> None:
        try:
            report = restore(options["archive"], force=options["force"])
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        m = report.manifest
        self.stdout.write(
            f"已恢复 / Restored: {m.engine}，备份时间 / taken {m.created_at}；{len(m.counts)} 张表 / tables，"
            f"{report.media_files} 个文件 / media files。"
        )
        for table, (expected, found) in sorted(report.count_mismatches.items()):
            self.stderr.write(f"  行数不符 / count differs: {table}: 备份 {expected}，恢复后 {found}")
        if not report.count_mismatches:
            self.stdout.write("  各表行数与备份清单一致。 / Row counts match the manifest.")
        self.stdout.write(
            f"  审计日志 / audit verify: {'OK' if report.audit_ok else 'FAILED'} — {report.audit_message}"
        )
        for item in report.unreadable:
            self.stderr.write(f"  个人信息无法解密 / cannot decrypt: {item}")
        # Recorded after the checks, on the restored chain: who restored which archive, and how it went.
        record(
            "ops.restore",
            actor=f"{getpass.getuser()}（命令行）",
            data={"archive_created_at": m.created_at, "engine": m.engine, "ok": report.ok},
        )
        if not report.ok:
            sys.exit(1)
