"""Public pages: verify a certificate (from its QR code or a pasted code), the holder's own certificates and PDF."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sunlight.notify.public_cache import public_page

from .. import copies
from ..forms import TokenForm
from ..models import Certificate
from ..printing import certificate_pdf
from ..queries import can_download, held_by


def verify_form(request: HttpRequest) -> HttpResponse:
    """A form: the certificate number and/or the code under the QR code; it leads to the verification page."""
    form = TokenForm(request.GET or None)
    if form.is_bound and form.is_valid():
        token = form.cleaned_data["token"]
        number = (form.cleaned_data.get("number") or "").strip()
        if token and not number:
            parsed = copies.parse_token(token)
            number = parsed.number if parsed else ""
        if number and len(number) <= 40 and "/" not in number:
            url = reverse("certificates:verify", args=[number])
            return redirect(f"{url}?{urlencode({'c': token})}" if token else url)
        form.add_error("token", _("核验码无法识别，请检查是否完整。"))
    return render(request, "certificates/public/verify_form.html", {"form": form}, status=400 if form.errors else 200)


@public_page("certificates")
def verify(request: HttpRequest, number: str) -> HttpResponse:
    result = copies.verify(number, request.GET.get("c", ""))
    if result.cert is None and not result.copy_checked:
        raise Http404(_("没有该编号的证照。"))
    return render(
        request,
        "certificates/public/verify.html",
        {"result": result, "cert": result.cert, "p": result.cert.payload if result.cert else None},
        status=200 if result.cert else 404,
    )


def mine(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "certificates/public/mine.html", {"certificates": held_by(request.user)[:200]})


def download(request: HttpRequest, number: str) -> HttpResponse:
    """The PDF: for its holder, and for staff who see the issuing org."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    cert = Certificate.objects.select_related("org").filter(number=number).first()
    if cert is None:
        raise Http404(_("没有该编号的证照。"))
    if not can_download(request.user, cert):
        raise PermissionDenied(_("只有持证人和发证机关工作人员可以下载该证照。"))
    response = HttpResponse(certificate_pdf(request, cert), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{cert.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
