"""Drafting a document in a real Chromium: the rich-text body editor (Quill, vendored) and the 索引号 lookup, under a
Content-Security-Policy without inline script or eval, with axe at 0 violations."""

from __future__ import annotations

import re
from datetime import date

import pytest

expect = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')"
).expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the coming site-wide policy allows at most: scripts only from the site's own static files, no eval.
CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'"


@pytest.fixture
def drafting(cast, settings):
    """The cast, the taxonomies and this year's calendar (flushed with every transactional test), an officer and a
    reviewer of 青溪区, and a published policy to interpret."""
    import uuid

    from django.apps import apps
    from django.utils import timezone

    from sunlight.clock import calendar
    from sunlight.clock.seed import seed_from_chinesecalendar
    from sunlight.disclosure import actions
    from sunlight.disclosure.models import Genre
    from sunlight.disclosure.taxonomy import seed_taxonomies
    from sunlight.orgs.models import Role

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"drafting-{uuid.uuid4()}"}
    }
    seed_taxonomies(apps)
    year = timezone.localdate().year
    seed_from_chinesecalendar([year - 1, year])
    calendar.invalidate()
    cast.officer = cast.add_staff("officer", cast.east, Role.DISCLOSURE_OFFICER)
    reviewer = cast.add_staff("reviewer", cast.east, Role.REVIEWER)
    notice = Genre.objects.get(code="notice")
    policy = actions.create_document(
        publisher=cast.east,
        by=cast.officer,
        title="青溪区养老服务补贴办法",
        created_on=date(year - 1, 3, 3),
        genre=notice,
        doc_number="青民发〔2025〕3号",
        body_html="<p>补贴办法正文。</p>",
    )
    actions.create_document(
        publisher=cast.east, by=cast.officer, title="青溪区养老机构名录", created_on=date(year - 1, 3, 4), genre=notice
    )
    actions.submit_document(policy, by=cast.officer)
    actions.review_document(policy, by=reviewer, conclusion="approved", grounds="无涉密内容")
    cast.policy = actions.publish_document(policy, by=reviewer)
    yield cast
    calendar.invalidate()


def _with_csp(context, violations: list[str]) -> None:
    from playwright.sync_api import Error as PlaywrightError

    def add_header(route):
        try:
            response = route.fetch(max_redirects=0)  # the browser follows redirects itself
            route.fulfill(response=response, headers={**response.headers, "content-security-policy": CSP})
        except PlaywrightError:
            pass  # the page moved on (a navigation, the end of the test) while this request was in flight

    context.route("**/*", add_header)
    context.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )


def test_an_officer_writes_the_body_in_the_editor_and_picks_the_interpreted_policy_by_keyboard(
    new_context, drafting, live_server, assert_no_axe_violations
):
    from sunlight.disclosure.models import Document
    from sunlight.disclosure.sanitize import clean_html

    violations: list[str] = []
    context = new_context()
    _with_csp(context, violations)
    page = context.new_page()
    page.goto("/workbench/login")
    page.get_by_label("用户名").fill("officer")
    page.get_by_label("密码").fill(drafting.password)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page).to_have_url(re.compile(r"/workbench/$"))

    page.goto("/workbench/disclosure/new")
    editor = page.get_by_role("textbox", name="正文")
    expect(editor).to_be_visible()  # Quill loaded from static files and took over the textarea
    expect(page.locator("textarea[name=body_html]")).to_be_hidden()
    page.get_by_label("发布机构").select_option(label="青溪区人民政府")
    page.get_by_label("名称").fill("青溪区养老服务补贴办法解读")
    page.get_by_label("成文日期").fill(date.today().isoformat())
    page.get_by_label("体裁分类").select_option(label="通知")

    editor.click()
    page.keyboard.type("为方便群众理解，现解读如下。")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+b")
    page.keyboard.type("补贴标准")
    page.keyboard.press("Control+b")
    page.keyboard.type("按月发放。")
    page.get_by_role("button", name="项目符号列表").click()

    lookup = page.get_by_role("combobox", name="所解读的政策")
    lookup.click()
    page.keyboard.type("养老服务")
    listbox = page.get_by_role("listbox", name="匹配的文件")
    expect(listbox).to_be_visible()
    expect(listbox.get_by_role("option")).to_have_count(1)  # the published policy; the 名录 draft does not match
    expect(lookup).to_have_attribute("aria-expanded", "true")
    assert_no_axe_violations(page)
    page.keyboard.press("ArrowDown")
    expect(lookup).to_have_attribute("aria-activedescendant", f"lookup-option-{drafting.policy.pk}")
    page.keyboard.press("Enter")  # picks the option; does not submit the form
    expect(lookup).to_have_value(drafting.policy.index_number)
    expect(listbox).to_be_hidden()
    expect(page).to_have_url(re.compile(r"/workbench/disclosure/new$"))

    page.get_by_role("button", name="保存", exact=True).click()
    expect(page).to_have_url(re.compile(r"/workbench/disclosure/\d+/$"))
    doc = Document.objects.get(title="青溪区养老服务补贴办法解读")
    assert doc.interprets_id == drafting.policy.pk
    assert "<strong>补贴标准</strong>" in doc.body_html and "为方便群众理解" in doc.body_html
    assert "<ul>" in doc.body_html and "<li>" in doc.body_html
    assert doc.body_html == clean_html(doc.body_html)  # what is stored is the sanitiser's output
    assert "ql-" not in doc.body_html and "data-list" not in doc.body_html
    expect(page.locator(".doc-body strong")).to_have_text("补贴标准")
    context.unroute_all(behavior="ignoreErrors")
    assert not violations, violations


def test_the_body_textarea_works_without_javascript(new_context, drafting, live_server):
    from sunlight.disclosure.models import Document

    page = new_context(java_script_enabled=False).new_page()
    page.goto("/workbench/login")
    page.get_by_label("用户名").fill("officer")
    page.get_by_label("密码").fill(drafting.password)
    page.get_by_role("button", name="登录", exact=True).click()
    page.goto("/workbench/disclosure/new")
    page.get_by_label("发布机构").select_option(label="青溪区人民政府")
    page.get_by_label("名称").fill("无脚本起草")
    page.get_by_label("成文日期").fill(date.today().isoformat())
    page.get_by_label("体裁分类").select_option(label="通知")
    page.get_by_label("正文").fill("<p>纯文本框<b>也能</b>保存<script>alert(1)</script></p>")
    page.get_by_label("所解读的政策").fill(drafting.policy.index_number)
    page.get_by_role("button", name="保存", exact=True).click()
    doc = Document.objects.get(title="无脚本起草")
    assert doc.body_html == "<p>纯文本框<b>也能</b>保存</p>" and doc.interprets_id == drafting.policy.pk
