"""Background work of disclosure on request, every night: the lapses (Art. 30 corrections, Art. 32/34
consultations, unpaid fees), the deadlines that waited for the working-day calendar, and the to-dos of requests
due within 3 working days or overdue (duties.raise_deadline_todos)."""

from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@task()
def lapse_due() -> dict:
    from .actions import lapse_consultations, lapse_corrections, lapse_unpaid_fees, refresh_deadlines
    from .duties import raise_deadline_todos

    done = {
        "corrections": lapse_corrections(),
        "consultations": lapse_consultations(),
        "fees": lapse_unpaid_fees(),
        "deadlines": refresh_deadlines(),
    }
    # After the lapses (a lapsed request needs no reminder): due within 3 working days, and overdue.
    done["todos"] = raise_deadline_todos()
    return done


@db_periodic_task(crontab(hour="1", minute="5"))
def lapse_due_every_night() -> None:
    lapse_due.call()
