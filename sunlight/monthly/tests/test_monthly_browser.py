"""The monthly reports' public pages in a real browser: desktop, a 390 px phone and elder mode, axe WCAG 2.1 AA."""

from __future__ import annotations

import pytest

from sunlight.monthly import actions
from tests.browser.pagechecks import OVERFLOWING_JS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]  # run last (see conftest.py)
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.fixture
def report(cast):
    # A transactional test starts without the seeded taxonomies, so the month is counted empty: the page is the point.
    return actions.generate_monthly_report(cast.east, 2026, 11)


@pytest.mark.parametrize("width, elder", [("desktop", False), ("phone", False), ("phone", True)])
def test_the_list_and_a_report_pass_axe_and_fit_the_screen(
    new_context, live_server, report, width, elder, assert_no_axe_violations
):
    context = new_context(**(PHONE if width == "phone" else {}))
    if elder:
        context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])
    page = context.new_page()
    for path in ["/monthly/", f"/monthly/{report.pk}/"]:
        page.goto(path)
        assert page.get_by_role("heading", level=1).count() == 1
        assert "elder" in (page.locator("body").get_attribute("class") or "") or not elder
        assert page.evaluate(OVERFLOWING_JS) == [], path
        assert_no_axe_violations(page)
    page.goto("/monthly/")
    page.get_by_role("link", name="2026-11").click()
    assert page.get_by_role("heading", level=1).inner_text().endswith("2026-11")
