"""The public portal in a real Chromium: WCAG 2.1 A/AA (axe), keyboard use, reflow, elder mode, language."""

from __future__ import annotations

import re

import pytest

from tests.browser.pagechecks import OVERFLOWING_JS

expect = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')"
).expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ELDER = re.compile(r"(^|\s)elder(\s|$)")

# Everything the keyboard can reach, in the order the browser would visit it (no positive tabindex here).
FOCUSABLES_JS = """
() => Array.from(document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, [tabindex]'))
  .filter(el => el.tabIndex >= 0 && !el.disabled)
"""


def _elder_cookie(context, live_server):
    context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])


@pytest.fixture
def open_page(page, new_context, live_server):
    """The test's page, or with elder=True a page in its own context that already has the elder-mode cookie."""

    def make(elder: bool):
        if not elder:
            return page
        context = new_context()
        _elder_cookie(context, live_server)
        return context.new_page()

    return make


def test_portal_home_has_no_wcag_violations_in_normal_and_elder_mode(page, assert_no_axe_violations):
    page.goto("/")
    expect(page.locator("h1")).to_have_text("让权力在阳光下运行")
    expect(page.locator("body")).not_to_have_class(ELDER)
    assert_no_axe_violations(page)

    # The switch is a plain link: it only sets a preference cookie, so public pages need no CSRF form.
    page.get_by_role("link", name="长者模式", exact=True).click()
    expect(page.locator("body")).to_have_class(ELDER)
    assert any(c["name"] == "elder_mode" and c["value"] == "1" for c in page.context.cookies())

    page.reload()
    expect(page.locator("body")).to_have_class(ELDER)
    expect(page.get_by_role("link", name="退出长者模式")).to_be_visible()
    # Elder mode really is larger: the base font goes from 16px to 20px.
    assert page.evaluate("getComputedStyle(document.body).fontSize") == "20px"
    assert_no_axe_violations(page)

    page.get_by_role("link", name="退出长者模式").click()
    expect(page.locator("body")).not_to_have_class(ELDER)


PUBLIC_PAGES = [
    pytest.param("/requests/", "依申请公开", id="request-landing"),
    pytest.param("/reports/", "政府信息公开工作年度报告", id="annual-reports"),
    pytest.param("/accessibility", "无障碍说明", id="accessibility"),
    pytest.param("/accounts/login", "公众登录", id="public-login"),
    pytest.param("/accounts/register", "注册公众账户", id="public-register"),
    pytest.param("/no-such-page", "页面不存在", id="not-found"),
]


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
@pytest.mark.parametrize(("path", "heading"), PUBLIC_PAGES)
def test_every_public_page_has_no_wcag_violations(open_page, path, heading, elder, assert_no_axe_violations):
    pg = open_page(elder)
    pg.goto(path)
    expect(pg.locator("h1")).to_have_text(heading)
    if elder:
        expect(pg.locator("body")).to_have_class(ELDER)
    assert_no_axe_violations(pg)


def test_public_forms_with_errors_have_no_wcag_violations(page, assert_no_axe_violations):
    page.goto("/accounts/register")
    # Past the browser's own `required` check, so the server answers with field errors.
    page.get_by_label("用户名").fill("a b")
    page.get_by_label("密码", exact=True).fill("short")
    page.get_by_label("密码确认").fill("different")
    page.locator("main").get_by_role("button", name="注册").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    # Each error is tied to its field, so a screen reader reads it when the field gets focus.
    described = page.get_by_label("用户名").get_attribute("aria-describedby") or ""
    assert "id_username_error" in described.split()
    expect(page.get_by_label("用户名")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)

    page.goto("/accounts/login")
    page.get_by_label("用户名").fill("nobody")
    page.get_by_label("密码").fill("wrong-password-1")
    page.locator("main").get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_no_axe_violations(page)


@pytest.fixture
def calendar_loaded(transactional_db):
    """2025's working-day calendar. A data migration loads it, but every transactional test flushes the tables
    afterwards; re-seeding the one year needed (idempotent, bulk insert) is far cheaper than serialized rollback."""
    from sunlight.clock import calendar
    from sunlight.clock.seed import seed_from_chinesecalendar

    seed_from_chinesecalendar([2025])
    calendar.invalidate()
    yield
    calendar.invalidate()


def test_an_estimated_deadline_is_marked_and_has_no_wcag_violations(
    open_page, calendar_loaded, assert_no_axe_violations
):
    from sunlight.accounts.models import User
    from sunlight.clock import calendar
    from sunlight.clock.actions import load_estimate
    from sunlight.clock.seed import seed_from_chinesecalendar

    seed_from_chinesecalendar([2026])
    load_estimate(2027, by=User.objects.create_superuser("estimate-root", password="x-Estimate-2026"))
    calendar.invalidate()
    pg = open_page(False)
    pg.goto("/deadline?start=2026-12-04&working_days=20")
    expect(pg.locator(".result time")).to_have_attribute("datetime", "2027-01-04")  # not 元旦
    expect(pg.locator(".result")).to_contain_text("预计，以国务院办公厅公布的放假安排为准")
    assert_no_axe_violations(pg)


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_deadline_calculator_result_and_error_have_no_wcag_violations(
    open_page, elder, calendar_loaded, assert_no_axe_violations
):
    pg = open_page(elder)
    pg.goto("/deadline")
    assert_no_axe_violations(pg)

    pg.get_by_label("起算日期").fill("2025-09-26")
    pg.get_by_label("工作日数").fill("20")
    pg.get_by_role("button", name="计算").click()
    # 2025-09-26 + 20 working days over the National Day holiday (10-01..10-08, make-up days 09-28 and 10-11).
    expect(pg.locator(".result time")).to_have_attribute("datetime", "2025-10-30")
    expect(pg.locator(".result h2")).to_contain_text("2025年10月30日")
    assert_no_axe_violations(pg)

    pg.get_by_label("工作日数").fill("5000")
    pg.get_by_role("button", name="计算").click()
    alert = pg.get_by_role("alert")
    expect(alert).to_contain_text("0–3650")
    expect(pg.get_by_label("起算日期")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(pg)


def test_skip_link_is_first_focusable_shows_on_focus_and_moves_focus_to_main(page):
    page.goto("/")
    skip = page.locator("a.skip-link")
    first = page.evaluate(f"({FOCUSABLES_JS})()[0].className")
    assert first == "skip-link"

    box = skip.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 0, "the skip link should be off-screen until focused"

    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("跳到主要内容")
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0 and box["width"] > 0, (
        f"skip link not on screen when focused: {box}"
    )
    centre = [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y) === document.querySelector('.skip-link')", centre
    )
    assert on_top, "the focused skip link is covered by something else"

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    assert page.url.endswith("#main")
    # The next Tab continues inside main, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_focus_is_visible_on_every_keyboard_stop_of_the_home_page(open_page, elder):
    pg = open_page(elder)
    pg.goto("/")
    count = pg.evaluate(f"({FOCUSABLES_JS})().length")
    assert count >= 10
    invisible = []
    for _ in range(count):
        pg.keyboard.press("Tab")
        style = pg.evaluate(
            """() => { const el = document.activeElement; const s = getComputedStyle(el);
                return {what: el.outerHTML.slice(0, 80), outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
                        shadow: s.boxShadow, visible: el.matches(':focus-visible')}; }"""
        )
        has_outline = style["outline"] != "none" and style["width"] > 0
        has_shadow = style["shadow"] not in ("none", "")
        if not (style["visible"] and (has_outline or has_shadow)):
            invisible.append(style)
    assert not invisible, f"focused elements without a visible focus indicator: {invisible}"


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
@pytest.mark.parametrize(
    ("width", "height"),
    [pytest.param(320, 640, id="320px"), pytest.param(640, 400, id="1280x800-at-200pct-zoom")],
)
def test_pages_reflow_without_horizontal_scroll(new_context, live_server, calendar_loaded, width, height, elder):
    # Zooming a 1280×800 window to 200% leaves a 640×400 CSS-pixel layout viewport; Chromium lays the page
    # out exactly as it would for a 640 px wide window, so that is what is emulated (deviceScaleFactor 2
    # keeps text rendering the same as a real zoom). 320 px is the WCAG 1.4.10 reflow width (= 1280 at 400%).
    context = new_context(viewport={"width": width, "height": height}, device_scale_factor=2)
    if elder:
        _elder_cookie(context, live_server)
    pg = context.new_page()
    for path in ["/", "/deadline?start=2025-09-26&working_days=20", "/accounts/register", "/workbench/login"]:
        pg.goto(path)
        if path.startswith("/deadline"):
            expect(pg.locator(".result")).to_be_visible()
        scroll_width = pg.evaluate("document.scrollingElement.scrollWidth")
        assert scroll_width <= width + 1, f"{path} scrolls horizontally at {width}px: scrollWidth={scroll_width}"
        overflowing = pg.evaluate(OVERFLOWING_JS)
        assert not overflowing, f"{path} has content past the right edge at {width}px: {overflowing[:5]}"


def test_language_switch_to_english(page, assert_no_axe_violations):
    page.goto("/accessibility")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith("/accessibility"), "switching language should stay on the same page"
    expect(page.get_by_role("link", name="中文")).to_have_attribute("lang", "zh-Hans")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
