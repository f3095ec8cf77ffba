"""An admin's change to one day of the calendar moves the running deadlines that count through it, with the
event the applicant's status page lists and a word to the handlers; deadlines before the day are left alone."""

from __future__ import annotations

from datetime import date

from sunlight.clock import calendar
from sunlight.clock.actions import set_workday
from sunlight.events.models import Event
from sunlight.notify.models import Todo

from .builders import MONDAY, registered


def test_making_a_working_day_a_rest_day_moves_the_deadlines_that_run_through_it(
    req, django_capture_on_commit_callbacks
):
    calendar.invalidate()
    running = registered(req)  # received 2026-03-02, due 2026-03-30
    early = registered(req, received_on=date(2026, 2, 2), description="更早的申请")
    assert running.due_on == date(2026, 3, 30) and early.due_on < date(2026, 3, 10)
    with django_capture_on_commit_callbacks(execute=True):
        set_workday(date(2026, 3, 10), is_workday=False, note="地方临时休息日", by=req.admin)
    running.refresh_from_db()
    early.refresh_from_db()
    assert running.due_on == date(2026, 3, 31) and early.due_on < date(2026, 3, 10)
    event = Event.objects.get(verb="requests.deadline_recomputed")
    assert event.object_id == str(running.pk) and event.data["why"] == "工作日历修改了 2026-03-10"
    assert Todo.objects.filter(title__contains="2026-03-31", done_at__isnull=True).exists()
    calendar.invalidate()


def test_a_note_alone_changes_no_deadline(req, django_capture_on_commit_callbacks):
    calendar.invalidate()
    running = registered(req, received_on=MONDAY)
    with django_capture_on_commit_callbacks(execute=True):
        set_workday(date(2026, 3, 10), is_workday=True, note="只改备注", by=req.admin)
    running.refresh_from_db()
    assert (
        running.due_on == date(2026, 3, 30) and not Event.objects.filter(verb="requests.deadline_recomputed").exists()
    )
    calendar.invalidate()
