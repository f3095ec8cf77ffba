"""Attachments of government information: accept a file only if it is what it claims, and extract its text.

``inspect(data, filename)`` decides the kind from the bytes (never from the name or the browser's
Content-Type), checks that the file extension agrees, checks the file opens, and extracts the text
that screening scans and search indexes. Anything else is refused with ``AttachmentRejected``.

Accepted: PDF, DOCX, XLSX (text extracted); DOC, XLS (legacy OLE2, recognised but no text); PNG,
JPEG, GIF (no text).

Active content and polyglots (docs/disclosure.md, "附件的安全检查"): bytes after the end of an image
(JPEG EOI, PNG IEND, GIF trailer) or after a PDF's last ``%%EOF`` are cut off — they are no part of
what any reader shows, and are where an HTML/script polyglot hides — and ``Inspected.data`` is the file
to store. A PDF with JavaScript, actions run on open or on events (/AA), launch actions, embedded files
or rich media is refused (removing them could change what the document says or does; the publisher
re-exports it), and so is an image that still holds HTML or script markup, and a PDF that needs a
password to open (it cannot be checked, and the public could not open it). A file name with path
separators, control characters, Windows-reserved names or characters, or over 200 characters is refused.

Refused too: empty or oversize files, unknown content (executables, HTML, RTF, plain zips, ODF/OFD,
macro-enabled or password-protected Office files, …), a content/extension mismatch, a PDF/DOCX/XLSX
that does not open, a DOCX/XLSX that unpacks to more than ``MAX_UNCOMPRESSED_BYTES``.

Django is only touched to read ``settings.DISCLOSURE_ATTACHMENT_MAX_BYTES`` (when configured).
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import zipfile
from dataclasses import dataclass

from sunlight.errors import SunlightError

logger = logging.getLogger(__name__)

# Mirrors sunlight.disclosure.models.Attachment.Kind (plain strings so no Django set-up is needed).
PDF = "pdf"
DOCX = "docx"
DOC = "doc"
XLSX = "xlsx"
XLS = "xls"
PNG = "png"
JPEG = "jpeg"
GIF = "gif"

EXTENSIONS = {
    ".pdf": PDF,
    ".docx": DOCX,
    ".doc": DOC,
    ".xlsx": XLSX,
    ".xls": XLS,
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".gif": GIF,
}

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # DOCX/XLSX: total declared size of all members
MAX_ZIP_MEMBERS = 10_000
MAX_TEXT_CHARS = 1_000_000

# What each kind is called in messages.
KIND_NAMES = {
    PDF: ("PDF 文档", "a PDF document"),
    DOCX: ("Word 文档（DOCX）", "a Word document (DOCX)"),
    DOC: ("旧版 Word 文档（DOC）", "a legacy Word document (DOC)"),
    XLSX: ("Excel 表格（XLSX）", "an Excel workbook (XLSX)"),
    XLS: ("旧版 Excel 表格（XLS）", "a legacy Excel workbook (XLS)"),
    PNG: ("PNG 图片", "a PNG image"),
    JPEG: ("JPEG 图片", "a JPEG image"),
    GIF: ("GIF 图片", "a GIF image"),
}

NOTE_IMAGE = "图片无文本"
NOTE_DOC = "旧版 DOC 格式不提取文本"
NOTE_XLS = "旧版 XLS 格式不提取文本"
NOTE_PDF_SCANNED = "PDF 为扫描件，无文本层"
NOTE_PDF_ENCRYPTED = "PDF 已加密，未提取文本"
NOTE_PDF_FAILED = "PDF 文本提取失败"
NOTE_TRUNCATED = f"文本超过 {MAX_TEXT_CHARS} 字符，已截断"
NOTE_NO_TEXT = "文件中没有文字"


def __getattr__(name: str):
    # ``attachments.MAX_BYTES`` reads the setting when asked, so override_settings applies.
    if name == "MAX_BYTES":
        return configured_max_bytes()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def configured_max_bytes() -> int:
    try:
        from django.conf import settings

        return int(getattr(settings, "DISCLOSURE_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))
    except Exception:  # Django not installed or not configured (plain scripts, bare tests)
        return DEFAULT_MAX_BYTES


class AttachmentRejected(SunlightError):
    status = 400
    code = "attachment_rejected"


@dataclass
class Inspected:
    kind: str  # an Attachment.Kind value
    size: int
    sha256: str
    text: str
    note: str  # why text is empty (or partial); "" when the text is complete
    data: bytes = b""  # the bytes to store: the upload, less anything after the image's or PDF's end
    removed_bytes: int = 0  # how many trailing bytes were cut off (0: stored as uploaded)


def _reject(zh: str, en: str) -> AttachmentRejected:
    """The refusal in the language of the request: these sentences are built from the file kinds' names in both
    languages (KIND_NAMES), so they pick a language here instead of going through the catalog one by one."""
    from django.utils.translation import get_language

    return AttachmentRejected(en if (get_language() or "").startswith("en") else _spaced(zh))


def store(row, inspected: Inspected, storage_name: str) -> dict:
    """Save an inspected upload's bytes (the upload less anything after the image's or PDF's end) into `row.file`
    and the row itself; no row, no file. Returns what the act's event records of it."""
    from django.core.files.base import ContentFile

    row.file.save(storage_name, ContentFile(inspected.data), save=False)
    try:
        row.save()
    except Exception:
        row.file.delete(save=False)
        raise
    event = {"name": row.name, "kind": row.kind, "size": row.size, "sha256": row.sha256}
    if inspected.removed_bytes:
        event["removed_trailing_bytes"] = inspected.removed_bytes
    return event


def _describe(kind: str) -> tuple[str, str]:
    return KIND_NAMES[kind]


def _spaced(zh: str) -> str:
    """Put a space between a Chinese character and an ASCII word that meet inside a sentence."""
    return re.sub(r"(?<=[\u4e00-\u9fff])(?=[A-Za-z0-9.])|(?<=[A-Za-z0-9)])(?=[\u4e00-\u9fff])", " ", zh)


def _the(en: str) -> str:
    """ "a Word document (DOCX)" → "The Word document (DOCX)", to start an English sentence."""
    for article in ("an ", "a "):
        if en.startswith(article):
            return "The " + en[len(article) :]
    return en[0].upper() + en[1:]


def _megabytes(limit: int) -> str:
    mb = limit / (1024 * 1024)
    text = f"{mb:.2f}".rstrip("0").rstrip(".")
    return text if text != "0" else f"{mb:.6f}".rstrip("0").rstrip(".")


# --- reading --------------------------------------------------------------------------------------


def _read(data, limit: int) -> bytes:
    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
    elif hasattr(data, "read"):
        if hasattr(data, "seek"):
            try:
                data.seek(0)
            except (OSError, ValueError):
                pass
        raw = data.read(limit + 1)  # never more than one byte past the limit
        if isinstance(raw, str):
            raise TypeError("inspect() needs the file opened in binary mode")
    else:
        raise TypeError(f"inspect() needs bytes or a binary file, not {type(data).__name__}")
    if not raw:
        raise _reject("文件为空，请选择有内容的文件。", "The file is empty.")
    if len(raw) > limit:
        mb = _megabytes(limit)
        raise _reject(f"文件超过 {mb} MB 的大小上限。", f"The file is larger than the {mb} MB limit.")
    return raw


def _extension(filename: str) -> str:
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip().rstrip(".")
    if "." not in name:
        return ""
    return "." + name.rsplit(".", 1)[-1].lower()


# --- sniffing -------------------------------------------------------------------------------------

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


class _Sniffed:
    """What the bytes are: a kind we accept, or a description of what they look like instead."""

    def __init__(self, kind: str | None, zh: str, en: str, *, broken: bool = False) -> None:
        self.kind = kind
        self.zh = zh
        self.en = en
        self.broken = broken  # the right family of file, but it does not open


def _known(kind: str) -> _Sniffed:
    return _Sniffed(kind, *_describe(kind))


def _sniff(raw: bytes, expected: str | None) -> _Sniffed:
    if raw.startswith(b"%PDF-"):
        return _known(PDF)
    if raw.startswith(_PNG_MAGIC):
        if raw[12:16] != b"IHDR":
            return _Sniffed(PNG, *_describe(PNG), broken=True)
        return _known(PNG)
    if raw.startswith(b"\xff\xd8\xff"):
        return _known(JPEG)
    if raw.startswith((b"GIF87a", b"GIF89a")):
        return _known(GIF)
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"PK\x05\x06"):
        return _sniff_zip(raw, expected)
    if raw.startswith(_OLE2_MAGIC):
        return _sniff_ole2(raw, expected)
    return _sniff_other(raw)


def _sniff_zip(raw: bytes, expected: str | None) -> _Sniffed:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        names = archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        if expected in (DOCX, XLSX):
            return _Sniffed(expected, *_describe(expected), broken=True)
        return _Sniffed(None, "损坏的 ZIP 压缩包", "a damaged ZIP archive")
    with archive:
        name_set = set(names)

        def small_member(name: str, cap: int) -> str:
            try:
                info = archive.getinfo(name)
                if info.file_size > cap:
                    return ""
                return archive.read(info).decode("utf-8", "replace")
            except Exception:
                return ""

        if "[Content_Types].xml" in name_set:
            types = small_member("[Content_Types].xml", 1024 * 1024).lower()
            if "macroenabled" in types or any(n.lower().endswith("vbaproject.bin") for n in names):
                return _Sniffed(
                    None, "启用宏的 Office 文档（如 DOCM/XLSM）", "a macro-enabled Office document (e.g. DOCM/XLSM)"
                )
            if "wordprocessingml.document.main+xml" in types and any(n.startswith("word/") for n in names):
                return _known(DOCX)
            if "spreadsheetml.sheet.main+xml" in types and any(n.startswith("xl/") for n in names):
                return _known(XLSX)
            if "wordprocessingml.template" in types:
                return _Sniffed(None, "Word 模板（DOTX）", "a Word template (DOTX)")
            if "spreadsheetml.template" in types:
                return _Sniffed(None, "Excel 模板（XLTX）", "an Excel template (XLTX)")
            if "presentationml" in types:
                return _Sniffed(None, "PowerPoint 演示文稿（PPTX）", "a PowerPoint presentation (PPTX)")
            if not types and expected in (DOCX, XLSX):
                return _Sniffed(expected, *_describe(expected), broken=True)
            return _Sniffed(None, "其他 Office Open XML 文件", "another Office Open XML file")
        if "mimetype" in name_set:
            mimetype = small_member("mimetype", 200).strip()
            if mimetype.startswith("application/vnd.oasis.opendocument"):
                return _Sniffed(None, "OpenDocument 文档（如 ODT/ODS）", "an OpenDocument file (e.g. ODT/ODS)")
            if mimetype == "application/epub+zip":
                return _Sniffed(None, "EPUB 电子书", "an EPUB e-book")
        if "OFD.xml" in name_set:
            return _Sniffed(None, "OFD 版式文档", "an OFD document")
        if "AndroidManifest.xml" in name_set:
            return _Sniffed(None, "Android 安装包（APK）", "an Android package (APK)")
        if "META-INF/MANIFEST.MF" in name_set or any(n.endswith(".class") for n in names):
            return _Sniffed(None, "Java 程序包（JAR）", "a Java archive (JAR)")
        return _Sniffed(None, "ZIP 压缩包", "a ZIP archive")


def _sniff_ole2(raw: bytes, expected: str | None) -> _Sniffed:
    # Stream names sit in the directory as UTF-16LE; looking for them in the bytes is rough but
    # enough to tell the families apart (a DOC can embed a workbook, so the extension breaks ties).
    if _utf16("EncryptedPackage") in raw:
        return _Sniffed(
            None,
            "设有密码的 Office 文档（请取消密码后再上传）",
            "a password-protected Office document (remove the password first)",
        )
    is_doc = _utf16("WordDocument") in raw
    is_xls = _utf16("Workbook") in raw or _utf16("Book") in raw
    if is_doc and (expected == DOC or not is_xls):
        return _known(DOC)
    if is_xls and (expected == XLS or not is_doc):
        return _known(XLS)
    if is_doc:
        return _known(DOC)
    if _utf16("PowerPoint Document") in raw:
        return _Sniffed(None, "旧版 PowerPoint 演示文稿（PPT）", "a legacy PowerPoint presentation (PPT)")
    return _Sniffed(None, "其他 OLE2 复合文档（如 WPS、MSG）", "another OLE2 compound file (e.g. WPS, MSG)")


_OTHER_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"MZ", "Windows 可执行程序（EXE/DLL）", "a Windows executable (EXE/DLL)"),
    (b"\x7fELF", "Linux 可执行程序（ELF）", "a Linux executable (ELF)"),
    (b"\xca\xfe\xba\xbe", "可执行程序或 Java 类文件", "an executable or Java class file"),
    (b"\xcf\xfa\xed\xfe", "macOS 可执行程序", "a macOS executable"),
    (b"#!", "脚本文件", "a script"),
    (b"{\\rtf", "RTF 文档", "an RTF document"),
    (b"Rar!\x1a\x07", "RAR 压缩包", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包", "a 7z archive"),
    (b"\x1f\x8b", "gzip 压缩文件", "a gzip file"),
    (b"BZh", "bzip2 压缩文件", "a bzip2 file"),
    (b"\xfd7zXZ\x00", "xz 压缩文件", "an xz file"),
    (b"%!PS", "PostScript 文件", "a PostScript file"),
    (b"II*\x00", "TIFF 图片", "a TIFF image"),
    (b"MM\x00*", "TIFF 图片", "a TIFF image"),
    (b"BM", "BMP 图片", "a BMP image"),
    (b"\x00\x00\x01\x00", "图标文件（ICO）", "an icon (ICO)"),
    (b"OggS", "Ogg 音视频", "an Ogg media file"),
    (b"ID3", "MP3 音频", "an MP3 audio file"),
    (b"\x1aE\xdf\xa3", "视频文件（MKV/WebM）", "a video file (MKV/WebM)"),
    (b"MIME-Version:", "网页存档（MHT）", "a web archive (MHT)"),
    (b"SQLite format 3\x00", "SQLite 数据库", "an SQLite database"),
)


def _sniff_other(raw: bytes) -> _Sniffed:
    for magic, zh, en in _OTHER_MAGIC:
        if raw.startswith(magic):
            return _Sniffed(None, zh, en)
    if raw[:4] == b"RIFF" and raw[8:12] == b"WEBP":
        return _Sniffed(None, "WebP 图片", "a WebP image")
    if raw[:4] == b"RIFF":
        return _Sniffed(None, "音视频文件（RIFF）", "a media file (RIFF)")
    if raw[4:8] == b"ftyp":
        return _Sniffed(None, "音视频或 HEIC 图片", "a media file or HEIC image")
    head = raw[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or any(
        tag in head for tag in (b"<html", b"<head", b"<body", b"<script")
    ):
        return _Sniffed(None, "HTML 网页", "an HTML page")
    if b"<svg" in head:
        return _Sniffed(None, "SVG 图片", "an SVG image")
    if head.startswith(b"<?xml"):
        return _Sniffed(None, "XML 文件", "an XML file")
    if b"%PDF-" in raw[:1024]:
        return _Sniffed(None, "开头有多余内容的 PDF 文件", "a PDF file with extra bytes before its header")
    sample = raw[:4096]
    if b"\x00" not in sample:
        try:
            sample.decode("utf-8")
            return _Sniffed(None, "纯文本文件", "a plain-text file")
        except UnicodeDecodeError as exc:
            if exc.start >= len(sample) - 3:  # a character cut by the sample's end
                return _Sniffed(None, "纯文本文件", "a plain-text file")
        try:
            sample.decode("gb18030")
            return _Sniffed(None, "纯文本文件", "a plain-text file")
        except UnicodeDecodeError:
            pass
    return _Sniffed(None, "无法识别的格式", "an unrecognised format")


# --- extraction -----------------------------------------------------------------------------------


def _finish(text: str, note: str = "") -> tuple[str, str]:
    text = text.replace("\x00", "").strip()
    if len(text) > MAX_TEXT_CHARS:
        return text[:MAX_TEXT_CHARS], NOTE_TRUNCATED
    return text, note


def _pdf_text(raw: bytes) -> tuple[str, str]:
    from pypdf import PasswordType, PdfReader

    broken = _reject("PDF 文件已损坏或无法解析。", "The PDF is damaged or cannot be read.")
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
            except Exception:  # unsupported algorithm, missing crypto library, …
                opened = False
            if not opened:
                return "", NOTE_PDF_ENCRYPTED  # needs a password to open: accepted, but unscreened
        pages = list(reader.pages)
    except Exception as exc:
        logger.info("PDF refused: %s", exc)
        raise broken from exc
    if not pages:
        raise broken
    texts: list[str] = []
    failed = 0
    length = 0
    for page in pages:
        try:
            page_text = page.extract_text() or ""
        except Exception as exc:
            logger.info("PDF page text failed: %s", exc)
            failed += 1
            continue
        texts.append(page_text)
        length += len(page_text)
        if length > MAX_TEXT_CHARS:
            break
    text = "\n".join(texts)
    if not text.strip():
        return "", NOTE_PDF_FAILED if failed == len(pages) else NOTE_PDF_SCANNED
    note = f"{failed} 页文本提取失败" if failed else ""
    return _finish(text, note)


def _check_zip_size(raw: bytes, kind: str) -> None:
    zh, en = _describe(kind)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
    except Exception as exc:
        raise _reject(f"{zh}已损坏或无法打开。", f"{_the(en)} is damaged or cannot be opened.") from exc
    if len(infos) > MAX_ZIP_MEMBERS:
        raise _reject(f"{zh}内部文件过多，无法处理。", f"{_the(en)} holds too many parts to process.")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        mb = _megabytes(MAX_UNCOMPRESSED_BYTES)
        raise _reject(
            f"{zh}解压后超过 {mb} MB，无法处理。",
            f"{_the(en)} unpacks to more than {mb} MB.",
        )


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _docx_text(raw: bytes) -> tuple[str, str]:
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:
        logger.info("DOCX refused: %s", exc)
        raise _reject(
            "Word 文档（DOCX）已损坏或无法打开。", "The Word document (DOCX) is damaged or cannot be opened."
        ) from exc

    lines: list[str] = []

    def cell_text(cell) -> str:
        parts: list[str] = []
        for item in cell.iter_inner_content():
            if isinstance(item, Paragraph):
                parts.append(item.text)
            else:
                parts.extend(table_lines(item))
        return _one_line(" ".join(parts))

    def table_lines(table: Table) -> list[str]:
        rows: list[str] = []
        for row in table.rows:
            seen = set()
            cells: list[str] = []
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell repeats across the columns it spans
                    continue
                seen.add(id(cell._tc))
                cells.append(cell_text(cell))
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                rows.append("\t".join(cells))
        return rows

    def container_lines(container) -> None:
        for item in container.iter_inner_content():
            if isinstance(item, Paragraph):
                lines.append(item.text)
            else:
                try:
                    lines.extend(table_lines(item))
                except Exception as exc:  # an odd table grid: fall back to its bare text
                    logger.info("DOCX table fell back to bare text: %s", exc)
                    lines.append(_one_line(" ".join(t.text or "" for t in item._tbl.iter(qn("w:t")))))

    fallback_tag = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
    try:
        container_lines(document)
        # Text boxes (shapes) are not in the paragraph flow; skip the VML fallback copy of each.
        for box in document.element.body.iter(qn("w:txbxContent")):
            if any(ancestor.tag == fallback_tag for ancestor in box.iterancestors()):
                continue
            for p in box.iter(qn("w:p")):
                lines.append(Paragraph(p, document).text)
        # Headers and footers: secrecy marks and "内部资料" often sit there.
        seen_parts: set[int] = set()
        for section in document.sections:
            for part in (
                section.header,
                section.first_page_header,
                section.even_page_header,
                section.footer,
                section.first_page_footer,
                section.even_page_footer,
            ):
                if part.is_linked_to_previous:
                    continue
                key = id(part.part)
                if key in seen_parts:
                    continue
                seen_parts.add(key)
                container_lines(part)
    except Exception as exc:
        logger.info("DOCX text extraction stopped early: %s", exc)
        text, _ = _finish("\n".join(lines))
        return text, "部分文本提取失败"
    text = "\n".join(line for line in lines)
    if not text.strip():
        return "", NOTE_NO_TEXT
    return _finish(text)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return _one_line(str(value))


def _xlsx_text(raw: bytes) -> tuple[str, str]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:
        logger.info("XLSX refused: %s", exc)
        raise _reject(
            "Excel 表格（XLSX）已损坏或无法打开。", "The Excel workbook (XLSX) is damaged or cannot be opened."
        ) from exc
    blocks: list[str] = []
    length = 0
    truncated = False
    note = ""
    try:
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # trust the cells, not a declared A1:XFD1048576
            lines = [sheet.title]
            length += len(sheet.title) + 2
            for row in sheet.iter_rows(values_only=True):
                cells = [_cell(v) for v in row]
                while cells and not cells[-1]:
                    cells.pop()
                if not cells:
                    continue
                line = "\t".join(cells)
                lines.append(line)
                length += len(line) + 1
                if length > MAX_TEXT_CHARS:
                    truncated = True
                    break
            blocks.append("\n".join(lines))
            if truncated:
                break
    except Exception as exc:
        logger.info("XLSX text extraction stopped early: %s", exc)
        note = "部分文本提取失败"
    finally:
        workbook.close()
    text, finish_note = _finish("\n\n".join(blocks), note)
    return text, finish_note or note


# --- file names, trailing data and active content (issue 9, item 8) ------------------------------


def _message(text: str) -> str:
    try:
        from django.utils.translation import gettext

        return gettext(text)
    except Exception:  # Django not configured (plain scripts)
        return text


def _refused(text: str) -> AttachmentRejected:
    return AttachmentRejected(_message(text))


MAX_NAME_CHARS = 200  # Attachment.name's length
MAX_NAME_BYTES = 255  # most file systems' limit for one name
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_WINDOWS_FORBIDDEN = set('<>:"|?*')


def check_filename(filename: str) -> str:
    """The uploaded name if it can be stored and offered for download as it is; else AttachmentRejected.

    Refused: empty, a path (/ or \\), control or invisible format characters (e.g. U+202E, which shows
    "gpj.exe" as "exe.jpg"), characters Windows forbids, Windows device names (CON, NUL, COM1 …), names
    of only dots, a leading dot or a trailing dot or space, more than 200 characters or 255 bytes.
    """
    import unicodedata

    name = filename or ""
    if not name.strip():
        raise _refused("文件名为空，请给文件起一个名字后再上传。")
    if "/" in name or "\\" in name:
        raise _refused("文件名不能包含路径分隔符（/ 或 \\），请只使用文件本身的名字。")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in name):
        raise _refused("文件名含有控制字符或不可见字符，请重新命名后再上传。")
    bad = sorted(_WINDOWS_FORBIDDEN.intersection(name))
    if bad:
        raise _refused("文件名不能包含以下字符：" + " ".join(bad))
    if name != name.strip() or name.endswith(".") or name.startswith("."):
        raise _refused("文件名不能以点或空格开头或结尾。")
    if name.split(".", 1)[0].strip().lower() in _WINDOWS_RESERVED:
        raise _refused("文件名不能使用系统保留的设备名（如 CON、NUL、COM1）。")
    if len(name) > MAX_NAME_CHARS or len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise _refused("文件名过长（最多 200 个字符），请缩短后再上传。")
    return name


def _jpeg_end(raw: bytes) -> int | None:
    """Offset just after the EOI marker, walking the segments (an EXIF thumbnail's own EOI sits inside APP1)."""
    pos, n = 2, len(raw)
    while pos + 1 < n:
        if raw[pos] != 0xFF:
            return None
        while pos < n and raw[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos >= n:
            return None
        marker = raw[pos]
        pos += 1
        if marker == 0xD9:
            return pos
        if marker in (0x01, *range(0xD0, 0xD8)):
            continue
        if pos + 2 > n:
            return None
        length = int.from_bytes(raw[pos : pos + 2], "big")
        if length < 2:
            return None
        pos += length
        if marker == 0xDA:  # entropy-coded data: ends at the first FF not followed by 00 or a restart marker
            while True:
                pos = raw.find(b"\xff", pos)
                if pos < 0 or pos + 1 >= n:
                    return None
                following = raw[pos + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    pos += 1 if following == 0xFF else 2
                    continue
                break
    return None


def _png_end(raw: bytes) -> int | None:
    pos, n = 8, len(raw)
    while pos + 12 <= n:
        length = int.from_bytes(raw[pos : pos + 4], "big")
        kind = raw[pos + 4 : pos + 8]
        pos += 12 + length
        if pos > n:
            return None
        if kind == b"IEND":
            return pos
    return None


def _gif_end(raw: bytes) -> int | None:
    n = len(raw)
    if n < 13:
        return None
    pos = 13
    if raw[10] & 0x80:
        pos += 3 * (2 ** ((raw[10] & 0x07) + 1))

    def sub_blocks(at: int) -> int | None:
        while at < n:
            size = raw[at]
            at += 1
            if size == 0:
                return at
            at += size
        return None

    while pos < n:
        block = raw[pos]
        if block == 0x3B:  # trailer
            return pos + 1
        if block == 0x21:  # extension: label, then sub-blocks
            end = sub_blocks(pos + 2)
        elif block == 0x2C:  # image: descriptor, optional local colour table, LZW code size, sub-blocks
            if pos + 10 > n:
                return None
            flags = raw[pos + 9]
            at = pos + 10 + (3 * (2 ** ((flags & 0x07) + 1)) if flags & 0x80 else 0)
            end = sub_blocks(at + 1)
        else:
            return None
        if end is None:
            return None
        pos = end
    return None


_PDF_TRAILING_OK = b" \t\r\n\x00\x0c"


def _cut_trailing(raw: bytes, kind: str) -> bytes:
    """The file up to its format's end; unchanged when the end cannot be found (truncated or odd files)."""
    if kind == PDF:
        eof = raw.rfind(b"%%EOF")
        if eof < 0:
            return raw
        end = eof + 5
        while end < len(raw) and raw[end] in b"\r\n":  # keep the end-of-line after %%EOF
            end += 1
        return raw if not raw[end:].strip(_PDF_TRAILING_OK) else raw[:end]
    end = {JPEG: _jpeg_end, PNG: _png_end, GIF: _gif_end}[kind](raw)
    return raw if end is None or end >= len(raw) else raw[:end]


_MARKUP = re.compile(
    rb"<\s*(script|html|body|head|iframe|svg|object|embed|meta|form|a\s+href|img\s)|<\?php|javascript:", re.IGNORECASE
)


def _refuse_markup(raw: bytes) -> None:
    """An image that still holds HTML or script (in a comment or metadata block): a polyglot, refused.

    Compressed image data matches one of these byte sequences by chance with odds far below one in 10^12.
    """
    if _MARKUP.search(raw):
        raise _refused("图片中夹带了网页代码或脚本（可能是伪装文件），不能上传。请用图片软件重新导出后再上传。")


# Keys and action types that run something, start a program, or carry another file inside the PDF.
_PDF_ACTIVE_KEYS = {"/JS", "/JavaScript", "/AA", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia"}
_PDF_ACTIVE_TYPES = {"/JavaScript", "/Launch", "/EmbeddedFile", "/FileAttachment", "/RichMedia"}
_PDF_MAX_OBJECTS = 500_000


def _active_in(obj, depth: int = 0) -> str | None:
    """The first active key or type found in OBJ and its direct children (indirect objects are visited on their own)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    if depth > 50 or isinstance(obj, IndirectObject):
        return None
    if isinstance(obj, (DictionaryObject, StreamObject)):
        for key, value in obj.items():
            if key in _PDF_ACTIVE_KEYS:
                return key
            if key in ("/S", "/Subtype", "/Type") and value in _PDF_ACTIVE_TYPES:
                return str(value)
            found = _active_in(value, depth + 1)
            if found:
                return found
    elif isinstance(obj, ArrayObject):
        for item in obj:
            found = _active_in(item, depth + 1)
            if found:
                return found
    return None


def _refuse_active_pdf(raw: bytes) -> None:
    """Refuse a PDF with scripts, automatic or event actions, launch actions, embedded files or rich media.

    Every object in the cross-reference table is read with pypdf (so names written with #xx escapes and
    objects inside compressed object streams are seen too), not just the bytes searched.
    """
    from pypdf import PasswordType, PdfReader
    from pypdf.generic import IndirectObject

    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
            except Exception:
                opened = False
            if not opened:
                raise _refused("PDF 设有打开密码：无法检查其中是否含有脚本，公众也无法打开。请取消密码后再上传。")
        numbers = {(num, gen) for gen, table in reader.xref.items() for num in table}
        numbers |= {(num, 0) for num in reader.xref_objStm}
    except AttachmentRejected:
        raise
    except Exception as exc:
        logger.info("PDF refused: %s", exc)
        raise _reject("PDF 文件已损坏或无法解析。", "The PDF is damaged or cannot be read.") from exc
    if len(numbers) > _PDF_MAX_OBJECTS:
        raise _refused("PDF 内部对象过多，无法检查，不能上传。")
    found = _active_in(reader.trailer)
    for num, gen in sorted(numbers):
        if found:
            break
        try:
            obj = reader.get_object(IndirectObject(num, gen, reader))
        except Exception:  # a damaged object: text extraction decides whether the file opens at all
            continue
        found = _active_in(obj)
    if found:
        logger.info("PDF refused for active content %s", found)
        raise _refused(
            "PDF 含有脚本、自动执行的动作、启动程序的动作或嵌入的文件，不能上传。"
            "请用“打印为 PDF”或“另存为 PDF/A”重新生成后再上传。"
        )


# --- the entry point ------------------------------------------------------------------------------


def inspect(data, filename: str, *, max_bytes: int | None = None) -> Inspected:
    """Check an uploaded file and extract its text; raise AttachmentRejected when it is refused.

    ``data``: the bytes, or a binary file-like object (e.g. Django's UploadedFile; read from the start).
    ``filename``: the name as uploaded; only its extension is used, and it must agree with the content.
    ``max_bytes``: the size limit (default: settings.DISCLOSURE_ATTACHMENT_MAX_BYTES, else 50 MB).
    """
    limit = configured_max_bytes() if max_bytes is None else max_bytes
    check_filename(filename)
    raw = _read(data, limit)

    extension = _extension(filename)
    expected = EXTENSIONS.get(extension)
    if expected is None:
        allowed = "、".join(sorted(EXTENSIONS))
        shown = extension or "（无扩展名）"
        raise _reject(
            f"不支持的文件类型 {shown}，只接受 {allowed} 文件。",
            f"File type {extension or '(no extension)'} is not accepted; allowed: {', '.join(sorted(EXTENSIONS))}.",
        )

    sniffed = _sniff(raw, expected)
    want_zh, want_en = _describe(expected)
    if sniffed.kind is None:
        raise _reject(
            f"文件扩展名为 {extension}，但内容看起来是{sniffed.zh}，不是{want_zh}。请用原程序另存为正确格式后再上传。",
            f"The file is named {extension} but its content looks like {sniffed.en}, not {want_en}. "
            "Save it in the right format and upload again.",
        )
    if sniffed.kind != expected:
        raise _reject(
            f"文件扩展名为 {extension}，但内容是{sniffed.zh}。请改正扩展名或另存为{want_zh}后再上传。",
            f"The file is named {extension} but its content is {sniffed.en}. "
            f"Correct the extension or save it as {want_en}.",
        )
    if sniffed.broken:
        raise _reject(f"{want_zh}已损坏或无法打开。", f"{_the(want_en)} is damaged or cannot be opened.")

    kind = sniffed.kind
    uploaded = len(raw)
    if kind in (PDF, PNG, JPEG, GIF):
        raw = _cut_trailing(raw, kind)
    if kind in (PNG, JPEG, GIF):
        _refuse_markup(raw)
    if kind == PDF:
        _refuse_active_pdf(raw)
        text, note = _pdf_text(raw)
    elif kind == DOCX:
        _check_zip_size(raw, kind)
        text, note = _docx_text(raw)
    elif kind == XLSX:
        _check_zip_size(raw, kind)
        text, note = _xlsx_text(raw)
    elif kind == DOC:
        text, note = "", NOTE_DOC
    elif kind == XLS:
        text, note = "", NOTE_XLS
    else:
        text, note = "", NOTE_IMAGE
    return Inspected(
        kind=kind,
        size=len(raw),
        sha256=hashlib.sha256(raw).hexdigest(),
        text=text,
        note=note,
        data=raw,
        removed_bytes=uploaded - len(raw),
    )
