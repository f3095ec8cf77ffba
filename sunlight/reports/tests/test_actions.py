"""Writing, figures and publication of the annual report: permission, validation, events, the catalog workflow."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from sunlight.disclosure import actions as disclosure
from sunlight.disclosure.models import Document
from sunlight.errors import SunlightError
from sunlight.events.models import Event
from sunlight.orgs.models import Role
from sunlight.reports import actions
from sunlight.reports.models import AnnualReport, YearFigures
from sunlight.requests.report import TOTAL, request_table

from .builders import saved_report


def test_staff_write_the_narrative_section_by_section_and_each_save_is_an_event(rep):
    report = actions.save_report(rep.east, 2025, "org", by=rep.officer, overview="  全年工作概况。\n\n第二段。 ")
    assert report.overview == "全年工作概况。\n\n第二段。" and report.status == AnnualReport.Status.DRAFT
    report = actions.save_report(rep.east, 2025, "org", by=rep.reviewer, problems="<b>问题</b>")
    assert report.overview == "全年工作概况。\n\n第二段。" and report.problems == "<b>问题</b>"  # kept as typed
    events = Event.objects.filter(verb="reports.save").order_by("seq")
    assert [e.data["changed"] for e in events] == [["overview"], ["problems"]]
    assert AnnualReport.objects.count() == 1


def test_an_unknown_section_a_bad_year_or_a_department_consolidation_is_refused(rep):
    with pytest.raises(SunlightError):
        actions.save_report(rep.east, 2025, "org", by=rep.officer, body="x")
    with pytest.raises(SunlightError) as refused:
        actions.save_report(rep.east, 2031, "org", by=rep.officer, overview="x")
    assert refused.value.code == "bad_year"
    with pytest.raises(SunlightError) as refused:
        actions.save_report(rep.edu, 2025, "subtree", by=rep.edu_officer, overview="x")
    assert refused.value.code == "bad_scope"
    assert not AnnualReport.objects.exists()


def test_an_outsider_or_a_supervisor_cannot_write_a_report_or_enter_figures(rep):
    for user in (rep.outsider, rep.west_officer, rep.supervisor, rep.clerk):
        with pytest.raises(PermissionDenied):
            actions.save_report(rep.east, 2025, "org", by=user, overview="x")
        with pytest.raises(PermissionDenied):
            actions.save_year_figures(
                rep.east, 2025, by=user, licensing_decisions=1, penalty_decisions=1, coercion_decisions=1, fee_income=1
            )
    # A city admin may act in the districts below.
    assert actions.save_report(rep.east, 2025, "subtree", by=rep.admin, overview="汇总").scope == "subtree"


def test_year_figures_are_saved_updated_and_logged_with_before_and_after(rep):
    actions.save_year_figures(
        rep.east,
        2025,
        by=rep.officer,
        licensing_decisions=3,
        penalty_decisions=2,
        coercion_decisions=1,
        fee_income="1.25",
    )
    figures = actions.save_year_figures(
        rep.east,
        2025,
        by=rep.officer,
        licensing_decisions=4,
        penalty_decisions=2,
        coercion_decisions=1,
        fee_income=Decimal("1.2500"),
    )
    assert (
        YearFigures.objects.count() == 1 and figures.licensing_decisions == 4 and figures.fee_income == Decimal("1.25")
    )
    last = Event.objects.filter(verb="reports.year_figures").order_by("-seq").first()
    assert last.data["before"]["licensing_decisions"] == "3" and last.data["after"]["licensing_decisions"] == "4"


@pytest.mark.parametrize(
    "bad",
    [
        {"licensing_decisions": -1},
        {"penalty_decisions": 1.5},
        {"coercion_decisions": "2"},
        {"fee_income": "-0.1"},
        {"fee_income": "abc"},
        {"fee_income": "1.23456"},
        {"fee_income": "NaN"},
    ],
)
def test_negative_fractional_or_malformed_figures_are_refused(rep, bad):
    values = {"licensing_decisions": 1, "penalty_decisions": 1, "coercion_decisions": 1, "fee_income": "1"} | bad
    with pytest.raises(SunlightError) as refused:
        actions.save_year_figures(rep.east, 2025, by=rep.officer, **values)
    assert refused.value.code == "bad_figures"
    assert not YearFigures.objects.exists()


def test_publishing_creates_a_report_document_in_secrecy_review_and_freezes_the_report(rep, records):
    report = actions.save_report(rep.east, 2025, "org", by=rep.officer, overview="2025年，本机关认真贯彻条例。")
    doc = actions.publish_report(report, by=rep.officer)
    assert doc.genre.code == "report" and doc.status == Document.Status.SUBMITTED and doc.publisher == rep.east
    assert doc.title == "青溪区人民政府2025年政府信息公开工作年度报告"
    assert (
        "一、总体情况" in doc.body_html
        and "本年新收政府信息公开申请数量" in doc.body_html
        and 'rowspan="' in doc.body_html
    )
    report.refresh_from_db()
    assert report.document == doc and report.status == AnnualReport.Status.DRAFT  # published only when the document is
    assert Event.objects.filter(verb="reports.submit", object_id=str(report.pk)).exists()
    with pytest.raises(SunlightError) as refused:
        actions.save_report(rep.east, 2025, "org", by=rep.officer, overview="改动")
    assert refused.value.code == "report_frozen"
    with pytest.raises(SunlightError):
        actions.publish_report(report, by=rep.officer)


def test_the_report_is_published_when_its_document_is_and_back_to_draft_when_withdrawn(rep, records):
    report = saved_report(rep)
    doc = actions.publish_report(report, by=rep.officer)
    disclosure.review_document(doc, by=rep.reviewer, conclusion="approved", grounds="不涉密", override_reason="已核对")
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT
    disclosure.publish_document(doc, by=rep.reviewer)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.PUBLISHED and report.published_at is not None
    disclosure.withdraw_document(doc, by=rep.officer, reason="数据有误")
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT and report.published_at is None
    # Withdrawn: the report can be corrected and published again, as a new document.
    actions.save_report(rep.east, 2025, "org", by=rep.officer, overview="更正后的概况")
    again = actions.publish_report(report, by=rep.officer)
    assert again.pk != doc.pk and "更正后的概况" in again.body_html


def test_a_report_returned_by_the_review_is_submitted_again_as_the_same_document(rep, records):
    report = saved_report(rep)
    doc = actions.publish_report(report, by=rep.officer)
    disclosure.review_document(doc, by=rep.reviewer, conclusion="returned", grounds="请补充第五部分")
    actions.save_report(rep.east, 2025, "org", by=rep.officer, problems="补充的问题")
    again = actions.publish_report(report, by=rep.officer)
    assert again.pk == doc.pk and again.status == Document.Status.SUBMITTED and "补充的问题" in again.body_html


def test_publishing_needs_an_officer_a_finished_year_and_section_one(rep, records):
    report = saved_report(rep)
    with pytest.raises(PermissionDenied):
        actions.publish_report(report, by=rep.reviewer)  # reviews, but does not author catalog documents
    empty = actions.save_report(rep.east, 2024, "org", by=rep.officer, problems="只有问题")
    with pytest.raises(SunlightError) as refused:
        actions.publish_report(empty, by=rep.officer)
    assert refused.value.code == "report_incomplete"
    current = saved_report(rep, year=2026)
    with pytest.raises(SunlightError) as refused:
        actions.publish_report(current, by=rep.officer)
    assert refused.value.code == "year_not_over"
    assert not Document.objects.filter(genre__code="report").exists()


@pytest.fixture
def unbalanced(monkeypatch):
    """The request table is balanced by construction (each request is new or carried in, and answered or carried
    out), so no data can unbalance it; a defect is simulated by the table coming back with one more new request."""
    import sunlight.reports.annual as annual

    def broken(requests, year):
        table = request_table(requests, year)
        table.new[TOTAL] = table.new.get(TOTAL, 0) + 1
        return table

    monkeypatch.setattr(annual, "request_table", broken)


def test_an_unbalanced_report_is_not_published(rep, records, unbalanced):
    report = saved_report(rep)
    with pytest.raises(SunlightError) as refused:
        actions.publish_report(report, by=rep.officer)
    assert refused.value.code == "report_unbalanced" and "总计" in refused.value.message
    assert not Document.objects.filter(genre__code="report").exists()
    report.refresh_from_db()
    assert report.document is None


def test_admins_of_the_org_without_the_officer_role_cannot_publish(rep, records):
    admin = rep.add_staff("east_admin", rep.east, Role.ADMIN)
    report = saved_report(rep, by=admin)
    with pytest.raises(PermissionDenied):
        actions.publish_report(report, by=admin)
