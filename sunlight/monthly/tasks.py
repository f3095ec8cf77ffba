"""The worker generates last month's reports on the 1st of every month (03:30 Beijing time)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from .actions import generate_last_month


@db_periodic_task(crontab(day="1", hour="3", minute="30"))
@lock_task("monthly-reports")
def generate_monthly_reports() -> int:
    return generate_last_month()
