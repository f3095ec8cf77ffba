"""The catalog's ways in and the lists in a real browser: the landing page, a life event, the power list and the
负面清单 lookup at desktop, a 390 px phone and in elder mode, axe WCAG 2.1 AA."""

from __future__ import annotations

import re

import pytest

from sunlight.catalog.tests.builders import item_of, negative_entry
from tests.browser.pagechecks import OVERFLOWING_JS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]  # run last (see conftest.py)
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.fixture
def shelf(crew):
    food = item_of(crew.org, crew.editor, crew.reviewer, name="食品经营许可", life_events=["qualify"])
    item_of(
        crew.org,
        crew.editor,
        crew.reviewer,
        name="对未取得食品经营许可从事食品经营活动的行政处罚",
        kind="penalty",
        life_events=["qualify", "operate"],
    )
    negative_entry("101", "prohibited", industry="烟草制品业", code="C16", title="禁止违规开展烟草专卖品经营")
    negative_entry(
        "201",
        "restricted",
        industry="餐饮业",
        code="H62",
        title="未获得许可，不得从事餐饮服务",
        measures="食品经营许可",
        basis="《中华人民共和国食品安全法》",
        items=[food],
    )
    return food


@pytest.mark.parametrize("width, elder", [("desktop", False), ("phone", False), ("phone", True)])
def test_the_ways_in_and_the_lists_pass_axe_and_fit_the_screen(
    new_context, live_server, shelf, width, elder, assert_no_axe_violations
):
    context = new_context(**(PHONE if width == "phone" else {}))
    if elder:
        context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])
    page = context.new_page()
    paths = [
        "/catalog/",
        "/catalog/topics/qualify/",
        "/catalog/powers/",
        "/catalog/negative/",
        "/catalog/negative/?keyword=餐饮&industry_code=",
        "/catalog/negative/?keyword=&industry_code=X9",
    ]
    for path in paths:
        page.goto(path)
        assert page.get_by_role("heading", level=1).count() == 1, path
        assert "elder" in (page.locator("body").get_attribute("class") or "") or not elder
        assert page.evaluate(OVERFLOWING_JS) == [], path
        assert_no_axe_violations(page)


def test_a_visitor_finds_a_permit_by_life_event_and_asks_whether_they_may_invest(page, shelf):
    from playwright.sync_api import expect

    page.goto("/catalog/")
    page.get_by_role("link", name="准营").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("法人办事 · 准营")
    page.get_by_label("事项类型").select_option("permit")
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"kind=permit"))
    expect(page.get_by_role("link", name="对未取得食品经营许可从事食品经营活动的行政处罚")).to_have_count(0)
    expect(page.get_by_role("link", name="食品经营许可", exact=True)).to_have_count(1)

    page.goto("/catalog/negative/")
    page.get_by_label("关键词").fill("烟草")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("heading", name="禁止准入", level=3)).to_be_visible()
    page.get_by_label("关键词").fill("软件开发")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("heading", name="不在负面清单上", level=3)).to_be_visible()
    page.get_by_label("关键词").fill("")
    page.get_by_role("button", name="查询").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^错误："))
