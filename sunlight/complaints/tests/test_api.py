"""/api/v1/complaints: the staff list and detail (scoped), concluding, with a session or a token; a complainant's own."""

import json

from sunlight.accounts.models import ApiToken

from ..models import Complaint

BASE = "/api/v1/complaints"


def bearer(user) -> dict:
    _token, plain = ApiToken.issue(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


def test_without_a_token_or_session_the_staff_endpoints_answer_401(client, desk):
    complaint = desk.filed()
    assert client.get(f"{BASE}/").status_code == 401
    assert client.get(f"{BASE}/{complaint.pk}").status_code == 401
    assert client.post(f"{BASE}/{complaint.pk}/conclude", "{}", content_type="application/json").status_code == 401


def test_a_citizens_token_is_refused(client, desk):
    assert client.get(f"{BASE}/", **bearer(desk.cast.citizen)).status_code == 403


def test_the_staff_list_and_detail_are_scoped(client, desk):
    complaint = desk.filed()
    body = client.get(f"{BASE}/", **bearer(desk.east_supervisor)).json()
    assert body["count"] == 1 and body["items"][0]["number"] == complaint.number
    assert body["items"][0]["case"] == complaint.case.number
    assert client.get(f"{BASE}/", **bearer(desk.west_supervisor)).json()["count"] == 0
    assert client.get(f"{BASE}/{complaint.pk}", **bearer(desk.west_supervisor)).status_code == 404
    detail = client.get(f"{BASE}/{complaint.pk}", **bearer(desk.cast.supervisor)).json()
    assert detail["supervising_org"] == "青溪区人民政府" and detail["status"] == "received"
    assert client.get(f"{BASE}/", {"status": "nonsense"}, **bearer(desk.east_supervisor)).status_code == 400


def test_concluding_through_the_api(client, desk):
    complaint = desk.investigating()
    url = f"{BASE}/{complaint.pk}/conclude"
    empty = client.post(
        url, json.dumps({"findings": "核实。"}), content_type="application/json", **bearer(desk.east_supervisor)
    )
    assert empty.status_code == 400 and "调查结论" in empty.json()["message"]
    done = client.post(
        url,
        json.dumps({"conclusion": "not_upheld", "findings": "经核实不属实。"}),
        content_type="application/json",
        **bearer(desk.east_supervisor),
    )
    assert done.status_code == 200 and done.json()["conclusion"] == "not_upheld" and done.json()["on_time"] is True
    complaint.refresh_from_db()
    assert complaint.status == "concluded" and complaint.card_ref == ""


def test_an_outsider_supervisor_cannot_conclude_through_the_api(client, desk):
    complaint = desk.investigating()
    # The west supervisor does not see it (404); the clerk of the complained center sees it but may not act (403).
    data = json.dumps({"conclusion": "upheld", "findings": "x", "measures": "y"})
    url = f"{BASE}/{complaint.pk}/conclude"
    assert client.post(url, data, content_type="application/json", **bearer(desk.west_supervisor)).status_code == 404
    complaint, _code = desk.registered()
    complaint.status = "investigating"
    complaint.save(update_fields=["status"])
    url = f"{BASE}/{complaint.pk}/conclude"
    assert client.post(url, data, content_type="application/json", **bearer(desk.cast.clerk)).status_code == 403
    assert not Complaint.objects.filter(status="concluded").exists()


def test_a_complainant_reads_their_own_complaints(client, desk):
    complaint = desk.filed()
    desk.registered()
    assert client.get(f"{BASE}/mine").status_code == 401
    client.force_login(desk.hall.company)
    assert [c["number"] for c in client.get(f"{BASE}/mine").json()] == [complaint.number]
    client.force_login(desk.cast.citizen)
    assert client.get(f"{BASE}/mine").json() == []
    client.force_login(desk.cast.clerk)
    assert client.get(f"{BASE}/mine").status_code == 403
