from datetime import timedelta

from sunlight.cases.models import Case, CaseMaterial
from sunlight.clock.calendar import get_calendar

from .. import engine
from ..models import Alert, Kind, Light, LightChange, Watch


def test_an_accepted_case_is_watched_green_with_its_deadlines(sv):
    case = sv.hall.accepted()
    w = sv.evaluate(case)
    assert w.light == Light.GREEN
    assert w.due_on == min(case.due_on, case.promised_due_on)
    assert w.legal_due_on == case.due_on
    assert w.org_id == case.org_id
    assert list(LightChange.objects.filter(watch=w).values_list("old", "new")) == [("", Light.GREEN)]


def test_the_light_turns_yellow_near_the_deadline_and_red_after_it_with_history(sv):
    case = sv.hall.accepted()
    w = sv.evaluate(case)
    near = get_calendar().add_working_days(w.due_on, -1)
    assert sv.evaluate(case, today=near).light == Light.YELLOW
    late = w.due_on + timedelta(days=1)
    assert sv.evaluate(case, today=late).light == Light.RED
    assert list(LightChange.objects.filter(watch=w).order_by("pk").values_list("new", flat=True)) == [
        Light.GREEN,
        Light.YELLOW,
        Light.RED,
    ]


def test_a_case_past_its_promised_deadline_gets_a_card_once(sv):
    case = sv.hall.accepted()
    w = sv.evaluate(case)
    late = w.due_on + timedelta(days=1)
    sv.evaluate(case, today=late)
    sv.evaluate(case, today=late)
    assert sv.alerts(case, "promised_overdue").count() == 1


def test_a_case_within_its_limit_raises_no_overdue_alert(sv):
    case = sv.hall.accepted()
    sv.evaluate(case)
    assert not sv.alerts(case).exists()


def test_a_second_correction_notice_raises_a_yellow_card(sv):
    alert = sv.alert()
    assert alert.severity == "yellow_card"
    assert "首次告知时未发现" in alert.detail


def test_one_correction_notice_raises_nothing(sv):
    from sunlight.cases import actions

    case = actions.request_correction(sv.hall.submitted(), by=sv.cast.clerk, defects=["缺少营业执照"])
    w = sv.evaluate(case)
    assert w.light == Light.PAUSED
    assert not sv.alerts(case).exists()


def test_a_material_not_in_the_version_is_found(sv):
    case = sv.hall.submitted()
    CaseMaterial.objects.create(case=case, position=9, name="无犯罪记录证明", provision="uploaded")
    sv.evaluate(case)
    alert = sv.alerts(case, "material_not_in_guide").get()
    assert "无犯罪记录证明" in alert.detail


def test_the_versions_own_materials_raise_nothing(sv):
    case = sv.hall.submitted()
    sv.evaluate(case)
    assert not sv.alerts(case, "material_not_in_guide").exists()


def test_a_step_added_against_the_flow_is_found_and_the_planned_flow_is_not(sv):
    case = sv.hall.accepted()
    sv.evaluate(case)
    assert not sv.alerts(case, "flow_changed").exists()
    case.steps.create(index=9, name="局长办公会研究", role="approver", days=3)
    sv.evaluate(case)
    assert "局长办公会研究" in sv.alerts(case, "flow_changed").get().detail


def test_a_refusal_without_reasons_gets_a_red_card(sv):
    case = sv.hall.at_approval()
    Case.objects.filter(pk=case.pk).update(
        decision=Case.Decision.REFUSED, decision_text="", decided_on=case.accepted_on
    )
    sv.evaluate(case)
    assert sv.alerts(case, "refusal_without_reasons").get().severity == "red_card"


def test_a_decision_before_acceptance_is_handling_outside_the_system(sv):
    case = sv.hall.accepted()
    Case.objects.filter(pk=case.pk).update(decided_on=case.accepted_on - timedelta(days=3))
    sv.evaluate(case)
    assert sv.alerts(case, "outside_system").exists()


def test_a_late_acceptance_decision_is_found_by_the_sweep(sv):
    case = sv.hall.submitted()
    w = sv.evaluate(case)
    assert w.phase == "accept"
    out = engine.sweep(today=w.due_on + timedelta(days=1))
    assert out["accept_late"] == 1
    assert sv.alerts(case, "accept_late").exists()
    assert Watch.objects.get(pk=w.pk).light == Light.RED


def test_the_sweep_finds_what_evaluate_finds_and_never_twice(sv):
    case = sv.hall.accepted()
    w = sv.evaluate(case)
    late = w.legal_due_on + timedelta(days=1)
    first = engine.sweep(today=late)
    assert first["promised_overdue"] == 1 and first["statutory_overdue"] == 1
    assert engine.sweep(today=late)["promised_overdue"] == 0
    sv.evaluate(case, today=late)
    assert Alert.objects.filter(kind=Kind.CASE, object_id=case.pk, code="statutory_overdue").count() == 1


def test_a_step_overdue_within_the_case_limit_is_a_reminder(sv):
    case = sv.hall.accepted()
    w = sv.evaluate(case)
    step = case.current_step()
    assert step.due_on and step.due_on < w.due_on
    engine.sweep(today=step.due_on + timedelta(days=1))
    alert = sv.alerts(case, "step_overdue").get()
    assert alert.severity == "reminder" and step.name in alert.detail


def test_a_fee_the_version_does_not_publish_is_a_red_card_and_the_published_standard_is_not(sv):
    from decimal import Decimal

    from sunlight.cases import actions as case_actions
    from sunlight.catalog.models import ServiceItemVersion

    case = sv.hall.accepted()
    ServiceItemVersion.objects.filter(pk=case.version_id).update(
        charges_fee=True, guide={**case.version.guide, "fees": [{"name": "工本费", "standard": "10元/本"}]}
    )
    case.refresh_from_db()
    case_actions.record_fee(case, by=sv.cast.clerk, name="工本费", amount=Decimal("10"))
    sv.evaluate(case)
    assert not sv.alerts(case, "fee_not_in_standard").exists()
    case_actions.record_fee(case, by=sv.cast.clerk, name="工本费", amount=Decimal("20"))
    case_actions.record_fee(case, by=sv.cast.clerk, name="加急费", amount=Decimal("50"))
    sv.evaluate(case)
    details = sorted(sv.alerts(case, "fee_not_in_standard").values_list("detail", flat=True))
    assert len(details) == 2 and any("加急费" in d for d in details) and any("20" in d for d in details)


def test_a_fee_is_refused_before_acceptance_and_with_a_bad_amount(sv):
    import pytest

    from sunlight.cases import actions as case_actions
    from sunlight.errors import SunlightError

    with pytest.raises(SunlightError):
        case_actions.record_fee(sv.hall.submitted(), by=sv.cast.clerk, name="工本费", amount="10")
    case = sv.hall.accepted()
    with pytest.raises(SunlightError):
        case_actions.record_fee(case, by=sv.cast.clerk, name="工本费", amount="-1")
    assert not case.fees.exists()


def test_a_certificate_with_no_case_behind_it_is_handling_outside_the_system(sv):
    from datetime import date

    from sunlight.certificates.actions import issue_certificate

    cert = issue_certificate(
        org=sv.hall.market,
        name="食品经营许可证",
        holder_name="某餐饮店",
        holder_id_number="91110000100000000X",
        scope="预包装食品销售",
        valid_from=date(2026, 6, 15),
        valid_until=None,
        by=sv.approver,
        item=sv.hall.item,
    )
    alerts = engine.check_certificate(cert.pk)
    assert [a.code for a in alerts] == ["certificate_without_case"]
    assert engine.check_certificate(cert.pk) == []  # never twice


def test_a_certificate_issued_by_its_case_is_not_an_anomaly(sv):
    case = sv.hall.delivered()
    if case.certificate_id is None:
        return
    assert engine.check_certificate(case.certificate_id) == []


def test_the_nightly_resync_catches_a_change_no_act_reported(sv):
    from django.utils import timezone

    case = sv.hall.accepted()
    assert not Watch.objects.filter(kind=Kind.CASE, object_id=case.pk).exists()  # its evaluation never ran
    assert engine.resync(since=timezone.now() - timedelta(hours=1)) >= 1
    assert Watch.objects.get(kind=Kind.CASE, object_id=case.pk).light == Light.GREEN


def test_the_light_tallies_follow_every_evaluation_and_the_sweep_and_match_a_recount(sv):
    from .. import tally
    from ..models import LightTally

    case = sv.hall.accepted()
    other = sv.hall.accepted()
    w = sv.evaluate(case)
    sv.evaluate(other)
    near = get_calendar().add_working_days(w.due_on, -1)
    sv.evaluate(case, today=near)
    engine.sweep(today=w.due_on + timedelta(days=1))

    def snapshot():
        return sorted(LightTally.objects.filter(n__gt=0).values_list("org_id", "kind", "light", "n"))

    kept = snapshot()
    assert sum(n for *_k, n in kept) == 2 and any(light == Light.RED for _o, _k, light, _n in kept)
    tally.recount()
    assert snapshot() == kept


def test_a_case_closed_late_keeps_its_red_light_in_its_history(sv):
    from sunlight.cases import actions as case_actions

    case = sv.hall.at_approval()
    w = sv.evaluate(case)
    sv.evaluate(case, today=w.due_on + timedelta(days=1))
    case = case_actions.decide_case(case, by=sv.approver, granted=True)
    case = case_actions.deliver_result(case, by=sv.cast.clerk, method="窗口领取")
    w = sv.evaluate(case, today=w.due_on + timedelta(days=2))
    assert not w.open and w.closed_on is not None
    assert w.light == Light.RED and list(w.changes.order_by("pk").values_list("new", flat=True))[-1] == Light.RED
