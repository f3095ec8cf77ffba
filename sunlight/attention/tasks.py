"""The worker: yesterday's letters grouped with their near-duplicates of the year, at 01:10 (idempotent: letters
already suggested or grouped are skipped)."""

from datetime import timedelta

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from sunlight.cases.days import today

from .duplicates import suggest


@db_periodic_task(crontab(hour="1", minute="10"))
@lock_task("attention-duplicates")
def suggest_duplicates() -> int:
    return suggest(today() - timedelta(days=1))
