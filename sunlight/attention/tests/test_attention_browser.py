"""民意热点 in a real Chromium: the month's topics with the burst first, the trend chart drawn from its JSON (no CSP
violation), the topic page with its published letters; axe (WCAG 2.1 AA) at desktop and 390 px and in elder mode."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sunlight.letters import actions
from sunlight.letters.tests.builders import Post

from ..sketch import index_many

pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
HEATING = "入冬以来小区供暖温度不达标，室内只有十几度，请督促供暖公司整改。"


@pytest.mark.parametrize(
    "viewport, elder", [(None, False), (PHONE, False), (PHONE, True)], ids=["desktop", "phone", "phone-elder"]
)
def test_the_hot_topics_and_a_topics_letters_pass_axe(
    new_context, live_server, cast, next_year, viewport, elder, assert_no_axe_violations
):
    post = Post(cast)
    for _i in range(3):
        letter, _code = post.written(subject="供暖不达标", content=HEATING)
    letter = actions.accept_letter(letter, by=post.officer)
    letter = actions.assign_letter(letter, by=post.officer, org=post.bureau)
    letter = actions.reply_letter(letter, by=post.handler, reply="已整改。")
    actions.publish_letter(letter, by=post.officer)
    from sunlight.letters.models import Letter

    index_many(Letter.objects.select_related("mailbox"))
    month = timezone.localdate().strftime("%Y-%m")
    context = new_context(**({"viewport": viewport} if viewport else {}))
    if elder:
        context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])
    page = context.new_page()
    csp: list[str] = []
    page.on("console", lambda msg: csp.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(f"/attention/?month={month}")
    assert "供暖" in page.locator("main").inner_text()
    page.wait_for_selector("[data-trend] canvas")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="供暖", exact=True).click()
    assert letter.public_subject in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    assert csp == []
