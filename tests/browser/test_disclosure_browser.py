"""Proactive disclosure (信息公开) in a real Chromium: the visitor's search-to-document journey, feeds and exports,
WCAG 2.1 A/AA (axe) on every public page in normal and elder mode, print and reflow, and the staff flow from draft
through screening, masking and secrecy review to a published, searchable document.

Every test builds the demo city and 240 demo documents in the (transactional, flushed-after-each-test) test
database first: about two seconds, and no test depends on what another one left behind.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import pytest

from tests.browser.data import demo_interpretation, demo_public_documents, elder_context
from tests.browser.pagechecks import OVERFLOWING_JS

expect = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')"
).expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "Sunlight-demo-2026"
OFFICE = "云川市人民政府办公厅"
ELDER = re.compile(r"(^|\s)elder(\s|$)")
CSV_HEADER = [
    "索引号",
    "名称",
    "发布机构",
    "成文日期",
    "发布日期",
    "文号",
    "主题分类",
    "体裁分类",
    "主题词",
    "有效性",
    "重点领域",
    "网址",
]
RESIDENT_ID = "11010519491231002X"  # valid check character, born 1949-12-31 in 北京市西城区


# --- data -----------------------------------------------------------------------------------------


def _repealed():
    doc = (
        demo_public_documents()
        .filter(validity="repealed", replaced_by__status="published")
        .select_related("replaced_by")
        .order_by("pk")
        .first()
    )
    assert doc is not None, "the demo data should have a repealed document with a public replacement"
    return doc


def _guided_org():
    from sunlight.disclosure.models import DisclosureGuide

    return DisclosureGuide.objects.select_related("org").order_by("org__path").first().org


def _resolve(path: str) -> str:
    """Paths with placeholders for objects whose primary keys differ from run to run."""
    from sunlight.orgs.models import Org

    if "{doc}" in path:
        path = path.replace("{doc}", str(demo_interpretation().interprets_id))
    if "{org}" in path:
        path = path.replace("{org}", str(Org.objects.get(name="云川市人民政府").pk))
    if "{guided_org}" in path:
        path = path.replace("{guided_org}", str(_guided_org().pk))
    return path


# --- helpers --------------------------------------------------------------------------------------


def _sign_in(page, username: str) -> None:
    page.goto("/workbench/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page).to_have_url(re.compile(r"/workbench/$"))


def _sign_out(page) -> None:
    page.get_by_role("button", name="退出", exact=True).click()
    expect(page).to_have_url(re.compile(r"/workbench/login$"))


def _status_of(page):
    """The workflow state on a workbench document page (the first row of its key-value list)."""
    return page.locator("dl.kv").first.locator("dt:text-is('状态') + dd")


def _get(page, live_server, path: str):
    """A GET through the page's own request context (same cookies), for responses a browser would download."""
    response = page.request.get(live_server.url + path)
    assert response.ok, f"{path}: HTTP {response.status}"
    return response


# --- 1. the visitor's journey -----------------------------------------------------------------------


def test_a_visitor_searches_from_the_home_page_and_follows_a_document_its_interpretation_and_its_replacement(
    page, live_server, demo
):
    page.goto("/")
    box = page.get_by_role("search").get_by_label("搜索政府信息")
    box.fill("义务教育")
    started = time.perf_counter()
    box.press("Enter")
    page.wait_for_url(re.compile(r"/disclosure/search\?q="))
    elapsed = time.perf_counter() - started
    print(f"home page search to results page: {elapsed * 1000:.0f} ms")
    expect(page.get_by_role("heading", level=1)).to_have_text("搜索政府信息")
    # A sanity check on a live dev server with 240 documents; the real benchmark lives in bench/.
    assert elapsed < 1.0, f"the search results page took {elapsed:.3f} s"
    expect(page.locator("#id_q")).to_have_value("义务教育")
    expect(page.get_by_role("status").filter(has_text="共")).to_contain_text("条结果")
    hits = page.locator(".result-list .result h3 a")
    assert hits.count() > 0, "searching 义务教育 should find the demo documents about 义务教育阶段招生入学工作"
    # The matched words are highlighted in the titles.
    expect(page.locator(".result-list .result h3 mark").first).to_be_visible()

    # Open the first hit: the catalog metadata table and the validity badge.
    title = hits.first.inner_text()
    hits.first.click()
    expect(page).to_have_url(re.compile(r"/disclosure/d/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    meta = page.get_by_role("table", name="政府信息目录信息")
    expect(meta.get_by_role("rowheader", name="索引号")).to_be_visible()
    index_number = meta.get_by_role("row").first.locator("td").first.inner_text()
    assert re.fullmatch(r"\S+/\d{4}-\d{5}", index_number), index_number
    expect(page.locator(".doc-badges .badge")).to_have_text(re.compile(r"^(有效|失效|废止)$"))

    # From a policy that has an interpretation: to the interpretation (政策解读) and back (解读的政策).
    interp = demo_interpretation()
    policy = interp.interprets
    page.goto(f"/disclosure/d/{policy.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(policy.title)
    page.get_by_role("region", name="政策解读", exact=True).get_by_role("link", name=interp.title, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/disclosure/d/{interp.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(interp.title)
    page.get_by_role("region", name="解读的政策", exact=True).get_by_role("link", name=policy.title, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/disclosure/d/{policy.pk}/$"))

    # A repealed document, found through the validity filter: its badge says so and links to what replaced it.
    page.goto("/disclosure/search")
    page.get_by_label("有效性").select_option(label="废止")
    page.get_by_role("button", name="应用筛选").click()
    expect(page).to_have_url(re.compile(r"validity=repealed"))
    repealed = _repealed()
    page.get_by_role("link", name=repealed.title, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(repealed.title)
    badge = page.locator(".doc-badges .badge")
    expect(badge).to_have_text("废止")
    expect(badge).to_have_class(re.compile(r"badge-danger"))
    expect(page.locator(".doc-badges")).to_contain_text("起废止")
    replacement = repealed.replaced_by
    page.locator(".doc-badges").get_by_role("link", name=replacement.title, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/disclosure/d/{replacement.pk}/$"))
    expect(page.get_by_role("region", name="本文件替代了")).to_contain_text(repealed.title)

    # The RSS link on the document page gives XML with items (fetched, since a browser would download it).
    rss_link = page.get_by_role("link", name="订阅本机构信息（RSS）")
    rss_href = rss_link.get_attribute("href")
    assert rss_href == f"/disclosure/feeds/orgs/{replacement.publisher_id}/rss"
    rss = _get(page, live_server, rss_href)
    assert rss.headers["content-type"].startswith("application/rss+xml"), rss.headers["content-type"]
    channel = ET.fromstring(rss.body()).find("channel")
    assert channel is not None and channel.findall("item"), "the org feed should list documents"
    assert all(
        item.findtext("link", "").startswith(live_server.url + "/disclosure/d/") for item in channel.findall("item")
    )


def test_feeds_exports_and_the_sitemap_are_machine_readable(page, live_server, demo):
    from sunlight.disclosure.models import Topic

    org = demo_interpretation().interprets.publisher
    topic = Topic.objects.filter(documents__status="published").order_by("pk").first()
    atom_ns = "{http://www.w3.org/2005/Atom}"
    for path, kind in [
        (f"/disclosure/feeds/orgs/{org.pk}/rss", "application/rss+xml"),
        (f"/disclosure/feeds/orgs/{org.pk}/atom", "application/atom+xml"),
        (f"/disclosure/feeds/topics/{topic.pk}/rss", "application/rss+xml"),
        (f"/disclosure/feeds/topics/{topic.pk}/atom", "application/atom+xml"),
    ]:
        response = _get(page, live_server, path)
        assert response.headers["content-type"].startswith(kind), (path, response.headers["content-type"])
        root = ET.fromstring(response.body())
        items = root.findall("channel/item") if kind.endswith("rss+xml") else root.findall(f"{atom_ns}entry")
        assert items, f"{path} has no entries"

    # The CSV link on a filtered search page downloads the catalog for that filter, header row first.
    page.goto("/disclosure/search?" + urlencode({"key_area": "education", "order": "newest"}))
    csv_href = page.get_by_role("link", name="按当前条件下载目录（CSV）").get_attribute("href")
    assert "key_area=education" in csv_href
    response = _get(page, live_server, csv_href)
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    body = response.body()
    assert body.startswith("\ufeff".encode()), "the CSV starts with a BOM so that Excel reads it as UTF-8"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == CSV_HEADER
    education = demo_public_documents().filter(key_areas__code="education").count()
    assert education > 0 and len(rows) - 1 == education
    assert all(row[11].startswith(live_server.url + "/disclosure/d/") for row in rows[1:])

    response = _get(page, live_server, "/disclosure/export.json?validity=repealed")
    assert response.headers["content-type"].startswith("application/json")
    data = json.loads(response.body())
    assert data and {row["validity"] for row in data} == {"废止"}

    response = _get(page, live_server, "/sitemap.xml")
    assert "xml" in response.headers["content-type"]
    assert ET.fromstring(response.body()).tag.endswith("sitemapindex")


# --- 2. accessibility and print ----------------------------------------------------------------------

# (name, path with placeholders, expected h1 text or None, what else to check on the page)
PUBLIC_PAGES = [
    ("catalog", "/disclosure/", "政府信息公开", "results"),
    ("search with results", "/disclosure/search?q=义务教育", "搜索政府信息", "results"),
    ("search for a typo: no results, a suggestion", "/disclosure/search?q=义务较育", "搜索政府信息", "suggestion"),
    ("search with no results", "/disclosure/search?year=1990", "搜索政府信息", "empty"),
    ("search with an invalid filter", "/disclosure/search?year=abc", "搜索政府信息", "invalid"),
    ("document", "/disclosure/d/{doc}/", None, "body"),
    ("orgs", "/disclosure/orgs/", "按机构浏览", None),
    ("org", "/disclosure/orgs/{org}/", "云川市人民政府", "results"),
    ("guide", "/disclosure/orgs/{guided_org}/guide", "政府信息公开指南", "body"),
    ("key areas", "/disclosure/key-areas/", "重点领域信息公开", None),
    ("subscribe", "/disclosure/feeds/", "订阅政府信息", None),
    ("the site feed opened in a tab", "/disclosure/feeds/rss", "最新公开的政府信息", "feed"),
    ("an org feed opened in a tab", "/disclosure/feeds/orgs/{org}/atom", "云川市人民政府", "feed"),
    ("key area", "/disclosure/key-areas/education/", "教育", "results"),
    ("statistics", "/disclosure/statistics", "主动公开统计", None),
]


def _check_page(page, what: str | None) -> None:
    if what == "results":
        assert page.locator(".result-list .result").count() > 0, "no results listed"
    elif what == "body":
        assert page.locator(".doc-body").inner_text().strip(), "empty body"
    elif what == "empty":
        expect(page.get_by_role("status").filter(has_text="共")).to_contain_text("共 0 条结果")
        expect(page.locator(".result-list")).to_contain_text("没有找到符合条件的政府信息")
    elif what == "invalid":
        expect(page.get_by_label("年份")).to_have_attribute("aria-invalid", "true")
    elif what == "suggestion":
        # Nothing matches the typo, and the page offers the correction as a link.
        expect(page.get_by_role("status").filter(has_text="共")).to_contain_text("共 0 条结果")
        expect(page.locator(".notice").filter(has_text="您是否要找").get_by_role("link")).to_have_text("义务教育")
    elif what == "feed":
        # Chromium shows RSS/Atom served as such as plain text: a navigation gets the readable page instead.
        expect(page.get_by_role("heading", name="如何订阅")).to_be_visible()
        assert page.locator(".result-list .result").count() > 0, "no items listed"


def test_every_public_disclosure_page_has_no_wcag_violations(page, demo, assert_no_axe_violations):
    # One test over all the pages (building the demo data costs seconds); every page's violations are
    # collected and reported together.
    failures = []
    for name, path, heading, what in PUBLIC_PAGES:
        page.goto(_resolve(path))
        h1 = page.get_by_role("heading", level=1)
        expect(h1).to_have_count(1)
        if heading:
            expect(h1).to_contain_text(heading)
        _check_page(page, what)
        try:
            assert_no_axe_violations(page)
        except pytest.fail.Exception as exc:
            failures.append(f"[{name}] {exc}")
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


def test_the_did_you_mean_suggestion_for_a_typo_finds_documents(page, demo):
    page.goto("/")
    page.get_by_role("search").get_by_label("搜索政府信息").fill("义务较育")
    page.get_by_role("search").get_by_role("button", name="搜索").click()
    expect(page.get_by_role("status").filter(has_text="共")).to_contain_text("共 0 条结果")
    page.locator(".notice").get_by_role("link", name="义务教育").click()
    expect(page.locator("#id_q")).to_have_value("义务教育")
    assert page.locator(".result-list .result").count() > 0


def test_catalog_and_document_pages_have_no_wcag_violations_in_normal_and_elder_mode(
    new_context, live_server, demo, assert_no_axe_violations
):
    documents = [demo_interpretation().interprets, _repealed()]
    for elder in (False, True):
        page = (elder_context(new_context, live_server) if elder else new_context()).new_page()
        page.goto("/disclosure/")
        if elder:
            expect(page.locator("body")).to_have_class(ELDER)
            assert page.evaluate("getComputedStyle(document.body).fontSize") == "20px"
        else:
            expect(page.locator("body")).not_to_have_class(ELDER)
        expect(page.get_by_role("heading", level=1)).to_have_text("政府信息公开")
        assert_no_axe_violations(page)
        for doc in documents:
            page.goto(f"/disclosure/d/{doc.pk}/")
            expect(page.get_by_role("heading", level=1)).to_have_text(doc.title)
            assert_no_axe_violations(page)


def test_printing_a_document_hides_the_site_chrome_and_keeps_the_text(page, demo):
    policy = demo_interpretation().interprets
    page.goto(f"/disclosure/d/{policy.pk}/")
    print_button = page.get_by_role("button", name="打印")
    expect(print_button).to_be_visible()

    page.emulate_media(media="print")
    for hidden in [".site-header", ".main-nav", ".site-footer", ".breadcrumb", ".print-button"]:
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text(policy.title)
    expect(page.locator(".doc-body")).to_be_visible()
    expect(page.locator(".meta-table")).to_be_visible()
    expect(page.locator(".doc-badges .badge")).to_be_visible()
    assert page.locator(".doc-body").inner_text().strip(), "the printed body is empty"

    page.emulate_media(media="screen")
    expect(page.locator(".site-header")).to_be_visible()


# --- 3. the staff flow --------------------------------------------------------------------------------


def test_an_officer_drafts_screens_and_masks_a_reviewer_approves_and_publishes_and_the_public_finds_it(
    page, new_context, live_server, demo, assert_no_axe_violations
):
    from django.utils import timezone

    from sunlight.screening import mask_text

    masked = mask_text(RESIDENT_ID)
    assert masked == "110105********002X"
    title = "关于开展城市书房延时开放试点工作的通知"
    today = timezone.localdate().isoformat()

    # 张伟 (disclosure officer of 市政府办公厅) drafts the document.
    _sign_in(page, "zhang.wei")
    page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="主动公开").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("主动公开")
    # The three planted drafts are waiting for review.
    expect(page.get_by_role("link", name="关于2026年度城乡低保对象名单的公示（待审）")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="起草政府信息").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("起草政府信息")
    assert_no_axe_violations(page)
    page.get_by_label("发布机构").select_option(label=OFFICE)
    page.get_by_label("名称", exact=True).fill(title)
    page.get_by_label("成文日期").fill(today)
    page.get_by_label("体裁分类").select_option(label="通知")
    # The key areas are a named group of checkboxes.
    page.get_by_role("group", name="重点领域").get_by_role("checkbox", name="教育").check()
    # The body is written in the rich-text editor (Quill over the HTML textarea).
    page.get_by_role("textbox", name="正文", exact=True).fill(
        f"为方便市民夜间阅读，市图书馆在青溪区开展城市书房延时开放试点。试点期间联系人身份证号 {RESIDENT_ID}，请各单位做好保障。"
    )
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(r"/workbench/disclosure/\d+/$"))
    expect(page.get_by_role("status")).to_contain_text("已保存草稿")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    detail_url = page.url
    assert_no_axe_violations(page)

    page.get_by_role("button", name="提交保密审查").click()
    expect(page.get_by_role("status")).to_contain_text("自动筛查发现 1 处")
    findings = page.get_by_role("region", name="自动筛查").get_by_role("table")
    row = findings.get_by_role("row").filter(has_text=RESIDENT_ID)
    expect(row).to_contain_text("身份证号")
    expect(row).to_contain_text("待处理")
    assert_no_axe_violations(page)

    row.get_by_role("button", name="遮蔽").click()
    expect(page.get_by_role("status")).to_contain_text("已遮蔽")
    body = page.get_by_role("region", name="正文", exact=True)
    expect(body).to_contain_text(masked)
    expect(body).not_to_contain_text(RESIDENT_ID)
    # The finding keeps only the masked value: the raw ID is gone from the page altogether.
    expect(findings.get_by_role("row").filter(has_text=masked)).to_contain_text("已遮蔽")
    expect(page.locator("main")).not_to_contain_text(RESIDENT_ID)
    expect(findings.get_by_role("button", name="遮蔽")).to_have_count(0)
    assert_no_axe_violations(page)
    _sign_out(page)

    # 王芳 (reviewer of the same office) records the secrecy review and publishes.
    _sign_in(page, "wang.fang")
    page.goto(detail_url)
    review = page.get_by_role("region", name="保密审查", exact=True)
    expect(review).to_be_visible()
    expect(review.locator(".notice")).to_have_count(0)  # no open findings left
    assert_no_axe_violations(page)
    review.get_by_role("radio", name="同意公开").check()
    review.get_by_label("审查依据和意见").fill("经审查，身份证号已遮蔽，不涉及国家秘密和个人隐私，同意公开。")
    review.get_by_role("button", name="记录审查结论").click()
    expect(page.get_by_role("status")).to_contain_text("审查结论已记录：同意公开")
    expect(_status_of(page)).to_have_text("审核通过")
    assert_no_axe_violations(page)

    page.get_by_role("region", name="发布", exact=True).get_by_role("button", name="发布").click()
    expect(page.get_by_role("status")).to_contain_text("已发布")
    expect(_status_of(page)).to_have_text("已发布")
    assert_no_axe_violations(page)

    # At once, a visitor (own context, not signed in) finds it by a phrase from its title, masked.
    visitor = new_context().new_page()
    visitor.goto("/disclosure/search?" + urlencode({"q": "城市书房延时开放"}))
    hit = visitor.locator(".result-list .result h3 a").first
    expect(hit).to_have_text(title)
    hit.click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    expect(visitor.locator(".doc-body")).to_contain_text(masked)
    expect(visitor.locator(".doc-body")).not_to_contain_text(RESIDENT_ID)
    meta = visitor.get_by_role("table", name="政府信息目录信息")
    expect(meta).to_contain_text(OFFICE)
    expect(meta.get_by_role("row").filter(has_text="重点领域").get_by_role("link")).to_have_text("公共服务 › 教育")


def test_the_reviewer_masks_a_planted_draft_and_sees_every_kind_of_finding(page, demo, assert_no_axe_violations):
    from sunlight.disclosure.models import Document
    from sunlight.screening import mask_text

    doc = Document.objects.get(title="关于2026年度城乡低保对象名单的公示（待审）")
    _sign_in(page, "wang.fang")
    page.goto(f"/workbench/disclosure/?{urlencode({'status': 'submitted'})}")
    page.get_by_role("link", name=doc.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(doc.title)
    rows = page.get_by_role("region", name="自动筛查").get_by_role("row")
    id_row = rows.filter(has=page.get_by_role("cell", name="居民身份证号", exact=True))
    mobile_row = rows.filter(has=page.get_by_role("cell", name="手机号码", exact=True))
    expect(id_row).to_have_count(1)
    expect(mobile_row).to_have_count(1)
    expect(rows.filter(has_text="待处理")).to_have_count(2)
    # Approving with open findings and no reason is refused and says why.
    review = page.get_by_role("region", name="保密审查", exact=True)
    expect(review.locator(".notice")).to_contain_text("还有 2 处筛查发现未处理")
    assert_no_axe_violations(page)
    review.get_by_role("radio", name="同意公开").check()
    review.get_by_label("审查依据和意见").fill("同意。")
    review.get_by_role("button", name="记录审查结论").click()
    expect(page.locator(".message-error")).to_contain_text("还有 2 处筛查发现未处理")
    assert_no_axe_violations(page)

    mobile_row.get_by_role("button", name="遮蔽").click()
    expect(page.get_by_role("status")).to_contain_text("已遮蔽")
    body = page.get_by_role("region", name="正文", exact=True)
    expect(body).to_contain_text(mask_text("13812345678"))
    expect(body).to_contain_text(RESIDENT_ID)  # the other finding is still open
    expect(review.locator(".notice")).to_contain_text("还有 1 处筛查发现未处理")


# --- 4. reflow ------------------------------------------------------------------------------------------


def test_catalog_and_document_pages_reflow_at_320_px_without_horizontal_scroll(new_context, live_server, demo):
    # 320 CSS px is the WCAG 1.4.10 reflow width (1280 px at 400% zoom); elder mode's larger text included.
    width = 320
    options = {"viewport": {"width": width, "height": 640}, "device_scale_factor": 2}
    paths = [
        "/disclosure/",
        "/disclosure/search?" + urlencode({"q": "义务教育"}),
        f"/disclosure/d/{demo_interpretation().interprets_id}/",
        f"/disclosure/d/{_repealed().pk}/",
    ]
    for elder in (False, True):
        page = (elder_context(new_context, live_server, **options) if elder else new_context(**options)).new_page()
        for path in paths:
            page.goto(path)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            where = f"{path}{' (elder mode)' if elder else ''}"
            scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
            assert scroll_width <= width + 1, f"{where} scrolls horizontally at {width}px: scrollWidth={scroll_width}"
            overflowing = page.evaluate(OVERFLOWING_JS)
            assert not overflowing, f"{where} has content past the right edge at {width}px: {overflowing[:5]}"
