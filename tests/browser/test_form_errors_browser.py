"""Form errors the GOV.UK way in a real Chromium (issue 9 item 12): the request form submitted empty on a phone
(390 px) and in elder mode shows the error summary with focus on it, the title starts with "错误：", a link in the
summary takes the keyboard to its field, and axe finds no WCAG 2.1 A/AA violation."""

from __future__ import annotations

import pytest

expect = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')"
).expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("spring_2026")]

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("elder", [False, True], ids=["phone", "phone-elder"])
def test_the_empty_request_form_focuses_the_error_summary_on_a_phone(
    new_context,
    live_server,
    agencies,
    elder,  # noqa: F811
    assert_no_axe_violations,
):
    context = new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    if elder:
        context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])
    page = context.new_page()
    page.goto("/requests/new")
    assert not page.title().startswith("错误")
    page.locator("main").get_by_role("button", name="提交申请").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="出现以下问题")).to_be_visible()
    expect(summary).to_be_focused()
    assert page.title().startswith("错误：")
    # Every error is a link to its field; following one puts the keyboard in that field.
    expect(summary.get_by_role("link", name="请填写联系电话。")).to_have_attribute("href", "#id_phone")
    summary.get_by_role("link", name="请填写联系电话。").click()
    expect(page.get_by_label("联系电话")).to_be_focused()
    expect(page.get_by_label("联系电话")).to_have_attribute("aria-invalid", "true")
    # Nothing wider than the phone: the summary and the marked fields reflow.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(page)
