"""The worker's job for the top-k engine (only when SEARCH_ENGINE is set): drop outbox rows older than
SEARCH_OUTBOX_DAYS, nightly. Each web host's copy is followed by its own `sunlight search_engine follow`,
which `sunlight web` and `sunlight start` run beside the web server."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import outbox


@db_periodic_task(crontab(hour="3", minute="20"))
@lock_task("search-outbox-prune")
def prune_outbox() -> int:
    return outbox.prune() if outbox.enabled() else 0
