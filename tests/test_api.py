"""The REST API's front door: schema, auth, scoping and clean 4xx errors."""

from sunlight.accounts.models import ApiToken
from sunlight.events.log import record
from sunlight.events.models import Event


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_the_openapi_schema_and_docs_are_served(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["version"] == "1"
    assert "/api/v1/calendar/deadline" in schema["paths"]
    assert "/api/v1/orgs/" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_staff_endpoints_refuse_anonymous_callers_with_a_json_401(client, db):
    response = client.get("/api/v1/orgs/")
    assert response.status_code == 401 and response.json()["error"] == "unauthorized"


def test_a_token_lets_another_system_read_the_orgs_it_may_see(client, cast):
    _token, plain = ApiToken.issue(cast.clerk, "OA")
    body = client.get("/api/v1/orgs/", **bearer(plain)).json()
    assert [o["name"] for o in body["items"]] == ["青溪区政务服务中心"]


def test_a_bad_token_is_a_401(client, cast):
    assert client.get("/api/v1/orgs/", **bearer("sl_nope")).status_code == 401


def test_a_supervisor_lists_the_whole_city_tree_but_an_outsider_gets_403_on_another_district(client, cast):
    _t, sup = ApiToken.issue(cast.supervisor, "x")
    names = {o["name"] for o in client.get("/api/v1/orgs/?limit=100", **bearer(sup)).json()["items"]}
    assert {"青溪区政务服务中心", "云湖区政务服务中心", "云川市人民政府"} <= names
    _t, out = ApiToken.issue(cast.outsider, "x")
    response = client.get(f"/api/v1/orgs/{cast.east_center.pk}", **bearer(out))
    assert response.status_code == 403 and "无权" in response.json()["message"]
    assert Event.objects.filter(verb="security.permission_denied", actor=cast.outsider).exists()


def test_unknown_orgs_are_a_json_404(client, cast):
    _t, sup = ApiToken.issue(cast.supervisor, "x")
    response = client.get("/api/v1/orgs/999999", **bearer(sup))
    assert response.status_code == 404 and response.json()["error"] == "not_found"


def test_malformed_parameters_are_a_4xx_with_a_message_not_a_500(client, cast):
    _t, sup = ApiToken.issue(cast.supervisor, "x")
    response = client.get("/api/v1/orgs/?under=abc", **bearer(sup))
    assert response.status_code == 422 and "格式不正确" in response.json()["message"]


def test_the_me_endpoint_names_the_callers_roles(client, cast):
    _t, plain = ApiToken.issue(cast.clerk, "x")
    body = client.get("/api/v1/me/", **bearer(plain)).json()
    assert body["username"] == "clerk" and body["memberships"][0]["role"] == "window_clerk"


def test_events_over_the_api_are_scoped_like_the_workbench(client, cast):
    record("test.east", actor=cast.admin, org=cast.east_center, obj=cast.east_center)
    record("test.west", actor=cast.admin, org=cast.west_center, obj=cast.west_center)
    _t, plain = ApiToken.issue(cast.clerk, "x")
    verbs = {e["verb"] for e in client.get("/api/v1/events/?limit=100", **bearer(plain)).json()["items"]}
    assert "test.east" in verbs and "test.west" not in verbs


def test_a_session_signed_in_staff_member_may_use_the_api_too(client, cast):
    client.force_login(cast.clerk)
    assert client.get("/api/v1/me/").status_code == 200
