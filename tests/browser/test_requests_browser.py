"""Disclosure on request (依申请公开) in a real Chromium: an anonymous citizen fills in the application form, gets
a query code, and follows the request with it; WCAG 2.1 A/AA (axe) on the form (also with errors, and in elder
mode), the confirmation page and the tracking pages."""

from __future__ import annotations

import re

import pytest

from sunlight.query_codes import ALPHABET
from tests.browser.pagechecks import fill_request_form

expect = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')"
).expect

# Online requests are received "today" (spring_2026 pins it, in the live server's thread too).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("spring_2026")]

CODE_RE = re.compile(rf"[{ALPHABET}]{{4}}(?:-[{ALPHABET}]{{4}}){{3}}")


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_the_application_form_has_no_wcag_violations_also_with_errors(
    page, agencies, elder, live_server, assert_no_axe_violations
):
    if elder:
        page.context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])
    page.goto("/requests/new")
    expect(page.locator("h1")).to_have_text("政府信息公开申请")
    expect(page.get_by_role("navigation", name="主导航").get_by_role("link", name="依申请公开")).to_have_attribute(
        "aria-current", "page"
    )
    assert_no_axe_violations(page)

    page.locator("main").get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("alert")).to_contain_text("出现以下问题")
    description = page.get_by_label("所需政府信息的名称、文号或便于查询的其他特征性描述")
    expect(description).to_have_attribute("aria-invalid", "true")
    assert "id_description_error" in (description.get_attribute("aria-describedby") or "").split()
    assert_no_axe_violations(page)


def test_filling_in_the_form_shows_the_query_code_which_then_shows_the_status(page, agencies, assert_no_axe_violations):
    page.goto("/requests/new")
    fill_request_form(page)
    page.locator("main").get_by_role("button", name="提交申请").click()

    expect(page.locator("h1")).to_have_text("申请已提交")
    code = page.locator(".query-code").inner_text().strip()
    assert CODE_RE.fullmatch(code), code
    expect(page.locator("main")).to_contain_text("只显示这一次")
    expect(page.get_by_role("heading", name="受理回执")).to_be_visible()
    expect(page.locator("main")).to_contain_text("青溪区教育局")
    assert code not in page.url and code.replace("-", "") not in page.url
    assert_no_axe_violations(page)

    page.get_by_role("link", name="查询办理进度").click()
    expect(page.locator("h1")).to_have_text("办理进度查询")
    assert_no_axe_violations(page)
    # A wrong code first: the generic refusal is announced and tied to the field.
    page.get_by_label("查询码").fill("K7PX-3QMH-9TRA-W4NE" if code != "K7PX-3QMH-9TRA-W4NE" else "K7PX-3QMH-9TRA-W4NF")
    page.locator("main").get_by_role("button", name="查询").click()
    expect(page.get_by_role("alert")).to_contain_text("查询码不正确")
    assert_no_axe_violations(page)

    page.get_by_label("查询码").fill(code.lower())
    page.locator("main").get_by_role("button", name="查询").click()
    expect(page.locator("h1")).to_contain_text("办理进度")
    main = page.locator("main")
    expect(main).to_contain_text("办理中")
    expect(main).to_contain_text("110105********0029")
    expect(main).to_contain_text("开始计时")
    expect(main).to_contain_text("截止日为")
    expect(main).not_to_contain_text("110105199001010029")
    assert code not in page.url and "code" not in page.url
    assert all(code not in c["value"] for c in page.context.cookies())
    assert_no_axe_violations(page)
