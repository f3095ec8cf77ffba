"""Background work of disclosure: scheduled publication every minute, and web bulk imports."""

from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@task()
def publish_due() -> int:
    from .actions.publishing import publish_due_documents

    return publish_due_documents()


@task()
def run_import_job(job_id: int) -> None:
    from .import_jobs import run_import

    run_import(job_id)


@db_periodic_task(crontab(minute="*"))
def publish_due_every_minute() -> None:
    publish_due.call()
