"""manage.py catalog_reindex: rebuild the search index of service items from the items in use or suspended."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from sunlight.catalog import indexing


class Command(BaseCommand):
    help = "Rebuild the search entries of service items (kind service_item) from the live items."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--workers", type=int, default=1, help="processes that segment the text (default 1)")

    def handle(self, *args, workers: int = 1, **options) -> None:
        started = time.perf_counter()
        count = indexing.rebuild(workers=max(1, workers))
        self.stdout.write(f"indexed {count} service items in {time.perf_counter() - started:.1f}s")
