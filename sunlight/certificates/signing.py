"""Signatures over a certificate's canonical data: SM2 (GB/T 32918, with SM3) through tongsuopy, or ECDSA P-256.

See docs/decisions/0008-certificate-signatures.md. Each certificate stores the algorithm and the key id it was
signed with; the public keys are kept (`SigningKey`) so a certificate still verifies after the key is rotated.

- ``sign(payload) -> (algorithm, key_id, signature)``: with the configured key (CERTIFICATE_SIGNING_KEY_FILE, or
  a key generated once into the data folder when that is unset).
- ``verify(algorithm, key_id, payload, signature) -> bool``: never raises on bad input; the public key objects
  and the results are cached in memory (a result is a pure function of its inputs).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes as c_hashes
from cryptography.hazmat.primitives import serialization as c_serialization
from cryptography.hazmat.primitives.asymmetric import ec as c_ec
from django.db import transaction

from sunlight.crypto import sm3_hex

SM2 = "SM2-SM3"
ECDSA_P256 = "ECDSA-P256-SHA256"


def _sm2_generate() -> bytes:
    from tongsuopy.crypto import serialization
    from tongsuopy.crypto.asymciphers import ec

    key = ec.generate_private_key(ec.SM2())
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _sm2_load_private(pem: bytes):
    from tongsuopy.crypto import serialization

    return serialization.load_pem_private_key(pem, password=None)


def _sm2_load_public(pem: bytes):
    from tongsuopy.crypto import serialization

    return serialization.load_pem_public_key(pem)


def _sm2_public_pem(private_key) -> bytes:
    from tongsuopy.crypto import serialization

    return private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _sm2_sign(private_key, data: bytes) -> bytes:
    from tongsuopy.crypto import hashes
    from tongsuopy.crypto.asymciphers import ec

    # Tongsuo's EVP_DigestSign on an SM2 key: Z (default ID 1234567812345678) + SM3, k from its DRBG.
    return private_key.sign(data, ec.ECDSA(hashes.SM3()))


def _sm2_verify(public_key, data: bytes, signature: bytes) -> bool:
    from tongsuopy.crypto import hashes
    from tongsuopy.crypto.asymciphers import ec
    from tongsuopy.crypto.exceptions import InternalError
    from tongsuopy.crypto.exceptions import InvalidSignature as SmInvalidSignature

    try:
        public_key.verify(signature, data, ec.ECDSA(hashes.SM3()))
    except (SmInvalidSignature, InternalError, ValueError):  # InternalError: a signature that is not even DER
        return False
    return True


def _p256_generate() -> bytes:
    key = c_ec.generate_private_key(c_ec.SECP256R1())
    return key.private_bytes(
        c_serialization.Encoding.PEM, c_serialization.PrivateFormat.PKCS8, c_serialization.NoEncryption()
    )


def _p256_public_pem(private_key) -> bytes:
    return private_key.public_key().public_bytes(
        c_serialization.Encoding.PEM, c_serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _p256_verify(public_key, data: bytes, signature: bytes) -> bool:
    try:
        public_key.verify(signature, data, c_ec.ECDSA(c_hashes.SHA256()))
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True)
class Algorithm:
    name: str
    generate: Callable[[], bytes]  # a new private key, PKCS#8 PEM
    load_private: Callable[[bytes], object]
    load_public: Callable[[bytes], object]
    public_pem: Callable[[object], bytes]
    sign: Callable[[object, bytes], bytes]  # DER signature
    verify: Callable[[object, bytes, bytes], bool]


ALGORITHMS: dict[str, Algorithm] = {
    SM2: Algorithm(SM2, _sm2_generate, _sm2_load_private, _sm2_load_public, _sm2_public_pem, _sm2_sign, _sm2_verify),
    ECDSA_P256: Algorithm(
        ECDSA_P256,
        _p256_generate,
        lambda pem: c_serialization.load_pem_private_key(pem, password=None),
        c_serialization.load_pem_public_key,
        _p256_public_pem,
        lambda key, data: key.sign(data, c_ec.ECDSA(c_hashes.SHA256())),
        _p256_verify,
    ),
}


def algorithm_of_pem(pem: bytes) -> str:
    """Which registered algorithm a private key PEM is for (SM2 keys carry the SM2 curve OID)."""
    try:
        key = c_serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        key = None
    if isinstance(key, c_ec.EllipticCurvePrivateKey) and isinstance(key.curve, c_ec.SECP256R1):
        return ECDSA_P256
    ALGORITHMS[SM2].load_private(pem)  # raises if it is not an SM2 key either
    return SM2


def key_id_of(public_pem: bytes) -> str:
    """16 hex characters of the SM3 hash of the public key PEM: short enough for the QR code, stable forever."""
    return sm3_hex(public_pem.strip())[:16]


@dataclass(frozen=True)
class SigningKeyMaterial:
    algorithm: str
    key_id: str
    private_key: object
    public_pem: str


_lock = threading.Lock()
_current: dict[str, SigningKeyMaterial] = {}
_public_keys: dict[tuple[str, str], object] = {}
_registered: set[tuple[str, str]] = set()  # keys known to be in SigningKey (this process)


def key_file() -> Path:
    from django.conf import settings

    configured = getattr(settings, "CERTIFICATE_SIGNING_KEY_FILE", None)
    if configured:
        return Path(configured)
    return Path(settings.DATA_DIR) / "certificate-signing-key.pem"


def current_key() -> SigningKeyMaterial:
    """The signing key: the configured PEM file, or (unset) one generated once into the data folder."""
    from django.conf import settings

    path = key_file()
    with _lock:
        found = _current.get(str(path))
        if found is not None:
            return found
        if not path.exists():
            if getattr(settings, "CERTIFICATE_SIGNING_KEY_FILE", None):
                from django.core.exceptions import ImproperlyConfigured

                raise ImproperlyConfigured(f"CERTIFICATE_SIGNING_KEY_FILE {path} does not exist.")
            name = getattr(settings, "CERTIFICATE_SIGNING_ALGORITHM", SM2)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(ALGORITHMS[name].generate())
            path.chmod(0o600)
        pem = path.read_bytes()
        name = algorithm_of_pem(pem)
        algorithm = ALGORITHMS[name]
        private_key = algorithm.load_private(pem)
        public_pem = algorithm.public_pem(private_key)
        found = SigningKeyMaterial(name, key_id_of(public_pem), private_key, public_pem.decode())
        _current[str(path)] = found
        return found


def sign(payload: bytes) -> tuple[str, str, bytes]:
    """Sign PAYLOAD with the current key: (algorithm, key id, DER signature). Records the public key."""
    key = current_key()
    register_public_key(key.algorithm, key.key_id, key.public_pem)
    return key.algorithm, key.key_id, ALGORITHMS[key.algorithm].sign(key.private_key, payload)


def register_public_key(algorithm: str, key_id: str, public_pem: str) -> None:
    """Keep the public key (once) so certificates signed with it verify after rotation."""
    if (algorithm, key_id) in _registered:
        return
    from .models import SigningKey

    _row, created = SigningKey.objects.get_or_create(
        key_id=key_id, defaults={"algorithm": algorithm, "public_key": public_pem}
    )
    if created:  # the key now signing; the earlier ones only verify
        SigningKey.objects.exclude(key_id=key_id).filter(is_active=True).update(is_active=False)
    # Remembered once committed (a rolled-back row must be written again next time).
    transaction.on_commit(lambda: _registered.add((algorithm, key_id)))


def public_key(algorithm: str, key_id: str):
    """The public key object for KEY_ID (cached in memory), or None when unknown or of another algorithm."""
    cached = _public_keys.get((algorithm, key_id))
    if cached is not None:
        return cached
    from .models import SigningKey

    row = SigningKey.objects.filter(key_id=key_id, algorithm=algorithm).only("public_key").first()
    if row is None:
        return None
    loaded = ALGORITHMS[algorithm].load_public(row.public_key.encode())
    _public_keys[(algorithm, key_id)] = loaded
    return loaded


@lru_cache(maxsize=4096)
def _verified(algorithm: str, key_id: str, payload: bytes, signature: bytes) -> bool:
    key = public_key(algorithm, key_id)
    return key is not None and ALGORITHMS[algorithm].verify(key, payload, signature)


def verify(algorithm: str, key_id: str, payload: bytes, signature: bytes) -> bool:
    """True only if SIGNATURE is ALGORITHM's signature of PAYLOAD under the public key KEY_ID."""
    if algorithm not in ALGORITHMS or not key_id or not signature:
        return False
    return _verified(algorithm, key_id, bytes(payload), bytes(signature))


def forget_keys() -> None:
    """Tests: drop the in-memory keys and results (after switching CERTIFICATE_SIGNING_KEY_FILE)."""
    with _lock:
        _current.clear()
        _public_keys.clear()
        _registered.clear()
        _verified.cache_clear()
