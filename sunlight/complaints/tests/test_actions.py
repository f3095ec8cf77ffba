"""The acts of an efficiency complaint and each of their refusals (a refusal leaves nothing written)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from sunlight.cases import actions as case_actions
from sunlight.clock.calendar import get_calendar
from sunlight.errors import SunlightError
from sunlight.events.models import Event
from sunlight.notify.models import Notice, Todo
from sunlight.orgs.models import Membership, Role
from sunlight.query_codes import hash_query_code

from .. import actions, stats
from ..models import Complaint
from ..queries import complaint_for_code


def nothing_written():
    return not Complaint.objects.exists() and not Event.objects.filter(verb__startswith="complaints.").exists()


# --- filing online --------------------------------------------------------------------------------------------------


def test_an_applicant_complains_about_their_own_case_and_the_district_supervisors_are_asked_to_investigate(desk):
    complaint = desk.filed()
    assert complaint.number.startswith("TS20260615")
    assert (complaint.about, complaint.channel, complaint.status) == ("case", "online", "received")
    assert complaint.org == desk.hall.market and complaint.supervising_org == desk.cast.east
    assert complaint.complainant_user == desk.hall.company and complaint.phone == "13800000001"
    assert complaint.received_on == date(2026, 6, 15)
    assert complaint.due_on == get_calendar().add_working_days(date(2026, 6, 15), 10)
    assert Event.objects.filter(verb="complaints.file", object_id=str(complaint.pk)).count() == 1
    owners = set(
        Todo.objects.filter(key__startswith=f"complaint:{complaint.pk}:", done_at=None).values_list("user", flat=True)
    )
    assert owners == {desk.east_supervisor.pk}


def test_the_handling_limit_comes_from_the_setting(desk, settings):
    settings.COMPLAINTS_LIMIT_DAYS = 3
    assert desk.filed().due_on == get_calendar().add_working_days(date(2026, 6, 15), 3)


@pytest.mark.parametrize(
    "number, code", [("", ""), ("BJ000", ""), (None, ""), (None, "K7PX-3QMH-9TRA-W4NE"), (None, "bad")]
)
def test_a_complaint_about_a_case_the_complainant_cannot_see_is_refused_and_nothing_is_written(desk, number, code):
    case = desk.hall.submitted()  # the company's case; the citizen has no claim to it
    with pytest.raises(SunlightError) as exc:
        actions.file_complaint(
            by=desk.cast.citizen,
            about="case",
            case_number=case.number if number is None else number,
            query_code=code,
            content="拖延。",
        )
    assert 400 <= exc.value.status < 500 and "办件" in exc.value.message
    assert nothing_written()


def test_a_case_number_with_its_query_code_lets_someone_other_than_the_applicant_complain(desk):
    case, code = case_actions.register_at_window(desk.hall.item, desk.hall.submission(), by=desk.cast.clerk)
    complaint = actions.file_complaint(
        by=desk.cast.citizen, about="case", case_number=case.number, query_code=code.lower(), content="拖延。"
    )
    assert complaint.case == case and complaint.complainant_user == desk.cast.citizen


def test_staff_and_anonymous_visitors_cannot_file_online(desk):
    from django.contrib.auth.models import AnonymousUser

    for who in (desk.cast.clerk, desk.east_supervisor, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            actions.file_complaint(by=who, about="window", window=desk.cast.window, content="慢。")
    assert nothing_written()


def test_a_complaint_about_a_window_is_about_its_center_and_needs_a_window(desk):
    complaint = actions.file_complaint(by=desk.cast.citizen, about="window", window=desk.cast.window, content="慢。")
    assert complaint.org == desk.cast.east_center and complaint.supervising_org == desk.cast.east
    with pytest.raises(SunlightError):
        actions.file_complaint(by=desk.cast.citizen, about="window", window=None, content="慢。")
    with pytest.raises(SunlightError):
        actions.file_complaint(by=desk.cast.citizen, about="window", window=desk.cast.window, content="  ")
    with pytest.raises(SunlightError):
        actions.file_complaint(by=desk.cast.citizen, about="nobody", window=desk.cast.window, content="慢。")
    assert Complaint.objects.count() == 1


def test_a_complaint_about_a_clerk_named_at_their_window_names_the_account(desk):
    Membership.objects.filter(user=desk.cast.clerk).update(window=desk.cast.window)
    complaint = actions.file_complaint(
        by=desk.cast.citizen, about="staff", window=desk.cast.window, staff_name="李清", content="态度差。"
    )
    assert complaint.staff_user == desk.cast.clerk and complaint.org == desk.cast.east_center
    unknown = actions.file_complaint(
        by=desk.cast.citizen, about="staff", window=desk.cast.window, staff_name="工号 0231", content="态度差。"
    )
    assert unknown.staff_user is None and unknown.staff_name == "工号 0231"
    with pytest.raises(SunlightError):
        actions.file_complaint(by=desk.cast.citizen, about="staff", window=desk.cast.window, content="态度差。")
    assert Complaint.objects.count() == 2


def test_the_supervising_org_is_the_nearest_with_a_supervisor_else_the_root(desk):
    west_window = desk.cast.west_center.windows.create(number="A01", name="综合受理")
    assert desk.registered(by=desk.west_supervisor, window=west_window)[0].supervising_org == desk.cast.west
    Membership.objects.filter(role=Role.SUPERVISOR).exclude(org=desk.cast.city).update(is_active=False)
    assert (
        actions.file_complaint(
            by=desk.cast.citizen, about="window", window=desk.cast.window, content="慢。"
        ).supervising_org
        == desk.cast.city
    )
    Membership.objects.filter(role=Role.SUPERVISOR).update(is_active=False)
    assert desk.filed().supervising_org == desk.cast.city  # the root


# --- registering a walk-in or 12345 complaint -----------------------------------------------------------------------


def test_a_hotline_complaint_is_registered_with_a_query_code_that_finds_it(desk):
    complaint, code = desk.registered()
    assert complaint.channel == "phone" and complaint.registered_by == desk.east_supervisor
    assert complaint.complainant_user is None and complaint.phone == "13900000000"
    assert complaint_for_code(complaint.number, hash_query_code(code)) == complaint
    assert complaint_for_code(complaint.number, hash_query_code("K7PX-3QMH-9TRA-W4NE")) is None
    assert Event.objects.filter(verb="complaints.register").count() == 1


def test_a_window_clerk_of_the_district_registers_a_walk_in_complaint_about_a_case(desk):
    case = desk.hall.submitted()
    complaint, _code = desk.registered(by=desk.cast.clerk, channel="window", about="case", case_number=case.number)
    assert complaint.case == case and complaint.supervising_org == desk.cast.east


def test_an_outsider_cannot_register_and_nothing_is_written(desk):
    for who in (desk.cast.outsider, desk.west_supervisor, desk.hall.handler):
        with pytest.raises(PermissionDenied):
            desk.registered(by=who)
    assert nothing_written()


@pytest.mark.parametrize(
    "change",
    [{"channel": "online"}, {"complainant_name": ""}, {"about": "case", "case_number": "BJ404"}, {"content": ""}],
)
def test_a_bad_registration_is_refused_and_nothing_is_written(desk, change):
    with pytest.raises(SunlightError) as exc:
        desk.registered(**change)
    assert exc.value.status == 400
    assert nothing_written()


# --- investigating and concluding -----------------------------------------------------------------------------------


def test_the_district_or_city_supervisor_starts_the_investigation_once(desk):
    complaint = actions.start_investigation(desk.filed(), by=desk.cast.supervisor)
    assert complaint.status == "investigating"
    with pytest.raises(SunlightError) as exc:
        actions.start_investigation(complaint, by=desk.east_supervisor)
    assert exc.value.status == 409
    todo = Todo.objects.get(user=desk.east_supervisor, done_at=None)
    assert todo.key.endswith(":conclude")


def test_an_outsider_supervisor_cannot_investigate_note_or_conclude(desk):
    complaint = desk.filed()
    for who in (desk.west_supervisor, desk.cast.outsider, desk.cast.clerk, desk.hall.company):
        with pytest.raises(PermissionDenied):
            actions.start_investigation(complaint, by=who)
        with pytest.raises(PermissionDenied):
            actions.add_investigation_note(complaint, by=who, text="查看。")
    investigating = actions.start_investigation(complaint, by=desk.east_supervisor)
    with pytest.raises(PermissionDenied):
        actions.conclude_complaint(
            investigating, by=desk.west_supervisor, conclusion="upheld", findings="x", measures="y"
        )
    complaint.refresh_from_db()
    assert complaint.status == "investigating" and complaint.notes == []
    assert not Event.objects.filter(verb__in=("complaints.note", "complaints.conclude")).exists()


def test_an_investigation_note_needs_text_and_is_kept(desk):
    complaint = desk.investigating()
    with pytest.raises(SunlightError):
        actions.add_investigation_note(complaint, by=desk.east_supervisor, text=" ")
    actions.add_investigation_note(complaint, by=desk.east_supervisor, text="已电话回访投诉人。")
    complaint.refresh_from_db()
    assert [n["text"] for n in complaint.notes] == ["调取办件记录。", "已电话回访投诉人。"]
    assert Event.objects.filter(verb="complaints.note").count() == 1


@pytest.mark.parametrize(
    "conclusion, findings, measures",
    [("", "核实。", "整改。"), ("maybe", "核实。", "整改。"), ("upheld", "", "整改。"), ("upheld", "核实。", "")],
)
def test_concluding_without_a_conclusion_findings_or_measures_is_refused_and_nothing_changes(
    desk, conclusion, findings, measures
):
    complaint = desk.investigating()
    with pytest.raises(SunlightError) as exc:
        actions.conclude_complaint(
            complaint, by=desk.east_supervisor, conclusion=conclusion, findings=findings, measures=measures
        )
    assert exc.value.status == 400
    complaint.refresh_from_db()
    assert complaint.status == "investigating" and complaint.conclusion == ""
    assert (
        not Event.objects.filter(verb="complaints.conclude").exists()
        and not Notice.objects.filter(subject__contains="投诉").exists()
    )


def test_a_complaint_not_under_investigation_cannot_be_concluded(desk):
    with pytest.raises(SunlightError) as exc:
        actions.conclude_complaint(desk.filed(), by=desk.east_supervisor, conclusion="not_upheld", findings="不属实。")
    assert exc.value.status == 409


def test_concluding_on_time_tells_the_complainant_and_closes_the_todos(desk):
    complaint = desk.concluded("partly")
    assert (complaint.status, complaint.conclusion, complaint.on_time) == ("concluded", "partly", True)
    assert complaint.concluded_by == desk.east_supervisor and complaint.concluded_on == date(2026, 6, 15)
    channels = set(
        Notice.objects.filter(user=desk.hall.company, subject__contains="投诉").values_list("channel", flat=True)
    )
    assert channels == {"inapp", "email", "sms"}
    assert not Todo.objects.filter(key__startswith=f"complaint:{complaint.pk}:", done_at=None).exists()
    event = Event.objects.get(verb="complaints.conclude")
    assert event.data["conclusion"] == "partly" and event.data["on_time"] is True


def test_a_complaint_concluded_after_its_due_date_is_late(desk, spring_2026):
    complaint = desk.investigating()
    spring_2026.move_to(datetime(2026, 7, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    done = actions.conclude_complaint(
        complaint, by=desk.east_supervisor, conclusion="not_upheld", findings="经核实不属实。"
    )
    assert done.on_time is False


def test_a_conclusion_links_an_urge_order_that_exists_and_refuses_one_that_does_not(desk):
    from datetime import timedelta

    from sunlight.supervision.actions import issue_urge_order

    complaint = desk.investigating()
    with pytest.raises(SunlightError) as e:
        actions.conclude_complaint(
            complaint, by=desk.east_supervisor, conclusion="not_upheld", findings="经核实不属实。", card_ref="DB-NOPE"
        )
    assert e.value.code == "unknown_card"
    complaint.refresh_from_db()
    assert complaint.status == "investigating"
    order = issue_urge_order(
        by=desk.east_supervisor,
        org=complaint.org,
        demand="请整改窗口服务态度",
        due_on=complaint.received_on + timedelta(days=5),
    )
    done = actions.conclude_complaint(
        complaint,
        by=desk.east_supervisor,
        conclusion="upheld",
        findings="属实。",
        measures="批评教育",
        card_ref=order.number,
    )
    assert done.card_ref == order.number


def test_a_hotline_complainant_without_an_account_gets_no_notice(desk):
    complaint, _code = desk.registered()
    complaint = actions.start_investigation(complaint, by=desk.east_supervisor)
    actions.conclude_complaint(complaint, by=desk.east_supervisor, conclusion="not_upheld", findings="不属实。")
    assert not Notice.objects.filter(subject__contains="投诉").exists()


# --- statistics -----------------------------------------------------------------------------------------------------


def test_the_statistics_count_outcomes_and_the_on_time_rate(desk, spring_2026):
    desk.concluded("upheld")
    desk.concluded("not_upheld")
    late = desk.investigating()
    desk.filed()
    spring_2026.move_to(datetime(2026, 7, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    actions.conclude_complaint(
        late, by=desk.east_supervisor, conclusion="partly", findings="部分属实。", measures="整改。"
    )
    total = stats.totals(Complaint.objects.all())
    assert (total.total, total.open, total.upheld, total.partly, total.not_upheld, total.on_time) == (4, 1, 1, 1, 1, 2)
    assert str(total.on_time_rate) == "66.7"
    months = stats.by_month(Complaint.objects.all())
    assert [(m.label, m.total) for m in months] == [("2026-06", 4)]
    lines = stats.by_org_and_month(Complaint.objects.all())
    assert [(line.label, line.keys["month"], line.total) for line in lines] == [("青溪区市场监督管理局", "2026-06", 4)]
    assert stats.totals(Complaint.objects.none()).on_time_rate is None
