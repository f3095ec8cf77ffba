"""The hall in a real Chromium: a company applies for 食品经营许可 on a phone, gets a one-time correction notice,
uploads the missing material, is accepted, decided and delivered; the clerk's and handler's pages; axe (WCAG 2.1
AA) on every page of the applicant and the window, at desktop and 390 px widths and in elder mode."""

from __future__ import annotations

import pytest

from sunlight.cases.models import Case
from tests.browser.pagechecks import sign_in, sign_in_public

from .builders import PDF, PERSON_ID, Hall

pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


WIDEST = """() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(-5).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right))"""


def no_overflow(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (
        page.url,
        page.evaluate(WIDEST),
    )


def test_a_company_applies_on_a_phone_corrects_and_is_delivered(
    new_context, live_server, cast, next_year, assert_no_axe_violations, tmp_path
):
    hall = Hall(cast)
    files = {}
    for name in ("申请书", "营业执照", "营业执照-清晰"):
        files[name] = tmp_path / f"{name}.pdf"
        files[name].write_bytes(PDF)

    # The company, on a phone, in elder mode.
    phone = new_context(viewport=PHONE)
    phone.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])
    page = phone.new_page()
    sign_in_public(page, "company", cast.password)
    page.goto(f"/catalog/items/{hall.item.pk}/")
    page.get_by_role("link", name="在线申请").first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("在线申请")
    assert_no_axe_violations(page)
    no_overflow(page)
    page.get_by_label("食品经营许可申请书").set_input_files(str(files["申请书"]))
    page.get_by_role("button", name="提交申请").click()
    # The required 营业执照 is missing: the GOV.UK summary says so and nothing is filed.
    assert "营业执照" in page.locator(".error-summary").inner_text()
    assert page.title().startswith("错误")
    assert not Case.objects.exists()
    page.get_by_label("食品经营许可申请书").set_input_files(str(files["申请书"]))
    page.get_by_label("营业执照", exact=True).set_input_files(str(files["营业执照"]))
    page.get_by_role("button", name="提交申请").click()
    assert "申请已提交" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    case = Case.objects.get()

    # The clerk sends one correction notice from the workbench.
    desk = new_context().new_page()
    sign_in(desk, "clerk", cast.password)
    desk.goto("/workbench/cases/")
    assert_no_axe_violations(desk)
    desk.get_by_role("link", name=case.number).click()
    assert_no_axe_violations(desk)
    desk.get_by_label("需要补正的全部内容").fill("营业执照复印件不清晰，请上传清晰的扫描件")
    desk.get_by_role("button", name="一次性告知补正").click()
    assert "一次性告知书已生成" in desk.locator("body").inner_text()

    # The company sees the notice and uploads the material.
    page.goto(f"/hall/cases/{case.number}/")
    assert "营业执照复印件不清晰" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    no_overflow(page)
    page.locator("#correct ~ form").get_by_label("营业执照", exact=True).set_input_files(str(files["营业执照-清晰"]))
    page.get_by_role("button", name="提交补正材料").click()
    assert "补正材料已提交" in page.locator("body").inner_text()

    # Accepted at the window, handled, decided by the approver, delivered.
    desk.goto(f"/workbench/cases/{case.pk}/")
    desk.get_by_role("button", name="受理", exact=True).click()
    desk.wait_for_load_state()
    assert "已受理" in desk.locator("body").inner_text(), (
        desk.url,
        desk.locator("[role=alert], .messages").all_inner_texts(),
    )
    handler = new_context().new_page()
    sign_in(handler, "handler", cast.password)
    handler.goto(f"/workbench/cases/{case.pk}/")
    handler.get_by_label("办理意见").fill("材料齐全，符合条件，拟准予。")
    handler.get_by_role("button", name="办理本环节").click()
    approver = new_context().new_page()
    sign_in(approver, "approver", cast.password)
    approver.goto(f"/workbench/cases/{case.pk}/")
    approver.get_by_label("准予", exact=True).check()
    approver.get_by_role("button", name="作出审批决定").click()
    assert "审批决定已作出" in approver.locator("body").inner_text()
    desk.goto(f"/workbench/cases/{case.pk}/")
    desk.get_by_role("button", name="送达").click()
    case.refresh_from_db()
    assert case.status == Case.Status.DELIVERED and case.corrections == 1

    page.goto(f"/hall/cases/{case.number}/")
    text = page.locator("main").inner_text()
    assert "已办结" in text and "行政审批决定书" in text
    page.goto("/hall/cases/")
    assert_no_axe_violations(page)
    no_overflow(page)


def test_the_window_registers_a_walk_in_and_the_query_code_page_passes_axe(
    new_context, live_server, cast, next_year, assert_no_axe_violations
):
    hall = Hall(cast)
    desk = new_context().new_page()
    sign_in(desk, "clerk", cast.password)
    desk.goto("/workbench/cases/register/?q=食品")
    assert_no_axe_violations(desk)
    desk.get_by_role("link", name="食品经营许可", exact=True).click()
    assert_no_axe_violations(desk)
    desk.get_by_label("申请人姓名或名称").fill("张三")
    desk.get_by_label("证件号码").fill(PERSON_ID)
    desk.get_by_role("button", name="登记并打印回执").click()
    receipt = desk.locator("body").inner_text()
    assert "查询码" in receipt, desk.locator(".error-summary, .messages, [role=alert]").all_inner_texts()
    code = desk.locator("main strong").first.inner_text()
    case = Case.objects.get(item=hall.item)
    for viewport in (None, PHONE):
        visitor = new_context(**({"viewport": viewport} if viewport else {})).new_page()
        visitor.goto("/hall/cases/track/")
        assert_no_axe_violations(visitor)
        visitor.get_by_label("办件编号").fill(case.number)
        visitor.get_by_label("查询码").fill(code)
        visitor.get_by_role("button", name="查询").click()
        assert "待受理" in visitor.locator("main").inner_text()
        assert_no_axe_violations(visitor)
