"""Cases across levels in a real Chromium: the township clerk registers and accepts, its handler reports the case
up from the workbench page, the city decides, and the company follows one case on a phone in elder mode; axe
(WCAG 2.1 AA) on the township's case page and the applicant's page."""

from __future__ import annotations

import pytest

from sunlight.cases import actions
from sunlight.cases.models import Case, CaseTransfer
from tests.browser.pagechecks import sign_in, sign_in_public

from .builders import Hall, Levels

pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def test_the_township_reports_a_case_up_and_the_company_follows_one_case_on_a_phone(
    new_context, live_server, cast, next_year, assert_no_axe_violations
):
    levels = Levels(Hall(cast))
    case = actions.accept_case(levels.registered(), by=levels.town_clerk)

    desk = new_context().new_page()
    sign_in(desk, "townhandler", cast.password)
    desk.goto(f"/workbench/cases/{case.pk}/")
    assert "初审" in desk.locator("main").inner_text()
    assert_no_axe_violations(desk)
    desk.get_by_label("初审意见或指导意见").fill("材料齐全，初审同意，报市局审查决定。")
    desk.get_by_role("button", name="上报 / 指导办").click()
    transfer = CaseTransfer.objects.get(case=case, kind="report")
    assert transfer.to_org == levels.city_market
    assert "层级移交" in desk.locator("main").inner_text()

    case = actions.complete_step(Case.objects.get(pk=case.pk), by=levels.city_handler, opinion="符合条件。")
    actions.decide_case(case, by=levels.city_approver, granted=True, text="准予。")

    phone = new_context(viewport=PHONE)
    phone.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])
    page = phone.new_page()
    sign_in_public(page, "company", cast.password)
    page.goto("/hall/cases/")
    page.get_by_role("link", name=case.number).click()
    body = page.locator("main").inner_text()
    assert "办理层级" in body and levels.town.name in body and levels.city_market.name in body
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
