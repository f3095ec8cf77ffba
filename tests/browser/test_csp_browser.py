"""Issue 9, item 7 in a real Chromium: under the site's Content-Security-Policy the portal home, a document page,
the request form and the API docs load without one violation (inline script, inline style, a CDN)."""

from __future__ import annotations

import pytest

expect = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')"
).expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def document(cast, request_law):
    """A published document of 青溪区人民政府 (taxonomies seeded again: the flush empties what migrations loaded)."""
    from datetime import date

    from django.apps import apps

    from sunlight.disclosure import actions
    from sunlight.disclosure.models import Genre
    from sunlight.disclosure.taxonomy import seed_taxonomies
    from sunlight.orgs.models import Role

    seed_taxonomies(apps)
    officer = cast.add_staff("officer", cast.east, Role.DISCLOSURE_OFFICER)
    reviewer = cast.add_staff("reviewer", cast.east, Role.REVIEWER)
    doc = actions.create_document(
        publisher=cast.east,
        by=officer,
        title="关于做好义务教育招生工作的通知",
        created_on=date(2025, 3, 3),
        genre=Genre.objects.get(code="notice"),
        body_html="<p>各学校要按照划片招生原则做好入学工作。</p>",
    )
    actions.submit_document(doc, by=officer)
    actions.review_document(doc, by=reviewer, conclusion="approved", grounds="不涉及国家秘密")
    return actions.publish_document(doc, by=reviewer)


def _violations(page) -> list[str]:
    """Every CSP report the page makes: Chromium logs each refused script, style or resource to the console."""
    found: list[str] = []
    page.on("console", lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: found.append(str(exc)))
    return found


def test_the_portal_a_document_the_request_form_and_the_api_docs_load_without_a_csp_violation(page, document):
    violations = _violations(page)
    for path in [
        "/",
        f"/disclosure/d/{document.pk}/",
        "/requests/new",
        "/requests/statistics",
        "/disclosure/orgs/",
        "/api/v1/docs",
    ]:
        response = page.goto(path)
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")
        assert violations == [], path
    # Swagger UI really ran from the package's static files.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Sunlight")
    assert violations == []


def test_the_print_button_still_prints_without_an_inline_handler(page, document):
    violations = _violations(page)
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    page.goto(f"/disclosure/d/{document.pk}/")
    page.get_by_role("button", name="打印").click()
    assert page.evaluate("window.__printed") == 1
    assert violations == []


def test_a_notice_opened_on_the_status_page_renders_under_the_policy(page, cast, request_law):
    """The notice sits in a sandboxed srcdoc frame, which inherits the page's policy: its print styles are allowed
    by hash (sunlight.csp.allow_own_styles), so the frame shows the notice styled and the console stays clean."""
    from sunlight.requests import actions
    from sunlight.requests.actions import Applicant
    from sunlight.requests.models import ApplicantType

    person = ApplicantType.objects.get(code="natural_person")
    applicant = Applicant(
        type=person,
        name="张三",
        id_number="110105199001010020",
        phone="13812345678",
        email="zhang@example.cn",
        address="云川市青溪区民主路1号",
    )
    _, code = actions.submit_online(
        org=cast.east, applicant=applicant, description="某项目环评批复", format="electronic", delivery="online"
    )
    violations = _violations(page)
    page.goto("/requests/track")
    page.get_by_label("查询码").fill(code)
    page.locator("main").get_by_role("button", name="查询").click()
    page.get_by_text("查看告知书").first.click()
    frame = page.frame_locator("iframe.notice-frame").first
    expect(frame.locator("body")).to_contain_text("受理回执")
    page.wait_for_timeout(300)
    assert violations == []
