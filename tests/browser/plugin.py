"""Real-browser fixtures (a pytest plugin loaded by the root conftest, so every app's tests can use them): one
headless Chromium per session, a fresh context per test, axe checks.

The browser is Debian's /usr/bin/chromium (Playwright's own download is not available here). When it is
missing every browser test is skipped with a reason — unless SUNLIGHT_REQUIRE_BROWSER=1, when the session
fails instead, so CI cannot pass silently without ever opening a browser.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORT = {"width": 1280, "height": 800}


def _require_browser() -> bool:
    return os.environ.get("SUNLIGHT_REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes", "on"}


try:
    import playwright.sync_api  # noqa: F401
except ImportError:  # pragma: no cover - the test extra installs it
    if _require_browser():
        raise RuntimeError(
            "SUNLIGHT_REQUIRE_BROWSER=1 but playwright is not installed (pip install -e '.[test]')"
        ) from None
    # Otherwise the test modules skip themselves through pytest.importorskip().


def _unavailable(reason: str):
    if _require_browser():
        pytest.fail(f"SUNLIGHT_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


class _Chromium:
    """One Chromium shared by consecutive browser tests (session-wide), stopped after the last of a run.

    Playwright's sync API keeps an asyncio loop "running" in the main thread for as long as it is started.
    Django then refuses ORM calls from that thread (so DJANGO_ALLOW_ASYNC_UNSAFE is set), and asyncio.run()
    fails. Both are confined to the browser tests: when the next test is not a browser test the browser
    stops and the environment is restored; a later browser test starts it again.
    """

    def __init__(self):
        self.playwright = None
        self.browser = None
        self._saved_env = None

    def get(self):
        if self.browser is None:
            from playwright.sync_api import sync_playwright

            self._saved_env = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
            self.playwright = sync_playwright().start()
            try:
                self.browser = self.playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
                )
            except Exception:
                self.stop()
                raise
        return self.browser

    def stop(self):
        try:
            if self.browser is not None:
                self.browser.close()
            if self.playwright is not None:
                self.playwright.stop()
        finally:
            self.browser = self.playwright = None
            if self._saved_env is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = self._saved_env


_chromium = _Chromium()


@pytest.fixture(scope="session")
def _chromium_session():
    if not Path(CHROMIUM).exists():
        _unavailable(f"Chromium not found at {CHROMIUM} (install Debian's chromium, or set SUNLIGHT_CHROMIUM)")
    yield _chromium
    _chromium.stop()


@pytest.fixture
def browser(_chromium_session):
    """The shared headless Chromium (started on first use)."""
    return _chromium_session.get()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    if _chromium.browser is not None and (nextitem is None or nextitem.get_closest_marker("browser") is None):
        _chromium.stop()


@pytest.fixture
def new_context(browser, live_server):
    """A factory for extra isolated contexts (own cookies), closed after the test."""
    contexts = []

    def make(**kwargs):
        options = {"base_url": live_server.url, "locale": "zh-CN", "viewport": VIEWPORT, "timezone_id": "Asia/Shanghai"}
        options.update(kwargs)
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context, request, tmp_path):
    """A page in a fresh zh-CN context pointed at the live server; relative URLs work with page.goto()."""
    pg = new_context().new_page()
    yield pg
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed and not pg.is_closed():
        # Leave evidence for a failure that only shows in a real browser.
        try:
            pg.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
            (tmp_path / "failure.html").write_text(pg.content(), encoding="utf-8")
            print(f"browser failure artifacts: {tmp_path}")
        except Exception:  # noqa: BLE001 - best effort only
            pass


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report


def axe_violations(page, context=None) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    # A click on a link returns before the next page has loaded; axe on a document in transit finds no
    # documentElement. Wait for the page the test means to check.
    page.wait_for_load_state("load")
    return Axe().run(page, context=context, options=options).response["violations"]


def format_violations(violations: list[dict], url: str = "") -> str:
    lines = [f"{len(violations)} axe WCAG 2.1 A/AA violation(s){' on ' + url if url else ''}:"]
    for v in violations:
        lines.append(f"- {v['id']} [{v.get('impact')}] {v['help']} ({v.get('helpUrl', '')})")
        for node in v["nodes"][:3]:
            target = " ".join(str(t) for t in node.get("target", []))
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            lines.append(f"    at {target}: {summary[:300]}")
        if len(v["nodes"]) > 3:
            lines.append(f"    … and {len(v['nodes']) - 3} more node(s)")
    return "\n".join(lines)


# axe only files an aria-describedby that points at a missing id under "needs review" (the id might be added
# later by script), and does not mind one that points at an empty element. This site renders everything on the
# server, so either is simply a defect: help text or an error a screen reader never announces for its field.
DANGLING_IDREFS_JS = """
() => {
  const attrs = ['aria-describedby', 'aria-labelledby', 'aria-controls', 'aria-owns', 'aria-errormessage', 'aria-details'];
  const out = [];
  for (const attr of attrs) {
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        const target = document.getElementById(id);
        const where = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} ${attr}="${id}"`;
        if (!target) out.push(`${where}: no such id`);
        else if (attr !== 'aria-controls' && attr !== 'aria-owns' && !target.textContent.trim()) out.push(`${where}: the element is empty`);
      }
    }
  }
  return out;
}
"""


def assert_no_axe_violations(page, context=None) -> None:
    """Fail with a readable list (rule id, impact, help, first target nodes) when axe finds any WCAG 2.1 A/AA
    violation, or when an ARIA id reference on the page points at nothing."""
    violations = axe_violations(page, context)
    dangling = page.evaluate(DANGLING_IDREFS_JS)
    problems = []
    if violations:
        problems.append(format_violations(violations, page.url))
    if dangling:
        problems.append(
            "ARIA references that lead nowhere (the text is never announced):\n"
            + "\n".join(f"    {d}" for d in dangling)
        )
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.fixture(name="assert_no_axe_violations")
def assert_no_axe_violations_fixture():
    """The helper as a fixture, so test modules need no import path tricks."""
    return assert_no_axe_violations


@pytest.fixture
def request_law(transactional_db, settings):
    """For browser tests of requests: the law tables and 2026's working days, seeded again (the flush after every
    transactional test empties what data migrations loaded), and a cache of the test's own (rate limits count in it)."""
    import uuid
    from importlib import import_module

    from django.apps import apps

    from sunlight.clock import calendar
    from sunlight.clock.seed import seed_from_chinesecalendar

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"browser-{uuid.uuid4()}"}
    }
    import_module("sunlight.requests.migrations.0002_seed_law").seed(apps, None)
    from django.utils import timezone

    year = timezone.localdate().year  # spring-2026 tests and those that apply "today"
    seed_from_chinesecalendar(sorted({2026, year, year + 1}))
    calendar.invalidate()
    yield
    calendar.invalidate()


@pytest.fixture
def next_year(request_law):
    """The live server acts on the real date (time travel does not reach its thread): in December a deadline runs
    into next year, so next year is loaded as the statutory estimate when chinesecalendar does not know it yet, as
    the demo does."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from sunlight.clock import calendar
    from sunlight.clock.actions import load_estimate
    from sunlight.clock.published import year_is_known

    year = timezone.localdate().year + 1
    if not year_is_known(year):
        load_estimate(year, by=get_user_model().objects.create_superuser("calendar-root", password="x-Root-2026-pw"))
        calendar.invalidate()
