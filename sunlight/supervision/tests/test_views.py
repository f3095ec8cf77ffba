from datetime import timedelta

import pytest
from django.urls import reverse

from ..models import Alert, UrgeOrder


@pytest.fixture
def alert(sv):
    return sv.alert()


def _login(client, user):
    client.force_login(user)
    return client


def staff_urls(alert):
    return [
        reverse("supervision_wb:dashboard"),
        reverse("supervision_wb:dashboard_data"),
        reverse("supervision_wb:lights"),
        reverse("supervision_wb:alerts"),
        reverse("supervision_wb:indicators"),
        reverse("supervision_wb:drill"),
        reverse("supervision_wb:rules"),
        reverse("supervision_wb:urges"),
    ]


def test_the_supervisor_sees_every_staff_page(client, sv, alert):
    _login(client, sv.supervisor)
    for url in [*staff_urls(alert), reverse("supervision_wb:alert", args=[alert.pk])]:
        assert client.get(url).status_code == 200, url


def test_a_citizen_and_an_anonymous_visitor_are_refused_every_staff_page(client, sv, alert):
    for url in staff_urls(alert):
        assert client.get(url).status_code in (302, 403), url
    _login(client, sv.cast.citizen)
    for url in staff_urls(alert):
        assert client.get(url).status_code in (302, 403), url


def test_another_districts_supervisor_cannot_open_or_act_on_the_alert(client, sv, alert):
    _login(client, sv.west_supervisor)
    assert client.get(reverse("supervision_wb:alert", args=[alert.pk])).status_code == 404
    r = client.post(reverse("supervision_wb:alert_act", args=[alert.pk, "close"]), {"text": "越权"})
    assert r.status_code == 404
    assert Alert.objects.get(pk=alert.pk).status == Alert.Status.OPEN
    assert alert.number_ref not in client.get(reverse("supervision_wb:alerts")).content.decode()


def test_closing_an_alert_answers_with_a_redirect_and_an_empty_conclusion_with_a_400(client, sv, alert):
    _login(client, sv.supervisor)
    url = reverse("supervision_wb:alert_act", args=[alert.pk, "close"])
    r = client.post(url, {"text": ""})
    assert r.status_code == 400
    r = client.post(url, {"text": "已约谈"})
    assert r.status_code == 302 and r["Location"] == reverse("supervision_wb:alert", args=[alert.pk])
    assert Alert.objects.get(pk=alert.pk).status == Alert.Status.CLOSED


def test_the_urge_journey_through_the_pages(client, sv, alert):
    _login(client, sv.supervisor)
    due = (alert.found_on + timedelta(days=3)).isoformat()
    r = client.post(
        reverse("supervision_wb:alert_act", args=[alert.pk, "urge"]), {"demand": "请三日内整改", "due_on": due}
    )
    assert r.status_code == 302
    order = UrgeOrder.objects.get()
    _login(client, sv.approver)
    r = client.post(reverse("supervision_wb:urge_act", args=[order.pk, "answer"]), {"text": "已整改"})
    assert r.status_code == 302
    _login(client, sv.supervisor)
    r = client.post(reverse("supervision_wb:urge_act", args=[order.pk, "close"]), {"text": "整改到位"})
    assert r.status_code == 302
    assert UrgeOrder.objects.get().status == UrgeOrder.Status.CLOSED
    page = client.get(reverse("supervision_wb:urge", args=[order.pk])).content.decode()
    assert "整改到位" in page


def test_the_dashboard_shows_the_red_light_and_the_card(client, sv, alert):
    from .. import engine

    case = sv.hall.accepted()
    w = sv.evaluate(case)
    engine.sweep(today=w.due_on + timedelta(days=1))
    _login(client, sv.supervisor)
    page = client.get(reverse("supervision_wb:dashboard")).content.decode()
    assert case.number in page
    assert "dashboard-data" in page


def test_the_public_pages_show_the_rules_and_aggregates_without_personal_data(client, sv, alert):
    r = client.get(reverse("supervision:rules"))
    assert r.status_code == 200 and "多次补正告知" in r.content.decode()
    assert client.get(reverse("supervision:rule", args=["repeat_correction"])).status_code == 200
    assert client.get(reverse("supervision:rule", args=["nonsense"])).status_code == 404
    for name in ("supervision:index", "supervision:screen", "supervision:screen_data"):
        body = client.get(reverse(name)).content.decode()
        assert alert.number_ref not in body and "青溪味道" not in body


def test_the_api_lists_alerts_for_staff_and_refuses_without_a_token(client, sv, alert):
    assert client.get("/api/v1/supervision/alerts").status_code == 401
    _login(client, sv.supervisor)
    data = client.get("/api/v1/supervision/alerts").json()
    assert [a["id"] for a in data] == [alert.pk]
    _login(client, sv.west_supervisor)
    assert client.get("/api/v1/supervision/alerts").json() == []
    r = client.post(
        f"/api/v1/supervision/alerts/{alert.pk}/acts/close", {"text": "越权"}, content_type="application/json"
    )
    assert r.status_code == 404


def test_the_api_refuses_a_rule_with_a_threshold_out_of_range(client, sv):
    _login(client, sv.supervisor)
    r = client.post(
        "/api/v1/supervision/rules/deadline_warning",
        {
            "severity": "reminder",
            "recipients": ["handler"],
            "params": {"days": 999},
            "effective_on": "2026-06-16",
            "reason": "试",
        },
        content_type="application/json",
    )
    assert r.status_code == 400
    assert client.get("/api/v1/supervision/rules").status_code == 200


def test_the_api_issues_an_urge_order(client, sv, alert):
    _login(client, sv.supervisor)
    r = client.post(
        "/api/v1/supervision/urge",
        {"demand": "请整改", "due_on": (alert.found_on + timedelta(days=2)).isoformat(), "alert_id": alert.pk},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["status"] == "issued"


def test_an_outsider_cannot_open_or_answer_an_urge_order_nor_urge_a_watch_of_another_district(client, sv, alert):
    from ..actions import issue_urge_order
    from ..models import Watch

    order = issue_urge_order(by=sv.supervisor, alert=alert, demand="请整改", due_on=alert.found_on + timedelta(days=3))
    watch = Watch.objects.get(kind=alert.kind, object_id=alert.object_id)
    _login(client, sv.west_supervisor)
    assert client.get(reverse("supervision_wb:urge", args=[order.pk])).status_code == 404
    assert (
        client.post(reverse("supervision_wb:urge_act", args=[order.pk, "close"]), {"text": "越权"}).status_code == 404
    )
    assert client.get(reverse("supervision_wb:urge_new") + f"?watch={watch.pk}").status_code == 404
    _login(client, sv.hall.west_handler)
    assert (
        client.post(reverse("supervision_wb:urge_act", args=[order.pk, "answer"]), {"text": "越权"}).status_code == 404
    )
    assert UrgeOrder.objects.get().status == UrgeOrder.Status.ISSUED


def test_a_rule_revision_by_a_district_supervisor_is_refused_and_by_the_region_supervisor_redirects(client, sv):
    from ..models import Rule

    url = reverse("supervision_wb:rule", args=["step_overdue"])
    form = {
        "severity": "yellow_card",
        "recipients": ["handler", "head"],
        "effective_on": "2026-06-16",
        "active": "on",
        "reason": "环节超时升级为黄牌",
    }
    _login(client, sv.west_supervisor)
    assert client.post(url, form).status_code == 403
    _login(client, sv.supervisor)
    assert client.get(url).status_code == 200
    r = client.post(url, form)
    assert r.status_code == 302 and r["Location"] == url
    assert Rule.objects.filter(code="step_overdue").order_by("-version").first().severity == "yellow_card"


def test_the_indicators_drill_down_to_the_late_cases_of_the_month(client, sv):
    case = sv.hall.delivered()
    sv.evaluate(case)
    _login(client, sv.supervisor)
    page = client.get(reverse("supervision_wb:indicators") + "?month=2026-06").content.decode()
    assert "按时办结率" in page and "在法定期限内办结的办件数" in page
    page = client.get(reverse("supervision_wb:drill") + "?month=2026-06").content.decode()
    assert case.number in page
    page = client.get(reverse("supervision_wb:drill") + "?month=2026-06&late=1").content.decode()
    assert case.number not in page


def test_the_api_counts_lights_and_gives_indicators_with_formulas_within_the_users_scope(client, sv, alert):
    from ..models import Watch

    case_watch = Watch.objects.get(kind=alert.kind, object_id=alert.object_id)
    _login(client, sv.supervisor)
    lights = client.get("/api/v1/supervision/lights").json()
    assert sum(lights.values()) == 1 and lights[case_watch.light] == 1
    data = client.get("/api/v1/supervision/indicators?year=2026&month=6").json()
    assert "在法定期限内办结" in data["figures"]["on_time"]["formula"]
    assert client.get(f"/api/v1/supervision/lights?org={sv.cast.west.pk}").json() == {
        "green": 0,
        "yellow": 0,
        "red": 0,
        "paused": 0,
    }
    _login(client, sv.west_supervisor)
    assert sum(client.get("/api/v1/supervision/lights").json().values()) == 0
    assert client.get(f"/api/v1/supervision/lights?org={sv.cast.east.pk}").status_code == 404
    assert client.get(f"/api/v1/supervision/indicators?org={sv.cast.east.pk}").status_code == 404
