"""The annual report's PDF prints Chinese in the shipped fonts; a draft is marked 草稿 and carries no date."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from sunlight.disclosure import actions as disclosure
from sunlight.pdf import embedded_fonts as pdf_fonts
from sunlight.reports import export
from sunlight.reports.actions import publish_report
from sunlight.reports.annual import build_report

from .builders import saved_report

PRINTED = date(2026, 2, 10)


def text_of(data: bytes) -> str:
    return "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def report(rep, records):
    return saved_report(
        rep,
        overview="2025年，本机关认真贯彻落实条例。",
        problems="人员不足。",
        other_matters="无。",
    )


def test_a_draft_reports_pdf_has_its_chinese_in_the_shipped_fonts_a_draft_mark_on_every_page_and_no_date(rep, report):
    data = build_report(rep.east, 2025, "org")
    assert export.is_draft(data)
    pdf = export.to_pdf(data, printed_on=PRINTED)
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) > 1 and all("草稿" in "".join(page.extract_text().split()) for page in pages)
    text = text_of(pdf)
    assert "青溪区人民政府2025年政府信息公开工作年度报告" in text and "本年制发件数" in text
    assert "2026年2月10日" not in text
    fonts = pdf_fonts(pdf)
    assert fonts and all(name.startswith("Sunlight-") for name in fonts), fonts


def test_a_published_report_exports_without_the_draft_mark_and_with_its_date(rep, report, time_machine):
    time_machine.move_to("2026-02-01 10:00 +08:00")
    doc = publish_report(report, by=rep.officer)
    disclosure.review_document(
        doc, by=rep.reviewer, conclusion="approved", grounds="不涉密", override_reason="报告中的数字不是个人信息"
    )
    disclosure.publish_document(doc, by=rep.officer)
    data = build_report(rep.east, 2025, "org")
    assert not export.is_draft(data)
    html = export.to_html(data, printed_on=PRINTED)
    assert 'class="draft-mark"' not in html and "<p>2026年2月10日</p>" in html
