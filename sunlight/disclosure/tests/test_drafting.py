"""Drafting in the workbench: screening and masking before submission, no unmasked value after masking, the
document lookup (解读的政策, 替代文件) and the rich-text body editor's page (the browser half: tests/browser)."""

from __future__ import annotations

import re

import pytest

from sunlight.disclosure import actions
from sunlight.disclosure.models import Document, Finding
from sunlight.errors import Conflict
from sunlight.events.models import Event

from .builders import ID, draft, published

MOBILE = "13812345678"


def _page(client, doc) -> str:
    return client.get(f"/workbench/disclosure/{doc.pk}/").content.decode()


def test_an_author_checks_a_draft_for_sensitive_information_and_masks_it_before_submitting(client, dis):
    doc = draft(dis, body_html=f"<p>申请人身份证号{ID}。</p>")
    client.force_login(dis.officer)
    assert "检查敏感信息" in _page(client, doc)
    response = client.post(f"/workbench/disclosure/{doc.pk}/screen")
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.status == "draft"
    finding = doc.findings.get(state="open")
    assert finding.kind == "id_number"
    assert Event.objects.filter(verb="disclosure.screen", object_id=str(doc.pk)).exists()

    assert client.post(f"/workbench/disclosure/{doc.pk}/findings/{finding.pk}/mask").status_code == 302
    doc.refresh_from_db()
    assert ID not in doc.body_html and doc.status == "draft"
    # Submitting screens again; the masked value is not found a second time.
    client.post(f"/workbench/disclosure/{doc.pk}/submit")
    doc.refresh_from_db()
    assert doc.status == "submitted" and not doc.findings.filter(state="open").exists()


def test_only_the_author_of_the_publisher_may_check_a_draft_and_only_a_draft(client, dis):
    doc = draft(dis, body_html=f"<p>{ID}</p>")
    client.force_login(dis.west_officer)
    assert client.post(f"/workbench/disclosure/{doc.pk}/screen").status_code == 403
    assert not doc.findings.exists()
    actions.submit_document(doc, by=dis.officer)
    with pytest.raises(Conflict):
        actions.screen_draft(doc, by=dis.officer)


def test_after_masking_the_page_and_its_source_never_show_the_unmasked_values(client, dis):
    doc = draft(dis, body_html="<p>各学校要按照划片招生原则做好入学工作。</p>")
    client.force_login(dis.officer)
    # The personal data comes in through an edit (an update event) and sits side by side (each in the other's context).
    response = client.post(
        f"/workbench/disclosure/{doc.pk}/edit",
        {
            "title": doc.title,
            "created_on": "2025-03-03",
            "genre": dis.notice.pk,
            "topic": dis.education.pk,
            "attribute": "proactive",
            "scope": "public",
            "time_limit": "permanent",
            "body_html": f"<p>联系人身份证号{ID}，手机{MOBILE}。</p>",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    client.post(f"/workbench/disclosure/{doc.pk}/screen")
    id_finding = doc.findings.get(kind="id_number")
    client.post(f"/workbench/disclosure/{doc.pk}/findings/{id_finding.pk}/mask")
    page = _page(client, doc)
    assert ID not in page, "the raw ID number is still on the page after masking it"
    assert MOBILE in page  # not masked yet: still shown, to be dealt with

    client.post(f"/workbench/disclosure/{doc.pk}/findings/{doc.findings.get(kind='mobile').pk}/mask")
    page = _page(client, doc)
    assert ID not in page and MOBILE not in page
    assert not Finding.objects.filter(document=doc, text__in=[ID, MOBILE]).exists()
    assert not any(ID in f.context or MOBILE in f.context for f in doc.findings.all())


def test_a_value_the_author_removes_by_hand_leaves_the_findings_table(client, dis):
    doc = draft(dis, body_html=f"<p>身份证号{ID}。</p>")
    actions.screen_draft(doc, by=dis.officer)
    actions.update_document(doc, by=dis.officer, body_html="<p>身份证号（已删除）。</p>")
    client.force_login(dis.officer)
    assert ID not in _page(client, doc)
    assert not doc.findings.filter(state="open").exists()


def test_the_event_log_keeps_a_digest_of_the_body_not_the_body(dis):
    doc = draft(dis)
    actions.update_document(doc, by=dis.officer, body_html=f"<p>{ID}</p>")
    event = Event.objects.filter(verb="disclosure.update", object_id=str(doc.pk)).latest("seq")
    assert ID not in str(event.data) and "SHA-256" in event.data["after"]["body_html"]


# --- the document lookup (autocomplete) -------------------------------------------------------------------


@pytest.fixture
def policies(dis):
    east_published = published(dis, title="关于印发养老服务补贴办法的通知", doc_number="青民发〔2025〕3号")
    west_published = published(dis, publisher=dis.west, title="云湖区养老服务实施细则")
    own_draft = draft(dis, title="养老服务补贴办法（修订草案）")
    west_draft = draft(dis, publisher=dis.west, title="云湖区养老服务内部草稿")
    return east_published, west_published, own_draft, west_draft


def _options(response) -> list[str]:
    return re.findall(r'data-value="([^"]+)"', response.content.decode())


def test_the_lookup_finds_documents_by_title_index_number_and_doc_number_in_scope_or_published(client, dis, policies):
    published, west_published, own_draft, west_draft = policies
    client.force_login(dis.officer)
    found = _options(client.get("/workbench/disclosure/lookup", {"interprets": "养老服务"}))
    assert set(found) == {published.index_number, west_published.index_number, own_draft.index_number}
    assert west_draft.index_number not in found  # another district's draft is not offered
    assert _options(client.get("/workbench/disclosure/lookup", {"q": "青民发〔2025〕3号"})) == [published.index_number]
    assert _options(client.get("/workbench/disclosure/lookup", {"q": west_published.index_number})) == [
        west_published.index_number
    ]
    only_published = _options(client.get("/workbench/disclosure/lookup", {"replaced_by": "养老服务", "published": "1"}))
    assert set(only_published) == {published.index_number, west_published.index_number}
    assert 'role="option"' in client.get("/workbench/disclosure/lookup", {"q": "查无此文"}).content.decode()


def test_the_lookup_is_refused_to_visitors_and_citizens(client, dis, policies):
    assert "/workbench/login" in client.get("/workbench/disclosure/lookup", {"q": "养老"})["Location"]
    client.force_login(dis.citizen)
    response = client.get("/workbench/disclosure/lookup", {"q": "养老"})
    assert response.status_code in (302, 403) and "养老" not in response.content.decode()


def test_the_interprets_field_is_a_lookup_not_a_select_of_every_document(client, dis, policies):
    client.force_login(dis.officer)
    page = client.get("/workbench/disclosure/new").content.decode()
    assert '<select name="interprets"' not in page
    assert re.search(r'<input[^>]+name="interprets"[^>]+role="combobox"', page)
    assert 'hx-get="/workbench/disclosure/lookup"' in page
    assert "<script>" not in page and "disclosure/lookup.js" in page and "disclosure/editor.js" in page


def test_the_interprets_field_takes_an_index_number_without_javascript(client, dis, policies):
    _published, west_published, _own_draft, west_draft = policies
    client.force_login(dis.officer)
    data = {
        "publisher": dis.east.pk,
        "title": "养老服务补贴办法解读",
        "created_on": "2025-03-03",
        "genre": dis.notice.pk,
        "attribute": "proactive",
        "scope": "public",
        "time_limit": "permanent",
        "body_html": "<p>解读</p>",
    }
    response = client.post("/workbench/disclosure/new", data | {"interprets": f" {west_published.index_number} "})
    assert response.status_code == 302
    assert Document.objects.get(title="养老服务补贴办法解读").interprets == west_published

    refused = client.post(
        "/workbench/disclosure/new", data | {"title": "另一篇", "interprets": west_draft.index_number}
    )
    assert refused.status_code == 400 and "找不到索引号" in refused.content.decode()
    assert not Document.objects.filter(title="另一篇").exists()
    # The edit page shows the chosen document's 索引号 in the field.
    doc = Document.objects.get(title="养老服务补贴办法解读")
    assert (
        f'value="{west_published.index_number}"' in client.get(f"/workbench/disclosure/{doc.pk}/edit").content.decode()
    )


def test_the_replacement_of_a_repealed_document_is_chosen_by_index_number(client, dis, policies):
    published, west_published, *_ = policies
    client.force_login(dis.officer)
    response = client.post(
        f"/workbench/disclosure/{published.pk}/validity",
        {"validity": "repealed", "on": "2025-06-01", "replaced_by": west_published.index_number},
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.replaced_by == west_published


# --- the body editor --------------------------------------------------------------------------------------


def test_the_body_is_a_textarea_that_the_editor_enhances_and_the_editor_is_vendored_with_its_licence(client, dis):
    from django.contrib.staticfiles import finders

    client.force_login(dis.officer)
    page = client.get("/workbench/disclosure/new").content.decode()
    assert re.search(r'<textarea[^>]+name="body_html"[^>]*data-rich-editor', page)
    for path in (
        "disclosure/vendor/quill/quill.js",
        "disclosure/vendor/quill/quill.snow.css",
        "disclosure/vendor/quill/LICENSE",
        "disclosure/editor.js",
        "disclosure/lookup.js",
    ):
        assert finders.find(path), path
    with open(finders.find("disclosure/editor.js"), encoding="utf-8") as script:
        assert "new Function(" not in script.read()


def test_html_from_the_editor_is_sanitised_on_save(client, dis):
    client.force_login(dis.officer)
    client.post(
        "/workbench/disclosure/new",
        {
            "publisher": dis.east.pk,
            "title": "编辑器正文",
            "created_on": "2025-03-03",
            "genre": dis.notice.pk,
            "attribute": "proactive",
            "scope": "public",
            "time_limit": "permanent",
            "body_html": '<p class="ql-align-center" onclick="x()"><strong>加粗</strong><img src=x onerror=alert(1)></p><script>alert(1)</script>',
        },
    )
    body = Document.objects.get(title="编辑器正文").body_html
    assert "<strong>加粗</strong>" in body and "onclick" not in body and "onerror" not in body and "<script" not in body
