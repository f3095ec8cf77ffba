"""Workbench pages of the annual report and of appeals: who sees, who acts, what a refusal looks like."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sunlight.disclosure.models import Document
from sunlight.reports.models import AnnualReport, YearFigures
from sunlight.requests.models import Appeal

from .builders import saved_report


def url(org, year=2025, what="", scope="org"):
    return f"/workbench/reports/{org.pk}/{year}/{what}?scope={scope}"


def test_the_list_shows_the_users_orgs_with_both_scopes_for_a_government(client, rep):
    client.force_login(rep.officer)
    page = client.get("/workbench/reports/?year=2025").content.decode()
    assert "青溪区人民政府" in page and "本级政府及所属部门（汇总）" in page and "云湖区人民政府" not in page
    client.force_login(rep.supervisor)
    page = client.get("/workbench/reports/?year=nonsense").content.decode()
    assert "青溪区教育局" in page and "云湖区人民政府" in page


def test_the_report_page_shows_the_tables_the_balance_check_and_the_forms(client, rep, records):
    client.force_login(rep.officer)
    response = client.get(url(rep.east))
    page = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    for text in (
        "青溪区人民政府2025年政府信息公开工作年度报告",
        "<h2>一、总体情况</h2>",
        "<h2>六、其他需要报告的事项</h2>",
        "第二十条第（八）项",
        "四、结转下年度继续办理",
        "复议后起诉",
        "各列均平衡",
        "保存正文",
        "保存年度数据",
        "提交发布",
        "export.pdf",
    ):
        assert text in page, text
    subtree = client.get(url(rep.east, scope="subtree")).content.decode()
    assert "汇总" in subtree and "查看本机关报告" in subtree


def test_staff_save_the_narrative_and_figures_from_the_page(client, rep):
    client.force_login(rep.officer)
    response = client.post(url(rep.east, what="narrative"), {"overview": "概况", "problems": "问题"})
    assert response.status_code == 302
    assert AnnualReport.objects.get(org=rep.east, year=2025).problems == "问题"
    response = client.post(
        url(rep.east, what="figures"),
        {"licensing_decisions": 5, "penalty_decisions": 0, "coercion_decisions": 0, "fee_income": "1.5"},
    )
    assert response.status_code == 302 and YearFigures.objects.get(org=rep.east).licensing_decisions == 5
    bad = client.post(
        url(rep.east, what="figures"),
        {"licensing_decisions": -5, "penalty_decisions": 0, "coercion_decisions": 0, "fee_income": "1"},
    )
    assert bad.status_code == 400 and "行政许可" in bad.content.decode()
    assert YearFigures.objects.get(org=rep.east).licensing_decisions == 5


def test_publishing_from_the_page_sends_the_report_to_review(client, rep, records):
    client.force_login(rep.officer)
    missing = client.post(url(rep.east, what="publish"))
    assert missing.status_code == 400 and "请先填写" in missing.content.decode()
    saved_report(rep)
    response = client.post(url(rep.east, what="publish"))
    assert response.status_code == 302
    doc = AnnualReport.objects.get(org=rep.east, year=2025).document
    assert doc.status == Document.Status.SUBMITTED and doc.genre.code == "report"
    page = client.get(url(rep.east)).content.decode()
    assert "已提交发布" in page and "保存正文" not in page


@pytest.mark.parametrize(
    "fmt,content_type", [("html", "text/html"), ("pdf", "application/pdf"), ("xlsx", "application/vnd.openxmlformats")]
)
def test_the_exports_download_for_staff(client, rep, records, fmt, content_type):
    client.force_login(rep.officer)
    response = client.get(url(rep.east, what=f"export.{fmt}"))
    assert response.status_code == 200 and response["Content-Type"].startswith(content_type)
    if fmt == "pdf":
        assert response.content.startswith(b"%PDF")
    if fmt != "html":
        assert "filename*=UTF-8''" in response["Content-Disposition"]


def test_an_unbalanced_report_is_not_exported_from_the_page(client, rep, records, monkeypatch):
    from sunlight.requests.report import TOTAL, request_table

    def broken(requests, year):
        table = request_table(requests, year)
        table.carried_in[TOTAL] = table.carried_in.get(TOTAL, 0) + 1
        return table

    monkeypatch.setattr("sunlight.reports.annual.request_table", broken)
    client.force_login(rep.officer)
    assert "不平衡" in client.get(url(rep.east)).content.decode()
    response = client.get(url(rep.east, what="export.xlsx"))
    assert response.status_code == 409 and "不平衡" in response.content.decode()


def test_a_supervisor_sees_the_report_but_gets_no_forms_and_cannot_post(client, rep, records):
    client.force_login(rep.supervisor)
    page = client.get(url(rep.east)).content.decode()
    assert "青溪区人民政府2025年" in page and "保存正文" not in page and "提交发布" not in page
    assert client.post(url(rep.east, what="narrative"), {"overview": "x"}).status_code == 403
    assert client.get(url(rep.east, what="export.html")).status_code == 200


def test_outsiders_are_refused_every_report_page_and_export(client, rep, records):
    client.force_login(rep.outsider)
    for path in (url(rep.east), url(rep.east, what="export.pdf"), url(rep.east, what="export.xlsx")):
        assert client.get(path).status_code == 403, path
    for what in ("narrative", "figures", "publish"):
        assert client.post(url(rep.east, what=what), {"overview": "x"}).status_code == 403, what
    assert not AnnualReport.objects.exists()
    client.force_login(rep.citizen)
    assert client.get(url(rep.east)).status_code == 403
    client.logout()
    assert client.get(url(rep.east)).status_code == 302


def test_a_bad_year_or_scope_is_a_404(client, rep):
    client.force_login(rep.officer)
    assert client.get(url(rep.east, year=1999)).status_code == 404
    assert client.get(url(rep.east, scope="world")).status_code == 404
    assert client.get(url(rep.east, what="export.doc")).status_code == 404
    client.force_login(rep.edu_officer)
    assert client.get(url(rep.edu, scope="subtree")).status_code == 404  # a department has no consolidated report


def test_the_import_page_reports_errors_by_line_and_writes_nothing(client, rep):
    client.force_login(rep.officer)
    assert client.get("/workbench/reports/figures/import").status_code == 200
    data = f"机构代码,年度,行政许可,行政处罚,行政强制,行政事业性收费（万元）\n{rep.east.credit_code},2025,1,2,x,0\n"
    response = client.post("/workbench/reports/figures/import", {"file": SimpleUploadedFile("f.csv", data.encode())})
    assert response.status_code == 400 and "第 2 行" in response.content.decode()
    assert not YearFigures.objects.exists()
    good = data.replace(",x,", ",3,")
    response = client.post("/workbench/reports/figures/import", {"file": SimpleUploadedFile("f.csv", good.encode())})
    assert response.status_code == 302 and YearFigures.objects.get(org=rep.east).coercion_decisions == 3
    client.force_login(rep.outsider)
    assert client.get("/workbench/reports/figures/import").status_code == 403


def test_appeals_are_recorded_and_decided_from_the_appeals_page(client, rep, monkeypatch):
    monkeypatch.setattr("sunlight.requests.notices.render_pdf", lambda html: b"%PDF-1.4 stub")
    from .builders import make_request

    request = make_request(rep.officer, rep.east, date(2025, 3, 3), replied_on=date(2025, 3, 20))
    client.force_login(rep.officer)
    response = client.post(
        "/workbench/reports/appeals/",
        {
            "org": rep.east.pk,
            "kind": "reconsideration",
            "filed_on": "2025-04-01",
            "request_number": request.number,
            "case_number": "复〔2025〕1号",
        },
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.request == request
    page = client.get("/workbench/reports/appeals/?year=2025").content.decode()
    assert "复〔2025〕1号" in page and "登记审结结果" in page
    early = client.post(
        f"/workbench/reports/appeals/{appeal.pk}/decide",
        {f"a{appeal.pk}-result": "upheld", f"a{appeal.pk}-decided_on": "2025-03-01"},
    )
    assert early.status_code == 400 and "不能早于" in early.content.decode()
    done = client.post(
        f"/workbench/reports/appeals/{appeal.pk}/decide",
        {f"a{appeal.pk}-result": "upheld", f"a{appeal.pk}-decided_on": "2025-06-01"},
    )
    assert done.status_code == 302
    appeal.refresh_from_db()
    assert appeal.result == "upheld"
    unknown = client.post(
        "/workbench/reports/appeals/",
        {"org": rep.east.pk, "kind": "reconsideration", "filed_on": "2025-04-01", "request_number": "YSQ-NOPE"},
    )
    assert unknown.status_code == 400 and Appeal.objects.count() == 1


def test_outsiders_neither_see_nor_decide_an_orgs_appeals(client, rep):
    from sunlight.requests.actions import record_appeal

    appeal = record_appeal(
        by=rep.officer, org=rep.east, kind="lawsuit_direct", filed_on=date(2025, 4, 1), case_number="诉1号"
    )
    client.force_login(rep.west_officer)
    page = client.get("/workbench/reports/appeals/").content.decode()
    assert "诉1号" not in page
    response = client.post(
        f"/workbench/reports/appeals/{appeal.pk}/decide",
        {f"a{appeal.pk}-result": "upheld", f"a{appeal.pk}-decided_on": "2025-06-01"},
    )
    assert response.status_code == 403
    outsider = client.post(
        "/workbench/reports/appeals/", {"org": rep.east.pk, "kind": "reconsideration", "filed_on": "2025-04-01"}
    )
    assert outsider.status_code == 400  # 青溪区 is not among the orgs the form offers
    assert Appeal.objects.count() == 1 and Appeal.objects.get().result == "pending"
