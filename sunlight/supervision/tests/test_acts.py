from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from sunlight.errors import Conflict, SunlightError
from sunlight.events.models import Event

from .. import actions
from ..models import Alert, AlertAct, Rule, UrgeOrder


def test_a_supervisor_closes_an_alert_with_a_conclusion(sv):
    alert = actions.close_alert(sv.alert(), by=sv.supervisor, conclusion="已约谈窗口负责人")
    assert alert.status == Alert.Status.CLOSED and alert.closed_by == sv.supervisor
    assert Event.objects.filter(verb="supervision.close").exists()


def test_closing_an_alert_without_a_conclusion_is_refused_and_writes_nothing(sv):
    alert = sv.alert()
    with pytest.raises(SunlightError) as e:
        actions.close_alert(alert, by=sv.supervisor, conclusion="  ")
    assert e.value.status == 400
    alert.refresh_from_db()
    assert alert.status == Alert.Status.OPEN and not AlertAct.objects.exists()


def test_a_supervisor_of_another_district_cannot_act_on_the_alert(sv):
    with pytest.raises(PermissionDenied):
        actions.close_alert(sv.alert(), by=sv.west_supervisor, conclusion="越权")


def test_an_appeal_upheld_withdraws_the_card_and_keeps_it(sv):
    alert = actions.appeal_alert(sv.alert(), by=sv.approver, reason="第二次告知系申请人更换了法定代表人")
    assert alert.status == Alert.Status.APPEALED
    alert = actions.decide_appeal(alert, by=sv.supervisor, upheld=True, reason="情况属实")
    assert alert.status == Alert.Status.WITHDRAWN
    assert Alert.objects.filter(pk=alert.pk).exists()
    assert list(alert.acts.values_list("act", flat=True)) == ["appeal", "uphold"]


def test_a_rejected_appeal_leaves_the_card_open(sv):
    alert = actions.appeal_alert(sv.alert(), by=sv.approver, reason="理由")
    alert = actions.decide_appeal(alert, by=sv.supervisor, upheld=False, reason="理由不成立")
    assert alert.status == Alert.Status.OPEN


def test_a_wrong_card_is_corrected_with_reasons(sv):
    alert = actions.correct_alert(sv.alert(), by=sv.supervisor, reason="工作日历有误，已更正")
    assert alert.status == Alert.Status.WITHDRAWN and alert.conclusion == "工作日历有误，已更正"


def test_an_urge_order_is_issued_answered_and_closed(sv):
    alert = sv.alert()
    today = alert.found_on
    order = actions.issue_urge_order(
        by=sv.supervisor, alert=alert, demand="请三日内说明", due_on=today + timedelta(days=3)
    )
    assert order.org == alert.org and order.status == UrgeOrder.Status.ISSUED
    order = actions.answer_urge_order(order, by=sv.approver, answer="已整改，建立一次性告知复核制度")
    assert order.status == UrgeOrder.Status.ANSWERED
    order = actions.close_urge_order(order, by=sv.supervisor, conclusion="整改到位")
    assert order.status == UrgeOrder.Status.CLOSED


def test_an_urge_order_by_someone_who_does_not_supervise_the_org_is_refused(sv):
    alert = sv.alert()
    with pytest.raises(PermissionDenied):
        actions.issue_urge_order(
            by=sv.west_supervisor, alert=alert, demand="越权督办", due_on=alert.found_on + timedelta(days=3)
        )
    with pytest.raises(PermissionDenied):
        actions.issue_urge_order(
            by=sv.handler, alert=alert, demand="承办人不能督办", due_on=alert.found_on + timedelta(days=3)
        )
    assert not UrgeOrder.objects.exists()


def test_an_urge_order_needs_a_deadline_after_today(sv):
    alert = sv.alert()
    with pytest.raises(SunlightError):
        actions.issue_urge_order(by=sv.supervisor, alert=alert, demand="要求", due_on=alert.found_on)
    assert not UrgeOrder.objects.exists()


def test_an_outsider_cannot_answer_and_an_urge_cannot_be_closed_before_the_answer(sv):
    alert = sv.alert()
    order = actions.issue_urge_order(
        by=sv.supervisor, alert=alert, demand="要求", due_on=alert.found_on + timedelta(days=2)
    )
    with pytest.raises(PermissionDenied):
        actions.answer_urge_order(order, by=sv.hall.west_handler, answer="越权答复")
    with pytest.raises(Conflict):
        actions.close_urge_order(order, by=sv.supervisor, conclusion="未答复先办结")


def test_escalation_hands_the_order_to_the_level_above(sv):
    alert = sv.alert()
    district_supervisor = sv.cast.add_staff("eastsupervisor", sv.cast.east, "supervisor")
    order = actions.issue_urge_order(
        by=district_supervisor, alert=alert, demand="要求", due_on=alert.found_on + timedelta(days=2)
    )
    assert order.issuer_org == sv.cast.east
    order = actions.escalate_urge_order(order, by=district_supervisor, reason="逾期未答复")
    assert order.status == UrgeOrder.Status.ESCALATED
    from sunlight.notify.models import Todo

    assert Todo.objects.filter(user=sv.supervisor, key=f"supervision:escalated:{order.pk}").exists()


def test_a_rule_revision_is_a_new_version_in_force_from_its_date(sv):
    from ..engine import current_rules

    today = sv.alert().found_on
    rule = actions.revise_rule(
        "deadline_warning",
        by=sv.supervisor,
        severity="reminder",
        recipients=["handler", "head"],
        params={"days": 3, "percent": 25, "special_days": 20},
        effective_on=today + timedelta(days=1),
        reason="市监察委新规",
    )
    assert rule.version == 2
    assert current_rules(today)["deadline_warning"].version == 1
    assert current_rules(today + timedelta(days=1))["deadline_warning"].version == 2


@pytest.mark.parametrize(
    "params, code",
    [({"days": 99}, "param_out_of_range"), ({"bogus": 1}, "unknown_param"), ({"days": "2"}, "param_out_of_range")],
)
def test_a_rule_with_an_unknown_field_or_a_threshold_out_of_range_is_refused(sv, params, code):
    with pytest.raises(SunlightError) as e:
        actions.revise_rule(
            "deadline_warning",
            by=sv.supervisor,
            severity="reminder",
            recipients=["handler"],
            params=params,
            effective_on=sv.alert().found_on,
            reason="试",
        )
    assert e.value.status == 400 and e.value.code == code
    assert Rule.objects.filter(code="deadline_warning").count() == 1


def test_only_a_region_supervisor_revises_rules(sv):
    with pytest.raises(PermissionDenied):
        actions.revise_rule(
            "deadline_warning",
            by=sv.west_supervisor,
            severity="reminder",
            recipients=["handler"],
            params={},
            effective_on=sv.alert().found_on,
            reason="试",
        )


def test_cards_are_sent_to_the_people_the_rule_names(sv):
    from sunlight.notify.models import Notice

    from ..engine import notify_new_alerts

    sv.alert()
    assert notify_new_alerts() == 1
    users = set(Notice.objects.values_list("user__username", flat=True))
    assert {"handler", "approver", "supervisor"} <= users
    assert set(Notice.objects.filter(user=sv.supervisor).values_list("channel", flat=True)) == {"inapp", "email", "sms"}


def test_an_alert_is_found_by_its_number_and_nothing_by_another(sv):
    alert = sv.alert()
    assert Alert.numbered(alert.number).get() == alert
    assert Alert.numbered(alert.number.lower()).get() == alert
    other_month = alert.number[:7] + ("1" if alert.number[7] != "1" else "2") + alert.number[8:]
    for ref in ("", "JC-1", "DB2026060100001", other_month):
        assert not Alert.numbered(ref).exists(), ref
