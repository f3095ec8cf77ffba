"""manage.py search_engine status|sync|rebuild|follow: this host's copy of the top-k engine (SEARCH_ENGINE=tantivy).

follow: sync every SEARCH_ENGINE_FOLLOW_SECONDS until stopped, and build a compact new copy when small syncs have
left more than SEARCH_ENGINE_MAX_SEGMENTS segments. `sunlight web` and `sunlight start` run it beside the web server.
"""

from __future__ import annotations

import json
import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sunlight.search import engine, outbox


class Command(BaseCommand):
    help = (
        "This host's top-k search engine copy: status, sync (apply the outbox), rebuild (a new copy from the "
        "database's search rows, then switch to it)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["status", "sync", "rebuild", "follow"])

    def handle(self, *args, action: str, **options) -> None:
        if action != "status" and not outbox.enabled():
            raise CommandError("SEARCH_ENGINE is not set: the database's own full-text index answers every search.")
        if action == "rebuild":
            state = engine.rebuild(progress=lambda n: self.stdout.write(f"  {n:,} entries"))
            self.stdout.write(f"built {state['docs']:,} entries in {state['build_seconds']} s")
        elif action == "follow":
            self.follow()
        elif action == "sync":
            self.stdout.write(f"applied {engine.sync():,} changed entries")
        self.stdout.write(json.dumps(engine.status(), ensure_ascii=False, indent=2))

    def follow(self) -> None:
        log = logging.getLogger("sunlight.search")
        every = float(getattr(settings, "SEARCH_ENGINE_FOLLOW_SECONDS", 5))
        most = int(getattr(settings, "SEARCH_ENGINE_MAX_SEGMENTS", 64))
        while True:
            try:
                engine.sync()
                if engine.status().get("segments", 0) > most:
                    engine.rebuild()
            except Exception:  # the database restarting must not stop the follower; the next round retries
                log.exception("search engine sync failed")
            time.sleep(every)
