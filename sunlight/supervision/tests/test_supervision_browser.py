"""Supervision in a real Chromium: the public rules page, the public summary and the big screen, and the
supervisor's dashboard (ECharts drawn, no CSP violation) with a red light and a card; axe (WCAG 2.1 AA) at desktop
and 390 px widths and in elder mode."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import PASSWORD
from tests.browser.pagechecks import sign_in

from ..models import Alert, Kind, Light, Rule, Watch

pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def watch_csp(page) -> list[str]:
    found: list[str] = []
    page.on("console", lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: found.append(str(exc)))
    return found


@pytest.fixture
def watched(cast, next_year):
    """Three watched cases of 青溪区 (green, yellow, red) and a yellow card, on the live server's real date."""
    from ..seed import seed_rules

    seed_rules()
    today = timezone.localdate()
    rows = []
    for n, (light, due) in enumerate([(Light.GREEN, 20), (Light.YELLOW, 1), (Light.RED, -3)]):
        rows.append(
            Watch.objects.create(
                kind=Kind.CASE,
                object_id=9000 + n,
                number=f"BJ2026{n:08d}",
                title="食品经营许可",
                org=cast.east,
                opened_on=today - timedelta(days=10),
                limit_days=20,
                promised_days=10,
                due_on=today + timedelta(days=due),
                legal_due_on=today + timedelta(days=due + 5),
                light=light,
                light_since=today,
            )
        )
    from ..tally import recount

    recount()  # the watches were written directly, not evaluated
    alert = Alert.objects.create(
        rule=Rule.objects.get(code="repeat_correction"),
        code="repeat_correction",
        severity="yellow_card",
        kind=Kind.CASE,
        object_id=9002,
        number_ref=rows[2].number,
        title="食品经营许可",
        org=cast.east,
        detail="第2次补正告知",
        found_on=today,
    )
    return rows, alert


@pytest.mark.parametrize(
    "viewport, elder", [(None, False), (PHONE, False), (PHONE, True)], ids=["desktop", "phone", "phone-elder"]
)
def test_the_public_rules_the_summary_and_the_big_screen_pass_axe(
    new_context, live_server, watched, viewport, elder, assert_no_axe_violations
):
    context = new_context(**({"viewport": viewport} if viewport else {}))
    if elder:
        context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])
    page = context.new_page()
    csp = watch_csp(page)
    for path in (
        "/supervision/rules/",
        "/supervision/rules/repeat_correction/",
        "/supervision/",
        "/supervision/screen/",
    ):
        page.goto(path)
        assert_no_axe_violations(page)
    page.goto("/supervision/rules/")
    assert "多次补正告知" in page.locator("main").inner_text()
    page.goto("/supervision/screen/")
    from playwright.sync_api import expect

    expect(page.locator("#screen-at")).not_to_have_text("—")
    assert page.locator("#s-red").inner_text() == "1"
    assert csp == []


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_supervisor_sees_the_red_light_and_the_card_on_the_dashboard(
    new_context, watched, viewport, assert_no_axe_violations
):
    rows, alert = watched
    page = new_context(**({"viewport": viewport} if viewport else {})).new_page()
    csp = watch_csp(page)
    sign_in(page, "supervisor", PASSWORD)
    page.goto("/workbench/supervision/")
    assert page.locator("#n-red").inner_text() == "1"
    assert rows[2].number in page.locator("#top-overdue").inner_text()
    page.wait_for_selector("[data-chart=by-org] canvas")
    assert_no_axe_violations(page)
    page.goto("/workbench/supervision/indicators/")
    assert_no_axe_violations(page)
    page.goto("/workbench/supervision/reports/")
    page.get_by_label("机构").select_option(label="云川市人民政府")
    page.get_by_label("月份").fill(f"{timezone.localdate().year - 1}-12")
    page.get_by_role("button", name="生成月报").click()
    assert "电子监察月报" in page.locator(".messages").inner_text()
    page.get_by_role("link", name="云川市人民政府").first.click()
    assert "一、指标" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    page.goto("/workbench/supervision/alerts/")
    page.get_by_role("link", name=alert.number).click()
    assert "第2次补正告知" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    page.get_by_label("督办事项和要求").fill("请说明两次告知补正的原因")
    page.get_by_label("答复期限").fill((timezone.localdate() + timedelta(days=3)).isoformat())
    page.get_by_role("button", name="发出督办单").click()
    assert "督办单已发出" in page.locator(".messages").inner_text()
    assert_no_axe_violations(page)
    assert csp == []
