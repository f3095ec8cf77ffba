"""The catalog workbench in a real Chromium: the list, the new-item form, a version page and the report pass axe
(WCAG 2.1 AA), and a draft's rule violation is shown on its page."""

from __future__ import annotations

import pytest

from sunlight.catalog.tests import builders

pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Cast-password-2026"


def test_the_workbench_pages_pass_axe(new_context, live_server, crew, assert_no_axe_violations):
    version = builders.drafted(crew.org, crew.editor, visits=1, visits_reason="")
    page = new_context().new_page()
    page.goto("/workbench/login")
    page.get_by_label("用户名").fill("editor")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    for path in [
        "/workbench/catalog/",
        "/workbench/catalog/new",
        f"/workbench/catalog/versions/{version.pk}/",
        f"/workbench/catalog/versions/{version.pk}/edit",
        "/workbench/catalog/report/",
        "/workbench/catalog/feedback/",
    ]:
        page.goto(path)
        assert page.get_by_role("heading", level=1).count() == 1, path
        assert_no_axe_violations(page)
    page.goto(f"/workbench/catalog/versions/{version.pk}/")
    assert "visits.reason" in page.locator("#rules").inner_text()
    page.get_by_role("button", name="提交审核").click()
    assert "visits.reason" in page.locator("main").inner_text()
