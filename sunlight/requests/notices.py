"""告知书: the standard notices of a request, rendered from templates as HTML and PDF and kept with it.

`issue_notice` is called by the acts (actions/), as their last step, inside their transaction: the
notice row and its PDF exist exactly when the act does. If the PDF cannot be rendered the act fails as a
whole (NoticeRenderError), so a request is never left with an act the applicant was not told about.

The notice is a legal document: its text is Chinese whatever the UI language (the templates in
templates/requests/notices/ are not translated) and it is stored as rendered, so a later template edit
never rewrites a notice already issued. It is addressed to the applicant, so their name is not masked;
a query code is never printed (only its hash is kept anyway). Facts: shared/reference/disclosure-law.md.
"""

from __future__ import annotations

import logging
import secrets
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from sunlight import pdf
from sunlight.clock.holidays import ESTIMATE_NOTE
from sunlight.errors import SunlightError

from . import law
from .models import InfoRequest, Notice

log = logging.getLogger(__name__)

K = Notice.Kind
# Every kind has its template in templates/requests/notices/<kind>.html.
TEMPLATED = tuple(K.values)

REGULATION = "《中华人民共和国政府信息公开条例》"
# The applicant's remedies printed on a reply (条例第五十一条). The limits are not in the disclosure
# regulation, so they are not StatutoryLimit rows; both are marked (verify) in docs/requests.md.
RECONSIDERATION_DAYS = 60  # 《中华人民共和国行政复议法》（2023年修订）第二十条第一款：知道或者应当知道之日起六十日内
RECONSIDERATION_BASIS = "《中华人民共和国行政复议法》"
LAWSUIT_MONTHS = 6  # 《中华人民共和国行政诉讼法》第四十六条第一款：知道或者应当知道之日起六个月内
LAWSUIT_BASIS = "《中华人民共和国行政诉讼法》"


class NoticeRenderError(SunlightError):
    """The notice's PDF could not be produced: the act is refused and nothing of it is kept."""

    status = 503
    code = "notice_render_failed"


def cn_date(day: date) -> str:
    """2026年3月2日: dates on a notice are written out, never in the UI's format."""
    return f"{day.year}年{day.month}月{day.day}日"


def _number(info_request: InfoRequest, kind: str) -> str:
    """YSQ20260302123456-BZ; a second notice of the same kind (a flagged second correction) gets -BZ2.

    The acts hold the request's row lock (or have just created it), so counting here does not race."""
    base = f"{info_request.number}-{Notice.SUFFIXES[kind]}"
    issued = info_request.notices.filter(kind=kind).count()
    return base if issued == 0 else f"{base}{issued + 1}"


def _how_to_follow(info_request: InfoRequest) -> str:
    site = settings.SITE_NAME
    if info_request.applicant_user_id:
        return f"您可登录{site}，在“我的申请”中查看办理进度和本机关出具的告知书。"
    if info_request.query_code_hash:
        return (
            f"您可凭提交申请时取得的查询码，在{site}“办理进度查询”页面查看办理进度和告知书。"
            "查询码仅在提交申请时显示一次，本回执不载明查询码，请妥善保管，不要告诉他人。"
        )
    return "您可凭本回执所载申请编号向本机关咨询办理进度。"


def _context(info_request: InfoRequest, kind: str, number: str, on: date, extra: dict) -> dict:
    reply_limit, extension_limit = law.limit(law.REPLY), law.limit(law.EXTENSION)
    ctx = {
        "title": Notice.TITLES[kind],
        "number": number,
        "issuer": info_request.org.name,
        "applicant_name": info_request.applicant_name,
        "request_number": info_request.number,
        "description": info_request.description,
        "received_on": cn_date(info_request.received_on),
        "issued_on": cn_date(on),
        "due_on": cn_date(info_request.due_on) if info_request.due_on else "",
        # A deadline counted through a year without its official holiday notice is printed as 预计.
        "due_on_estimated": bool(info_request.due_on) and info_request.due_on_estimated,
        "estimate_note": ESTIMATE_NOTE,
        "fee_due_on_estimated": info_request.fee_due_on_estimated,
        "regulation": REGULATION,
        "reply_days": reply_limit.days,
        "extension_days": extension_limit.days,
        "site_name": settings.SITE_NAME,
    }
    if kind == K.RECEIPT:
        ctx["how_to_follow"] = _how_to_follow(info_request)
    if kind == K.REPLY:
        outcome = info_request.outcome
        ctx.update(
            outcome_name=outcome.legal_name,
            outcome_article=outcome.article,
            reply_text=info_request.reply_text,
            replied_on=cn_date(info_request.replied_on or on),
            reconsideration_days=RECONSIDERATION_DAYS,
            reconsideration_basis=RECONSIDERATION_BASIS,
            lawsuit_months=LAWSUIT_MONTHS,
            lawsuit_basis=LAWSUIT_BASIS,
        )
    # Whatever the act passes (correct_by, due_on, items, reason, days) wins; its dates are written out.
    ctx.update({key: cn_date(value) if isinstance(value, date) else value for key, value in extra.items()})
    return ctx


def render_pdf(html: str) -> bytes:
    """The notice's PDF (A4, with the package's own CJK fonts: sunlight.pdf). Any failure is a NoticeRenderError."""
    try:
        return pdf.render_pdf(html)
    except Exception as exc:  # WeasyPrint, Pango or fontconfig: whatever breaks, the act must not go through
        log.exception("notice PDF rendering failed")
        raise NoticeRenderError(gettext("告知书生成失败，本次办理未保存，请稍后重试。")) from exc


def issue_notice(info_request: InfoRequest, kind: str, *, on: date, context: dict) -> Notice:
    """Render notice `kind` of `request` dated `on` (HTML, then PDF) and store it with the request.

    Call inside the act's transaction, after the request's rows are saved: the notice reads the request
    as the act left it (deadline, outcome). `context` carries what only the act knows (the correction
    items, the extension's reason, ...).
    """
    if kind not in TEMPLATED:
        raise ValueError(f"no notice template for {kind!r}")
    number = _number(info_request, kind)
    with translation.override("zh-hans"):  # legal text: Chinese whatever the user's language
        html = render_to_string(f"requests/notices/{kind}.html", _context(info_request, kind, number, on, context))
    pdf = render_pdf(html)  # before anything is written, so a failure leaves no file behind
    notice = Notice(request=info_request, kind=kind, number=number, html=html, issued_on=on)
    # A random part keeps the stored path unguessable (media is served directly when DEBUG is on).
    notice.pdf.save(f"{number}-{secrets.token_hex(8)}.pdf", ContentFile(pdf), save=False)
    try:
        notice.save()
    except BaseException:
        notice.pdf.delete(save=False)
        raise
    return notice
