"""The acts on certificates: issue (on a decision of 准予), revoke, renew. Each is signed and recorded."""

from __future__ import annotations

import base64
import json
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sunlight.crypto import blind_index
from sunlight.errors import refuse
from sunlight.events.log import record
from sunlight.masking import mask_id_number
from sunlight.notify.public_cache import public_changed
from sunlight.orgs import scope
from sunlight.orgs.models import Org, Role

from . import signing
from .models import Certificate

# Who issues, revokes and renews an org's certificates.
ISSUER_ROLES = (Role.APPROVER, Role.ADMIN)
ID_PURPOSE = "certificates.holder_id"
PAYLOAD_VERSION = 1


def normalize_id_number(value: str) -> str:
    return "".join((value or "").split()).upper()


def holder_index(id_number: str) -> str:
    """The keyed look-up hash of a holder's ID number (HMAC-SM3 under FIELD_INDEX_KEY)."""
    return blind_index(normalize_id_number(id_number), purpose=ID_PURPOSE)


def canonical(payload: dict) -> bytes:
    """The signed bytes: JSON with sorted keys, no spaces, UTF-8."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def build_payload(cert: Certificate) -> dict:
    """The certificate's data as signed and as printed: no full ID number (masked), nothing that changes later."""
    return {
        "v": PAYLOAD_VERSION,
        "number": cert.number,
        "name": cert.name,
        "holder": cert.holder_name,
        "holder_id": mask_id_number(cert.holder_id_number),
        "scope": cert.scope,
        "valid_from": cert.valid_from.isoformat(),
        "valid_until": cert.valid_until.isoformat() if cert.valid_until else None,
        "issuer": cert.org.name,
        "issuer_code": cert.org.disclosure_code,
        "item": cert.item.code if cert.item_id else None,
        "issued_on": timezone.localdate(cert.issued_at).isoformat(),
        "renews": cert.renewed_from.number if cert.renewed_from_id else None,
    }


def number_prefix(org: Org, year: int) -> str:
    """Org-specific and year-specific: region code + org id (4 digits) + year; a 6-digit serial follows."""
    return f"{org.region.code}{org.pk:04d}{year}"


def _next_number(org: Org, year: int) -> str:
    prefix = number_prefix(org, year)
    last = Certificate.objects.filter(number__startswith=prefix).aggregate(m=Max("number"))["m"]
    serial = int(last[len(prefix) :]) + 1 if last and last[len(prefix) :].isdigit() else 1
    return f"{prefix}{serial:06d}"


def _check_text(value: str, label: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise refuse(_("请填写%(field)s。") % {"field": label}, "missing")
    if len(value) > limit:
        raise refuse(_("%(field)s过长（不超过%(n)s个字）。") % {"field": label, "n": limit}, "too_long")
    return value


def _check_validity(valid_from: date, valid_until: date | None) -> None:
    if valid_until is not None and valid_until < valid_from:
        raise refuse(_("有效期截止日期不能早于起始日期。"), "bad_validity")


def _sign_and_save(cert: Certificate) -> Certificate:
    """Number the certificate, sign its payload and save it (a clash on the number takes the next one)."""
    year = timezone.localdate(cert.issued_at).year
    for _attempt in range(5):
        cert.number = _next_number(cert.org, year)
        cert.payload = build_payload(cert)
        cert.algorithm, cert.key_id, raw = signing.sign(canonical(cert.payload))
        cert.signature = base64.b64encode(raw).decode("ascii")
        try:
            with transaction.atomic():
                cert.save()
            return cert
        except IntegrityError:
            cert.pk = None
    raise refuse(_("证照编号冲突，请重试。"), "number_clash")


@transaction.atomic
def issue_certificate(
    *,
    org: Org,
    name: str,
    holder_name: str,
    holder_id_number: str,
    scope: str,
    valid_from: date,
    valid_until: date | None,
    by,
    item=None,
    holder_user=None,
    source_ref: str = "",
) -> Certificate:
    """Issue a certificate on a decision of 准予: numbered, signed, recorded."""
    _require(by, org, _("发放证照"))
    name = _check_text(name, _("证照名称"), 100)
    holder_name = _check_text(holder_name, _("持证主体"), 200)
    id_number = _check_text(normalize_id_number(holder_id_number), _("证件号码"), 40)
    scope_text = _check_text(scope, _("许可范围"), 2000)
    _check_validity(valid_from, valid_until)
    if item is not None and item.org_id != org.pk:
        raise refuse(_("该事项不属于发证机关。"), "item_of_other_org")
    cert = Certificate(
        name=name,
        item=item,
        org=org,
        holder_name=holder_name,
        holder_id_number=id_number,
        holder_id_index=holder_index(id_number),
        holder_user=holder_user,
        scope=scope_text,
        valid_from=valid_from,
        valid_until=valid_until,
        source_ref=(source_ref or "")[:64],
        issued_at=timezone.now(),
    )
    _sign_and_save(cert)
    record(
        "certificates.issue",
        actor=by,
        org=org,
        obj=cert,
        data={"number": cert.number, "source_ref": cert.source_ref, "algorithm": cert.algorithm, "key_id": cert.key_id},
    )
    public_changed("certificates")
    return cert


def _require(by, org: Org, what: str) -> None:
    scope.require(by, org, ISSUER_ROLES, what)


def _locked(cert: Certificate) -> Certificate:
    return Certificate.objects.select_for_update(of=("self",)).select_related("org").get(pk=cert.pk)


@transaction.atomic
def revoke_certificate(cert: Certificate, *, by, reason: str) -> Certificate:
    """撤销: the certificate stays in the registry, shown as revoked with the date and reason."""
    _require(by, cert.org, _("撤销证照"))
    cert = _locked(cert)
    if cert.status != Certificate.Status.VALID:
        raise refuse(_("该证照已%(state)s，不能撤销。") % {"state": cert.get_status_display()}, "not_valid")
    reason = _check_text(reason, _("撤销理由"), 1000)
    cert.status = Certificate.Status.REVOKED
    cert.revoked_on = timezone.localdate()
    cert.revoke_reason = reason
    cert.save(update_fields=["status", "revoked_on", "revoke_reason"])
    record("certificates.revoke", actor=by, org=cert.org, obj=cert, data={"number": cert.number, "reason": reason})
    public_changed("certificates")
    return cert


@transaction.atomic
def renew_certificate(cert: Certificate, *, by, valid_until: date | None, reason: str) -> Certificate:
    """换发/延续: a new certificate (new number, valid from today), the old one superseded."""
    _require(by, cert.org, _("换发证照"))
    cert = _locked(cert)
    if cert.status != Certificate.Status.VALID:
        raise refuse(_("该证照已%(state)s，不能换发。") % {"state": cert.get_status_display()}, "not_valid")
    reason = _check_text(reason, _("换发理由"), 1000)
    today = timezone.localdate()
    _check_validity(today, valid_until)
    new = Certificate(
        name=cert.name,
        item=cert.item,
        org=cert.org,
        holder_name=cert.holder_name,
        holder_id_number=cert.holder_id_number,
        holder_id_index=cert.holder_id_index,
        holder_user=cert.holder_user,
        scope=cert.scope,
        valid_from=today,
        valid_until=valid_until,
        renewed_from=cert,
        source_ref=cert.source_ref,
        issued_at=timezone.now(),
    )
    _sign_and_save(new)
    cert.status = Certificate.Status.SUPERSEDED
    cert.save(update_fields=["status"])
    record(
        "certificates.renew",
        actor=by,
        org=cert.org,
        obj=new,
        data={"number": new.number, "renews": cert.number, "reason": reason},
    )
    public_changed("certificates")
    return new
