"""The guide, its change log and the feedback form in a real browser: desktop, a 390 px phone and elder mode,
axe WCAG 2.1 AA, nothing sticking out of the screen."""

from __future__ import annotations

from datetime import date

import pytest

from sunlight.catalog.tests.builders import changed, published
from tests.browser.pagechecks import OVERFLOWING_JS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]  # run last (see conftest.py)
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.fixture
def food(crew):
    first = published(crew.org, crew.editor, crew.reviewer, on=date(2025, 1, 1))
    changed(first.item, crew.editor, crew.reviewer, on=date(2026, 3, 1), promised_limit=9, reason="压缩承诺时限")
    return first.item


@pytest.mark.parametrize("width, elder", [("desktop", False), ("phone", False), ("phone", True)])
def test_the_guide_and_its_change_log_pass_axe_and_fit_the_screen(
    new_context, live_server, food, width, elder, assert_no_axe_violations
):
    context = new_context(**(PHONE if width == "phone" else {}))
    if elder:
        context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])
    page = context.new_page()
    for path in [
        f"/catalog/items/{food.pk}/",
        f"/catalog/items/{food.pk}/changes/",
        f"/catalog/items/{food.pk}/versions/1/",
        f"/catalog/items/{food.pk}/feedback",
    ]:
        page.goto(path)
        assert page.get_by_role("heading", level=1).count() == 1, path
        assert "elder" in (page.locator("body").get_attribute("class") or "") or not elder
        assert page.evaluate(OVERFLOWING_JS) == [], path
        assert_no_axe_violations(page)
    page.goto(f"/catalog/items/{food.pk}/")
    assert page.get_by_role("img", name="食品经营许可 权力运行流程图").count() == 1
    page.get_by_role("link", name="变更记录").first.click()
    assert "承诺办结时限" in page.locator("main").inner_text()


def test_an_empty_report_is_refused_with_the_summary_and_a_report_thanked(page, food, assert_no_axe_violations):
    page.goto(f"/catalog/items/{food.pk}/")
    page.get_by_role("link", name="报告指南错误").click()
    page.get_by_role("button", name="提交").click()
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible() and "请写明指南哪里有错" in summary.inner_text()
    assert_no_axe_violations(page)
    page.get_by_label("哪里有错").fill("咨询电话已经改为 0999-87654321")
    page.get_by_role("button", name="提交").click()
    assert "谢谢您的指正" in page.locator(".messages").inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == "食品经营许可"


@pytest.mark.parametrize("width, elder", [("desktop", False), ("phone", True)])
def test_a_cancelled_item_and_the_date_problems_pass_axe(
    new_context, live_server, crew, food, width, elder, assert_no_axe_violations
):
    from sunlight.catalog.tests.builders import cancelled

    cancelled(food, crew.editor, crew.reviewer)
    context = new_context(**(PHONE if width == "phone" else {}))
    if elder:
        context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])
    page = context.new_page()
    for path, status in [
        (f"/catalog/items/{food.pk}/", 200),
        (f"/catalog/items/{food.pk}/?on=2025-02-30", 400),
        (f"/catalog/items/{food.pk}/?on=2020-01-01", 404),
    ]:
        assert page.goto(path).status == status, path
        assert page.get_by_role("heading", level=1).count() == 1, path
        assert page.evaluate(OVERFLOWING_JS) == [], path
        assert_no_axe_violations(page)


def test_a_printed_guide_is_the_guide_without_its_links_and_forms(page, food):
    page.goto(f"/catalog/items/{food.pk}/")
    page.emulate_media(media="print")
    assert not page.get_by_role("link", name="打印一次性告知单（PDF）").is_visible()
    assert not page.get_by_role("heading", name="这个指南有错？").is_visible()
    assert not page.get_by_role("heading", name="本页内容").is_visible()
    assert page.get_by_role("heading", name="申请材料").is_visible()
    assert page.get_by_role("img", name="食品经营许可 权力运行流程图").is_visible()
