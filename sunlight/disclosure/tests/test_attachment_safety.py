"""Active content and polyglots in attachments, and bad file names, on every upload path (issue 9, item 8).

Decided per case (docs/disclosure.md): bytes after an image's or a PDF's end are cut off; a PDF with scripts,
event or launch actions or embedded files is refused, and so is an image that still carries HTML or script.
"""

from __future__ import annotations

import base64
import io
import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from sunlight.accounts.models import ApiToken
from sunlight.disclosure import actions
from sunlight.disclosure.attachments import AttachmentRejected, check_filename, inspect
from sunlight.disclosure.models import Document

from .builders import draft, make_pdf

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def image(fmt: str) -> bytes:
    buffer = io.BytesIO()
    picture = Image.new("RGB", (16, 16), (200, 30, 30))
    if fmt == "JPEG":  # an EXIF thumbnail carries its own FFD9 inside APP1: the end is the outer EOI
        picture.save(buffer, fmt, exif=Image.Exif(), quality=80)
    else:
        picture.save(buffer, fmt)
    return buffer.getvalue()


def pdf_with(edit) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf("Notice 2025"))))
    edit(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _open_action_js(writer: PdfWriter) -> None:
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)


def _launch(writer: PdfWriter) -> None:
    action = DictionaryObject({NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")})
    writer._root_object[NameObject("/OpenAction")] = action


def _page_aa(writer: PdfWriter) -> None:
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("https://example.org/")}
    )
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): action})


def _document_js(writer: PdfWriter) -> None:
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
    )
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("x"), writer._add_object(action)])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): writer._add_object(tree)})


ACTIVE_PDFS = {
    "document JavaScript (/Names /JavaScript)": _document_js,
    "an /OpenAction that runs JavaScript": _open_action_js,
    "a launch action": _launch,
    "additional actions (/AA) on a page": _page_aa,
    "an embedded file": lambda w: w.add_attachment("payload.exe", b"MZ\x90\x00"),
}


@pytest.mark.parametrize("build", ACTIVE_PDFS.values(), ids=ACTIVE_PDFS.keys())
def test_a_pdf_with_active_content_is_refused(build):
    with pytest.raises(AttachmentRejected, match="脚本"):
        inspect(pdf_with(build), "通知.pdf")


def test_a_javascript_key_written_with_a_hex_escape_is_still_found():
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    raw = make_pdf("Notice").replace(
        catalog, catalog[:-2] + b"/OpenAction << /S /JavaScript /J#53 (app.alert(1)) >> >>"
    )
    raw = _fix_xref(raw)
    with pytest.raises(AttachmentRejected, match="脚本"):
        inspect(raw, "通知.pdf")


def _fix_xref(raw: bytes) -> bytes:
    """Re-save through pypdf so the offsets are right after a hand edit."""
    buffer = io.BytesIO()
    PdfWriter(clone_from=PdfReader(io.BytesIO(raw), strict=False)).write(buffer)
    return buffer.getvalue()


def test_a_plain_pdf_with_links_and_a_goto_open_action_is_accepted():
    def goto(writer: PdfWriter) -> None:
        writer.add_uri(0, "https://www.gov.cn/", [0, 0, 100, 100])

    result = inspect(pdf_with(goto), "通知.pdf")
    assert result.kind == "pdf" and result.removed_bytes == 0


@pytest.mark.parametrize("fmt,ext", [("PNG", "png"), ("JPEG", "jpg"), ("GIF", "gif")])
def test_html_after_the_end_of_an_image_is_cut_off_and_the_image_is_kept(fmt, ext):
    clean = image(fmt)
    result = inspect(clean + HTML, f"照片.{ext}")
    assert result.data == clean and result.removed_bytes == len(HTML) and result.size == len(clean)


def test_html_after_the_last_eof_of_a_pdf_is_cut_off():
    clean = make_pdf("Notice 2025")
    result = inspect(clean + HTML, "通知.pdf")
    assert result.data == clean and result.removed_bytes == len(HTML) and result.text == "Notice 2025"


def test_an_incrementally_updated_pdf_keeps_every_revision():
    writer = PdfWriter(io.BytesIO(make_pdf("First")), incremental=True)
    writer.add_metadata({"/Title": "revised"})
    buffer = io.BytesIO()
    writer.write(buffer)
    raw = buffer.getvalue()
    assert raw.count(b"%%EOF") >= 2
    assert inspect(raw, "通知.pdf").data == raw


def test_script_inside_an_image_comment_is_refused():
    clean = image("JPEG")
    comment = b"\xff\xfe" + (len(HTML) + 2).to_bytes(2, "big") + HTML
    with pytest.raises(AttachmentRejected, match="网页代码或脚本"):
        inspect(clean[:2] + comment + clean[2:], "照片.jpg")


@pytest.mark.parametrize(
    "name",
    [
        "",
        "   ",
        "../../etc/passwd.pdf",
        "dir/通知.pdf",
        "C:\\x\\通知.pdf",
        "通\x00知.pdf",
        "通知\n.pdf",
        "报告\u202efdp.exe",
        "CON.pdf",
        "nul.png",
        "com1.pdf",
        ".pdf",
        "通知.pdf.",
        " 通知.pdf",
        "a<b>.pdf",
        "what?.pdf",
        "长" * 201 + ".pdf",
    ],
)
def test_bad_file_names_are_refused(name):
    with pytest.raises(AttachmentRejected):
        check_filename(name)


@pytest.mark.parametrize(
    "name", ["关于2025年预算公开的通知.pdf", "附件1 统计表（修订版）.xlsx", "photo_01.JPG", "condition.pdf"]
)
def test_ordinary_file_names_are_accepted(name):
    assert check_filename(name) == name


# --- every path ---------------------------------------------------------------------------------


def test_the_action_stores_the_cleaned_bytes_and_logs_what_was_cut(dis):
    doc = draft(dis, title="附件测试", created_on=date(2025, 4, 1), topic=None, body_html="")
    clean = image("PNG")
    att = actions.add_attachment(doc, by=dis.officer, data=clean + HTML, filename="照片.png")
    att.refresh_from_db()
    assert att.file.read() == clean and att.size == len(clean)
    from sunlight.events.models import Event

    assert Event.objects.filter(verb="disclosure.attach").latest("seq").data["removed_trailing_bytes"] == len(HTML)


def _oa(dis, client, attachment):
    _t, token = ApiToken.issue(dis.officer, "OA")
    body = {
        "publisher_id": dis.east.pk,
        "title": "OA 推送",
        "created_on": "2025-04-01",
        "genre": "notice",
        "attribute": "proactive",
        "attachments": [attachment],
    }
    return client.post(
        "/api/v1/disclosure/oa/documents",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


@pytest.mark.parametrize("filename", ["../../../../tmp/x.pdf", "通\x07知.pdf", "CON.pdf"])
def test_the_oa_api_answers_a_bad_file_name_with_its_json_400(client, dis, filename):
    response = _oa(dis, client, {"filename": filename, "content_base64": base64.b64encode(make_pdf("x")).decode()})
    assert response.status_code == 400 and response["Content-Type"].startswith("application/json")
    assert response.json()["error"] == "attachment_rejected" and "文件名" in response.json()["message"]
    assert not Document.objects.exists()


def test_the_oa_api_refuses_a_pdf_with_javascript(client, dis):
    raw = pdf_with(ACTIVE_PDFS["an /OpenAction that runs JavaScript"])
    response = _oa(dis, client, {"filename": "通知.pdf", "content_base64": base64.b64encode(raw).decode()})
    assert response.status_code == 400 and "脚本" in response.json()["message"]
    assert not Document.objects.exists()


def test_the_oa_api_stores_an_image_without_what_followed_its_end(client, dis):
    clean = image("GIF")
    response = _oa(dis, client, {"filename": "图.gif", "content_base64": base64.b64encode(clean + HTML).decode()})
    assert response.status_code == 201, response.content
    assert Document.objects.get().attachments.get().file.read() == clean


def test_the_workbench_shows_a_bad_file_name_as_an_error_of_the_upload_field(client, dis):
    doc = draft(dis, title="附件测试", created_on=date(2025, 4, 1), topic=None, body_html="")
    client.force_login(dis.officer)
    upload = SimpleUploadedFile("CON.pdf", make_pdf("x"), content_type="application/pdf")
    response = client.post(f"/workbench/disclosure/{doc.pk}/attach", {"file": upload})
    assert (
        response.status_code == 400
        and "附件（PDF、Word、Excel、图片）：文件名不能使用系统保留的设备名" in response.content.decode()
    )
    assert not doc.attachments.exists()


def test_the_workbench_says_that_trailing_content_was_removed(client, dis):
    doc = draft(dis, title="附件测试", created_on=date(2025, 4, 1), topic=None, body_html="")
    client.force_login(dis.officer)
    upload = SimpleUploadedFile("照片.jpg", image("JPEG") + HTML, content_type="image/jpeg")
    response = client.post(f"/workbench/disclosure/{doc.pk}/attach", {"file": upload}, follow=True)
    assert "已删除" in response.content.decode() and doc.attachments.get().size == len(image("JPEG"))


def test_the_bulk_import_stores_cleaned_files_and_refuses_active_pdfs(dis, tmp_path):
    from sunlight.disclosure.importing import import_documents

    clean = image("PNG")
    (tmp_path / "图.png").write_bytes(clean + HTML)
    (tmp_path / "坏.pdf").write_bytes(pdf_with(ACTIVE_PDFS["a launch action"]))
    code = dis.east.credit_code
    base = {
        "publisher": dis.east.name,
        "title": "导入",
        "created_on": "2025-01-02",
        "genre": "通知",
        "validity": "有效",
        "attribute": "主动公开",
        "status": "已发布",
    }
    rows = [
        (2, {**base, "index_number": f"{code}/2025-00001", "attachments": "图.png"}),
        (3, {**base, "index_number": f"{code}/2025-00002", "attachments": "坏.pdf"}),
    ]
    report = import_documents(rows, by=dis.officer, files_dir=tmp_path, workers=1)
    assert report.created == 1, report.failed
    assert Document.objects.get().attachments.get().file.read() == clean
    assert [line for line, _n, message in report.failed if "脚本" in message] == [3]
