"""GET /api/v1/certificates/verify (public): is a certificate genuine and valid; GET / (staff): their certificates."""
# No `from __future__ import annotations` here: django-ninja reads the parameter types at import time.

from datetime import date, datetime
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from sunlight.api.auth import staff_or_token_auth
from sunlight.api.types import BoundedLimitOffsetPagination

from . import copies
from .queries import staff_certificates

router = Router()
Number = Annotated[str, Field(min_length=1, max_length=40)]
Token = Annotated[str, Field(max_length=4000)]


class VerifyOut(Schema):
    number: str
    state: str = Field(description="valid / revoked / expired / superseded / unknown")
    valid: bool = Field(description="the certificate is valid today and, when c was given, the copy is genuine")
    copy_checked: bool
    copy_ok: bool = Field(description="the copy's signature holds and it equals the registry's record")
    name: str | None = None
    holder: str | None = None
    holder_id: str | None = None
    scope: str | None = None
    valid_from: str | None = None
    valid_until: str | None = None
    issuer: str | None = None
    revoked_on: date | None = None
    revoke_reason: str | None = None


class Problem(Schema):
    error: str
    message: str
    result: VerifyOut


def _out(number: str, result) -> dict:
    out = {
        "number": number,
        "state": result.state,
        "valid": result.valid,
        "copy_checked": result.copy_checked,
        "copy_ok": result.copy_ok,
    }
    if result.cert is not None:
        p = result.cert.payload
        out.update({key: p.get(key) for key in ("name", "holder", "holder_id", "scope", "valid_from", "valid_until")})
        out.update(
            issuer=p.get("issuer"), revoked_on=result.cert.revoked_on, revoke_reason=result.cert.revoke_reason or None
        )
    return out


@router.get(
    "/verify",
    response={200: VerifyOut, 404: Problem, 422: Problem},
    summary="核验电子证照 / Verify a certificate",
)
def verify(request, number: Number, c: Token = ""):
    result = copies.verify(number, c)
    out = _out(number, result)
    if result.copy_checked and not result.copy_ok:
        return Status(
            422, {"error": "copy_invalid", "message": _("验证失败：证照副本不真实或已被篡改。"), "result": out}
        )
    if result.cert is None:
        return Status(404, {"error": "not_found", "message": _("没有该编号的证照。"), "result": out})
    return out


class CertificateOut(Schema):
    id: int
    number: str
    name: str
    org_id: int
    holder_name: str
    state: str
    valid_from: date
    valid_until: date | None
    issued_at: datetime
    source_ref: str


@router.get("/", response=list[CertificateOut], auth=staff_or_token_auth(), summary="本机构证照 / Staff: certificates")
@paginate(BoundedLimitOffsetPagination)
def staff_list(request):
    return staff_certificates(request.user)
