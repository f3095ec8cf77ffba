"""办件文书: the formal notices of a case, stored as rendered HTML by the act that issues them.

The HTML is the record (Chinese legal text whatever the UI language, never re-rendered from a later template);
its PDF is rendered from it with the package's own CJK fonts (sunlight.pdf) on first download and kept, so an
act costs one template render, not a PDF, and 200 applicants submitting at once are not waiting on WeasyPrint.
"""

from __future__ import annotations

import secrets
from datetime import date
from urllib.parse import quote

from django.conf import settings
from django.core.files.base import ContentFile
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from sunlight import pdf

from . import law
from .models import Case, CaseNotice

K = CaseNotice.Kind
TITLES = {
    K.RECEIPT: "行政审批受理通知书",
    K.NOT_ACCEPTED: "不予受理决定书",
    K.CORRECTION: "申请材料补正一次性告知书",
    K.EXTENSION: "延长审批期限告知书",
    K.SPECIAL: "特别程序告知书",
    K.SUSPENSION: "中止办理告知书",
    K.DECISION: "行政审批决定书",
    K.DELIVERY: "送达回证",
}
# The document's name as printed on a decision: 准予 or 不予 (legal text).
DECISION_TITLES = {Case.Decision.GRANTED: "准予行政审批决定书", Case.Decision.REFUSED: "不予行政审批决定书"}
# Art. 45's special procedures (legal text).
SPECIAL_PROCEDURES = {
    "hearing": "听证",
    "inspection": "现场勘验",
    "testing": "检验、检测、检疫",
    "expert": "专家评审",
    "public_notice": "公示",
}


def cn_date(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _number(case: Case, kind: str) -> str:
    """BJ20260302123456-BZ; a second notice of the same kind gets -BZ2 (the act holds the case's row lock)."""
    base = f"{case.number}-{CaseNotice.SUFFIXES[kind]}"
    issued = case.notices.filter(kind=kind).count()
    return base if issued == 0 else f"{base}{issued + 1}"


def issue_notice(case: Case, kind: str, *, on: date, context: dict | None = None) -> CaseNotice:
    """Render notice `kind` of the case dated `on` and store it; call inside the act's transaction."""
    number = _number(case, kind)
    title = DECISION_TITLES.get(case.decision, TITLES[kind]) if kind == K.DECISION else TITLES[kind]
    ctx = {
        "kind": kind,
        "title": title,
        "number": number,
        "case": case,
        "item_name": case.version.name,
        "issuer": case.org.name,
        "received_on": cn_date(case.received_on),
        "accepted_on": cn_date(case.accepted_on),
        "issued_on": cn_date(on),
        "due_on": cn_date(case.due_on),
        "promised_due_on": cn_date(case.promised_due_on),
        "delivery_due_on": cn_date(case.delivery_due_on),
        "statute": law.STATUTE,
        "remedies": law.REMEDIES,
        "accept_days": law.ACCEPT_DAYS,
        "site_name": settings.SITE_NAME,
        **{k: cn_date(v) if isinstance(v, date) else v for k, v in (context or {}).items()},
    }
    with translation.override("zh-hans"):
        html = render_to_string("cases/pdf/notice.html", ctx)
    return CaseNotice.objects.create(case=case, kind=kind, number=number, title=title, html=html, issued_on=on)


def notice_pdf(notice: CaseNotice) -> bytes:
    """The notice's PDF: rendered once from the stored HTML, then read from storage."""
    if notice.pdf:
        try:
            with notice.pdf.open("rb") as f:
                return f.read()
        except (FileNotFoundError, ValueError):
            pass  # the file went missing: render it again from the record
    data = pdf.render_pdf(notice.html)
    notice.pdf.save(f"{notice.number}-{secrets.token_hex(8)}.pdf", ContentFile(data), save=False)
    CaseNotice.objects.filter(pk=notice.pk).update(pdf=notice.pdf.name)
    return data


def pdf_response(notice: CaseNotice) -> HttpResponse:
    try:
        data = notice_pdf(notice)
    except OSError:
        raise Http404("notice could not be rendered") from None
    response = HttpResponse(data, content_type="application/pdf")
    ascii_name = f"{notice.number}.pdf"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(notice.number + notice.title + '.pdf')}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response
