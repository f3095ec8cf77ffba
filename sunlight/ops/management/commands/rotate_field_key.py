"""`sunlight rotate_field_key [--new-key] [--drop-old] [--batch-size N]`: re-encrypt personal data under the current key.

With the key file (the default for embedded installs), `--new-key` writes a new current key first and keeps
the previous ones for decryption; the command then re-encrypts every value still under an older key, in
batches, one transaction each. Interrupted, it is simply run again (without --new-key): what is done stays
done. `--drop-old` removes the old keys from the key file once nothing under them is left. With keys from
the environment, set the new FIELD_ENCRYPTION_KEY and move the old value to FIELD_ENCRYPTION_OLD_KEYS first.
The blind-index key is not rotated (query codes exist only as their keyed hash). See docs/configuration.md.
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sunlight import fieldkeys
from sunlight.errors import SunlightError
from sunlight.events.log import record


class Command(BaseCommand):
    help = "Re-encrypt every encrypted personal-data value under the current field key (个人信息加密密钥轮换)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--new-key", action="store_true", help="first write a new current key into the key file")
        parser.add_argument("--drop-old", action="store_true", help="afterwards remove the old keys from the key file")
        parser.add_argument("--batch-size", type=int, default=500, help="rows per transaction (default 500)")

    def handle(self, *args, **options) -> None:
        if not 1 <= options["batch_size"] <= 100_000:
            raise CommandError("--batch-size must be between 1 and 100000")
        if options["new_key"]:
            try:
                key_id = fieldkeys.new_current_key()
            except SunlightError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(
                f"新密钥 {key_id} 已写入 {settings.FIELD_KEY_FILE}，原密钥保留用于解密。 / New key {key_id} written."
            )
        result = fieldkeys.rotate(batch_size=options["batch_size"], progress=self.stdout.write)
        dropped = False
        if options["drop_old"] and not result.unreadable and len(settings.FIELD_ENCRYPTION_KEYS) > 1:
            if settings.FIELD_KEY_SOURCE == "file":
                fieldkeys.drop_old_keys()
                dropped = True
            else:
                self.stdout.write(
                    "密钥来自环境变量：现在可以清空 FIELD_ENCRYPTION_OLD_KEYS。 / "
                    "FIELD_ENCRYPTION_OLD_KEYS may now be emptied."
                )
        record(
            "security.field_key_rotated",
            data={
                "key_id": result.key_id,
                "re_encrypted": result.re_encrypted,
                "unreadable": len(result.unreadable),
                "old_keys_dropped": dropped,
            },
        )
        self.stdout.write(
            f"完成：{result.re_encrypted} 个值已用密钥 {result.key_id} 重新加密。 / Done: {result.re_encrypted} values "
            f"re-encrypted under {result.key_id}."
        )
        if result.unreadable:
            shown = "、".join(result.unreadable[:20])
            self.stderr.write(f"{len(result.unreadable)} 个值无法用配置的密钥解密，未改动：{shown}")
            sys.exit(1)
