"""The mailbox in a real Chromium: a resident writes to the 区长信箱 without an account, keeps the query code, the
letter is routed and answered, published masked, and the resident follows and rates it; axe (WCAG 2.1 AA) on every
public letter page at desktop and 390 px widths and in elder mode."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .. import actions
from ..models import Letter
from .builders import Post

pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize(
    "viewport, elder", [(None, False), (PHONE, False), (PHONE, True)], ids=["desktop", "phone", "phone-elder"]
)
def test_a_resident_writes_without_an_account_and_follows_the_answer_to_its_rating(
    new_context, live_server, cast, next_year, viewport, elder, assert_no_axe_violations
):
    post = Post(cast)
    context = new_context(**({"viewport": viewport} if viewport else {}))
    if elder:
        context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])
    page = context.new_page()
    page.goto("/letters/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="青溪区区长信箱").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="提交来信").click()  # nothing filled in: the error summary
    expect(page.locator(".error-summary")).to_have_count(1)
    assert_no_axe_violations(page)
    page.get_by_label("投诉").check()
    page.get_by_label("标题", exact=True).fill("小区供暖不达标")
    page.get_by_label("内容", exact=True).fill("入冬以来室温只有十几度，我是王五，电话13800138000。")
    page.get_by_label("姓名", exact=True).fill("王五")
    page.get_by_label("同意公开（姓名、电话等个人信息将被遮盖）").check()
    page.get_by_role("button", name="提交来信").click()
    text = page.locator("main").inner_text()
    code = re.search(r"查询码：(\S+)", text).group(1)
    assert_no_axe_violations(page)
    letter = Letter.objects.get()

    letter = actions.accept_letter(letter, by=post.officer)
    letter = actions.assign_letter(letter, by=post.officer, org=post.bureau)
    letter = actions.reply_letter(letter, by=post.handler, reply="已督促供暖公司整改，室温已达标。")
    letter = actions.publish_letter(letter, by=post.officer)

    later = new_context(**({"viewport": viewport} if viewport else {})).new_page()
    later.goto("/letters/track/")
    assert_no_axe_violations(later)
    later.get_by_label("信件编号").fill(letter.number)
    later.get_by_label("查询码").fill(code)
    later.get_by_role("button", name="查询").click()
    assert "已督促供暖公司整改" in later.locator("main").inner_text()
    assert_no_axe_violations(later)
    later.get_by_label("满意", exact=True).check()
    later.get_by_role("button", name="提交评价").click()
    assert "来信人评价：满意" in later.locator("main").inner_text()

    later.goto(f"/letters/{letter.number}/")
    public = later.locator("main").inner_text()
    assert "13800138000" not in public and "王五" not in public and "已督促供暖公司整改" in public
    assert_no_axe_violations(later)
    later.goto("/letters/?q=供暖")
    assert_no_axe_violations(later)
    later.goto("/letters/statistics/")
    assert "已答复" in later.locator("main").inner_text()
    assert_no_axe_violations(later)
