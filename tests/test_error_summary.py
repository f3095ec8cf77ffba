"""Form errors the GOV.UK way on every form (issue 9 item 12): a summary at the top of the form that links each
error to its field, the title prefixed with "错误：", each invalid field marked and described by its message."""

from __future__ import annotations

import lxml.html
import pytest

from sunlight.orgs.codes import make_credit_code
from sunlight.orgs.models import Role
from sunlight.requests.models import ApplicantType

pytestmark = pytest.mark.usefixtures("spring_2026")


def summary_of(response) -> tuple[lxml.html.HtmlElement, dict[str, str]]:
    """The page, and the summary's links: {target id: message}. Fails when the summary is missing or not GOV.UK."""
    page = lxml.html.fromstring(response.content.decode())
    summaries = page.xpath("//*[@data-error-summary]")
    assert len(summaries) == 1, "one error summary expected"
    summary = summaries[0]
    assert summary.get("role") == "alert" and summary.get("tabindex") == "-1"
    assert summary.xpath(".//h2/text()") == ["出现以下问题"]
    assert page.findtext(".//title").startswith("错误：")
    # The summary comes before every field of its form.
    form = summary.getparent()
    assert form.tag == "form" and form.index(summary) < min(
        form.index(el) for el in form if "field" in (el.get("class") or "")
    )
    links = {a.get("href").lstrip("#"): a.text_content() for a in summary.xpath(".//a")}
    for target in links:
        assert page.get_element_by_id(target) is not None, f"the summary links to a missing id {target}"
    return page, links


def assert_marked(page, field_id: str) -> None:
    """An invalid input: aria-invalid, described by its message, which is shown above it, in a red-bordered field."""
    element = page.get_element_by_id(field_id)
    group = element.xpath("ancestor::fieldset[parent::div[contains(concat(' ', @class, ' '), ' field ')]]")
    described = (group[0] if group else element).get("aria-describedby", "").split()
    error_id = field_id.removesuffix("_0") + "_error"
    assert error_id in described and page.get_element_by_id(error_id).text_content().strip()
    assert element.get("aria-invalid") == "true"
    wrapper = element.xpath("ancestor::div[contains(concat(' ', @class, ' '), ' field ')]")[0]
    assert "field-error" in wrapper.get("class")
    order = [el.get("id") for el in wrapper.iter() if el.get("id") in (error_id, field_id)]
    assert order[0] == error_id, "the message stands above the field"


def test_the_empty_request_form_lists_every_missing_answer_and_links_to_it(client, cast):
    response = client.post("/requests/new", {})
    assert response.status_code == 400
    page, links = summary_of(response)
    for field in ("org", "applicant_type", "applicant_name", "id_number", "phone", "description"):
        assert f"id_{field}" in links
        assert_marked(page, f"id_{field}")
    # A group of radios is linked through its first option and described on its fieldset.
    assert "id_format_0" in links and "id_delivery_0" in links
    assert_marked(page, "id_format_0")


def test_a_resident_id_with_a_wrong_check_digit_is_an_error_linked_to_the_field(client, cast):
    person = ApplicantType.objects.get(code="natural_person")
    data = {
        "org": str(cast.east.pk),
        "applicant_type": str(person.pk),
        "applicant_name": "张三",
        "id_number": "110105199001010020",
        "phone": "13812345678",
        "description": "2025年城乡低保资金发放明细",
        "format": "electronic",
        "delivery": "online",
    }
    page, links = summary_of(client.post("/requests/new", data))
    assert list(links) == ["id_id_number"] and "校验位" in links["id_id_number"]
    assert_marked(page, "id_id_number")
    business = ApplicantType.objects.get(code="business")
    code = make_credit_code("91", "110105", "MA01ABCD")
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    _page, links = summary_of(
        client.post("/requests/new", {**data, "applicant_type": str(business.pk), "id_number": wrong})
    )
    assert "校验位" in links["id_id_number"]
    assert (
        client.post("/requests/new", {**data, "applicant_type": str(business.pk), "id_number": code}).status_code == 302
    )


def test_the_query_code_lookup_links_to_the_code(client, cast):
    _page, links = summary_of(client.post("/requests/track", {"code": ""}))
    assert list(links) == ["id_code"]


def test_registration_checks_the_credit_code_and_links_to_it(client, cast):
    code = make_credit_code("91", "110105", "MA01ABCD")
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    data = {
        "username": "yunchuan-co",
        "kind": "legal_person",
        "display_name": "云川某某有限公司",
        "phone": "0990-1234567",
        "credit_code": wrong,
        "password1": "x9!Lk2#pQ7",
        "password2": "x9!Lk2#pQ7",
    }
    page, links = summary_of(client.post("/accounts/register", data))
    assert "id_credit_code" in links and "校验位" in links["id_credit_code"]
    assert_marked(page, "id_credit_code")
    assert client.post("/accounts/register", {**data, "credit_code": code}).status_code == 302


def test_a_failed_public_login_has_the_summary_and_the_title(client, cast):
    summary_of(client.post("/accounts/login", {"username": "citizen", "password": "wrong"}))


def test_the_workbench_login_links_to_the_missing_fields(client, cast):
    _page, links = summary_of(client.post("/workbench/login", {"username": "", "password": ""}))
    assert set(links) == {"id_username", "id_password"}


def test_the_staff_registration_of_a_request_checks_the_id_number(client, cast):
    officer = cast.add_staff("officer", cast.east, Role.DISCLOSURE_OFFICER)
    client.force_login(officer)
    person = ApplicantType.objects.get(code="natural_person")
    data = {
        "org": str(cast.east.pk),
        "channel": "in_person",
        "received_on": "2026-06-15",
        "applicant_type": str(person.pk),
        "applicant_name": "张三",
        "id_number": "110105199001010020",
        "description": "低保资金发放明细",
        "format": "paper",
        "delivery": "pickup",
    }
    page, links = summary_of(client.post("/workbench/requests/new", data))
    assert list(links) == ["id_id_number"] and "校验位" in links["id_id_number"]
    assert_marked(page, "id_id_number")
    assert client.post("/workbench/requests/new", {**data, "id_number": "110105199001010029"}).status_code == 302


def test_the_disclosure_and_reports_workbench_forms_have_the_summary(client, cast):
    officer = cast.add_staff("officer", cast.east, Role.DISCLOSURE_OFFICER)
    client.force_login(officer)
    _page, links = summary_of(client.post("/workbench/disclosure/new", {"title": ""}))
    assert "id_title" in links
    _page, links = summary_of(client.post("/workbench/reports/figures/import", {"note": ""}))
    assert list(links) == ["id_file"]


def test_a_valid_or_unbound_form_has_no_summary_and_no_error_title(client, cast):
    page = lxml.html.fromstring(client.get("/requests/new").content.decode())
    assert not page.xpath("//*[@data-error-summary]") and not page.findtext(".//title").startswith("错误")
    assert not page.xpath("//*[@aria-invalid]")


def test_the_portal_deadline_calculator_has_the_summary_too(client, cast):
    page, links = summary_of(client.get("/deadline?start=2025-02-30&working_days=20"))
    assert list(links) == ["id_start"]
    assert_marked(page, "id_start")
