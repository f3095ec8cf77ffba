"""`sunlight ensure_field_key`: write the field-encryption key file on first start (run by start/web/worker)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from sunlight import fieldkeys

SAID = {
    "env": "个人信息加密密钥来自环境变量（FIELD_ENCRYPTION_KEY）。",
    "exists": "个人信息加密密钥文件：{path}",
    "migrated": "已把原由 SECRET_KEY 推导的个人信息加密密钥写入 {path}：今后更换 SECRET_KEY 不影响已加密的个人信息。",
    "generated": "已生成新的个人信息加密密钥：{path}（请与数据一起备份）。",
}


class Command(BaseCommand):
    help = "Write the field-encryption key file into the data folder if there is none (个人信息加密密钥)."

    def handle(self, *args, **options) -> None:
        outcome = fieldkeys.ensure_key_file()
        if outcome != "exists" or options["verbosity"] > 1:
            self.stdout.write(SAID[outcome].format(path=settings.FIELD_KEY_FILE))
