"""The joint search page in a real browser: desktop and a 390 px phone, axe WCAG 2.1 AA, nothing sticking out."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sunlight.catalog.tests.builders import published
from tests.browser.pagechecks import OVERFLOWING_JS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]  # run last (see conftest.py)
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_search_page_passes_axe_and_its_facet_narrows_to_one_kind(
    new_context, live_server, crew, width, assert_no_axe_violations
):
    food = published(crew.org, crew.editor, crew.reviewer).item
    published(crew.org, crew.editor, crew.reviewer, basic_code="XK00002000", name="食品生产许可")
    context = new_context(**(PHONE if width == "phone" else {}))
    page = context.new_page()
    page.goto("/catalog/search/?q=食品")
    assert page.get_by_role("heading", level=1).count() == 1
    assert page.evaluate(OVERFLOWING_JS) == []
    assert_no_axe_violations(page)
    page.get_by_role("link", name="行政许可（2）").click()
    expect(page.get_by_role("link", name="食品经营许可")).to_have_count(1)
    page.get_by_role("link", name="食品经营许可").click()
    assert page.url.endswith(f"/catalog/items/{food.pk}/")
