"""Background work of disclosure on request, every night: the lapses (Art. 30 corrections, Art. 32/34
consultations, unpaid fees) and the deadlines that waited for the working-day calendar."""

from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@task()
def lapse_due() -> dict:
    from .actions import refresh_deadlines
    from .charging import lapse_unpaid_fees
    from .consultations import lapse_consultations, lapse_corrections

    return {"corrections": lapse_corrections(), "consultations": lapse_consultations(), "fees": lapse_unpaid_fees(),
            "deadlines": refresh_deadlines()}


@db_periodic_task(crontab(hour="1", minute="5"))
def lapse_due_every_night() -> None:
    lapse_due.call()
