"""Cases across levels (三级运行, 上报件): a township accepts and reviews first (Art. 43), the city decides, the village
service point registers and queries, the applicant follows one case; each level acts only while it holds the case."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from sunlight.cases import actions
from sunlight.cases.models import Case, CaseStep, CaseTransfer
from sunlight.cases.queries import staff_cases
from sunlight.clock.calendar import get_calendar
from sunlight.errors import SunlightError
from sunlight.events.models import Event
from sunlight.notify.models import Notice, Todo

pytestmark = pytest.mark.django_db


def open_todo(user, case) -> bool:
    return Todo.objects.filter(user=user, key__startswith=f"case:{case.pk}:", done_at__isnull=True).exists()


def test_a_township_accepted_case_is_decided_by_the_city_and_the_applicant_follows_it_as_one_case(levels, client):
    case = levels.registered()
    assert case.level_org == levels.town and case.org == levels.city_market
    assert open_todo(levels.town_clerk, case)
    case = actions.accept_case(case, by=levels.town_clerk)
    assert [(s.name, s.org_id) for s in case.steps.all()][0] == ("初审", levels.town.pk)
    assert open_todo(levels.town_handler, case) and not open_todo(levels.city_handler, case)

    case = actions.transfer_case(case, by=levels.town_handler, to_org=levels.city_market.pk, opinion="初审同意上报。")
    assert case.forwarded_on == date(2026, 6, 15)
    assert open_todo(levels.city_handler, case) and not open_todo(levels.town_handler, case)
    transfer = CaseTransfer.objects.get(case=case, kind="report")
    assert (transfer.from_org, transfer.to_org, transfer.on_time) == (levels.town, levels.city_market, True)
    assert Event.objects.filter(verb="cases.transfer", object_id=str(case.pk)).exists()
    assert Notice.objects.filter(user=levels.hall.company, subject__contains="上报").exists()

    case = actions.complete_step(case, by=levels.city_handler, opinion="符合条件。")
    case = actions.decide_case(case, by=levels.city_approver, granted=True, text="准予。")
    case = actions.deliver_result(case, by=levels.city_handler, method="窗口领取")  # the deciding org delivers
    assert case.status == Case.Status.DELIVERED and Case.objects.count() == 1

    client.force_login(levels.hall.company)
    page = client.get(f"/hall/cases/{case.number}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "办理层级" in body and levels.town.name in body and levels.city_market.name in body
    mine = client.get("/api/v1/cases/mine").json()
    assert [c["number"] for c in mine] == [case.number]
    assert mine[0]["level_org"] == levels.town.name and mine[0]["holder"] == levels.city_market.name


def test_the_preliminary_review_has_its_own_twenty_working_days(levels):
    case = levels.accepted()
    review = case.steps.get(index=0)
    assert (review.name, review.role, review.days) == ("初审", "handler", 20)
    assert review.due_on == get_calendar().add(date(2026, 6, 15), 20, "working")
    assert case.steps.get(index=1).org_id is None  # the city's own steps


def test_the_clock_runs_on_across_the_hand_over(levels, spring_2026):
    case = levels.accepted()
    due, promised = case.due_on, case.promised_due_on
    spring_2026.shift(timedelta(days=7))
    case = actions.transfer_case(case, by=levels.town_handler, to_org=levels.city_market, opinion="同意上报。")
    assert (case.due_on, case.promised_due_on, case.accepted_on) == (due, promised, date(2026, 6, 15))
    city_step = case.steps.get(index=1)
    assert city_step.started_on == date(2026, 6, 22)
    assert city_step.due_on == get_calendar().add(date(2026, 6, 22), city_step.days, "working")


def test_a_transfer_to_an_org_outside_the_path_is_refused_and_nothing_is_written(levels, client):
    case = levels.accepted()
    events = Event.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    for target, code in (
        (levels.west_town, "org_not_on_path"),  # another township
        (levels.hall.west_market, "org_not_on_path"),  # a department of another district
        (levels.village, "org_not_on_path"),  # downward
        (levels.cast.east, "not_deciding_org"),  # on the path, but it does not decide this item
    ):
        with pytest.raises(SunlightError) as refused:
            actions.transfer_case(case, by=levels.town_handler, to_org=target, opinion="上报。")
        assert refused.value.code == code and 400 <= refused.value.status < 500
    client.force_login(levels.town_handler)
    answer = client.post(
        f"/api/v1/cases/staff/{case.pk}/acts/transfer",
        {"to_org": levels.west_town.pk, "opinion": "上报。"},
        content_type="application/json",
    )
    assert 400 <= answer.status_code < 500 and answer.json()["error"] == "org_not_on_path"
    assert "不在" in answer.json()["message"]
    case.refresh_from_db()
    assert case.forwarded_on is None and case.step_index == 0
    assert not CaseTransfer.objects.filter(case=case).exists()
    assert not CaseStep.objects.filter(case=case, done_on__isnull=False).exists()
    assert not Event.objects.filter(verb__startswith="cases.", seq__gt=events).exists()


def test_the_village_service_point_registers_for_a_resident_and_queries_and_the_township_accepts(levels):
    case = levels.registered(at_org=levels.village, by=levels.village_clerk, applicant_user=None)
    assert case.level_org == levels.town and "柳塘村委会" in case.agent_name
    forward = CaseTransfer.objects.get(case=case)
    assert (forward.kind, forward.from_org, forward.to_org) == ("forward", levels.village, levels.town)
    assert open_todo(levels.town_clerk, case) and not open_todo(levels.cast.clerk, case)
    assert staff_cases(levels.village_clerk).filter(pk=case.pk).exists()
    with pytest.raises(PermissionDenied):
        actions.accept_case(case, by=levels.village_clerk)  # the village registers; the township accepts
    case = actions.accept_case(case, by=levels.town_clerk)
    assert case.status == Case.Status.HANDLING
    assert staff_cases(levels.village_clerk).filter(pk=case.pk).exists()


def test_an_org_not_below_the_deciding_government_cannot_register_for_it(levels):
    district_item = levels.hall.item  # decided by 青溪区市场监督管理局: 秋水镇 lies under 云湖区, not under 青溪区
    with pytest.raises(SunlightError) as refused:
        actions.register_for_upper_level(
            district_item, levels.hall.submission(), by=levels.west_town_clerk, at_org=levels.west_town
        )
    assert refused.value.code == "org_not_below" and "不是" in refused.value.message
    with pytest.raises(PermissionDenied):  # a clerk of another township cannot register at this one
        levels.registered(at_org=levels.town, by=levels.west_town_clerk)
    assert not Case.objects.exists()


def test_the_lower_level_cannot_act_after_forwarding(levels):
    case = levels.forwarded()
    with pytest.raises(SunlightError) as refused:
        actions.transfer_case(case, by=levels.town_handler, to_org=levels.city_market, opinion="再报。")
    assert refused.value.code == "already_forwarded"
    for act in (
        lambda: actions.complete_step(case, by=levels.town_handler, opinion="同意。"),
        lambda: actions.suspend_case(case, by=levels.town_handler, reason="等待。"),
    ):
        with pytest.raises(PermissionDenied):
            act()
    assert case.steps.get(index=1).done_on is None


def test_the_city_cannot_do_the_preliminary_review_nor_act_while_the_township_holds_the_case(levels):
    case = levels.registered()
    with pytest.raises(PermissionDenied):
        actions.accept_case(case, by=levels.cast.clerk)  # the city's center: the township accepts
    case = actions.accept_case(case, by=levels.town_clerk)
    with pytest.raises(SunlightError) as refused:
        actions.complete_step(case, by=levels.city_handler, opinion="同意。")
    assert refused.value.code == "transfer_instead"
    with pytest.raises(SunlightError) as refused:
        actions.complete_step(case, by=levels.town_handler, opinion="同意。")
    assert refused.value.code == "transfer_instead"
    with pytest.raises(PermissionDenied):
        actions.transfer_case(case, by=levels.city_handler, to_org=levels.city_market, opinion="同意。")
    case.refresh_from_db()
    assert case.step_index == 0 and case.forwarded_on is None


def test_guided_forwarding_marks_the_case_as_handled_by_guidance(levels):
    case = levels.forwarded(kind="guide")
    assert case.way == "guided"
    assert CaseTransfer.objects.filter(case=case, kind="guide").exists()


def test_each_level_sees_what_it_touched_and_supervisors_their_subtree(levels):
    case = levels.forwarded()
    for user in (levels.town_clerk, levels.town_handler, levels.city_handler, levels.cast.supervisor):
        assert staff_cases(user).filter(pk=case.pk).exists(), user
    for user in (levels.west_town_clerk, levels.west_town_handler, levels.cast.outsider, levels.village_clerk):
        assert not staff_cases(user).filter(pk=case.pk).exists(), user


def test_another_township_can_neither_see_nor_act_on_the_page_and_api(levels, client):
    case = levels.accepted()
    client.force_login(levels.west_town_handler)
    assert client.get(f"/workbench/cases/{case.pk}/").status_code == 404
    assert client.post(f"/workbench/cases/{case.pk}/act/transfer/", {"opinion": "x"}).status_code == 404
    assert client.get(f"/api/v1/cases/staff/{case.pk}").status_code == 404
    answer = client.post(
        f"/api/v1/cases/staff/{case.pk}/acts/transfer",
        {"to_org": levels.city_market.pk, "opinion": "x"},
        content_type="application/json",
    )
    assert answer.status_code == 404
    case.refresh_from_db()
    assert case.forwarded_on is None


def test_the_township_reports_the_case_up_from_its_workbench_page(levels, client):
    case = levels.accepted()
    client.force_login(levels.town_handler)
    page = client.get(f"/workbench/cases/{case.pk}/")
    body = page.content.decode()
    assert page.status_code == 200 and "上报 / 指导办" in body and levels.city_market.name in body
    done = client.post(
        f"/workbench/cases/{case.pk}/act/transfer/",
        {"to_org": levels.city_market.pk, "kind": "report", "opinion": "初审同意。"},
    )
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.forwarded_on is not None
    client.force_login(levels.city_handler)
    page = client.get(f"/workbench/cases/{case.pk}/").content.decode()
    assert "层级移交" in page and "办理本环节" in page


def test_a_township_clerk_registers_a_city_item_from_the_workbench(levels, client):
    client.force_login(levels.town_clerk)
    picked = client.get("/workbench/cases/register/", {"q": "食品生产"})
    assert levels.item.name in picked.content.decode()
    page = client.get("/workbench/cases/register/", {"item": levels.item.pk})
    assert "代收本事项" in page.content.decode()
    done = client.post(
        f"/workbench/cases/register/?item={levels.item.pk}",
        {
            "item": levels.item.pk,
            "applicant_kind": "company",
            "applicant_name": "青溪味道餐饮有限公司",
            "id_number": levels.hall.submission().applicant.id_number,
            "m0": "in_person",
            "m1": "in_person",
            "m2": "missing",
        },
    )
    assert done.status_code == 302
    case = Case.objects.get()
    assert case.level_org == levels.town and case.org == levels.city_market
