"""Open311 GeoReport v2 conformance, checked against the shapes of the specification's documented examples
(wiki.open311.org/GeoReport_v2): services, a service definition, POST requests, GET requests and a request by id,
in JSON and XML; errors as a list of {code, description}."""

from xml.etree import ElementTree as ET

import pytest
from django.core.management import call_command

from sunlight.georeport.keys import issue_key
from sunlight.letters import actions
from sunlight.letters.models import Letter
from sunlight.letters.tests.builders import Post

pytestmark = pytest.mark.django_db
BASE = "/open311/v2"
SERVICE_KEYS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
REQUEST_KEYS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}


@pytest.fixture
def hotline(cast, spring_2026):
    post = Post(cast)
    client, key = issue_key(name="云川市12345热线平台", mailbox=post.mailbox)
    return post, client, key


def _post(client, key, **fields):
    data = {"api_key": key, "service_code": "complain", "description": "青溪路积水，行人无法通行。", **fields}
    return client.post(f"{BASE}/requests.json", data)


def test_the_services_list_has_the_specifications_fields_in_json_and_xml(client, hotline):
    services = client.get(f"{BASE}/services.json").json()
    assert [s["service_code"] for s in services] == ["consult", "suggest", "complain", "help", "report"]
    assert all(set(s) == SERVICE_KEYS and s["type"] == "realtime" and s["metadata"] is True for s in services)
    root = ET.fromstring(client.get(f"{BASE}/services.xml").content)
    assert root.tag == "services" and [e.tag for e in root] == ["service"] * 5
    assert root.find("service/service_code").text == "consult" and root.find("service/metadata").text == "true"


def test_a_service_definition_lists_its_attributes_with_values(client, hotline):
    body = client.get(f"{BASE}/services/complain.json").json()
    assert body["service_code"] == "complain"
    mailbox = body["attributes"][0]
    assert set(mailbox) >= {"variable", "code", "datatype", "required", "datatype_description", "order", "description"}
    assert (
        mailbox["datatype"] == "singlevaluelist" and {"key": "qx-head", "name": "青溪区区长信箱"} in mailbox["values"]
    )
    root = ET.fromstring(client.get(f"{BASE}/services/complain.xml").content)
    assert root.tag == "service_definition"
    assert root.find("attributes/attribute/values/value/key").text == "qx-head"
    assert client.get(f"{BASE}/services/nope.json").status_code == 404


def test_a_client_posts_a_request_and_reads_it_back(client, hotline):
    post, api, key = hotline
    response = _post(
        client,
        key,
        first_name="先生",
        last_name="王",
        phone="13800138000",
        lat="30.1",
        long="120.2",
        **{"attribute[external_id]": "WO-1", "attribute[publish_consent]": "true"},
    )
    assert response.status_code == 201
    [created] = response.json()
    assert set(created) == {"service_request_id", "service_notice", "account_id"}
    letter = Letter.objects.get()
    assert letter.channel == "open311" and letter.client == api.name and letter.mailbox == post.mailbox
    assert letter.writer_name == "王先生" and letter.publish_consent

    [mine] = client.get(f"{BASE}/requests/{letter.number}.json", {"api_key": key}).json()
    assert set(mine) == REQUEST_KEYS and mine["status"] == "open" and mine["description"].startswith("青溪路积水")
    letter = actions.accept_letter(letter, by=post.officer)
    letter = actions.assign_letter(letter, by=post.officer, org=post.bureau)
    actions.reply_letter(letter, by=post.handler, reply="已疏通排水。")
    [mine] = client.get(f"{BASE}/requests.json", {"api_key": key, "service_request_id": letter.number}).json()
    assert mine["status"] == "closed" and mine["service_notice"] == "已疏通排水。"
    assert mine["agency_responsible"] == post.bureau.name
    root = ET.fromstring(client.get(f"{BASE}/requests/{letter.number}.xml", {"api_key": key}).content)
    assert root.tag == "service_requests" and root.find("request/service_request_id").text == letter.number


def test_the_same_external_id_pushed_twice_makes_one_letter(client, hotline):
    _post_, _api, key = hotline
    first = _post(client, key, **{"attribute[external_id]": "WO-7"}).json()[0]
    again = _post(client, key, **{"attribute[external_id]": "WO-7"})
    assert again.status_code == 200 and again.json()[0]["service_request_id"] == first["service_request_id"]
    assert Letter.objects.count() == 1


@pytest.mark.parametrize(
    "fields, status",
    [
        ({"api_key": "wrong"}, 403),
        ({"api_key": ""}, 403),
        ({"service_code": ""}, 400),
        ({"service_code": "weather"}, 404),
        ({"description": ""}, 400),
        ({"description": "<script>alert(1)</script>"}, 400),
        ({"lat": "north"}, 400),
        ({"attribute[mailbox]": "nope"}, 400),
    ],
)
def test_bad_posts_are_the_specifications_error_list_and_write_nothing(client, hotline, fields, status):
    _post_, _api, key = hotline
    response = client.post(
        f"{BASE}/requests.json", {"api_key": key, "service_code": "complain", "description": "x", **fields}
    )
    assert response.status_code == status
    [error] = response.json()
    assert set(error) == {"code", "description"} and error["code"] == status
    assert not Letter.objects.exists()
    xml = client.post(
        f"{BASE}/requests.xml", {"api_key": key, "service_code": "complain", "description": "x", **fields}
    )
    root = ET.fromstring(xml.content)
    assert root.tag == "errors" and root.find("error/code").text == str(status)


def test_the_public_reads_only_published_letters_and_only_their_masked_copy(client, hotline):
    post, _api, key = hotline
    _post(client, key, description="我的电话13800138000，小区供暖不达标。", **{"attribute[publish_consent]": "true"})
    letter = Letter.objects.get()
    assert client.get(f"{BASE}/requests/{letter.number}.json").status_code == 404
    assert client.get(f"{BASE}/requests.json").json() == []
    letter = actions.accept_letter(letter, by=post.officer)
    letter = actions.assign_letter(letter, by=post.officer, org=post.bureau)
    letter = actions.reply_letter(letter, by=post.handler, reply="已整改。")
    actions.publish_letter(letter, by=post.officer)
    [public] = client.get(f"{BASE}/requests/{letter.number}.json").json()
    assert "13800138000" not in public["description"] and "138****8000" in public["description"]
    other, other_key = issue_key(name="另一个系统", mailbox=post.mailbox)
    [seen] = client.get(f"{BASE}/requests/{letter.number}.json", {"api_key": other_key}).json()
    assert "13800138000" not in seen["description"]  # another client sees the public copy too


def test_a_bad_format_or_filter_is_an_error_not_a_500(client, hotline):
    assert client.get(f"{BASE}/services.html").status_code == 404
    assert client.get(f"{BASE}/requests.json", {"status": "pending"}).status_code == 400
    assert client.get(f"{BASE}/requests.json", {"start_date": "yesterday"}).status_code == 400
    assert client.get(f"{BASE}/requests.json", {"api_key": "wrong"}).status_code == 403


def test_the_command_issues_a_key_shown_once(hotline, capsys):
    call_command("open311_key", "城市App", "--mailbox", "qx-head")
    out = capsys.readouterr().out
    key = out.split("api_key: ")[1].split()[0]
    from sunlight.georeport.keys import client_for

    assert client_for(key).name == "城市App" and key not in str(client_for(key).key_hash)


@pytest.mark.parametrize(
    "fields",
    [
        {"lat": "NaN"},
        {"lat": "-nan"},
        {"lat": "91"},
        {"long": "Infinity"},
        {"description": "积水\x0b严重"},
        {"address_string": "青溪\x1f路"},
        {"attribute[external_id]": "W" * 65},
    ],
)
def test_non_numbers_out_of_range_control_characters_and_long_ids_are_a_400_not_a_500(client, hotline, fields):
    _post_, _api, key = hotline
    response = client.post(
        f"{BASE}/requests.json", {"api_key": key, "service_code": "complain", "description": "积水", **fields}
    )
    assert response.status_code == 400, response.content
    assert not Letter.objects.exists()


@pytest.mark.parametrize(
    "start, end, status",
    [
        ("2026-01-01", "", 200),
        ("2026-01-01T00:00:00", "", 200),
        ("", "0001-01-01T00:00:00Z", 200),
        ("0001-01-01", "9999-12-31", 200),
        ("", "9999-12-31T23:59:59-12:00", 400),  # past the last day this server can name
    ],
)
def test_any_w3c_date_or_datetime_filter_answers_without_a_500(client, hotline, start, end, status):
    params = {k: v for k, v in (("start_date", start), ("end_date", end)) if v}
    assert client.get(f"{BASE}/requests.json", params).status_code == status
    assert client.get(f"{BASE}/requests.xml", params).status_code == status


def test_head_is_answered_like_get(client, hotline):
    assert client.head(f"{BASE}/services.json").status_code == 200
    assert client.head(f"{BASE}/requests.json").status_code == 200
