"""告知书 downloads: staff through the request page's scoping, the applicant through their account.

A notice carries the applicant's full name (it is addressed to them), so it is sent with no-store and
only to those who may see the request: staff who see the request page (the same helper), or the signed-in
applicant who owns it. Anyone else gets a 404 (the public side) or a 403 (the workbench, as its detail
page). Query-code holders see the notice inline on the status page, because a code never goes in a URL.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache

from sunlight.accounts.access import staff_required

from ..models import InfoRequest, Notice, ReplyAttachment
from .workbench.common import visible_request

# The stored HTML is our own rendering, but it quotes the applicant's text: let it load nothing and run nothing.
NOTICE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def _disposition(kind: str, notice: Notice, ext: str) -> str:
    """An ASCII filename for old clients and the Chinese title as filename* (RFC 6266 / 5987)."""
    ascii_name = f"{notice.number}-{notice.kind}.{ext}"
    utf8_name = f"{notice.number}-{notice.title}.{ext}"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(utf8_name, safe='')}"


def pdf_response(notice: Notice) -> HttpResponse:
    try:
        with notice.pdf.open("rb") as f:
            data = f.read()
    except (FileNotFoundError, ValueError):  # the file went missing from storage: the row alone is not a notice
        raise Http404("notice file missing") from None
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = _disposition("attachment", notice, "pdf")
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


# What each checked kind is served as (the kind comes from the content, never from the browser).
ATTACHMENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xls": "application/vnd.ms-excel",
}


def attachment_response(attachment: ReplyAttachment) -> HttpResponse:
    """A reply's file, always as a download (never rendered in our origin), no-store, the name as uploaded."""
    try:
        with attachment.file.open("rb") as f:
            data = f.read()
    except (FileNotFoundError, ValueError):
        raise Http404("attachment file missing") from None
    response = HttpResponse(data, content_type=ATTACHMENT_TYPES.get(attachment.kind, "application/octet-stream"))
    ext = attachment.name.rsplit(".", 1)[-1].lower() if "." in attachment.name else "bin"
    ascii_name = f"{attachment.request.number}-{attachment.pk}.{ext if ext.isascii() and ext.isalnum() else 'bin'}"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(attachment.name, safe='')}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


def released_attachments(info_request: InfoRequest):
    """The reply's files the applicant may download: once the reply is sent (the request is closed)."""
    return info_request.reply_attachments.all() if info_request.is_closed else ReplyAttachment.objects.none()


def _html_response(notice: Notice) -> HttpResponse:
    response = HttpResponse(notice.html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = _disposition("inline", notice, "html")
    response["Content-Security-Policy"] = NOTICE_CSP
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


@staff_required
def staff_notice(request: HttpRequest, pk: int, notice_pk: int, fmt: str) -> HttpResponse:
    """/workbench/requests/<pk>/notices/<notice_pk>.pdf|.html — whoever sees the request page."""
    if fmt not in ("pdf", "html"):
        raise Http404
    info_request = visible_request(request, pk)
    notice = get_object_or_404(Notice, pk=notice_pk, request=info_request)
    return pdf_response(notice) if fmt == "pdf" else _html_response(notice)


@never_cache
@login_required(login_url="accounts:login")
def owner_notice_pdf(request: HttpRequest, number: str, notice_pk: int) -> HttpResponse:
    """/requests/<number>/notices/<notice_pk>.pdf — the signed-in applicant's own request only; else 404."""
    info_request = get_object_or_404(InfoRequest, number=number, applicant_user=request.user)
    return pdf_response(get_object_or_404(info_request.applicant_notices(), pk=notice_pk))


@never_cache
@login_required(login_url="accounts:login")
def owner_attachment(request: HttpRequest, number: str, attachment_pk: int) -> HttpResponse:
    """/requests/<number>/attachments/<id> — the signed-in applicant's own, answered request only; else 404."""
    info_request = get_object_or_404(InfoRequest, number=number, applicant_user=request.user)
    return attachment_response(get_object_or_404(released_attachments(info_request), pk=attachment_pk))
