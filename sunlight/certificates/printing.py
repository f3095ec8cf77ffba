"""The certificate as a PDF: its data, the QR code of its verification URL (with the signed copy), the copy's text."""

from __future__ import annotations

import base64
import io

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from sunlight import pdf

from .copies import copy_token
from .models import Certificate


def verification_url(request: HttpRequest, cert: Certificate) -> str:
    path = reverse("certificates:verify", args=[cert.number])
    return request.build_absolute_uri(f"{path}?c={copy_token(cert)}")


def qr_data_uri(text: str) -> str:
    """The QR code as a PNG data URI (for HTML pages; the PDF renderer fetches nothing, so the PDF uses qr_svg)."""
    import qrcode

    buffer = io.BytesIO()
    qrcode.make(text, error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=4, border=2).save(buffer)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def qr_svg(text: str) -> str:
    """The QR code as inline SVG markup: WeasyPrint draws it as vectors, with no URL to fetch (sunlight.pdf)."""
    import qrcode
    import qrcode.image.svg

    buffer = io.BytesIO()
    qrcode.make(
        text, image_factory=qrcode.image.svg.SvgPathImage, error_correction=qrcode.constants.ERROR_CORRECT_M, border=2
    ).save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    return svg[svg.index("<svg") :]  # without the XML declaration


def certificate_pdf(request: HttpRequest, cert: Certificate) -> bytes:
    url = verification_url(request, cert)
    html = render_to_string(
        "certificates/pdf/certificate.html", {"cert": cert, "p": cert.payload, "qr_svg": mark_safe(qr_svg(url))}
    )
    return pdf.render_pdf(html)
