"""Reminders: departments owe last year's report by 31 January, governments their consolidated one by 31 March."""

from datetime import date

from sunlight.notify.models import Todo
from sunlight.orgs.models import Org
from sunlight.reports.models import AnnualReport
from sunlight.reports.reminders import due_reminders, send_reminders

from .builders import published_report, township_department


def test_in_january_departments_at_county_level_and_above_and_all_governments_are_due(rep):
    township_department(rep)
    due = {org.name: deadline for org, deadline in due_reminders(date(2026, 1, 10))}
    assert due == {
        "青溪区教育局": date(2026, 1, 31),
        "云川市人民政府": date(2026, 3, 31),
        "青溪区人民政府": date(2026, 3, 31),
        "云湖区人民政府": date(2026, 3, 31),
    }


def test_from_february_to_march_only_governments_and_from_april_nobody(rep):
    assert {org.kind for org, _d in due_reminders(date(2026, 2, 1))} == {Org.Kind.GOVERNMENT}
    assert {org.kind for org, _d in due_reminders(date(2026, 3, 31))} == {Org.Kind.GOVERNMENT}
    assert due_reminders(date(2026, 4, 1)) == [] and due_reminders(date(2025, 12, 31)) == []


def test_a_published_report_for_last_year_ends_the_reminder_but_a_draft_or_another_year_does_not(rep):
    published_report(rep.edu, 2025, "org")
    published_report(rep.east, 2025, "org")  # not the 汇总
    published_report(rep.west, 2024, "subtree")
    published_report(rep.city, 2025, "subtree")
    AnnualReport.objects.create(org=rep.west, year=2025, scope="subtree")  # a draft: still owed
    due = {org.name for org, _d in due_reminders(date(2026, 1, 20))}
    assert due == {"青溪区人民政府", "云湖区人民政府"}


def test_the_daily_run_puts_one_todo_on_each_owing_orgs_officers_and_closes_it_oncepublished_report(rep):
    send_reminders(date(2026, 1, 10))
    send_reminders(date(2026, 1, 11))  # idempotent
    todo = Todo.objects.get(user=rep.edu_officer)
    assert (
        todo.title == "1月31日前发布2025年度报告（青溪区教育局）"
        and todo.due == date(2026, 1, 31)
        and todo.done_at is None
    )
    assert Todo.objects.get(user=rep.officer).title == "3月31日前发布2025年度报告（青溪区人民政府）"
    assert not Todo.objects.filter(user=rep.reviewer).exists()  # officers only
    assert "/workbench/reports/" in todo.url and "scope=org" in todo.url
    published_report(rep.edu, 2025, "org")
    send_reminders(date(2026, 1, 12))
    todo.refresh_from_db()
    assert todo.done_at is not None
    assert Todo.objects.get(user=rep.officer).done_at is None


def test_the_periodic_task_runs_the_reminders(rep, monkeypatch):
    from sunlight.reports import tasks

    monkeypatch.setattr("sunlight.reports.reminders.timezone.localdate", lambda: date(2026, 1, 10))
    assert tasks.remind_due_reports.call() == 4
    assert Todo.objects.filter(user=rep.edu_officer, done_at__isnull=True).count() == 1
