"""Issue 9, item 7: a Content-Security-Policy without inline script on every page; the API docs from the package's
static files; no inline script, handler or style attribute left in the templates; HSTS once cookies are Secure."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from sunlight.disclosure.tests.builders import published
from sunlight.disclosure.tests.conftest import dis  # noqa: F401 - fixture
from sunlight.requests.tests.conftest import req  # noqa: F401 - fixture

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_PAGES = [
    "/",
    "/accessibility",
    "/deadline",
    "/accounts/login",
    "/accounts/register",
    "/disclosure/",
    "/disclosure/search?q=教育",
    "/disclosure/orgs/",
    "/disclosure/key-areas/",
    "/disclosure/statistics",
    "/requests/new",
    "/requests/track",
    "/requests/statistics",
    "/workbench/login",
    "/api/v1/docs",
    "/no-such-page",
]
STAFF_PAGES = [
    "/workbench/",
    "/workbench/security",
    "/workbench/events",
    "/workbench/requests/",
    "/workbench/disclosure/",
    "/workbench/reports/",
    "/admin/",
    "/admin/disclosure/document/",
    "/admin/orgs/org/",
]


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_strict_policy(response, path: str) -> None:
    header = response.get("Content-Security-Policy")
    assert header, f"{path}: no Content-Security-Policy"
    policy = directives(header)
    assert policy["script-src"] == ["'self'"], path
    assert "'unsafe-inline'" not in header and "'unsafe-eval'" not in header, path
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"], path
    assert (
        policy["frame-ancestors"] == ["'none'"]
        and policy["base-uri"] == ["'self'"]
        and policy["form-action"] == ["'self'"]
    ), path
    assert policy["img-src"] == ["'self'", "data:"], path


@pytest.fixture
def document(dis):  # noqa: F811 - the imported fixture
    return published(dis, title="关于做好义务教育招生工作的通知")


def test_every_public_page_type_carries_a_strict_policy(client, document):
    for path in [*PUBLIC_PAGES, f"/disclosure/d/{document.pk}/", f"/disclosure/orgs/{document.publisher_id}/"]:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        assert_strict_policy(response, path)


def test_every_staff_page_type_carries_a_strict_policy(client, cast, document):
    cast.admin.is_superuser = True
    cast.admin.save(update_fields=["is_superuser"])
    client.force_login(cast.admin)
    for path in [*STAFF_PAGES, f"/workbench/orgs/{cast.east.pk}", f"/admin/disclosure/document/{document.pk}/change/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_strict_policy(response, path)


def test_the_api_docs_load_swagger_from_the_packages_static_files_not_a_cdn(client, db):
    page = client.get("/api/v1/docs").content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert sources and all(src.startswith("/static/") for src in sources), sources
    assert "cdn" not in page.lower()
    assert finders.find("ninja/swagger-ui-bundle.js") and finders.find("ninja/swagger-ui-init.js")
    # Its only inline <script> is the JSON settings block, which a browser never executes.
    for attrs, _body in re.findall(r"<script([^>]*)>(.*?)</script>", page, re.DOTALL):
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs


TEMPLATE_DIRS = sorted(ROOT.glob("sunlight/**/templates"))
# Stand-alone print documents (notices, the annual report) keep their own <style>; their responses allow exactly
# those blocks by hash (sunlight.csp.allow_own_styles) or carry the notice policy of their own.
PRINT_DOCUMENTS = {"requests/notices/base.html", "reports/annual_report.html"}


def templates():
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            yield path.relative_to(folder).as_posix(), path.read_text(encoding="utf-8")


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for name, text in templates():
        for attrs in re.findall(r"<script([^>]*)>", text):
            if "src=" not in attrs and 'type="application/json"' not in attrs:
                offenders.append(f"{name}: <script{attrs}>")
        offenders += [f"{name}: {m}" for m in re.findall(r"<[^>]*\son[a-z]+\s*=", text)]
        offenders += [f"{name}: javascript: URL" for _ in re.findall(r"javascript:", text, re.IGNORECASE)]
    assert offenders == []


def test_no_template_has_an_inline_style_outside_the_print_documents():
    offenders = []
    for name, text in templates():
        if name in PRINT_DOCUMENTS or "/pdf/" in name:  # a module's printable templates (templates/<app>/pdf/)
            continue
        if re.search(r"<style", text) or re.search(r'\sstyle="', text):
            offenders.append(name)
    assert offenders == []


def test_a_print_document_may_use_exactly_its_own_style_blocks():
    from django.http import HttpResponse

    from sunlight.csp import allow_own_styles, style_hashes

    html = "<html><head><style>p { color: red; }</style></head><body><p>x</p></body></html>"
    response = allow_own_styles(HttpResponse(html))
    import base64
    import hashlib

    expected = "'sha256-" + base64.b64encode(hashlib.sha256(b"p { color: red; }").digest()).decode() + "'"
    assert style_hashes(html) == [expected]
    assert response._csp_update == {"style-src": [expected]}


def test_the_annual_reports_print_page_allows_its_own_styles_only(client, cast, settings):
    from sunlight.csp import style_hashes

    client.force_login(cast.admin)
    response = client.get(f"/workbench/reports/{cast.city.pk}/2025/export.html")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert set(style_hashes(response.content.decode())) <= set(policy["style-src"])
    assert "'unsafe-inline'" not in policy["style-src"]


def test_a_notice_shown_in_the_status_page_frame_keeps_its_print_styles(client, req):  # noqa: F811
    from sunlight.csp import style_hashes
    from sunlight.requests import actions

    info, code = actions.submit_online(
        org=req.east, applicant=req.applicant, description="某项目环评批复", format="electronic", delivery="online"
    )
    receipt = info.notices.get(kind="receipt")
    response = client.post("/requests/track", {"code": code})
    assert "<iframe sandbox srcdoc=" in response.content.decode()
    policy = directives(response["Content-Security-Policy"])
    # The frame's document inherits the page's policy: the notice's own style blocks are allowed by hash, nothing else.
    assert style_hashes(receipt.html) and set(style_hashes(receipt.html)) <= set(policy["style-src"])
    assert "'unsafe-inline'" not in policy["style-src"] and policy["script-src"] == ["'self'"]


def _settings_in_a_fresh_process(tmp_path, **env) -> str:
    code = "import sunlight.settings as s; print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE)"
    environment = {**os.environ, "SUNLIGHT_DATA_DIR": str(tmp_path), "SECRET_KEY": "x" * 50, **env}
    environment.pop("HSTS_SECONDS", None)
    environment.pop("SECURE_COOKIES", None)
    environment.update(env)
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_hsts_is_a_year_once_cookies_are_secure_and_off_otherwise(tmp_path):
    assert _settings_in_a_fresh_process(tmp_path, SECURE_COOKIES="1") == "31536000 True"
    assert _settings_in_a_fresh_process(tmp_path) == "0 False"
    assert _settings_in_a_fresh_process(tmp_path, SECURE_COOKIES="1", HSTS_SECONDS="3600") == "3600 True"
