"""`sunlight backup [PATH]`: database (SQLite online backup or pg_dump), media and keys in one tar.gz with a manifest."""

from __future__ import annotations

import getpass

from django.core.management.base import BaseCommand, CommandError

from sunlight.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database, the media folder and the key files into one archive (备份)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "path", nargs="?", help="archive file or folder (default: <data folder>/backups/sunlight-<time>.tar.gz)"
        )

    def handle(self, *args, **options) -> None:
        try:
            path, manifest = backup(options["path"], by=f"{getpass.getuser()}（命令行）")
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        rows = sum(manifest.counts.values())
        media = sum(1 for name in manifest.files if name.startswith("media/"))
        keys = [name.removeprefix("keys/") for name in manifest.files if name.startswith("keys/")]
        self.stdout.write(
            f"备份完成 / Backup written: {path}\n"
            f"  {manifest.engine}: {len(manifest.counts)} 张表 / tables, {rows} 行 / rows; "
            f"{media} 个文件 / media files; 密钥 / keys: {', '.join(keys) or '—（来自环境变量 / from the environment）'}\n"
            "  本文件含有密钥，请妥善保管。 / The archive holds the keys: keep it safe."
        )
