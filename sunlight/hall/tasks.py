"""The worker marks yesterday's unattended appointments as no-shows every night (00:30 Beijing time)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from .actions import mark_no_shows


@db_periodic_task(crontab(hour="0", minute="30"))
@lock_task("hall-no-shows")
def mark_yesterdays_no_shows() -> int:
    return mark_no_shows()
