"""The public sees only what is published: pages, search, feeds, sitemap and exports alike."""

import json

import pytest

from sunlight.disclosure import actions
from sunlight.disclosure.models import Document

from .builders import draft, published


@pytest.fixture
def docs(dis):
    dis.public = published(dis, title="关于做好义务教育招生工作的通知", key_areas=[dis.procurement])
    dis.hidden = draft(dis, title="尚未发布的义务教育草稿")
    dis.withdrawn = published(dis, title="已撤回的义务教育文件")
    actions.withdraw_document(dis.withdrawn, by=dis.officer, reason="错误")
    return dis


def body(response) -> str:
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode()


def test_a_published_document_page_shows_its_metadata_block(client, docs):
    page = body(client.get(f"/disclosure/d/{docs.public.pk}/"))
    for text in [docs.public.index_number, "青溪区人民政府", "成文日期", "有效", "公开范围", "政府采购"]:
        assert text in page


def test_unpublished_and_withdrawn_documents_are_a_404(client, docs):
    assert client.get(f"/disclosure/d/{docs.hidden.pk}/").status_code == 404
    assert client.get(f"/disclosure/d/{docs.withdrawn.pk}/").status_code == 404
    assert client.get(f"/api/v1/disclosure/documents/{docs.hidden.pk}").status_code == 404


def test_search_finds_only_the_published_document_with_highlighting(client, docs):
    page = body(client.get("/disclosure/search?q=义务教育"))
    assert "共 1 条结果" in page and "<mark>" in page
    assert "草稿" not in page and "已撤回" not in page


def test_exact_index_number_lookup(client, docs):
    page = body(client.get("/disclosure/search", {"q": docs.public.index_number}))
    assert "精确匹配" in page and docs.public.title in page


def test_filters_narrow_the_results_and_bad_filters_are_a_400(client, docs):
    assert "共 1 条结果" in body(client.get("/disclosure/search?q=义务教育&key_area=procurement"))
    assert "共 0 条结果" in body(client.get("/disclosure/search?q=义务教育&year=2019"))
    assert client.get("/disclosure/search?year=abc").status_code == 400


def test_feeds_sitemap_and_exports_hold_only_published_documents(client, docs):
    for url in [
        f"/disclosure/feeds/orgs/{docs.city.pk}/rss",
        f"/disclosure/feeds/orgs/{docs.east.pk}/atom",
        f"/disclosure/feeds/topics/{docs.education.parent_id}/rss",
        "/sitemap-documents.xml",
        "/disclosure/export.csv",
        "/disclosure/export.json",
    ]:
        text = body(client.get(url))
        assert "招生工作" in text or f"/disclosure/d/{docs.public.pk}/" in text, url
        assert "草稿" not in text and "已撤回" not in text, url


def test_the_csv_export_opens_in_excel_and_respects_filters(client, docs):
    text = body(client.get("/disclosure/export.csv?year=2019"))
    assert text.startswith("\ufeff索引号,名称,发布机构")
    assert len(text.strip().splitlines()) == 1
    rows = json.loads(body(client.get(f"/disclosure/export.json?org={docs.east.pk}")))
    assert [r["index_number"] for r in rows] == [docs.public.index_number]
    assert client.get("/disclosure/export.csv?org=abc").status_code == 400


def test_catalog_pages_render(client, docs):
    for url in [
        "/disclosure/",
        "/disclosure/orgs/",
        f"/disclosure/orgs/{docs.east.pk}/",
        f"/disclosure/orgs/{docs.east.pk}/guide",
        "/disclosure/key-areas/",
        "/disclosure/key-areas/resources/",
        "/disclosure/statistics",
        "/sitemap.xml",
    ]:
        assert client.get(url).status_code == 200, url
    assert client.get("/disclosure/key-areas/nope/").status_code == 404


def test_the_search_api_and_list_api(client, docs):
    data = client.get("/api/v1/disclosure/search?q=义务教育").json()
    assert data["total"] == 1 and data["hits"][0]["id"] == docs.public.pk
    listing = client.get("/api/v1/disclosure/documents").json()
    assert listing["count"] == 1 and listing["items"][0]["index_number"] == docs.public.index_number
    assert client.get("/api/v1/disclosure/search?per_page=1000").status_code == 422


def test_attachments_download_only_from_public_documents(client, docs, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    doc = draft(docs, title="带附件")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
    att = actions.add_attachment(doc, by=docs.officer, data=png, filename="图.png")
    assert client.get(f"/disclosure/d/{doc.pk}/attachments/{att.pk}").status_code == 404
    published(docs, Document.objects.get(pk=doc.pk))
    response = client.get(f"/disclosure/d/{doc.pk}/attachments/{att.pk}")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_the_export_of_a_search_holds_what_the_search_matched(client, docs):
    other = published(docs, title="关于城乡低保标准的通知", body_html="<p>低保标准调整。</p>")
    rows = json.loads(body(client.get("/disclosure/export.json", {"q": "义务教育"})))
    assert [r["index_number"] for r in rows] == [docs.public.index_number]
    rows = json.loads(body(client.get("/disclosure/export.json", {"q": "低保"})))
    assert [r["index_number"] for r in rows] == [other.index_number]


def test_unknown_filter_values_are_a_4xx_in_search_and_list_alike(client, docs):
    for url in ["/api/v1/disclosure/search?validity=nope", "/api/v1/disclosure/documents?validity=nope"]:
        response = client.get(url)
        assert response.status_code == 400 and "validity" in response.json()["message"], url
    assert client.get("/api/v1/disclosure/documents?key_area=nope").status_code == 404
