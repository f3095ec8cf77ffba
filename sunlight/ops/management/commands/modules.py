"""`python manage.py modules [--write]`: the installed modules by layer, as docs/architecture.md shows them."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from sunlight.modules import describe

DOC = Path(settings.BASE_DIR).parent / "docs" / "architecture.md"
DOCUMENTED_LAYERS = ("kernel", "door")  # the domains are listed by the command, not the guide
BLOCK = re.compile(r"(<!-- modules:start -->\n).*?(<!-- modules:end -->)", re.S)


def documented_table() -> str:
    match = BLOCK.search(DOC.read_text(encoding="utf-8"))
    return match.group(0)[len("<!-- modules:start -->\n") : -len("<!-- modules:end -->")] if match else ""


class Command(BaseCommand):
    help = "Print the installed modules by layer; --write puts the table into docs/architecture.md."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--write", action="store_true")

    def handle(self, *args, write: bool = False, **options) -> None:
        with translation.override("zh-hans"):
            table = describe(DOCUMENTED_LAYERS)
            if not write:
                self.stdout.write(describe())
                return
        text = DOC.read_text(encoding="utf-8")
        DOC.write_text(BLOCK.sub(lambda m: m.group(1) + table + m.group(2), text), encoding="utf-8")
        self.stdout.write(f"wrote {DOC}")
