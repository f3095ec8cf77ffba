"""The staff side and the OA endpoint: scoped, refused to outsiders, all-or-nothing."""

import base64
import json
from datetime import date

from sunlight.accounts.models import ApiToken
from sunlight.disclosure.models import Document

from .builders import ID, draft


def test_the_workbench_list_shows_only_documents_of_my_orgs(client, dis):
    mine = draft(dis, title="青溪的草稿")
    from sunlight.disclosure import actions

    actions.create_document(
        publisher=dis.west, by=dis.west_officer, title="云湖的草稿", created_on=date(2025, 1, 2), genre=dis.notice
    )
    client.force_login(dis.officer)
    page = client.get("/workbench/disclosure/").content.decode()
    assert mine.title in page and "云湖的草稿" not in page


def test_an_outsider_is_refused_a_documents_workbench_page_and_its_acts(client, dis):
    doc = draft(dis)
    client.force_login(dis.west_officer)
    assert client.get(f"/workbench/disclosure/{doc.pk}/").status_code == 403
    assert client.post(f"/workbench/disclosure/{doc.pk}/submit").status_code == 403
    assert Document.objects.get(pk=doc.pk).status == "draft"


def test_anonymous_visitors_are_sent_to_login(client, dis):
    doc = draft(dis)
    for url in ["/workbench/disclosure/", "/workbench/disclosure/new", f"/workbench/disclosure/{doc.pk}/"]:
        assert "/workbench/login" in client.get(url)["Location"]


def test_staff_draft_submit_mask_review_and_publish_through_the_web(client, dis):
    client.force_login(dis.officer)
    response = client.post(
        "/workbench/disclosure/new",
        {
            "publisher": dis.east.pk,
            "title": "网页起草的通知",
            "created_on": "2025-03-03",
            "genre": dis.notice.pk,
            "attribute": "proactive",
            "scope": "public",
            "time_limit": "permanent",
            "body_html": f"<p>身份证{ID}</p>",
        },
    )
    doc = Document.objects.get(title="网页起草的通知")
    assert response.status_code == 302
    client.post(f"/workbench/disclosure/{doc.pk}/submit")
    finding = doc.findings.get()
    client.force_login(dis.reviewer)
    client.post(f"/workbench/disclosure/{doc.pk}/findings/{finding.pk}/mask")
    client.post(f"/workbench/disclosure/{doc.pk}/review", {"conclusion": "approved", "grounds": "无涉密内容"})
    client.post(f"/workbench/disclosure/{doc.pk}/publish", {"at": ""})
    doc.refresh_from_db()
    assert doc.status == "published" and ID not in doc.body_html
    assert client.get(f"/disclosure/d/{doc.pk}/").status_code == 200


def test_a_refused_act_comes_back_as_a_4xx_with_the_reason(client, dis):
    doc = draft(dis)
    client.force_login(dis.officer)
    response = client.post(f"/workbench/disclosure/{doc.pk}/publish", {"at": ""})
    assert response.status_code == 409 and "保密审查" in response.content.decode()


def test_a_bad_upload_is_refused_and_nothing_is_written(client, dis, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    doc = draft(dis)
    client.force_login(dis.officer)
    fake = SimpleUploadedFile("通知.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf")
    response = client.post(f"/workbench/disclosure/{doc.pk}/attach", {"file": fake})
    assert response.status_code == 400 and "可执行" in response.content.decode()
    assert not doc.attachments.exists() and not list(tmp_path.rglob("*.pdf"))


def oa_body(dis, **extra):
    body = {
        "publisher_id": dis.east.pk,
        "title": "OA 推送的通知",
        "created_on": "2025-04-01",
        "genre": "notice",
        "attribute": "proactive",
        "body_html": "<p>请各单位知悉。</p>",
        "key_areas": ["procurement"],
    }
    body.update(extra)
    return json.dumps(body)


def test_an_oa_system_pushes_a_document_into_review(client, dis):
    _t, token = ApiToken.issue(dis.officer, "OA")
    response = client.post(
        "/api/v1/disclosure/oa/documents",
        data=oa_body(dis),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 201, response.content
    doc = Document.objects.get(pk=response.json()["id"])
    assert doc.status == "submitted" and doc.source == "oa" and doc.key_areas.get().code == "procurement"


def test_an_oa_push_with_a_broken_attachment_writes_nothing(client, dis, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    _t, token = ApiToken.issue(dis.officer, "OA")
    broken = {"filename": "a.pdf", "content_base64": base64.b64encode(b"%PDF-1.4 garbage").decode()}
    response = client.post(
        "/api/v1/disclosure/oa/documents",
        data=oa_body(dis, attachments=[broken]),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 400 and "PDF" in response.json()["message"]
    assert not Document.objects.exists()


def test_an_oa_push_is_refused_for_another_districts_publisher_and_for_bad_codes(client, dis):
    _t, token = ApiToken.issue(dis.west_officer, "OA")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert (
        client.post(
            "/api/v1/disclosure/oa/documents", data=oa_body(dis), content_type="application/json", **auth
        ).status_code
        == 403
    )
    bad = client.post(
        "/api/v1/disclosure/oa/documents",
        data=oa_body(dis, publisher_id=dis.west.pk, genre="nope"),
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 400 and "体裁" in bad.json()["message"]
    missing = client.post(
        "/api/v1/disclosure/oa/documents", data=json.dumps({"title": "x"}), content_type="application/json", **auth
    )
    assert missing.status_code == 422
    assert not Document.objects.exists()


def test_an_officer_edits_the_guide_and_the_public_sees_it_sanitised(client, dis):
    client.force_login(dis.officer)
    response = client.post(
        f"/workbench/disclosure/guides/{dis.east.pk}", {"body_html": "<h2>一、主动公开</h2><script>x()</script>"}
    )
    assert response.status_code == 302
    client.logout()
    page = client.get(f"/disclosure/orgs/{dis.east.pk}/guide").content.decode()
    assert "一、主动公开" in page and "<script>x()" not in page


def test_an_outsider_cannot_edit_a_guide(client, dis):
    client.force_login(dis.west_officer)
    assert client.post(f"/workbench/disclosure/guides/{dis.east.pk}", {"body_html": "<p>x</p>"}).status_code == 403
    assert client.get(f"/workbench/disclosure/guides/{dis.east.pk}").status_code == 403
