"""The reply notice names the outcome as the law does (部分公开), never with the annual report's numbering or counting note."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.template.loader import render_to_string
from pypdf import PdfReader

from sunlight.requests import actions, notices
from sunlight.requests.models import InfoRequest, Outcome

from .builders import registered

pytestmark = pytest.mark.usefixtures("spring_2026")

PRINTED = re.compile(r'<th scope="row">答复类型：</th><td>([^<]*)</td>')
EXPECTED = {
    ("disclosed", None): "予以公开",
    ("partial", None): "部分公开",
    ("withheld", 1): "不予公开（属于国家秘密）",
    ("withheld", 3): "不予公开（危及“三安全一稳定”）",
    ("unavailable", 1): "无法提供（本机关不掌握相关政府信息）",
    ("not_handled", 2): "不予处理（重复申请）",
    ("other", 3): "其他处理",
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def printed_outcome(info_request: InfoRequest, outcome: Outcome) -> str:
    """The reply notice's HTML for `request` answered with `outcome`, as issue_notice renders it; the printed name."""
    info_request.outcome, info_request.replied_on, info_request.reply_text = outcome, date(2026, 3, 20), "答复正文。"
    html = render_to_string(
        "requests/notices/reply.html", notices._context(info_request, "reply", "X-DF", date(2026, 3, 20), {})
    )
    names = PRINTED.findall(html)
    assert len(names) == 1, html
    return names[0]


def test_the_reply_notice_prints_every_outcome_by_its_legal_name_without_the_reports_numbering_or_counting_note(req):
    info_request = registered(req)
    outcomes = list(Outcome.objects.all())
    assert len(outcomes) == 21
    for outcome in outcomes:
        name = printed_outcome(info_request, outcome)
        assert name == outcome.legal_name
        assert name.startswith(Outcome.LEGAL_NAMES[outcome.category]), name
        assert "只计" not in name and "区分处理" not in name and "（一）" not in name, name
        assert not re.search(r"^（[一二三四五六七]）|\d+\.", name), name  # no report row numbers
        if (outcome.category, outcome.number) in EXPECTED:
            assert name == EXPECTED[outcome.category, outcome.number]


def test_a_partial_reply_notice_and_its_pdf_say_partial_disclosure_as_the_law_names_it(req):
    info_request = registered(req)
    info_request = actions.reply(
        info_request,
        by=req.officer,
        category="partial",
        text="部分公开，见附件。",
        on=date(2026, 3, 20),
        withheld_parts=[{"part": "个人身份证号码", "reason": "涉及个人隐私"}],
    )
    notice = info_request.notices.get(kind="reply")
    assert PRINTED.findall(notice.html) == ["部分公开"]
    with notice.pdf.open("rb") as f:
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(f.read())).pages)
    assert "答复类型：部分公开" in "".join(text.split()) and "只计这一情形" not in text
