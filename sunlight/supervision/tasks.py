"""The worker: the nightly sweep (lights and time-based rules) and its notices; the monthly report on the 1st."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task


@db_periodic_task(crontab(hour="0", minute="20"))
@lock_task("supervision-sweep")
def sweep_nightly() -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from .engine import notify_new_alerts, resync, sweep
    from .tally import recount

    resynced = resync(since=timezone.now() - timedelta(hours=25))
    out = sweep()
    out["resynced"] = resynced
    out["tallies"] = recount()
    out["notified"] = notify_new_alerts()
    return out


@db_periodic_task(crontab(minute="*/10"))
@lock_task("supervision-notify")
def notify_alerts() -> int:
    from .engine import notify_new_alerts

    return notify_new_alerts()


@db_periodic_task(crontab(day="1", hour="3", minute="10"))
@lock_task("supervision-monthly")
def monthly_reports() -> int:
    from .actions.report import generate_due_reports

    return generate_due_reports()
