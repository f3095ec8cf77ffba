"""The compact signed copy a QR code carries: base64url(zlib(JSON {p: payload, a: algorithm, k: key id, s: sig})).

Checking a copy: it parses (bounded), its signature verifies over its own payload, and it equals the registry's
record of that number. Anything else is a failed verification, never an exception.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from dataclasses import dataclass

from . import signing
from .actions import canonical
from .models import Certificate

MAX_TOKEN = 4000  # characters of base64url; a real copy is well under 1,000
MAX_JSON = 8000
# What the verification page and API read: no join, no decryption (the holder's ID is masked in the payload).
VERIFY_FIELDS = (
    "number",
    "status",
    "valid_until",
    "revoked_on",
    "revoke_reason",
    "payload",
    "algorithm",
    "key_id",
    "signature",
)  # bytes once inflated (a zip bomb stops here)


def copy_token(cert: Certificate) -> str:
    envelope = {"p": cert.payload, "a": cert.algorithm, "k": cert.key_id, "s": cert.signature}
    packed = zlib.compress(canonical(envelope), 9)
    return base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


@dataclass(frozen=True)
class Copy:
    payload: dict
    algorithm: str
    key_id: str
    signature: str

    @property
    def number(self) -> str:
        return str(self.payload.get("number", ""))


def parse_token(token: str) -> Copy | None:
    token = (token or "").strip()
    if not token or len(token) > MAX_TOKEN or not token.isascii():
        return None
    try:
        packed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, MAX_JSON)
        if inflater.unconsumed_tail:
            return None
        envelope = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, zlib.error, UnicodeDecodeError):
        return None
    if not isinstance(envelope, dict) or not isinstance(envelope.get("p"), dict):
        return None
    fields = [envelope.get(name) for name in ("a", "k", "s")]
    if not all(isinstance(value, str) for value in fields):
        return None
    return Copy(envelope["p"], *fields)


def signature_holds(copy: Copy) -> bool:
    try:
        raw = base64.b64decode(copy.signature, validate=True)
    except (binascii.Error, ValueError):
        return False
    return signing.verify(copy.algorithm, copy.key_id, canonical(copy.payload), raw)


def matches(copy: Copy, cert: Certificate) -> bool:
    return (
        copy.payload == cert.payload
        and copy.algorithm == cert.algorithm
        and copy.key_id == cert.key_id
        and copy.signature == cert.signature
    )


@dataclass(frozen=True)
class Verification:
    cert: Certificate | None
    state: str  # valid / revoked / expired / superseded / unknown
    copy_checked: bool
    copy_ok: bool  # the copy's signature holds and it is the registry's record

    @property
    def valid(self) -> bool:
        return self.state == Certificate.State.VALID and (self.copy_ok or not self.copy_checked)


def verify(number: str, token: str = "") -> Verification:
    """The registry's answer for NUMBER, and whether the copy TOKEN (if any) is genuine and current."""
    number = (number or "").strip()
    cert = None
    if number and len(number) <= 40:
        cert = Certificate.objects.filter(number=number).order_by().only(*VERIFY_FIELDS).first()
    state = cert.state if cert else "unknown"
    if not token:
        return Verification(cert, state, False, False)
    copy = parse_token(token)
    ok = bool(copy and cert and copy.number == cert.number and signature_holds(copy) and matches(copy, cert))
    return Verification(cert, state, True, ok)
