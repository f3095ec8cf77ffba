"""Model fields for personal data kept encrypted at rest (see sunlight.crypto)."""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.core.exceptions import FieldError
from django.db import models
from django.utils.translation import gettext as _

from sunlight import crypto
from sunlight.crypto import DecryptionError, Unreadable, decrypt_text, encrypt_text

log = logging.getLogger(__name__)
UNREADABLE_TEXT = "（无法解密：密钥不符）"


_reported: set[tuple[str, str]] = set()
_reported_lock = threading.Lock()


def unreadable(token: str, purpose: str, error: Exception) -> crypto.Unreadable:
    """The marker for TOKEN, after logging (and recording as an event) the first failure per field and key id."""
    try:
        key_id = crypto.token_key_id(token)
    except crypto.DecryptionError:
        key_id = "?"
    with _reported_lock:
        first = (purpose, key_id) not in _reported
        _reported.add((purpose, key_id))
    if first:
        log.error("encrypted value of %s (key id %s) cannot be decrypted: %s", purpose, key_id, error)
        try:
            from sunlight.events.log import record

            record("security.undecryptable", data={"field": purpose, "key_id": key_id, "reason": str(error)[:200]})
        except Exception:  # the page must still be shown; the log line above says what happened
            log.exception("could not record the undecryptable value")
    return crypto.Unreadable(_(UNREADABLE_TEXT), token)


def forget_reported() -> None:
    """Report the next undecryptable value again (tests; a process reports each field and key id once)."""
    with _reported_lock:
        _reported.clear()


class EncryptedTextField(models.TextField):
    """Text stored as an SM4-GCM token (``sunlight.crypto.encrypt_text``) bound to ``purpose``.

    Python code sees plaintext; the column holds ``v1.<key id>.<base64>``. None and "" are stored as
    they are (an empty optional field need not be hidden, and "" stays distinguishable from NULL).

    Every encryption uses a fresh nonce, so the database cannot compare values: the only lookup
    allowed is ``isnull``. To find equal values, store ``sunlight.crypto.blind_index`` in a second field.
    ``purpose`` names the field for key separation; it must never change once data is stored.
    Note that ``dumpdata`` writes plaintext (it serialises the Python value).

    A value that no configured key decrypts (a wrong or missing key) reads as the marker
    ``UNREADABLE_TEXT`` instead of crashing the page, and is written back unchanged
    if the row is saved; the start-up check (sunlight.fieldkeys.check_field_keys, which imports this module) refuses to serve then.
    """

    description = "Text encrypted at rest with SM4-GCM"

    def __init__(self, *args: Any, purpose: str, **kwargs: Any) -> None:
        if not isinstance(purpose, str) or not purpose.strip():
            raise TypeError("EncryptedTextField needs purpose='app.model.field' (a non-empty string)")
        # Uniqueness and keys compare ciphertexts, which differ even for equal plaintexts.
        for option in ("unique", "primary_key", "db_index"):
            if kwargs.get(option):
                raise TypeError(f"EncryptedTextField cannot be {option}: ciphertexts of equal values differ")
        self.purpose = purpose
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        kwargs["purpose"] = self.purpose
        return name, path, args, kwargs

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        try:
            return decrypt_text(value, purpose=self.purpose)
        except DecryptionError as exc:
            return unreadable(value, self.purpose, exc)

    def get_prep_value(self, value: Any) -> str | None:
        if isinstance(value, Unreadable):  # shown as the marker, stored as it was: never encrypt the marker
            return value.token
        value = super().get_prep_value(value)  # TextField: to str
        if value is None or value == "":
            return value
        return encrypt_text(value, purpose=self.purpose)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            raise FieldError(
                f"EncryptedTextField {self.name!r} does not support the {lookup_name!r} lookup: the stored values "
                "are random ciphertexts. Only __isnull works (write field__isnull=True, not field=None); "
                "to find equal values, compare a blind_index field instead."
            )
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name: str) -> Any:
        raise FieldError(
            f"EncryptedTextField {self.name!r} does not support the {lookup_name!r} transform: "
            "the database holds ciphertext."
        )
