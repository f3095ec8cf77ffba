"""Annual-report duties: a report past 31 January (departments) / 31 March (governments) is flagged overdue in the
workbench and to supervisors, and the consolidated report names the agencies that have not published theirs."""

from datetime import date

import pytest
from django.utils import timezone

from sunlight.reports.annual import as_dict, build_report
from sunlight.reports.reminders import overdue, unfiled

from .builders import published_report, township_department


@pytest.fixture
def on_day(monkeypatch):
    real = timezone.localdate

    def set_to(day: date):
        monkeypatch.setattr(
            timezone, "localdate", lambda value=None, timezone=None: day if value is None else real(value, timezone)
        )

    return set_to


def test_departments_are_overdue_after_31_january_and_governments_after_31_march(rep):
    from sunlight.orgs.models import Org

    township_department(rep)  # no statutory duty: never overdue
    everyone = Org.objects.all()
    assert overdue(everyone, 2025, date(2026, 1, 31)) == []
    assert [(o.name, d) for o, _s, d in overdue(everyone, 2025, date(2026, 2, 1))] == [
        ("青溪区教育局", date(2026, 1, 31))
    ]
    late = {o.name: s for o, s, _d in overdue(everyone, 2025, date(2026, 4, 1))}
    assert late == {
        "云川市人民政府": "subtree",
        "青溪区人民政府": "subtree",
        "青溪区教育局": "org",
        "云湖区人民政府": "subtree",
    }
    published_report(rep.edu, 2025, "org")
    published_report(rep.west, 2025, "subtree")
    assert {o.name for o, _s, _d in overdue(everyone, 2025, date(2026, 4, 1))} == {"云川市人民政府", "青溪区人民政府"}


def test_the_report_list_and_page_show_a_red_overdue_label(client, rep, on_day):
    on_day(date(2026, 2, 10))
    client.force_login(rep.edu_officer)
    page = client.get("/workbench/reports/", {"year": 2025}).content.decode()
    assert "badge-danger" in page and "逾期未发布" in page
    report = client.get(f"/workbench/reports/{rep.edu.pk}/2025/").content.decode()
    assert "逾期未发布：应于2026-01-31前发布" in report
    published_report(rep.edu, 2025, "org")
    assert "逾期未发布" not in client.get("/workbench/reports/", {"year": 2025}).content.decode()


def test_the_supervisors_home_lists_the_overdue_reports_of_their_subtree_only(client, rep, on_day):
    on_day(date(2026, 4, 2))
    client.force_login(rep.supervisor)  # the city's supervisor
    page = client.get("/workbench/").content.decode()
    assert "逾期未发布的年度报告" in page
    assert (
        "青溪区教育局" in page
        and "云湖区人民政府" in page
        and f"/workbench/reports/{rep.edu.pk}/2025/?scope=org" in page
    )
    client.force_login(rep.outsider)  # a clerk in 云湖区: no supervision duty
    assert "逾期未发布的年度报告" not in client.get("/workbench/").content.decode()


def test_the_consolidated_report_names_the_agencies_that_have_not_published_theirs(rep):
    assert [o.name for o in unfiled(rep.city, 2025)] == ["青溪区人民政府", "青溪区教育局", "云湖区人民政府"]
    published_report(rep.edu, 2025, "org")
    published_report(rep.west, 2025, "subtree")
    data = build_report(rep.city, 2025, "subtree")
    assert [o.name for o in data.unfiled] == ["青溪区人民政府"]
    assert data.unfiled_sentence == "截至本报告生成时，青溪区人民政府尚未发布2025年政府信息公开工作年度报告。"
    assert as_dict(data)["unfiled"] == [{"id": rep.east.pk, "name": "青溪区人民政府"}]
    assert build_report(rep.edu, 2025, "org").unfiled_sentence == ""


def test_the_consolidated_report_page_lists_them_for_the_government(client, rep, on_day):
    on_day(date(2026, 3, 10))
    client.force_login(rep.admin)
    page = client.get(f"/workbench/reports/{rep.city.pk}/2025/", {"scope": "subtree"}).content.decode()
    assert (
        "所属机关年度报告发布情况" in page
        and "青溪区教育局" in page
        and "尚未发布2025年政府信息公开工作年度报告" in page
    )
