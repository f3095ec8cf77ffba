from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sunlight.errors import SunlightError
from sunlight.events.models import Event
from sunlight.notify.models import Notice

from .. import actions
from ..actions.report import generate_due_reports
from ..models import SupervisionReport
from ..report import build_report_data


@pytest.fixture
def june(sv):
    """A delivered case and a twice-corrected one of 青溪区市场监督管理局, watched, in June 2026 (the hall's month)."""
    delivered = sv.hall.delivered()
    sv.evaluate(delivered)
    sv.alert()
    return delivered


def test_the_report_holds_the_months_figures_cards_and_ranking(sv, june, spring_2026):
    spring_2026.move_to("2026-07-02 10:00+08:00")
    data = build_report_data(sv.cast.city, 2026, 6)
    on_time = data["figures"][0]
    assert on_time["code"] == "on_time" and on_time["denominator"] == 1 and on_time["value"] == 100.0
    assert [r["rule"] for r in data["cards_by_rule"]] == ["多次补正告知"]
    assert [r["org"] for r in data["ranking"]] == ["青溪区人民政府"]
    assert data["complaints"] == {"received": 0, "concluded": 0, "on_time": 0, "by_conclusion": []}


def test_a_supervisor_generates_an_ended_month_and_the_heads_are_told(sv, june, spring_2026):
    spring_2026.move_to("2026-07-02 10:00+08:00")
    report = actions.generate_supervision_report(sv.hall.market, 2026, 6, by=sv.supervisor)
    assert report.data["period"] == "2026-06"
    assert Event.objects.filter(verb="supervision.report").exists()
    assert Notice.objects.filter(user=sv.approver, url=reverse("supervision_wb:report", args=[report.pk])).exists()


def test_the_current_month_and_an_outsider_are_refused(sv, june):
    with pytest.raises(SunlightError) as e:
        actions.generate_supervision_report(sv.hall.market, 2026, 6, by=sv.supervisor)
    assert e.value.status == 400
    with pytest.raises(PermissionDenied):
        actions.generate_supervision_report(sv.hall.market, 2026, 5, by=sv.west_supervisor)
    assert not SupervisionReport.objects.exists()


def test_the_worker_makes_last_months_reports_on_the_first_only_and_once(sv, june, spring_2026):
    spring_2026.move_to("2026-07-01 03:10+08:00")
    assert generate_due_reports(date(2026, 7, 2)) == 0
    made = generate_due_reports(date(2026, 7, 1))
    from ..report import report_orgs

    assert made == len(report_orgs()) and sv.cast.east in report_orgs() and sv.cast.east_center not in report_orgs()
    assert generate_due_reports(date(2026, 7, 1)) == made
    assert SupervisionReport.objects.count() == made


def test_the_pages_and_exports_and_an_outsider_refused(client, sv, june, spring_2026):
    spring_2026.move_to("2026-07-02 10:00+08:00")
    client.force_login(sv.supervisor)
    r = client.post(reverse("supervision_wb:reports"), {"org": sv.cast.city.pk, "month": "2026-06"})
    assert r.status_code == 302
    report = SupervisionReport.objects.get()
    page = client.get(reverse("supervision_wb:report", args=[report.pk])).content.decode()
    assert "按时办结率" in page and "多次补正告知" in page
    pdf = client.get(reverse("supervision_wb:report_export", args=[report.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    from sunlight.pdf import embedded_fonts

    fonts = embedded_fonts(pdf.content)
    assert fonts and all(name.startswith("Sunlight-") for name in fonts)  # the shipped CJK fonts, never the host's
    xlsx = client.get(reverse("supervision_wb:report_export", args=[report.pk, "xlsx"]))
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(xlsx.content))
    assert book.sheetnames[0] == "指标" and book["指标"]["A2"].value == "按时办结率"
    assert client.get(reverse("supervision_wb:report_export", args=[report.pk, "doc"])).status_code == 404
    assert (
        client.post(reverse("supervision_wb:reports"), {"org": sv.cast.city.pk, "month": "2026-13"}).status_code == 400
    )
    client.force_login(sv.west_supervisor)
    for url in (
        reverse("supervision_wb:report", args=[report.pk]),
        reverse("supervision_wb:report_export", args=[report.pk, "pdf"]),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(reverse("supervision_wb:reports"), {"org": sv.cast.city.pk, "month": "2026-05"}).status_code == 400
    )


def test_a_case_decided_after_its_deadline_counts_as_late_in_the_month_it_was_decided(sv, spring_2026):
    from sunlight.cases import actions as case_actions

    case = sv.hall.accepted()
    spring_2026.move_to("2026-09-15 10:00+08:00")
    case = case_actions.complete_step(case, by=sv.handler, opinion="材料齐全，符合条件，拟准予。")
    case = case_actions.decide_case(case, by=sv.approver, granted=True)
    sv.evaluate(case_actions.deliver_result(case, by=sv.hall.cast.clerk, method="窗口领取"))
    spring_2026.move_to("2026-10-02 10:00+08:00")
    september = {f["code"]: f for f in build_report_data(sv.hall.market, 2026, 9)["figures"]}
    assert (september["on_time"]["numerator"], september["on_time"]["denominator"]) == (0, 1)
    assert september["on_time"]["value"] == 0.0 and "÷" in september["on_time"]["formula"]
    assert build_report_data(sv.hall.market, 2026, 6)["figures"][0]["denominator"] == 0


def test_urge_orders_and_rectifications_are_counted_in_the_month_of_each_act(sv, spring_2026):
    from sunlight.ratings.tests.builders import bad_rating

    from ..models import UrgeOrder

    alert = sv.alert()
    order = actions.issue_urge_order(by=sv.supervisor, alert=alert, demand="限期整改", due_on=date(2026, 7, 20))
    rectification = bad_rating(sv.hall).rectification
    spring_2026.move_to("2026-07-06 10:00+08:00")
    order = actions.answer_urge_order(order, by=sv.approver, answer="已建立一次性告知复核制度")
    actions.close_urge_order(order, by=sv.supervisor, conclusion="整改到位")
    from sunlight.ratings import actions as rating_actions

    rectification = rating_actions.record_callback(rectification, by=sv.approver, note="已电话回访，情况属实。")
    rating_actions.record_rectification(rectification, by=sv.approver, measures="补充一次性告知清单。")
    spring_2026.move_to("2026-08-03 10:00+08:00")
    june = build_report_data(sv.hall.market, 2026, 6)
    july = build_report_data(sv.hall.market, 2026, 7)
    assert june["urge_counts"] == {"issued": 1, "answered": 0, "closed": 0, "escalated": 0}
    assert july["urge_counts"] == {"issued": 0, "answered": 1, "closed": 1, "escalated": 0}
    assert [o["number"] for o in july["urge_orders"]] == [order.number] == [o["number"] for o in june["urge_orders"]]
    assert july["urge_orders"][0]["closed_on"] == "2026-07-06"
    assert june["rectifications"] == {"opened": 1, "rectified": 0, "reported": 0}
    assert july["rectifications"] == {"opened": 0, "rectified": 1, "reported": 0}
    assert UrgeOrder.objects.get().status == UrgeOrder.Status.CLOSED


def test_a_month_before_2000_and_a_future_month_are_refused_and_nothing_is_written(sv, spring_2026):
    for year, month in ((1999, 12), (2026, 9), (2026, 13)):
        with pytest.raises(SunlightError) as e:
            actions.generate_supervision_report(sv.cast.city, year, month, by=sv.supervisor)
        assert e.value.status == 400
    assert not SupervisionReport.objects.exists() and not Event.objects.filter(verb="supervision.report").exists()


def test_the_worker_tells_the_heads_in_app_and_by_email(sv, june, spring_2026):
    spring_2026.move_to("2026-07-01 03:10+08:00")
    generate_due_reports(date(2026, 7, 1))
    report = SupervisionReport.objects.get(org=sv.hall.market)
    assert report.generated_by is None and report.data["period"] == "2026-06"
    notices = Notice.objects.filter(user=sv.approver, url=reverse("supervision_wb:report", args=[report.pk]))
    assert {n.channel for n in notices} >= {"inapp", "email"}


def test_the_xlsx_has_one_sheet_per_section_and_an_outsider_sees_neither_the_list_nor_any_export(
    client, sv, june, spring_2026
):
    from io import BytesIO

    from openpyxl import load_workbook

    spring_2026.move_to("2026-07-02 10:00+08:00")
    report = actions.generate_supervision_report(sv.cast.city, 2026, 6, by=sv.supervisor)
    client.force_login(sv.supervisor)
    book = load_workbook(BytesIO(client.get(reverse("supervision_wb:report_export", args=[report.pk, "xlsx"])).content))
    assert book.sheetnames[:5] == ["指标", "排名", "红黄牌", "红黄牌（按机构）", "告警处理"]
    assert {"督办单", "差评整改", "效能投诉", "事项"} <= set(book.sheetnames)
    assert book["红黄牌"]["A2"].value == "多次补正告知"
    page = client.get(reverse("supervision_wb:report", args=[report.pk])).content.decode()
    assert page.count('class="table-scroll" tabindex="0" role="region"') == 6 and "<caption>" in page
    assert 'th scope="row">按时办结率' in page
    client.force_login(sv.west_supervisor)
    assert (
        f'href="{reverse("supervision_wb:report", args=[report.pk])}"'
        not in client.get(reverse("supervision_wb:reports")).content.decode()
    )
    for fmt in ("pdf", "xlsx"):
        assert client.get(reverse("supervision_wb:report_export", args=[report.pk, fmt])).status_code == 404
    client.force_login(sv.hall.company)
    assert client.get(reverse("supervision_wb:report", args=[report.pk])).status_code in (302, 403, 404)
