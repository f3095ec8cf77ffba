"""The annual report (年度报告) in a real Chromium: a disclosure officer opens the report page with its three tables and
the balance check, and the printable HTML export; WCAG 2.1 A/AA (axe) on the list, the report page and the export."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.browser.pagechecks import sign_in

expect = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')"
).expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def report(cast):
    """The law tables (flushed by every transactional test, so seeded again), an officer of 青溪区 and a written report."""
    from importlib import import_module

    from django.apps import apps

    from sunlight.orgs.models import Role
    from sunlight.reports.actions import save_report, save_year_figures
    from sunlight.requests.actions import decide_appeal, record_appeal

    import_module("sunlight.requests.migrations.0002_seed_law").seed(apps, None)
    cast.officer = cast.add_staff("officer", cast.east, Role.DISCLOSURE_OFFICER)
    save_report(
        cast.east,
        2025,
        "org",
        by=cast.officer,
        overview="2025年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。",
        problems="政策解读形式较为单一。",
    )
    save_year_figures(
        cast.east,
        2025,
        by=cast.officer,
        licensing_decisions=120,
        penalty_decisions=30,
        coercion_decisions=4,
        fee_income="12.5",
    )
    appeal = record_appeal(by=cast.officer, org=cast.east, kind="reconsideration", filed_on=date(2025, 4, 1))
    decide_appeal(appeal, by=cast.officer, result="upheld", decided_on=date(2025, 6, 1))
    record_appeal(
        by=cast.officer, org=cast.east, kind="lawsuit_direct", filed_on=date(2025, 9, 1), case_number="青行初字第8号"
    )
    return cast


def test_the_report_page_shows_the_tables_and_the_balance_check_without_wcag_violations(
    page, report, assert_no_axe_violations
):
    sign_in(page, "officer", report.password)
    page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="年度报告").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("政府信息公开工作年度报告")
    assert_no_axe_violations(page)

    page.goto(f"/workbench/reports/{report.east.pk}/2025/?scope=org")
    expect(page.get_by_role("heading", level=1)).to_have_text("青溪区人民政府2025年政府信息公开工作年度报告")
    main = page.locator("main")
    for caption in ("主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况"):
        expect(main.get_by_role("table", name=caption)).to_be_visible()
    proactive = main.get_by_role("table", name="主动公开政府信息情况")
    expect(proactive.get_by_role("row", name=re.compile("行政许可"))).to_contain_text("120")
    expect(proactive.get_by_role("row", name=re.compile("行政事业性收费"))).to_contain_text("12.5")
    expect(main).to_contain_text("各列均平衡")
    expect(main.get_by_role("heading", name="六、其他需要报告的事项")).to_be_visible()
    expect(main.get_by_label("一、总体情况")).to_have_value(re.compile("认真贯彻落实"))
    assert_no_axe_violations(page)

    # The appeals register: a pending lawsuit can be decided in place (the form opens in a disclosure).
    page.goto("/workbench/reports/appeals/")
    expect(page.get_by_role("heading", level=1)).to_have_text("政府信息公开行政复议、行政诉讼")
    row = page.get_by_role("row", name=re.compile("青行初字第8号"))
    row.get_by_text("登记审结结果").click()
    expect(row.get_by_label("结果")).to_be_visible()
    assert_no_axe_violations(page)


def test_the_printable_export_renders_the_six_sections_and_the_tables(page, report, assert_no_axe_violations):
    sign_in(page, "officer", report.password)
    page.goto(f"/workbench/reports/{report.east.pk}/2025/export.html?scope=org")
    expect(page.get_by_role("heading", level=1)).to_have_text("青溪区人民政府2025年政府信息公开工作年度报告")
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert headings == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    appeals = page.get_by_role("table", name="政府信息公开行政复议、行政诉讼情况")
    expect(appeals.get_by_role("columnheader", name="未经复议直接起诉")).to_be_visible()
    expect(appeals.locator("td").first).to_have_text("1")  # 行政复议 结果维持
    # The page prints on A4: the print stylesheet is there and the whole table fits the page width.
    assert page.evaluate(
        "() => [...document.styleSheets].some(s => [...s.cssRules].some(r => r instanceof CSSPageRule))"
    )
    page.emulate_media(media="print")
    widths = page.evaluate(
        "() => [...document.querySelectorAll('table')].map(t => t.scrollWidth <= document.body.scrollWidth)"
    )
    assert widths == [True, True, True]
    page.emulate_media(media="screen")
    assert_no_axe_violations(page)
