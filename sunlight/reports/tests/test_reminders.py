"""Reminders: departments owe last year's report by 31 January, governments their consolidated one by 31 March."""

from datetime import date

from sunlight.disclosure.models import Document, Genre
from sunlight.notify.models import Todo
from sunlight.orgs.codes import make_credit_code
from sunlight.orgs.models import Org, Region
from sunlight.reports.models import AnnualReport
from sunlight.reports.reminders import due_reminders, send_reminders


def _township_department(rep) -> Org:
    town = Region.objects.create(code="990102001", name="溪口镇", level=4, parent=rep.east_region)
    return Org.objects.create(
        name="溪口镇财政所",
        kind=Org.Kind.DEPARTMENT,
        region=town,
        parent=rep.east,
        credit_code=make_credit_code("11", rep.east_region.code, "00000007"),
    )


def _published(org: Org, year: int, scope: str) -> AnnualReport:
    """A report whose document is published in the catalog (that is what "published" means)."""
    n = Document.objects.count() + 1
    doc = Document.objects.create(
        index_number=f"X/2026-{n:05d}",
        publisher=org,
        title="年报",
        created_on=date(2026, 1, 5),
        genre=Genre.objects.get(code="report"),
        status=Document.Status.PUBLISHED,
    )
    return AnnualReport.objects.create(org=org, year=year, scope=scope, document=doc)


def test_in_january_departments_at_county_level_and_above_and_all_governments_are_due(rep):
    _township_department(rep)
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
    _published(rep.edu, 2025, "org")
    _published(rep.east, 2025, "org")  # not the 汇总
    _published(rep.west, 2024, "subtree")
    _published(rep.city, 2025, "subtree")
    AnnualReport.objects.create(org=rep.west, year=2025, scope="subtree")  # a draft: still owed
    due = {org.name for org, _d in due_reminders(date(2026, 1, 20))}
    assert due == {"青溪区人民政府", "云湖区人民政府"}


def test_the_daily_run_puts_one_todo_on_each_owing_orgs_officers_and_closes_it_once_published(rep):
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
    _published(rep.edu, 2025, "org")
    send_reminders(date(2026, 1, 12))
    todo.refresh_from_db()
    assert todo.done_at is not None
    assert Todo.objects.get(user=rep.officer).done_at is None


def test_the_periodic_task_runs_the_reminders(rep, monkeypatch):
    from sunlight.reports import tasks

    monkeypatch.setattr("sunlight.reports.reminders.timezone.localdate", lambda: date(2026, 1, 10))
    assert tasks.remind_due_reports.call() == 4
    assert Todo.objects.filter(user=rep.edu_officer, done_at__isnull=True).count() == 1
