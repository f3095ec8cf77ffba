"""Parallel approval in a real Chromium: the company signs in, opens its project, files the 施工许可 stage through
the one form with PDFs, and after the window's acceptance sees the stage, the departments' cases and the Gantt
(chart and table); axe (WCAG 2.1 AA) on the project page, the stage form and the city's public page at desktop
and 390 px widths and in elder mode, with no Content-Security-Policy violation from the vendored ECharts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sunlight.projects import actions
from sunlight.projects.models import StageApplication
from tests.browser.pagechecks import sign_in_public

from .builders import Works

pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def no_overflow(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def watch_csp(page) -> list[str]:
    found: list[str] = []
    page.on("console", lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: found.append(str(exc)))
    return found


def chart_drawn(page, selector: str) -> bool:
    page.wait_for_selector(f"{selector}.chart-drawn canvas")
    return page.locator(f"{selector} canvas").count() >= 1


@pytest.fixture
def works(cast, next_year):
    """The projects builders on the live server's real date (time travel does not reach its thread)."""
    return Works(cast)


def test_the_company_files_the_permit_stage_and_follows_it_on_the_gantt(
    new_context, works, tmp_path, assert_no_axe_violations
):
    project = works.at_permit()
    pdf = tmp_path / "材料.pdf"
    pdf.write_bytes(PDF)
    page = new_context().new_page()
    csp = watch_csp(page)
    sign_in_public(page, "builder", works.cast.password)
    page.goto("/projects/")
    page.get_by_role("link", name=project.code).click()
    assert page.get_by_role("heading", level=1).inner_text() == project.name
    assert chart_drawn(page, "[data-chart=gantt]")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="申报“施工许可”阶段").click()
    page.get_by_label("建设项目环境影响登记表备案").check()
    page.get_by_role("button", name="更新材料清单").click()
    expect(page.get_by_label("建设项目环境影响登记表备案申请表")).to_have_count(1)
    assert_no_axe_violations(page)
    page.get_by_label("建设规模").fill("总建筑面积 3.2 万平方米，地上 18 层")
    page.get_by_label("联系人").fill("陈工")
    page.get_by_label("联系电话").fill("13800000077")
    # One file input per material of the one list: the shared 营业执照 is asked once for four departments.
    inputs = page.locator("form[method=post] input[type=file]")
    assert inputs.count() == 6
    for i in range(inputs.count()):
        inputs.nth(i).set_input_files(str(pdf))
    page.get_by_role("button", name="提交申报").click()
    assert "阶段已申报" in page.locator(".messages").inner_text()
    application = project.applications.get(stage=works.permit)
    assert application.status == StageApplication.Status.SUBMITTED and application.materials.count() == 6

    actions.accept_stage(application, by=works.window)  # the construction window (the workbench's page)
    page.reload()
    main = page.locator("main").inner_text()
    assert "当前阶段：施工许可" in main and "并联审批中" in main
    gantt = page.get_by_role("table", name="审批时间线（甘特图数据）")
    assert gantt.get_by_role("row").count() == 1 + 3 + (1 + 1 + 4)  # header, three stages, their cases
    assert "关键路径" in gantt.inner_text()
    assert chart_drawn(page, "[data-chart=gantt]")
    assert page.locator("[data-chart=gantt]").get_attribute("role") == "img"
    assert_no_axe_violations(page)
    assert csp == []


@pytest.mark.parametrize(
    "viewport, elder",
    [(None, False), (PHONE, False), (PHONE, True), (None, True)],
    ids=["desktop", "phone", "phone-elder", "desktop-elder"],
)
def test_the_project_page_the_stage_form_and_the_city_page_pass_axe(
    new_context, live_server, works, viewport, elder, assert_no_axe_violations
):
    done = works.at_permit(works.project(name="云川档案馆"))
    for stage in works.stages[2:]:
        works.delivered(done, stage)
    running = works.at_permit()
    works.accepted(running, works.stages[2])
    waiting = works.at_permit(works.project(name="云川科创园二期"))
    context = new_context(**({"viewport": viewport} if viewport else {}))
    if elder:
        context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])
    page = context.new_page()
    csp = watch_csp(page)
    sign_in_public(page, "builder", works.cast.password)
    for path, chart in [
        (f"/projects/p/{running.code}/", "gantt"),
        (f"/projects/p/{done.code}/", "gantt"),
        (f"/projects/p/{waiting.code}/stages/{works.permit.pk}/file/", ""),
        (f"/projects/city/{works.cast.city.pk}/", "distribution"),
        ("/projects/", ""),
    ]:
        page.goto(path)
        if chart:
            assert chart_drawn(page, f"[data-chart={chart}]"), path
        if elder:
            assert page.evaluate("document.body.classList.contains('elder')")
        assert_no_axe_violations(page)
        no_overflow(page)
    # The form's refusal: nothing uploaded, the GOV.UK summary first, the title says so.
    page.goto(f"/projects/p/{waiting.code}/stages/{works.permit.pk}/file/")
    page.get_by_role("button", name="提交申报").click()
    assert page.title().startswith("错误") and "请提供必要材料" in page.locator(".error-summary").inner_text()
    assert_no_axe_violations(page)
    assert csp == []
