"""Every public page type at a phone's width (390 CSS px), in normal and elder mode: no horizontal overflow, axe
WCAG 2.1 A/AA with heading-order on top at 0 violations; and the citizen's request journey at 390 px in elder mode,
from the home page through the 依申请公开 landing page, the form and the query code to the tracking page.

The journey follows the pages by their visible labels and roles, not their markup, so that changes to the form's
redirect and error summary do not break it.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from sunlight.query_codes import ALPHABET
from tests.browser.data import demo_interpretation, elder_context
from tests.browser.pagechecks import OVERFLOWING_JS, fill_request_form
from tests.browser.plugin import DANGLING_IDREFS_JS, WCAG_TAGS, format_violations

expect = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')"
).expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 390
PHONE = {"viewport": {"width": WIDTH, "height": 844}, "device_scale_factor": 2}
ELDER = re.compile(r"(^|\s)elder(\s|$)")
CODE_RE = re.compile(rf"[{ALPHABET}]{{4}}(?:-[{ALPHABET}]{{4}}){{3}}")

# Every element inside <main>, scroll containers included: a metadata table that only fits by scrolling sideways
# inside its box is clipped at a phone's width, which is what the document page did.
CLIPPED_IN_MAIN_JS = """
(selector) => {
  const limit = document.documentElement.clientWidth + 1;
  const out = [];
  for (const el of document.querySelectorAll(selector)) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > limit) {
      out.push(`${el.tagName.toLowerCase()} «${el.textContent.trim().slice(0, 20)}» right=${Math.round(r.right)}`);
    }
  }
  return out;
}
"""


def assert_no_axe_violations_with_heading_order(page) -> None:
    """WCAG 2.1 A/AA, plus the best-practice rule heading-order (a heading level is never skipped going down)."""
    from axe_playwright_python.sync_playwright import Axe

    options = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "rules": {"heading-order": {"enabled": True}},
        "resultTypes": ["violations"],
    }
    violations = Axe().run(page, options=options).response["violations"]
    dangling = page.evaluate(DANGLING_IDREFS_JS)
    problems = [format_violations(violations, page.url)] if violations else []
    if dangling:
        problems.append("ARIA references that lead nowhere:\n" + "\n".join(f"    {d}" for d in dangling))
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def _assert_fits(page, where: str) -> None:
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    inner = page.evaluate("innerWidth")
    assert scroll_width <= inner, f"{where} scrolls horizontally at {WIDTH}px: scrollWidth={scroll_width} > {inner}"
    overflowing = page.evaluate(OVERFLOWING_JS)
    assert not overflowing, f"{where} has content past the right edge at {WIDTH}px: {overflowing[:5]}"


@pytest.fixture
def published_report(demo):
    """A published annual report of the city government: a demo 报告 document of its, linked as the 2025 report."""
    from sunlight.disclosure.queries import public_documents
    from sunlight.orgs.models import Org
    from sunlight.reports.models import AnnualReport

    city = Org.objects.get(name="云川市人民政府")
    doc = public_documents().filter(genre__code="report").order_by("pk").first()
    assert doc is not None, "the demo data should have a published 报告"
    return AnnualReport.objects.create(org=doc.publisher, year=2025, overview="概况", document=doc), city


def _pages(city_pk: int) -> list[tuple[str, str]]:
    doc = demo_interpretation().interprets
    return [
        ("/", "让权力在阳光下运行"),
        ("/disclosure/", "政府信息公开"),
        ("/disclosure/orgs/", "按机构浏览"),
        ("/disclosure/search?" + urlencode({"q": "义务教育"}), "搜索政府信息"),
        (f"/disclosure/d/{doc.pk}/", doc.title),
        (f"/disclosure/orgs/{city_pk}/", "云川市人民政府"),
        ("/reports/", "政府信息公开工作年度报告"),
        ("/requests/", "依申请公开"),
        ("/requests/new", "政府信息公开申请"),
        ("/requests/track", ""),
        ("/requests/statistics", ""),
        ("/deadline?start=2025-09-26&working_days=20", ""),
    ]


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_every_public_page_type_fits_a_390_px_phone_with_no_axe_violations_including_heading_order(
    new_context, live_server, published_report, request_law, elder
):
    report, city = published_report
    context = elder_context(new_context, live_server, **PHONE) if elder else new_context(**PHONE)
    page = context.new_page()
    failures = []
    for path, heading in _pages(city.pk):
        page.goto(path)
        h1 = page.get_by_role("heading", level=1)
        expect(h1).to_have_count(1)
        if heading:
            expect(h1).to_contain_text(heading)
        if elder:
            expect(page.locator("body")).to_have_class(ELDER)
        where = f"{path}{' (elder mode)' if elder else ''}"
        try:
            _assert_fits(page, where)
            assert_no_axe_violations_with_heading_order(page)
        except (AssertionError, pytest.fail.Exception) as exc:
            failures.append(f"[{where}] {exc}")
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_the_documents_metadata_stacks_to_one_column_on_a_phone(new_context, live_server, demo, elder):
    context = elder_context(new_context, live_server, **PHONE) if elder else new_context(**PHONE)
    page = context.new_page()
    doc = demo_interpretation().interprets
    page.goto(f"/disclosure/d/{doc.pk}/")
    main = page.locator("main")
    for label in ["索引号", "发布机构", "成文日期", "发布日期", "文号", "有效性"]:
        expect(main.get_by_text(label, exact=True)).to_be_visible()
    # Nothing of the metadata is hidden off to the right, not even inside a scrolling box.
    clipped = page.evaluate(CLIPPED_IN_MAIN_JS, "main *")
    assert not clipped, f"clipped at {WIDTH}px: {clipped[:5]}"
    # One column: the labels sit one under the other, at the same left edge.
    lefts = {
        round(main.get_by_text(label, exact=True).bounding_box()["x"])
        for label in ["索引号", "发布机构", "文号", "有效性"]
    }
    assert len(lefts) == 1, lefts


def test_elder_mode_enlarges_the_header_controls(new_context, live_server, db):
    sizes = {}
    for elder in (False, True):
        context = elder_context(new_context, live_server, **PHONE) if elder else new_context(**PHONE)
        page = context.new_page()
        page.goto("/")
        tool = page.locator(".header-tools a").first
        sizes[elder] = (
            float(tool.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")),
            tool.bounding_box()["height"],
        )
        nav = page.get_by_role("navigation", name="主导航").get_by_role("link").first
        sizes[(elder, "nav")] = float(nav.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
    assert sizes[True][0] >= 20 and sizes[True][0] > sizes[False][0], sizes  # at least elder mode's 20 px body text
    assert sizes[True][1] >= 44, sizes  # a 44 px touch target
    assert sizes[(True, "nav")] >= 20, sizes


def test_a_citizen_applies_and_tracks_a_request_on_a_phone_in_elder_mode(new_context, live_server, demo, request_law):
    page = elder_context(new_context, live_server, **PHONE).new_page()

    def check(where: str) -> None:
        expect(page.locator("body")).to_have_class(ELDER)
        _assert_fits(page, where)
        assert_no_axe_violations_with_heading_order(page)

    page.goto("/")
    check("home")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="依申请公开").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("依申请公开")
    check("landing")
    page.locator("main").get_by_role("link", name="在线提交申请").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("申请")
    check("form")
    fill_request_form(page, "2025年义务教育阶段学校招生计划及划片范围")
    page.locator("main").get_by_role("button", name=re.compile("提交")).click()
    found = CODE_RE.search(page.locator("main").inner_text())
    assert found, "the page after submitting shows no query code"
    code = found.group(0)
    check("submitted")

    # Later, from the landing page, the citizen tracks the request with the code.
    page.goto("/requests/")
    page.locator("main").get_by_role("link", name=re.compile("查询办理进度")).click()
    check("track form")
    page.get_by_label("查询码").fill(code)
    page.locator("main").get_by_role("button", name="查询").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("办理进度")
    expect(page.locator("main")).to_contain_text("2025年义务教育阶段学校招生计划及划片范围")
    check("status")
