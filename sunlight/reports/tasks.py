"""Background work of the annual reports: every morning in January to March, remind who still owes one."""

from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@task()
def remind_due_reports() -> int:
    from .reminders import send_reminders

    return send_reminders()


@db_periodic_task(crontab(minute="0", hour="8", month="1-3"))
def remind_due_reports_daily() -> None:
    remind_due_reports.call()
