"""Background work of disclosure on request: the daily lapses (Art. 30 corrections, Art. 32/34 consultations, unpaid fees)."""

from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@task()
def lapse_due() -> dict:
    # Imported here: charging.py is its own module and the worker must load even while it is being written.
    from .charging import lapse_unpaid_fees
    from .consultations import lapse_consultations, lapse_corrections

    return {"corrections": lapse_corrections(), "consultations": lapse_consultations(), "fees": lapse_unpaid_fees()}


@db_periodic_task(crontab(hour="1", minute="5"))
def lapse_due_every_night() -> None:
    lapse_due.call()
