"""/api/v1/reports: the report as JSON, figures, narrative, publication and appeals, through the same actions."""

import json
from datetime import date

from sunlight.accounts.models import ApiToken
from sunlight.reports.annual import as_dict, build_report
from sunlight.reports.models import AnnualReport, YearFigures
from sunlight.requests.models import Appeal

BASE = "/api/v1/reports"


def post(client, path, data=None, **headers):
    return client.post(BASE + path, data=json.dumps(data or {}), content_type="application/json", **headers)


def test_the_report_as_json_has_every_table_and_the_balance(client, rep, records):
    token = ApiToken.issue(rep.officer, "reports")[1]
    response = client.get(f"{BASE}/annual/{rep.east.pk}/2025?scope=subtree", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    body = response.json()
    assert body == json.loads(json.dumps(as_dict(build_report(rep.east, 2025, "subtree"))))
    assert body["balanced"] is True and body["proactive"]["licensing"] == 130
    assert body["appeals"]["reconsideration"]["total"] == 4 and body["fees"]["requests"] == 3
    assert [r["label"] for r in body["requests"]["results"]][:2] == [
        "（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ]


def test_staff_enter_figures_and_narrative_and_publish_through_the_api(client, rep, records):
    client.force_login(rep.officer)
    figures = post(
        client,
        f"/annual/{rep.east.pk}/2024/figures",
        {"licensing_decisions": 3, "penalty_decisions": 2, "coercion_decisions": 1, "fee_income": "0.25"},
    )
    assert figures.status_code == 200 and figures.json()["fee_income"] == "0.2500"
    assert YearFigures.objects.get(org=rep.east, year=2024).penalty_decisions == 2
    bad = post(
        client,
        f"/annual/{rep.east.pk}/2024/figures",
        {"licensing_decisions": -3, "penalty_decisions": 2, "coercion_decisions": 1, "fee_income": "0.25"},
    )
    assert bad.status_code == 422
    early = post(client, f"/annual/{rep.east.pk}/2025/publish")
    assert early.status_code == 400 and early.json()["error"] == "report_missing"
    saved = post(client, f"/annual/{rep.east.pk}/2025/narrative", {"overview": "概况"})
    assert saved.status_code == 200 and saved.json()["narrative"]["overview"] == "概况"
    published = post(client, f"/annual/{rep.east.pk}/2025/publish")
    assert published.status_code == 201 and published.json()["status"] == "submitted"
    assert AnnualReport.objects.get(org=rep.east, year=2025).document_id == published.json()["document_id"]
    again = post(client, f"/annual/{rep.east.pk}/2025/publish")
    assert again.status_code == 409 and again.json()["error"] == "report_frozen"


def test_appeals_are_listed_recorded_and_decided_through_the_api(client, rep):
    client.force_login(rep.officer)
    created = post(
        client,
        "/appeals",
        {"org_id": rep.east.pk, "kind": "lawsuit_after", "filed_on": "2025-05-01", "case_number": "诉2号"},
    )
    assert created.status_code == 201 and created.json()["result"] == "pending"
    appeal_id = created.json()["id"]
    decided = post(client, f"/appeals/{appeal_id}/decide", {"result": "other", "decided_on": "2025-09-01"})
    assert decided.status_code == 200 and decided.json()["result_label"] == "其他结果"
    assert (
        post(client, f"/appeals/{appeal_id}/decide", {"result": "upheld", "decided_on": "2025-09-02"}).status_code
        == 409
    )
    assert (
        post(client, "/appeals", {"org_id": rep.east.pk, "kind": "petition", "filed_on": "2025-05-01"}).status_code
        == 422
    )
    listed = client.get(f"{BASE}/appeals?year=2025").json()
    assert [a["case_number"] for a in listed] == ["诉2号"]


def test_outsiders_and_anonymous_callers_are_refused_on_every_endpoint(client, rep, records):
    from sunlight.requests.actions import record_appeal

    appeal = record_appeal(by=rep.officer, org=rep.east, kind="reconsideration", filed_on=date(2025, 5, 1))
    calls = [
        lambda: client.get(f"{BASE}/annual/{rep.east.pk}/2025"),
        lambda: post(
            client,
            f"/annual/{rep.east.pk}/2025/figures",
            {"licensing_decisions": 1, "penalty_decisions": 1, "coercion_decisions": 1, "fee_income": "1"},
        ),
        lambda: post(client, f"/annual/{rep.east.pk}/2025/narrative", {"overview": "x"}),
        lambda: post(client, f"/annual/{rep.east.pk}/2025/publish"),
        lambda: post(client, "/appeals", {"org_id": rep.east.pk, "kind": "reconsideration", "filed_on": "2025-05-01"}),
        lambda: post(client, f"/appeals/{appeal.pk}/decide", {"result": "upheld", "decided_on": "2025-06-01"}),
    ]
    assert [call().status_code for call in calls] == [401] * 6
    client.force_login(rep.outsider)
    assert [call().status_code for call in calls] == [403] * 6
    assert client.get(f"{BASE}/appeals").json() == []
    assert not AnnualReport.objects.exists() and Appeal.objects.get(pk=appeal.pk).result == "pending"
    assert YearFigures.objects.filter(org=rep.east, year=2025).get().licensing_decisions == 120  # unchanged
