"""The whole life of a request in a real Chromium, as issue 4's "done when" tells it: a citizen applies online and
follows the request with the query code; staff send a correction notice, the citizen corrects on the tracking page,
staff ask for an extension, the reviewer approves it in their own session, staff reply; the citizen downloads the reply as PDF, and the staff page explains the deadline.

Pinned to spring 2026 with time-machine (the server thread sees the same clock), so every deadline stays inside
the loaded working-day calendar whatever day the suite runs.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from sunlight.query_codes import ALPHABET
from tests.browser.pagechecks import fill_request_form, sign_in

expect = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')"
).expect
time_machine = pytest.importorskip("time_machine")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE_RE = re.compile(rf"[{ALPHABET}]{{4}}(?:-[{ALPHABET}]{{4}}){{3}}")
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def bureau(cast, request_law, settings):
    """青溪区教育局 with a disclosure officer and a reviewer (the approver)."""
    from sunlight.orgs.models import Org, Role

    # The browser keeps real time: a cookie expiring in (pinned) March would be dropped at once.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    cast.bureau = Org.objects.create(
        name="青溪区教育局", kind=Org.Kind.DEPARTMENT, region=cast.east_region, parent=cast.east
    )
    cast.officer = cast.add_staff("officer", cast.bureau, Role.DISCLOSURE_OFFICER)
    cast.reviewer = cast.add_staff("reviewer", cast.bureau, Role.REVIEWER)
    return cast


def _staff_page(new_context, cast):
    page = new_context().new_page()
    sign_in(page, "officer", cast.password)
    return page


def _track(page, code: str):
    page.goto("/requests/track")
    page.get_by_label("查询码").fill(code)
    page.locator("main").get_by_role("button", name="查询").click()
    expect(page.locator("h1")).to_contain_text("办理进度")


def test_a_request_goes_from_the_form_through_correction_and_extension_to_a_reply_pdf(
    page, new_context, bureau, assert_no_axe_violations
):
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI), tick=True) as clock:
        # The citizen applies without an account and keeps the query code.
        page.goto("/requests/new")
        fill_request_form(page, "招生划片的文件")
        page.locator("main").get_by_role("button", name="提交申请").click()
        code = page.locator(".query-code").inner_text().strip()
        assert CODE_RE.fullmatch(code), code

        # Staff: the request is in the queue; the description is unclear, so a correction notice goes out.
        staff = _staff_page(new_context, bureau)
        staff.goto("/workbench/requests/")
        staff.locator("tr", has_text="招生划片").get_by_role("link", name=re.compile(r"^YSQ")).click()
        staff.get_by_text("填写补正告知").click()  # the act forms are folded until needed
        staff.get_by_label("需要补正的事项").fill("请写明所需文件的年度和学段（小学或初中）。")
        staff.get_by_label("补正期限").fill("2026-03-16")
        staff.get_by_role("button", name="发出补正告知").click()
        expect(staff.locator("main")).to_contain_text("待补正")

        # The citizen sees the correction notice and its deadline.
        _track(page, code)
        main = page.locator("main")
        expect(main).to_contain_text("待补正")
        expect(main).to_contain_text("2026年3月16日")
        expect(main).to_contain_text("补正告知书")
        assert_no_axe_violations(page)

        # Three days later the citizen corrects on the same page; the clock restarts that day.
        clock.move_to(datetime(2026, 3, 5, 10, 0, tzinfo=SHANGHAI))
        _track(page, code)
        assert_no_axe_violations(page)  # the status page with the correction form
        page.get_by_label("补正后的申请内容").fill("2025年义务教育阶段小学招生划片范围的文件")
        page.locator("main").get_by_role("button", name="提交补正").click()
        expect(page.get_by_role("status")).to_contain_text("补正已提交")
        expect(page.locator("main")).to_contain_text("办理中")
        assert_no_axe_violations(page)

        # Staff see it and ask for an extension; the reviewer approves it in their own session, from a to-do.
        request_url = staff.url
        staff = _staff_page(new_context, bureau)  # three idle days ended the session
        staff.goto(request_url)
        expect(staff.locator("main")).to_contain_text("办理中")
        expect(staff.locator("main")).to_contain_text("小学招生划片范围")
        staff.get_by_text("填写延期申请").click()
        staff.get_by_label("延长工作日").fill("10")
        staff.get_by_label("延期理由").fill("所需文件涉及多个学段，需要检索整理。")
        staff.get_by_role("button", name="提交延期申请").click()
        expect(staff.locator("main")).to_contain_text("待批准")
        head = new_context().new_page()
        sign_in(head, "reviewer", bureau.password)
        head.goto("/workbench/")
        head.get_by_role("link", name=re.compile("审批延期申请")).click()
        head.get_by_label("同意", exact=True).check()
        head.get_by_role("button", name="提交审批意见").click()
        expect(head.locator("main")).to_contain_text("已延期 10 个工作日")
        assert_no_axe_violations(head)
        staff.goto(request_url)

        # The reply closes it.
        staff.get_by_label("答复类型").select_option(value="disclosed")
        staff.get_by_label("答复内容和理由").fill("经查，您申请的信息属于公开范围，现予以提供。")
        staff.get_by_label("答复日期").fill("2026-03-05")
        staff.get_by_role("button", name="答复并办结").click()
        expect(staff.locator("main")).to_contain_text("已办结")
        # The staff page explains how the deadline was reached: start, pause, restart, extension.
        explained = staff.locator("#clock-title + ol, section[aria-labelledby=clock-title] ol").first.inner_text()
        for step in ("开始计时", "暂停", "重新", "延长"):
            assert step in explained, (step, explained)

        # The citizen sees the outcome and downloads the reply as PDF.
        _track(page, code)
        expect(page.locator("main")).to_contain_text("已办结")
        expect(page.locator("main")).to_contain_text("予以公开")
        reply = page.locator("li", has_text="政府信息公开申请答复告知书")
        with page.expect_download() as download:
            reply.get_by_role("button", name="下载 PDF").click()
        path = download.value.path()
        with open(path, "rb") as f:
            assert f.read(4) == b"%PDF"
        assert download.value.suggested_filename.endswith(".pdf")
        assert_no_axe_violations(page)
