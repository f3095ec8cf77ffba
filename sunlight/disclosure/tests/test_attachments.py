"""Attachments: real small files are accepted with their text; disguised, broken and oversize ones are refused."""

import hashlib
import io
import zipfile

import docx
import openpyxl
import pytest
from pypdf import PdfReader, PdfWriter

from sunlight.disclosure import attachments
from sunlight.disclosure.attachments import AttachmentRejected, Inspected, inspect
from sunlight.errors import SunlightError

from .builders import make_pdf

# --- building real files ---------------------------------------------------------------------------


def encrypted_pdf(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf("Secret budget 13812345678"))))
    writer.encrypt(user_password=user_password, owner_password="owner-only", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_docx() -> bytes:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "内部资料 注意保存"
    document.add_heading("关于2025年度部门预算公开的说明", level=1)
    document.add_paragraph("根据《中华人民共和国政府信息公开条例》，现将我局2025年度部门预算予以公开。")
    table = document.add_table(rows=2, cols=3)
    for row, values in zip(table.rows, [("项目", "金额（万元）", "联系人"), ("办公经费", "120.5", "张三 13812345678")]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    document.add_paragraph("特此说明。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "补助名单"
    sheet.append(["序号", "姓名", "手机号码", "补助金额"])
    sheet.append([1, "李四", 13812345678, 1200.5])
    sheet.append([2, "王五", "13912345678", 800.0])
    second = workbook.create_sheet("说明")
    second["B2"] = "以上名单公示七天"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_zip(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def ole2(*stream_names: str) -> bytes:
    """An OLE2 header followed by directory-like UTF-16LE stream names (enough for sniffing)."""
    body = b"".join(name.encode("utf-16-le") + b"\x00\x00" for name in stream_names)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + body + b"\x00" * 512


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    + b"\x00" * 32
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 32 + b"\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"


def refused(data, filename, **kwargs) -> str:
    """The refusal in the Chinese UI and in the English one, joined here (and only here) for the assertions."""
    from django.utils import translation

    with pytest.raises(AttachmentRejected) as info:
        inspect(data, filename, **kwargs)
    error = info.value
    assert isinstance(error, SunlightError)
    assert error.status == 400 and error.code == "attachment_rejected"
    assert " / " not in error.message and not any("a" <= ch <= "z" for ch in error.message.split("。")[0][-3:])
    if not isinstance(data, bytes):
        return error.message  # a stream is read once
    with translation.override("en"), pytest.raises(AttachmentRejected) as english:
        inspect(data, filename, **kwargs)
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in english.value.message)
    return f"{error.message} / {english.value.message}"


# --- accepted files ------------------------------------------------------------------------------


def test_a_pdf_is_accepted_with_the_text_of_all_its_pages_and_its_size_and_hash():
    data = make_pdf("Budget report 2025", "Contact 13812345678")
    result = inspect(data, "2025年部门预算.pdf")
    assert isinstance(result, Inspected)
    assert result.kind == "pdf" and result.size == len(data)
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert result.text == "Budget report 2025\nContact 13812345678" and result.note == ""


def test_a_pdf_without_a_text_layer_is_accepted_with_a_note_that_it_is_a_scan():
    result = inspect(make_pdf("", ""), "扫描件.pdf")
    assert result.kind == "pdf" and result.text == "" and result.note == "PDF 为扫描件，无文本层"


def test_a_pdf_that_needs_a_password_is_refused_since_it_cannot_be_checked_for_scripts():
    with pytest.raises(AttachmentRejected, match="打开密码"):
        inspect(encrypted_pdf("open-sesame"), "加密.PDF")


def test_a_pdf_protected_only_against_copying_is_read():
    result = inspect(encrypted_pdf(""), "禁止复制.pdf")
    assert result.text == "Secret budget 13812345678" and result.note == ""


def test_a_docx_gives_its_paragraphs_table_cells_and_header_in_chinese():
    result = inspect(make_docx(), "预算说明.docx")
    assert result.kind == "docx" and result.note == ""
    lines = result.text.split("\n")
    assert "关于2025年度部门预算公开的说明" in lines
    assert "根据《中华人民共和国政府信息公开条例》，现将我局2025年度部门预算予以公开。" in lines
    assert "项目\t金额（万元）\t联系人" in lines
    assert "办公经费\t120.5\t张三 13812345678" in lines
    assert lines.index("项目\t金额（万元）\t联系人") < lines.index("特此说明。")
    assert "内部资料 注意保存" in lines


def test_an_xlsx_gives_sheet_names_and_tab_separated_rows():
    result = inspect(make_xlsx(), "补助名单.xlsx")
    assert result.kind == "xlsx" and result.note == ""
    assert result.text == (
        "补助名单\n序号\t姓名\t手机号码\t补助金额\n1\t李四\t13812345678\t1200.5\n2\t王五\t13912345678\t800"
        "\n\n说明\n\t以上名单公示七天"
    )


@pytest.mark.parametrize(
    "data,filename,kind",
    [
        (PNG, "现场照片.png", "png"),
        (JPEG, "现场照片.JPG", "jpeg"),
        (JPEG, "a.jpeg", "jpeg"),
        (GIF, "流程图.gif", "gif"),
    ],
)
def test_images_are_recognised_by_their_magic_and_have_no_text(data, filename, kind):
    result = inspect(data, filename)
    assert result.kind == kind and result.text == "" and result.note == "图片无文本"


def test_legacy_doc_and_xls_are_told_apart_by_their_stream_names():
    doc = inspect(ole2("Root Entry", "WordDocument", "1Table", "\x05SummaryInformation"), "旧通知.doc")
    xls = inspect(ole2("Root Entry", "Workbook", "\x05SummaryInformation"), "旧报表.xls")
    old_xls = inspect(ole2("Root Entry", "Book"), "Excel95.xls")
    assert (doc.kind, doc.text, doc.note) == ("doc", "", "旧版 DOC 格式不提取文本")
    assert (xls.kind, xls.text, xls.note) == ("xls", "", "旧版 XLS 格式不提取文本")
    assert old_xls.kind == "xls"


def test_a_doc_with_an_embedded_workbook_is_still_a_doc():
    assert inspect(ole2("Root Entry", "WordDocument", "ObjectPool", "Workbook"), "附表.doc").kind == "doc"


def test_a_file_object_is_read_from_its_start():
    stream = io.BytesIO(make_pdf("From a stream"))
    stream.read(10)  # e.g. a form already peeked at it
    result = inspect(stream, "a.pdf")
    assert result.text == "From a stream" and result.size == len(stream.getvalue())


def test_a_windows_path_in_the_filename_is_refused():
    with pytest.raises(AttachmentRejected, match="路径分隔符"):
        inspect(PNG, "C:\\fakepath\\照片.PNG")


# --- disguised files -----------------------------------------------------------------------------


def test_an_executable_renamed_pdf_is_refused_and_named_for_what_it_is():
    message = refused(b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "通知.pdf")
    assert "Windows 可执行程序" in message and ".pdf" in message and "Windows executable" in message


def test_a_png_named_pdf_is_refused_as_a_mismatch():
    message = refused(PNG, "通知.pdf")
    assert "PNG 图片" in message and "PNG image" in message


def test_a_plain_zip_named_docx_is_refused():
    message = refused(make_zip({"readme.txt": "hello", "data.csv": "a,b"}), "通知.docx")
    assert "ZIP 压缩包" in message


def test_a_jar_named_docx_is_refused():
    data = make_zip({"META-INF/MANIFEST.MF": "Manifest-Version: 1.0\n", "Main.class": b"\xca\xfe\xba\xbe"})
    assert "Java 程序包" in refused(data, "通知.docx")


def test_an_odt_named_docx_is_refused():
    data = make_zip(
        {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office:document-content/>"}
    )
    assert "OpenDocument" in refused(data, "通知.docx")


def test_html_named_docx_or_xls_is_refused():
    page = "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><table><tr><td>名单</td></tr></table></body></html>"
    assert "HTML 网页" in refused(page.encode(), "通知.docx")
    assert "HTML 网页" in refused(("\ufeff  " + page).encode(), "导出名单.xls")


def test_an_xlsx_named_docx_is_refused_as_a_mismatch():
    message = refused(make_xlsx(), "通知.docx")
    assert "Excel 表格（XLSX）" in message


def test_a_legacy_workbook_named_doc_is_refused_as_a_mismatch():
    assert "XLS" in refused(ole2("Root Entry", "Workbook"), "通知.doc")


def test_a_macro_enabled_document_named_docx_is_refused():
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
    )
    data = make_zip(
        {"[Content_Types].xml": types, "word/document.xml": "<w:document/>", "word/vbaProject.bin": b"\x00"}
    )
    assert "启用宏" in refused(data, "通知.docx")


def test_a_password_protected_office_file_is_refused():
    assert "密码" in refused(ole2("Root Entry", "EncryptedInfo", "EncryptedPackage"), "名单.xlsx")


def test_a_file_type_outside_the_list_is_refused_whatever_its_content():
    assert "不支持的文件类型 .exe" in refused(b"MZ" + b"\x00" * 100, "setup.exe")
    assert "不支持的文件类型 .zip" in refused(make_docx(), "通知.zip")
    assert "无扩展名" in refused(make_pdf("x"), "通知")
    assert "不支持的文件类型 .exe" in refused(make_pdf("x"), "通知.pdf.exe")


def test_plain_text_named_pdf_is_refused():
    assert "纯文本" in refused("这是一段纯文本，不是PDF。".encode("gb18030"), "通知.pdf")


# --- broken files ----------------------------------------------------------------------------------


def test_a_pdf_with_a_header_but_garbage_after_it_is_refused_as_damaged():
    assert "PDF 文件已损坏或无法解析" in refused(b"%PDF-1.7\n\x00\x01 this is not really a pdf \xff\xfe", "通知.pdf")


def test_a_truncated_pdf_is_refused_as_damaged():
    data = make_pdf("Budget report 2025")
    assert "PDF 文件已损坏或无法解析" in refused(data[: len(data) // 2], "通知.pdf")


def test_a_docx_whose_parts_are_garbage_is_refused_as_damaged():
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    data = make_zip({"[Content_Types].xml": types, "word/document.xml": "<<< not xml"})
    assert "已损坏或无法打开" in refused(data, "通知.docx")


def test_a_truncated_docx_is_refused_as_damaged():
    data = make_docx()
    assert "已损坏或无法打开" in refused(data[: len(data) // 2], "通知.docx")


def test_a_truncated_xlsx_is_refused_as_damaged():
    data = make_xlsx()
    assert "已损坏或无法打开" in refused(data[: len(data) // 2], "名单.xlsx")


def test_a_png_without_its_header_chunk_is_refused_as_damaged():
    assert "已损坏" in refused(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "照片.png")


def test_a_docx_that_unpacks_beyond_the_cap_is_refused(monkeypatch):
    monkeypatch.setattr(attachments, "MAX_UNCOMPRESSED_BYTES", 2 * 1024 * 1024)
    document = docx.Document()
    document.add_paragraph("零" * 100)
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/padding.bin", b"\x00" * (3 * 1024 * 1024))  # compresses to a few KB
    data = buffer.getvalue()
    assert len(data) < 100 * 1024
    assert "解压后超过 2 MB" in refused(data, "通知.docx")


# --- size ------------------------------------------------------------------------------------------


def test_an_empty_file_is_refused():
    assert "文件为空" in refused(b"", "通知.pdf")
    assert "文件为空" in refused(io.BytesIO(b""), "通知.pdf")


def test_a_file_over_the_limit_is_refused_with_the_limit_in_mb():
    data = make_pdf("x")
    message = refused(data, "通知.pdf", max_bytes=len(data) - 1)
    assert "MB" in message
    assert "0.5 MB" in refused(PNG + b"\x00" * (512 * 1024), "a.png", max_bytes=512 * 1024)
    assert inspect(data, "通知.pdf", max_bytes=len(data)).kind == "pdf"


def test_a_large_file_object_is_not_read_past_the_limit():
    class Endless(io.RawIOBase):
        read_total = 0

        def readable(self):
            return True

        def read(self, size=-1):
            assert size is not None and size >= 0, "must not read without a bound"
            Endless.read_total += size
            return b"%PDF-" + b"0" * (size - 5)

    assert "50 MB" in refused(Endless(), "大文件.pdf")
    assert Endless.read_total == 50 * 1024 * 1024 + 1


def test_the_limit_comes_from_the_setting(settings):
    settings.DISCLOSURE_ATTACHMENT_MAX_BYTES = 20
    assert attachments.MAX_BYTES == 20
    assert "MB" in refused(PNG, "照片.png")
