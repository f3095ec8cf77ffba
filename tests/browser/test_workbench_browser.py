"""Staff sign-in and sign-out in a real Chromium, with axe checks on every state of the pages."""

from __future__ import annotations

import re

import pytest

expect = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')"
).expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, username: str, password: str) -> None:
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录", exact=True).click()


def test_staff_signs_in_and_out_in_the_browser(page, cast, live_server, assert_no_axe_violations):
    page.goto("/workbench/login")
    expect(page.get_by_role("heading", level=1)).to_have_text("工作人员登录")
    assert_no_axe_violations(page)

    _sign_in(page, cast.clerk.username, cast.password)
    expect(page).to_have_url(re.compile(r"/workbench/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("待办事项")
    expect(page.get_by_role("navigation", name="工作台导航")).to_be_visible()
    expect(page.get_by_text("青溪区政务服务中心")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(re.compile(r"/workbench/login$"))
    expect(page.get_by_role("status")).to_contain_text("您已安全退出")
    assert_no_axe_violations(page)

    # Signed out for real: the workbench sends the browser back to the login page.
    page.goto("/workbench/")
    expect(page).to_have_url(re.compile(r"/workbench/login"))


def test_staff_login_with_a_wrong_password_shows_the_error(page, cast, assert_no_axe_violations):
    page.goto("/workbench/login")
    _sign_in(page, cast.clerk.username, "not-the-password")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("用户名或密码不正确")
    expect(page.get_by_role("heading", level=1)).to_have_text("工作人员登录")
    assert_no_axe_violations(page)


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        pytest.param("/workbench/events", "事件记录", id="events"),
        pytest.param("/workbench/events?date_from=2025-02-30", "事件记录", id="events-with-a-bad-filter"),
        pytest.param("/workbench/security", "安全设置", id="security"),
    ],
)
def test_workbench_pages_have_no_wcag_violations(page, cast, path, heading, assert_no_axe_violations):
    page.goto("/workbench/login")
    _sign_in(page, cast.clerk.username, cast.password)
    expect(page.get_by_role("heading", level=1)).to_have_text("待办事项")
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    if "date_from" in path:
        # The rejected filter is shown and tied to its field rather than silently ignored.
        expect(page.locator("#id_date_from_error")).to_be_visible()
        expect(page.get_by_label("起始日期")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)
