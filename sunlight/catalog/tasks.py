"""Background work of the catalog: the Excel import runs in the worker (django-tasks on huey)."""

from django_tasks import task


@task()
def run_catalog_import(run_id: int) -> None:
    from .importing.jobs import run_import

    run_import(run_id)
