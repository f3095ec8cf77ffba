"""Public statistics of disclosure requests in a real Chromium: a visitor picks an agency and a year and reads
the table; WCAG 2.1 A/AA (axe) on the page before and after the choice, also in elder mode."""

from __future__ import annotations

from datetime import date

import pytest

expect = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')"
).expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def answered(request_law):
    """青溪区人民政府 with an officer, two requests of which one answered."""
    from sunlight.accounts.models import User
    from sunlight.orgs.models import Membership, Org, Region, Role
    from sunlight.requests import actions
    from sunlight.requests.models import ApplicantType, InfoRequest

    province = Region.objects.create(code="990000", name="示范省", level=1)
    region = Region.objects.create(code="990102", name="青溪区", level=2, parent=province)
    east = Org.objects.create(name="青溪区人民政府", kind=Org.Kind.GOVERNMENT, region=region)
    officer = User.objects.create_user(
        "officer", password="x-Password-2026", kind=User.Kind.STAFF, display_name="officer"
    )
    Membership.objects.create(user=officer, org=east, role=Role.DISCLOSURE_OFFICER)
    applicant = actions.Applicant(
        type=ApplicantType.objects.get(code="natural_person"), name="张三", id_number="110105199001010020"
    )
    rs = [
        actions.register(
            by=officer,
            org=east,
            applicant=applicant,
            channel=InfoRequest.Channel.IN_PERSON,
            received_on=date(2026, 3, 2),
            description="城乡低保资金发放明细",
            format="electronic",
            delivery="email",
        )
        for _ in range(2)
    ]
    actions.reply(rs[0], by=officer, category="disclosed", text="见附件", on=date(2026, 3, 9))


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_choosing_an_agency_and_a_year_shows_an_accessible_table(
    page, answered, elder, live_server, assert_no_axe_violations
):
    if elder:
        page.context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])
    page.goto("/requests/statistics")
    expect(page.locator("h1")).to_have_text("政府信息公开申请办理情况统计")
    assert_no_axe_violations(page)

    page.get_by_label("机关", exact=True).select_option(label="青溪区人民政府")
    page.get_by_label("年度").select_option(value="2026")
    page.locator("main").get_by_role("button", name="查看").click()
    table = page.get_by_role("table")
    expect(table).to_contain_text("青溪区人民政府 2026 年")
    expect(page.get_by_role("row", name="本年收到申请")).to_contain_text("2")
    expect(page.get_by_role("row", name="平均办理用时（工作日）")).to_contain_text("5.0")
    expect(page.locator("main")).not_to_contain_text("张三")
    assert_no_axe_violations(page)
