"""The worker retries notices whose delivery failed (every five minutes; a channel that is down is tried again)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from .notices import deliver_pending


@db_periodic_task(crontab(minute="*/5"))
@lock_task("notify-deliver-pending")
def deliver_pending_notices() -> int:
    return deliver_pending()
