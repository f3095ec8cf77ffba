"""Scheduled publication: the worker publishes documents whose time has come, every minute."""

from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@task()
def publish_due() -> int:
    from .actions import publish_due_documents

    return publish_due_documents()


@db_periodic_task(crontab(minute="*"))
def publish_due_every_minute() -> None:
    publish_due.call()
