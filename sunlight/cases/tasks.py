"""The worker: Art. 32's deemed acceptance every night, and the sweep of files left by a killed submission."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from .actions import accept_overdue_cases
from .uploads import sweep_orphan_files


@db_periodic_task(crontab(hour="0", minute="20"))
@lock_task("cases-accept-overdue")
def accept_overdue() -> int:
    return accept_overdue_cases()


@db_periodic_task(crontab(minute="35"))
@lock_task("cases-sweep-files")
def sweep_files() -> int:
    return sweep_orphan_files()
