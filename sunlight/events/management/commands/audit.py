"""`sunlight audit verify`: walk the hash chain; exit 1 naming the first bad entry."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from sunlight.events.log import verify_chain


class Command(BaseCommand):
    help = "Check the event log's SM3 hash chain (审计日志完整性校验)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["verify"], help="verify: check every entry")

    def handle(self, *args, **options) -> None:
        result = verify_chain()
        if result.ok:
            self.stdout.write(f"OK: {result.checked} 条事件记录完整，哈希链无断点。 / {result.checked} entries intact.")
            return
        self.stderr.write(f"FAILED at entry {result.bad_seq}: {result.reason}")
        sys.exit(1)
