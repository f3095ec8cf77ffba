"""A notice's PDF is readable on a machine without CJK fonts: its Chinese is set in the fonts shipped in sunlight/pdf."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.template.loader import render_to_string
from pypdf import PdfReader

from sunlight.pdf import embedded_fonts as pdf_fonts
from sunlight.pdf import render_pdf
from sunlight.requests import notices

from .builders import registered

pytestmark = pytest.mark.usefixtures("spring_2026")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_receipt_pdf_has_extractable_chinese_set_in_the_shipped_fonts_not_the_hosts(req):
    receipt = registered(req).notices.get(kind="receipt")
    with receipt.pdf.open("rb") as f:
        data = f.read()
    text = "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)
    assert "政府信息公开申请受理回执" in text and "青溪区人民政府" in text and "城乡低保资金发放明细" in text
    fonts = pdf_fonts(data)
    assert fonts and all(name.startswith("Sunlight-") for name in fonts), fonts
    assert "Noto" not in receipt.html and "Sunlight Serif SC" in receipt.html  # the style names only the shipped fonts


def test_a_notice_in_a_draft_state_is_marked_draft_and_carries_no_date(req):
    info_request = registered(req)
    context = notices._context(info_request, "receipt", "X-SL", date(2026, 3, 2), {"how_to_follow": "", "draft": True})
    html = render_to_string("requests/notices/receipt.html", context)
    assert 'class="draft-mark"' in html and "草稿" in html
    signature = html[html.index('<div class="signature">') :]
    assert "2026年3月2日" not in signature[: signature.index("</div>")]
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(render_pdf(html))).pages)
    assert "草稿" in text
    final = render_to_string("requests/notices/receipt.html", {**context, "draft": False})
    assert 'class="draft-mark"' not in final and "<p>2026年3月2日</p>" in final
