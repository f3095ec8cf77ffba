"""The public door (form, mine, tracking, statistics) and the workbench (list, detail, acts, register, statistics,
export); an outsider, a citizen and an anonymous visitor are refused on every staff page."""

import io

import pytest
from django.urls import reverse

from sunlight.events.models import Event

from .. import actions
from ..models import Complaint
from ..views import public


def test_the_public_page_explains_and_links_the_form(client, desk):
    page = client.get(reverse("complaints:index")).content.decode()
    assert "效能投诉" in page and reverse("complaints:file") in page and "10 个工作日" in page


def test_filing_online_needs_a_signed_in_public_account(client, desk):
    response = client.get(reverse("complaints:file"))
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(desk.cast.clerk)
    assert client.get(reverse("complaints:file")).status_code == 403


def test_an_applicant_files_online_and_lands_on_their_complaint(client, desk):
    case = desk.hall.submitted()
    client.force_login(desk.hall.company)
    assert client.get(reverse("complaints:file")).status_code == 200
    response = client.post(
        reverse("complaints:file"), {"about": "case", "case_number": case.number, "content": "拖延。"}
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "complaints:complaint", args=[complaint.number]
    )
    page = client.get(response["Location"]).content.decode()
    assert "投诉已受理" in page and complaint.number in page
    assert complaint.number in client.get(reverse("complaints:mine")).content.decode()


def test_a_complaint_about_someone_elses_case_is_shown_refused_in_place_and_nothing_is_written(client, desk):
    case = desk.hall.submitted()
    client.force_login(desk.cast.citizen)
    response = client.post(
        reverse("complaints:file"), {"about": "case", "case_number": case.number, "content": "拖延。"}
    )
    assert response.status_code == 400 and "没有找到您可以投诉的办件" in response.content.decode()
    assert not Complaint.objects.exists()


def test_filing_is_rate_limited(client, desk, monkeypatch):
    monkeypatch.setattr(public, "FILE_LIMIT", 1)
    client.force_login(desk.cast.citizen)
    data = {"about": "window", "window": desk.cast.window.pk, "content": "慢。"}
    assert client.post(reverse("complaints:file"), data).status_code == 302
    assert client.post(reverse("complaints:file"), data).status_code == 429
    assert Complaint.objects.count() == 1


def test_someone_elses_complaint_is_not_found(client, desk):
    complaint = desk.filed()
    client.force_login(desk.cast.citizen)
    assert client.get(reverse("complaints:complaint", args=[complaint.number])).status_code == 404
    assert complaint.number not in client.get(reverse("complaints:mine")).content.decode()


def test_tracking_by_number_and_query_code_without_an_account(client, desk):
    complaint, code = desk.registered()
    url = reverse("complaints:track")
    assert client.get(url).status_code == 200
    found = client.post(url, {"number": complaint.number, "code": code})
    assert found.status_code == 200 and "已受理" in found.content.decode()
    assert "13900000000" not in found.content.decode()
    wrong = client.post(url, {"number": complaint.number, "code": "K7PX-3QMH-9TRA-W4NE"})
    assert wrong.status_code == 400 and "投诉编号或查询码不正确" in wrong.content.decode()


def test_tracking_is_rate_limited(client, desk, monkeypatch):
    monkeypatch.setattr(public, "TRACK_LIMIT", 2)
    url = reverse("complaints:track")
    for _ in range(2):
        client.post(url, {"number": "TS1", "code": "x"})
    assert client.post(url, {"number": "TS1", "code": "x"}).status_code == 429


def test_the_public_statistics_show_totals_and_months_but_no_person(client, desk):
    desk.concluded("upheld")
    desk.registered()
    page = client.get(reverse("complaints:statistics")).content.decode()
    assert "2026-06" in page and "100.0%" in page
    for private in ("张先生", "13900000000", "青溪味道", "TS2026"):
        assert private not in page


# --- workbench ------------------------------------------------------------------------------------------------------


def staff_urls(complaint: Complaint) -> list[tuple[str, str]]:
    return [
        ("get", reverse("complaints_wb:list")),
        ("get", reverse("complaints_wb:detail", args=[complaint.pk])),
        ("post", reverse("complaints_wb:act", args=[complaint.pk, "start"])),
        ("post", reverse("complaints_wb:act", args=[complaint.pk, "note"])),
        ("post", reverse("complaints_wb:act", args=[complaint.pk, "conclude"])),
        ("get", reverse("complaints_wb:register")),
        ("get", reverse("complaints_wb:statistics")),
        ("get", reverse("complaints_wb:statistics_xlsx")),
    ]


def test_citizens_and_anonymous_visitors_are_refused_on_every_staff_page(client, desk):
    complaint = desk.filed()
    for method, url in staff_urls(complaint):
        assert getattr(client, method)(url).status_code == 302, url
    client.force_login(desk.cast.citizen)
    for method, url in staff_urls(complaint):
        assert getattr(client, method)(url).status_code == 403, url


def test_an_outsider_neither_sees_nor_acts_on_a_complaint_of_another_district(client, desk):
    complaint = desk.filed()
    for outsider in (desk.cast.outsider, desk.west_supervisor):
        client.force_login(outsider)
        assert complaint.number not in client.get(reverse("complaints_wb:list")).content.decode()
        assert client.get(reverse("complaints_wb:detail", args=[complaint.pk])).status_code == 404
        for name in ("start", "note", "conclude"):
            response = client.post(
                reverse("complaints_wb:act", args=[complaint.pk, name]),
                {"text": "x", "conclusion": "upheld", "findings": "x", "measures": "y"},
            )
            assert response.status_code == 404
        assert "青溪区市场监督管理局" not in client.get(reverse("complaints_wb:statistics")).content.decode()
        response = client.post(
            reverse("complaints_wb:register"),
            {
                "channel": "phone",
                "about": "window",
                "window": desk.cast.window.pk,
                "complainant_name": "张",
                "content": "慢",
            },
        )
        assert response.status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == "received" and Complaint.objects.count() == 1


def test_the_list_is_scoped_filtered_and_sorted_by_due_date(client, desk, spring_2026):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    first = desk.filed()
    spring_2026.move_to(datetime(2026, 6, 22, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    second, _code = desk.registered()
    client.force_login(desk.east_supervisor)
    page = client.get(reverse("complaints_wb:list")).content.decode()
    assert page.index(first.number) < page.index(second.number)
    windows = client.get(reverse("complaints_wb:list"), {"about": "window"}).content.decode()
    assert second.number in windows and first.number not in windows
    assert first.number not in client.get(reverse("complaints_wb:list"), {"status": "concluded"}).content.decode()
    spring_2026.move_to(datetime(2026, 7, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    client.force_login(desk.east_supervisor)  # a new session: the old one went idle over the fortnight
    overdue = client.get(reverse("complaints_wb:list"), {"overdue": "1"}).content.decode()
    assert first.number in overdue and second.number not in overdue
    # The market bureau's staff see the complaints about their bureau, the west center's none.
    client.force_login(desk.hall.handler)
    assert first.number in client.get(reverse("complaints_wb:list")).content.decode()


def test_the_supervisor_investigates_and_concludes_from_the_detail_page(client, desk):
    complaint = desk.filed()
    client.force_login(desk.east_supervisor)
    page = client.get(reverse("complaints_wb:detail", args=[complaint.pk])).content.decode()
    assert complaint.case.number in page and "启动调查" in page and "13800000001" in page
    act = lambda name, data: client.post(reverse("complaints_wb:act", args=[complaint.pk, name]), data)  # noqa: E731
    assert act("start", {"note": "调取记录。"}).status_code == 302
    assert act("note", {"text": "已回访。"}).status_code == 302
    refused = act("conclude", {"conclusion": "", "findings": "核实。"})
    assert refused.status_code == 400 and "请选择调查结论" in refused.content.decode()
    assert act("conclude", {"conclusion": "upheld", "findings": "属实。", "measures": "整改。"}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "concluded" and complaint.on_time
    page = client.get(reverse("complaints_wb:detail", args=[complaint.pk])).content.decode()
    assert "按期办结" in page and "办结效能投诉" in page


def test_the_clerk_of_the_complained_center_sees_the_complaint_but_cannot_act_or_read_the_phone(client, desk):
    complaint, _code = desk.registered()
    client.force_login(desk.cast.clerk)
    page = client.get(reverse("complaints_wb:detail", args=[complaint.pk])).content.decode()
    assert complaint.number in page and "13900000000" not in page and "启动调查" not in page.split("记录")[0]
    assert client.post(reverse("complaints_wb:act", args=[complaint.pk, "start"]), {}).status_code == 403


def test_a_clerk_registers_a_walk_in_complaint_and_sees_the_query_code_once(client, desk):
    client.force_login(desk.cast.clerk)
    assert client.get(reverse("complaints_wb:register")).status_code == 200
    response = client.post(
        reverse("complaints_wb:register"),
        {
            "channel": "window",
            "about": "window",
            "window": desk.cast.window.pk,
            "complainant_name": "张先生",
            "content": "慢。",
        },
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("complaints_wb:detail", args=[complaint.pk])
    page = client.get(response["Location"]).content.decode()
    assert "查询码只显示这一次" in page
    assert "查询码只显示这一次" not in client.get(response["Location"]).content.decode()
    refused = client.post(
        reverse("complaints_wb:register"),
        {"channel": "window", "about": "case", "complainant_name": "张", "content": "慢"},
    )
    assert refused.status_code == 400 and Complaint.objects.count() == 1


def test_the_staff_statistics_and_their_excel_export_agree(client, desk):
    from openpyxl import load_workbook

    desk.concluded("upheld")
    desk.concluded("not_upheld")
    desk.filed()
    client.force_login(desk.cast.supervisor)
    page = client.get(reverse("complaints_wb:statistics"), {"year": "2026"}).content.decode()
    assert "青溪区市场监督管理局" in page and "100.0%" in page
    response = client.get(reverse("complaints_wb:statistics_xlsx"), {"year": "2026"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:8] == ("青溪区市场监督管理局", "2026-06", 3, 1, 1, 0, 1, 2)
    assert rows[-1][0] == "合计" and rows[-1][2] == 3 and rows[-1][8] == 100.0


def test_every_act_is_on_the_complaints_timeline(client, desk):
    complaint = desk.concluded()
    verbs = list(
        Event.objects.filter(object_id=str(complaint.pk), verb__startswith="complaints.").values_list("verb", flat=True)
    )
    assert verbs == ["complaints.file", "complaints.investigate", "complaints.conclude"]
    client.force_login(desk.east_supervisor)
    page = client.get(reverse("complaints_wb:detail", args=[complaint.pk])).content.decode()
    assert "网上提交效能投诉" in page and "启动投诉调查" in page


@pytest.mark.parametrize("name", ["nothing", "conclude2"])
def test_an_unknown_act_is_not_found(client, desk, name):
    complaint = desk.filed()
    client.force_login(desk.east_supervisor)
    assert client.post(reverse("complaints_wb:act", args=[complaint.pk, name]), {}).status_code == 404
    assert actions  # the acts module is what the view calls
