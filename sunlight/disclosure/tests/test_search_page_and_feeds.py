"""The public search page (synonyms, zero results, what a result shows) and the feeds (issue 9, item 14)."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import quote

import pytest

from sunlight.disclosure import actions

from .builders import published


@pytest.fixture
def dibao(dis):
    dis.doc = published(dis, title="关于调整城乡最低生活保障标准的通知", body_html="<p>自2025年7月起提高标准。</p>")
    return dis


def page(client, url, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


def test_an_abbreviation_finds_the_document_and_the_page_says_which_synonyms_were_searched(client, dibao):
    html = page(client, "/disclosure/search?q=低保")
    assert "共 1 条结果" in html and "<mark>最低生活保障</mark>" in html
    assert "同时检索了同义词和全称：低保 → 最低生活保障" in html


def test_a_result_shows_its_publisher_its_date_and_its_validity(client, dibao):
    html = page(client, "/disclosure/search?q=最低生活保障")
    meta = re.search(r'<p class="meta muted">(.*?)</p>', html, re.S).group(1)
    assert "青溪区人民政府" in meta and dibao.doc.published_at.strftime("%Y-") in meta
    assert 'class="badge badge-ok">有效<' in meta
    actions.change_validity(dibao.doc, by=dibao.officer, validity="expired", on=date(2025, 12, 31))
    assert 'class="badge badge-warning">失效<' in page(client, "/disclosure/search?q=最低生活保障")


def test_a_search_that_finds_nothing_offers_the_expansion_and_the_request_form(client, dibao):
    html = page(client, "/disclosure/search?q=" + quote("低保 补贴 明细"))
    assert "共 0 条结果" in html
    assert re.search(
        r"您是否要找：<a href=\"/disclosure/search\?q=%E6%9C%80%E4%BD%8E%E7%94%9F%E6%B4%BB%E4%BF%9D%E9%9A%9C\">最低生活保障</a>",
        html,
    )
    assert f'href="/requests/new?q={quote("低保 补贴 明细")}"' in html and "申请政府信息公开" in html


def test_the_request_form_starts_with_the_search_text(client, db):
    html = page(client, "/requests/new?q=" + quote("2025年低保资金发放明细"))
    assert re.search(r"<textarea[^>]*>\s*2025年低保资金发放明细</textarea>", html)


def test_the_catalog_without_a_query_does_not_offer_the_request_form_for_an_empty_list(client, db):
    assert "申请政府信息公开" not in page(client, "/disclosure/")


# --- feeds ---------------------------------------------------------------------------------------


def test_the_site_wide_feed_lists_new_documents_of_every_org(client, dibao):
    west = actions.create_document(
        publisher=dibao.west,
        by=dibao.west_officer,
        title="云湖区最低生活保障资金公示",
        created_on=date(2025, 3, 3),
        genre=dibao.notice,
    )
    actions.submit_document(west, by=dibao.west_officer)
    actions.review_document(west, by=dibao.west_reviewer, conclusion="approved", grounds="不涉及国家秘密")
    actions.publish_document(west, by=dibao.west_reviewer)
    rss = client.get("/disclosure/feeds/rss")
    assert rss["Content-Type"].startswith("application/rss+xml")
    text = rss.content.decode()
    assert "城乡最低生活保障标准" in text and "云湖区最低生活保障资金公示" in text
    assert client.get("/disclosure/feeds/atom")["Content-Type"].startswith("application/atom+xml")


def test_the_home_page_and_the_catalog_advertise_and_link_the_site_feed(client, db):
    for url in ("/", "/disclosure/"):
        html = page(client, url)
        assert '<link rel="alternate" type="application/rss+xml"' in html and 'href="/disclosure/feeds/rss"' in html, (
            url
        )
        assert 'href="/disclosure/feeds/"' in html, url  # a visible link to the subscribe page
    assert "/disclosure/feeds/rss" in page(client, "/disclosure/feeds/")


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_DEST": "document", "HTTP_SEC_FETCH_MODE": "navigate"},
        {"HTTP_ACCEPT": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
    ],
    ids=["chromium and firefox navigation", "a browser without fetch metadata"],
)
def test_a_feed_opened_in_a_browser_tab_is_a_readable_page(client, dibao, headers):
    for url in (
        "/disclosure/feeds/rss",
        f"/disclosure/feeds/orgs/{dibao.east.pk}/atom",
        f"/disclosure/feeds/topics/{dibao.education.parent_id}/rss",
    ):
        response = client.get(url, **headers)
        assert response["Content-Type"].startswith("text/html") and "Sec-Fetch-Dest" in response["Vary"], url
        html = response.content.decode()
        assert "如何订阅" in html and "城乡最低生活保障标准" in html and "青溪区人民政府" in html
        assert "http://testserver" + url.rsplit("/", 1)[0] + "/rss" in html


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_ACCEPT": "application/rss+xml, application/atom+xml;q=0.9, */*;q=0.1"},
        {"HTTP_SEC_FETCH_DEST": "empty", "HTTP_ACCEPT": "text/html"},  # fetch() from a reader in a browser extension
    ],
    ids=["no headers", "a feed reader", "fetch from a page"],
)
def test_feed_readers_get_the_xml(client, dibao, headers):
    response = client.get("/disclosure/feeds/rss", **headers)
    assert response["Content-Type"].startswith("application/rss+xml") and "<rss" in response.content.decode()


def test_the_search_api_names_the_synonyms_the_publisher_and_the_validity(client, dibao):
    body = client.get("/api/v1/disclosure/search", {"q": "低保"}).json()
    assert body["expansions"] == {"低保": ["最低生活保障"]} and body["total"] == 1
    assert body["hits"][0]["publisher"] == "青溪区人民政府" and body["hits"][0]["validity"] == "valid"
    assert client.get("/api/v1/disclosure/search", {"q": "低保 补贴 明细"}).json()["alternatives"] == ["最低生活保障"]
