"""National (GM/T) cryptography used across Sunlight, through the `cryptography` package.

- SM3 (GB/T 32905-2016): ``sm3_hex``; HMAC-SM3 keyed look-up hashes (``blind_index``).
- SM4 (GB/T 32907-2016, GM/T 0002-2012) in GCM mode (RFC 8998): ``encrypt_text``/``decrypt_text``
  for personal data at rest.

Keys come from settings (see ``load_field_encryption_keys`` and docs/configuration.md):

- ``FIELD_ENCRYPTION_KEYS``: ``[(key_id, 16-byte key), ...]``, the first encrypts new values, the others
  only decrypt (rotation). A token names its key id, so the right key is picked without trial decryption.
- ``FIELD_INDEX_KEY``: 16 bytes for ``blind_index``. Separate from the encryption keys because a stored
  index must stay comparable across a rotation of the encryption key.

Every key is only ever used through HKDF-SM3 subkeys bound to a *purpose* (the field), so a ciphertext
or an index value copied from one field into another neither decrypts nor matches.

Token format (ASCII, fits a TextField): ``v1.<key id>.<base64url without padding of nonce|ciphertext|tag>``
with a random 12-byte nonce and a 16-byte GCM tag; the header and the purpose are authenticated as AAD.

This module imports Django settings lazily, so settings.py itself may use ``load_field_encryption_keys``.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import unicodedata
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def sm3_hex(data: bytes | str) -> str:
    """SM3 digest (GB/T 32905-2016) as 64 lowercase hex characters."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


# --- keys ---------------------------------------------------------------------------------------

KEY_BYTES = 16  # SM4 has one key size: 128 bits
NONCE_BYTES = 12  # the GCM standard nonce; random per value
TAG_BYTES = 16
TOKEN_VERSION = "v1"
# "." separates the token's parts, so a key id may not contain one; short ids keep tokens short.
_KEY_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_HEX_RE = re.compile(r"^[0-9a-fA-F]*$")


class DecryptionError(Exception):
    """A token could not be decrypted: malformed, tampered with, another purpose, or an unknown key id."""


class Unreadable(str):
    """What an encrypted field reads as when no configured key decrypts its value: a marker text that
    keeps the stored token, so saving the row writes the token back unchanged (sunlight.fields) and the
    right key, once configured, reads it again. Masking shows it as it is (sunlight.masking)."""

    token: str

    def __new__(cls, text: str, token: str) -> Unreadable:
        marker = super().__new__(cls, text)
        marker.token = token
        return marker


def key_id_for(key: bytes) -> str:
    """The id given to a key configured without one: a short SM3 fingerprint.

    Derived from the key so that moving FIELD_ENCRYPTION_KEY's value unchanged into
    FIELD_ENCRYPTION_OLD_KEYS keeps the id that old tokens carry. 32 bits of a hash of a random
    128-bit key reveal nothing usable about it.
    """
    return sm3_hex(b"sunlight field key id\x00" + key)[:8]


def parse_key(text: str, *, variable: str) -> tuple[str, bytes]:
    """``[id:]hex`` (32 hex characters) → (key id, 16 key bytes); ImproperlyConfigured naming VARIABLE if bad."""
    from django.core.exceptions import ImproperlyConfigured

    text = text.strip()
    key_id, sep, hex_part = text.rpartition(":")
    hex_part = hex_part.strip()
    if sep and not _KEY_ID_RE.match(key_id.strip()):
        raise ImproperlyConfigured(
            f"{variable}: key id {key_id.strip()!r} must be 1-32 characters of A-Z, a-z, 0-9, '_' or '-'."
        )
    if not _HEX_RE.match(hex_part) or len(hex_part) != KEY_BYTES * 2:
        raise ImproperlyConfigured(
            f"{variable} must be {KEY_BYTES * 2} hex characters (a {KEY_BYTES * 8}-bit SM4 key), "
            f"got {len(hex_part)} characters{'' if _HEX_RE.match(hex_part) else ' that are not all hex'}. "
            'Generate one with: python -c "import secrets; print(secrets.token_hex(16))"'
        )
    key = bytes.fromhex(hex_part)
    return (key_id.strip() if sep else key_id_for(key)), key


def key_from_secret_key(secret_key: str) -> bytes:
    """Development fallback: an SM4 key derived from SECRET_KEY (HKDF-SM3). Production sets its own key."""
    return HKDF(
        algorithm=hashes.SM3(), length=KEY_BYTES, salt=b"sunlight", info=b"field encryption fallback key v1"
    ).derive(secret_key.encode("utf-8"))


def load_field_encryption_keys(current: str | None, old: str | None, secret_key: str) -> list[tuple[str, bytes]]:
    """The FIELD_ENCRYPTION_KEYS setting from the environment values (called by settings.py).

    ``current`` is FIELD_ENCRYPTION_KEY (``[id:]hex``), ``old`` FIELD_ENCRYPTION_OLD_KEYS
    (comma-separated ``[id:]hex``). Without a current key the key is derived from SECRET_KEY.
    """
    from django.core.exceptions import ImproperlyConfigured

    if current and current.strip():
        keys = [parse_key(current, variable="FIELD_ENCRYPTION_KEY")]
    else:
        key = key_from_secret_key(secret_key)
        keys = [(key_id_for(key), key)]
    for item in (old or "").split(","):
        if item.strip():
            keys.append(parse_key(item, variable="FIELD_ENCRYPTION_OLD_KEYS"))
    seen: dict[str, bytes] = {}
    for key_id, key in keys:
        if key_id in seen and seen[key_id] != key:
            raise ImproperlyConfigured(f"Field encryption key id {key_id!r} is given to two different keys.")
        seen[key_id] = key
    return keys


# --- the key file ---------------------------------------------------------------------------------
# Embedded installs keep the field keys in $SUNLIGHT_DATA_DIR/field_key, written on first start
# (sunlight.fieldkeys.ensure_key_file), so that rotating SECRET_KEY never touches personal data.
# One "name=value" per line: current=<id>:<hex> (encrypts), old=<id>:<hex> (zero or more, decrypt
# only), index=<hex> (blind indexes; kept across rotations). Lines starting with # are comments.

FIELD_KEY_FILE_NAME = "field_key"


def read_key_file(path) -> dict:
    """{"current": "id:hex", "old": ["id:hex", ...], "index": "hex"} from the key file; {} when there is none."""
    from pathlib import Path

    from django.core.exceptions import ImproperlyConfigured

    path = Path(path)
    if not path.exists():
        return {}
    found: dict = {"old": []}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or name not in ("current", "old", "index"):
            raise ImproperlyConfigured(f"{path}, line {number}: expected current=, old= or index=, got {line[:40]!r}")
        parse_key(value, variable=f"{path} ({name})")  # refuse a bad key now, naming the file
        if name == "old":
            found["old"].append(value)
        else:
            found[name] = value
    if "current" not in found:
        raise ImproperlyConfigured(f"{path} has no current= key; see docs/configuration.md.")
    return found


def format_key_file(current: tuple[str, bytes], old: list[tuple[str, bytes]], index: bytes) -> str:
    lines = [
        "# Sunlight field-encryption keys (SM4): keep with your backups, never in the database.",
        '# See docs/configuration.md, "Personal data encryption (SM4)".',
        f"current={current[0]}:{current[1].hex()}",
    ]
    lines += [f"old={key_id}:{key.hex()}" for key_id, key in old]
    lines.append(f"index={index.hex()}")
    return "\n".join(lines) + "\n"


def field_key_settings(env_current: str | None, env_old: str | None, env_index: str | None, key_file, secret_key: str):
    """(FIELD_ENCRYPTION_KEYS, FIELD_INDEX_KEY, source) for settings.py.

    The environment wins (FIELD_ENCRYPTION_KEY, ..._OLD_KEYS, FIELD_INDEX_KEY); else the key file in the
    data folder; else, until the first start writes that file, the key derived from SECRET_KEY as before
    (source "derived"), so an existing install reads its data until it migrates.
    """
    if env_current and env_current.strip():
        keys, source, index = load_field_encryption_keys(env_current, env_old, secret_key), "env", env_index
    else:
        stored = read_key_file(key_file)
        old = ",".join(filter(None, [env_old or "", *stored.get("old", [])]))
        keys = load_field_encryption_keys(stored.get("current"), old, secret_key)
        source = "file" if stored else "derived"
        index = env_index or stored.get("index")
    return keys, load_field_index_key(index, keys), source


def load_field_index_key(index: str | None, keys: list[tuple[str, bytes]]) -> bytes:
    """The FIELD_INDEX_KEY setting: FIELD_INDEX_KEY's hex if set, else the current encryption key.

    Falling back to the key *bytes* (not a derivation) means that setting FIELD_INDEX_KEY to the
    FIELD_ENCRYPTION_KEY value in use so far keeps every stored index valid when that key is rotated.
    """
    if index and index.strip():
        return parse_key(index, variable="FIELD_INDEX_KEY")[1]
    return keys[0][1]


def _configured_keys(keys: list[tuple[str, bytes]] | None = None) -> list[tuple[str, bytes]]:
    if keys is not None:  # a candidate set (the start-up check, the key-file migration): not from settings
        return keys
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    keys = list(getattr(settings, "FIELD_ENCRYPTION_KEYS", None) or [])
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty; see docs/configuration.md.")
    for key_id, key in keys:
        if not _KEY_ID_RE.match(str(key_id)) or len(key) != KEY_BYTES:
            raise ImproperlyConfigured(
                f"FIELD_ENCRYPTION_KEYS entries must be (id, {KEY_BYTES} bytes); bad entry for id {key_id!r}."
            )
    return keys


def _check_purpose(purpose: str) -> bytes:
    if not isinstance(purpose, str) or not purpose.strip():
        raise ValueError("purpose must be a non-empty string naming the field, e.g. 'requests.applicant_id'")
    return purpose.encode("utf-8")


@lru_cache(maxsize=256)
def _subkey(key: bytes, kind: bytes, purpose: bytes, length: int) -> bytes:
    """HKDF-SM3 subkey of KEY for one use (KIND) and one field (PURPOSE). Cached: a page decrypts many rows."""
    return HKDF(algorithm=hashes.SM3(), length=length, salt=None, info=b"sunlight/" + kind + b"/" + purpose).derive(key)


# --- SM4-GCM ------------------------------------------------------------------------------------


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    try:
        data = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DecryptionError("token body is not base64url") from exc
    # Refuse non-canonical encodings (changed unused low bits of the last character): an altered
    # token must never be accepted, even when it happens to decode to the same bytes.
    if _b64encode(data) != text:
        raise DecryptionError("token body is not canonical base64url")
    return data


def _aad(key_id: str, purpose: bytes) -> bytes:
    # Authenticates the header and the purpose on top of the per-purpose subkey.
    return f"{TOKEN_VERSION}.{key_id}.".encode("ascii") + purpose


def encrypt_text(plain: str, *, purpose: str) -> str:
    """SM4-GCM encryption of PLAIN under the current key and PURPOSE; a new random nonce every call."""
    if not isinstance(plain, str):
        raise TypeError(f"encrypt_text takes str, not {type(plain).__name__}")
    purpose_bytes = _check_purpose(purpose)
    key_id, key = _configured_keys()[0]
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(_subkey(key, b"sm4-gcm", purpose_bytes, KEY_BYTES)), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(_aad(key_id, purpose_bytes))
    ciphertext = encryptor.update(plain.encode("utf-8")) + encryptor.finalize()
    return f"{TOKEN_VERSION}.{key_id}.{_b64encode(nonce + ciphertext + encryptor.tag)}"


def token_key_id(token: str) -> str:
    """The key id a token was encrypted under (for re-encryption jobs after a rotation)."""
    parts = token.split(".") if isinstance(token, str) else []
    if len(parts) != 3 or parts[0] != TOKEN_VERSION or not _KEY_ID_RE.match(parts[1]):
        raise DecryptionError("not a Sunlight encrypted value")
    return parts[1]


def decrypt_text(token: str, *, purpose: str, keys: list[tuple[str, bytes]] | None = None) -> str:
    """The text ``encrypt_text`` encrypted; DecryptionError for anything not produced by it for PURPOSE.

    ``keys`` overrides the configured FIELD_ENCRYPTION_KEYS (to test whether a candidate key reads the data)."""
    purpose_bytes = _check_purpose(purpose)
    key_id = token_key_id(token)
    key = dict(_configured_keys(keys)).get(key_id)
    if key is None:
        raise DecryptionError(f"unknown key id {key_id!r}: the key is not in FIELD_ENCRYPTION_KEYS")
    blob = _b64decode(token.split(".", 2)[2])
    if len(blob) < NONCE_BYTES + TAG_BYTES:
        raise DecryptionError("token is too short")
    nonce, ciphertext, tag = blob[:NONCE_BYTES], blob[NONCE_BYTES:-TAG_BYTES], blob[-TAG_BYTES:]
    decryptor = Cipher(
        algorithms.SM4(_subkey(key, b"sm4-gcm", purpose_bytes, KEY_BYTES)), modes.GCM(nonce, tag)
    ).decryptor()
    decryptor.authenticate_additional_data(_aad(key_id, purpose_bytes))
    # GCM releases plaintext from update() before the tag is checked: keep it local until finalize()
    # succeeds, so a caller never sees any of a forged value.
    plain = decryptor.update(ciphertext)
    try:
        decryptor.finalize()
    except InvalidTag as exc:
        raise DecryptionError("authentication failed: tampered value, wrong purpose or wrong key") from exc
    try:
        return plain.decode("utf-8")
    except UnicodeDecodeError as exc:  # only reachable if someone encrypted non-UTF-8 bytes with our key
        raise DecryptionError("decrypted value is not UTF-8") from exc


# --- blind index --------------------------------------------------------------------------------

_SPACES_RE = re.compile(r"\s+")


def normalize_for_index(value: str) -> str:
    """NFKC (full-width → ASCII), trimmed, inner whitespace collapsed, case-folded.

    Generic on purpose; a caller with a stricter notion of equality (an ID number without spaces,
    a mobile without +86) normalises further before calling ``blind_index``.
    """
    return _SPACES_RE.sub(" ", unicodedata.normalize("NFKC", value)).strip().casefold()


def blind_index(value: str, *, purpose: str) -> str:
    """HMAC-SM3 (64 hex) of the normalised VALUE under FIELD_INDEX_KEY and PURPOSE, for equality look-ups.

    Deterministic by design, so it reveals which rows share a value; only use it where that is the point
    (repeat requests, query codes). Low-entropy values (a phone number) can be brute-forced by whoever
    holds the key, which is why the key is separate and never stored in the database.
    """
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    purpose_bytes = _check_purpose(purpose)
    key = getattr(settings, "FIELD_INDEX_KEY", None)
    if not key or len(key) != KEY_BYTES:
        raise ImproperlyConfigured(f"FIELD_INDEX_KEY must be {KEY_BYTES} bytes; see docs/configuration.md.")
    mac = crypto_hmac.HMAC(_subkey(bytes(key), b"blind-index", purpose_bytes, 32), hashes.SM3())
    mac.update(normalize_for_index(value).encode("utf-8"))
    return mac.finalize().hex()
