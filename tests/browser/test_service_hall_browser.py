"""The service hall beyond the application, in a real Chromium, with axe (WCAG 2.1 AA) at desktop, 390 px and in
elder mode: a citizen books an appointment and is served at the window (check-in, call, finish); a company's poor
rating of its case is called back, rectified and reported by the org's head; anyone verifies the case's
e-certificate from its QR link, and a tampered copy fails."""

from __future__ import annotations

import pytest

from sunlight.cases.tests.builders import Hall
from sunlight.certificates.copies import copy_token
from sunlight.hall.models import Appointment, Ticket
from sunlight.hall.tests.builders import force_slot_today, slot
from sunlight.ratings.models import Rectification
from tests.browser.pagechecks import sign_in, sign_in_public

pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def test_a_citizen_books_and_is_served_at_the_window(
    new_context, live_server, cast, next_year, assert_no_axe_violations
):
    the_slot = slot(cast.window, cast.clerk)
    phone = new_context(viewport=PHONE)
    phone.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])
    page = phone.new_page()
    sign_in_public(page, "citizen", cast.password)
    page.goto("/hall/")
    assert_no_axe_violations(page)
    page.goto(f"/hall/book/{the_slot.pk}/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="确认预约").click()
    page.goto("/hall/mine/")
    assert_no_axe_violations(page)
    appointment = Appointment.objects.get(user=cast.citizen)
    assert appointment.status == Appointment.Status.BOOKED

    force_slot_today(the_slot)  # the day of the appointment has come
    desk = new_context().new_page()
    sign_in(desk, "clerk", cast.password)
    desk.goto(f"/workbench/hall/window/{cast.window.pk}/")
    assert_no_axe_violations(desk)
    desk.get_by_role("button", name="签到").click()
    desk.get_by_role("button", name="叫下一个号").click()
    desk.get_by_role("button", name="办理完毕").click()
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.SERVED
    assert Ticket.objects.get(appointment=appointment).status == Ticket.Status.SERVED
    assert_no_axe_violations(desk)

    # 一次一评: the citizen rates the visit from "my appointments".
    page.goto("/hall/mine/")
    page.get_by_role("link", name="评价").click()
    assert_no_axe_violations(page)
    for group in page.locator("fieldset").all():
        if group.get_by_label("满意", exact=True).count():
            group.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    assert "满意" in page.locator("main dl").inner_text()


def test_a_poor_rating_is_rectified_and_the_certificate_verifies(
    new_context, live_server, cast, next_year, assert_no_axe_violations
):
    hall = Hall(cast)
    case = hall.delivered()
    certificate = case.certificate

    company = new_context().new_page()
    sign_in_public(company, "company", cast.password)
    company.goto(f"/hall/cases/{case.number}/")
    company.get_by_role("link", name="评价本次服务（好差评）").click()
    assert_no_axe_violations(company)
    for group in company.locator("fieldset").all():
        if group.get_by_label("非常不满意").count():
            group.get_by_label("非常不满意").check()
    company.get_by_label("办结时").check()
    company.get_by_label("评价意见").fill("窗口让我跑了三次，态度也不好。")
    company.get_by_role("button", name="提交评价").click()
    assert "整改情况" in company.locator("main").inner_text(), company.locator(".error-summary").all_inner_texts()
    rectification = Rectification.objects.get()

    head = new_context().new_page()
    sign_in(head, "approver", cast.password)
    head.goto(f"/workbench/ratings/rectifications/{rectification.pk}/")
    assert_no_axe_violations(head)
    assert "company" not in head.locator("main").inner_text()  # the rater is never named to staff
    head.get_by_label("回访情况").fill("已电话回访，申请人反映需多次到现场。")
    head.get_by_role("button", name="记录回访").click()
    head.get_by_label("整改措施").fill("材料清单与网上一致，推行一次告知。")
    head.get_by_role("button", name="记录整改").click()
    head.locator("textarea").first.fill("已整改：推行一次告知，欢迎监督。")
    head.get_by_role("button", name="反馈评价人").click()
    rectification.refresh_from_db()
    assert rectification.status == Rectification.Status.REPORTED

    for options in ({}, {"viewport": PHONE}):
        visitor = new_context(**options).new_page()
        visitor.goto(f"/certificates/verify/{certificate.number}/?c={copy_token(certificate)}")
        assert "有效" in visitor.locator("main").inner_text()
        assert_no_axe_violations(visitor)
        token = copy_token(certificate)
        tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
        visitor.goto(f"/certificates/verify/{certificate.number}/?c={tampered}")
        assert "验证失败" in visitor.locator("main").inner_text()
        visitor.goto("/ratings/")
        assert_no_axe_violations(visitor)
