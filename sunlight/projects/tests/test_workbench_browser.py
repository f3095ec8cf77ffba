"""The staff side of parallel approval in a real Chromium: the construction window accepts a stage once, a
department's handler asks the owner for a correction on its own case from the cases workbench, the stage view
shows that case blocking the stage, and delivering early is refused in place; axe (WCAG 2.1 AA) on the queue and
the stage view at desktop and 390 px widths."""

from __future__ import annotations

import pytest

from tests.browser.pagechecks import OVERFLOWING_JS, sign_in

expect = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')"
).expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def test_the_window_accepts_a_department_asks_for_a_correction_and_the_stage_shows_it_blocking(
    new_context, live_server, request_law, works, assert_no_axe_violations
):
    application = works.filed(works.at_permit())
    stage_url = f"/workbench/projects/stages/{application.pk}/"

    # The construction window finds the stage in its queue and accepts it once.
    desk = new_context().new_page()
    sign_in(desk, "worksclerk", works.cast.password)
    desk.goto("/workbench/projects/")
    assert_no_axe_violations(desk)
    desk.get_by_role("link", name=application.number).click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("施工许可")
    assert_no_axe_violations(desk)
    desk.get_by_role("button", name="统一受理", exact=True).click()
    expect(desk.locator(".messages")).to_contain_text("已统一受理")
    land = application.children.get(case__org=works.depts["land"]).case

    # The land department's handler asks for a correction on its own case, on the cases workbench.
    handler = new_context().new_page()
    sign_in(handler, "landhandler", works.cast.password)
    handler.goto(stage_url)
    handler.get_by_role("link", name=land.number, exact=True).click()
    handler.get_by_label("需要补正的全部内容").fill("规划总平面图缺少指北针和比例尺")
    handler.get_by_role("button", name="一次性告知补正").click()
    expect(handler.locator(".messages")).to_contain_text("一次性告知书已生成")

    # The stage view says who holds the stage up, and why; delivering now is refused in place.
    desk.goto(stage_url)
    blocking = desk.locator("section", has=desk.get_by_role("heading", name="谁在阻塞"))
    expect(blocking).to_contain_text(land.item.name)
    expect(blocking).to_contain_text("等待申请人补正")
    assert_no_axe_violations(desk)
    desk.get_by_role("button", name="统一出件", exact=True).click()
    summary = desk.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("不能统一出件")
    expect(summary).to_be_focused()
    assert desk.title().startswith("错误")
    assert_no_axe_violations(desk)

    # The same pages on a phone: nothing wider than the screen but the tables' own scroll boxes.
    phone = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    sign_in(phone, "worksclerk", works.cast.password)
    for url in ("/workbench/projects/", stage_url):
        phone.goto(url)
        assert_no_axe_violations(phone)
        assert phone.evaluate(OVERFLOWING_JS) == [], url


def test_the_window_delivers_the_stage_then_an_optional_item_decided_later(
    new_context, live_server, request_law, works, assert_no_axe_violations
):
    project = works.at_permit()
    application = works.accepted(project, optional_items=[works.items["env"].pk])
    optional = application.children.get(required=False).case
    for link in application.children.filter(required=True).select_related("case"):
        works.decide(link.case)
    stage_url = f"/workbench/projects/stages/{application.pk}/"

    desk = new_context().new_page()
    sign_in(desk, "worksclerk", works.cast.password)
    desk.goto(stage_url)
    expect(desk.locator("section", has=desk.get_by_role("heading", name="谁在阻塞"))).to_contain_text(
        "所有必办事项均已作出决定"
    )
    desk.get_by_label("出件方式").select_option("窗口领取")
    desk.get_by_role("button", name="统一出件", exact=True).click()
    expect(desk.locator(".messages")).to_contain_text("已统一出件")
    expect(desk.get_by_role("button", name="补充出件", exact=True)).to_have_count(0)

    # The optional item's department decides after the stage went out: the window sends it on its own.
    works.decide(optional)
    desk.goto(stage_url)
    desk.get_by_label("选办事项").select_option(str(optional.pk))
    desk.get_by_label("出件方式").select_option("邮寄送达")
    assert_no_axe_violations(desk)
    desk.get_by_role("button", name="补充出件", exact=True).click()
    expect(desk.locator(".messages")).to_contain_text("已补充出件")
    expect(desk.get_by_role("button", name="补充出件", exact=True)).to_have_count(0)

    # The project's staff page and the window's filing form for the next stage pass axe, on a phone too.
    next_stage = works.stages[list(works.stages).index(application.stage) + 1]
    pages = (
        f"/workbench/projects/p/{project.code}/",
        f"/workbench/projects/p/{project.code}/stages/{next_stage.pk}/file/",
    )
    phone = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    sign_in(phone, "worksclerk", works.cast.password)
    for url in pages:
        desk.goto(url)
        expect(desk.get_by_role("heading", level=1)).to_be_visible()
        assert_no_axe_violations(desk)
        phone.goto(url)
        assert_no_axe_violations(phone)
        assert phone.evaluate(OVERFLOWING_JS) == [], url
