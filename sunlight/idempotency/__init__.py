"""Idempotency keys: a submission sent twice (double click, reload, back and resubmit, a retry after a lost
response) files once. The web form carries a one-time key in a hidden field; the API takes an Idempotency-Key header.

Use ``once(scope=…, submitter=…, key=…, create=…)`` inside the action's transaction: it returns the first
result for a key already used, otherwise it calls ``create`` and remembers what it made.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

KEY_RE = re.compile(r"^[A-Za-z0-9_\-.:]{8,128}$")


def new_key() -> str:
    """A fresh key for a form being rendered (~128 bits: another person's key cannot be guessed)."""
    return secrets.token_urlsafe(16)


def is_valid_key(key: str) -> bool:
    return bool(key) and bool(KEY_RE.match(key))


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def submitter_of(user) -> str:
    return f"user:{user.pk}" if user is not None and getattr(user, "is_authenticated", False) else "anon"


def used(*, scope: str, submitter: str, key: str) -> bool:
    """Whether KEY already filed something: the view then skips the form's checks and the rate limit (a replay)."""
    from .models import SubmissionKey

    return SubmissionKey.objects.filter(scope=scope, submitter=submitter, key_hash=digest(key)).exists()


@dataclass
class Outcome:
    row: Any  # SubmissionKey
    replay: bool  # True: the key was used before, row.object_id is the first submission's


class KeyReused(Exception):
    """The same key came with different content (API): a client bug, answered 422, never a second filing."""


@transaction.atomic
def once(*, scope: str, submitter: str, key: str, create: Callable[[], str], fingerprint: str = "") -> Outcome:
    """Claim the key, then create; or return the row of the first submission made with it.

    The claim is an INSERT under a unique constraint in the caller's transaction: a concurrent second
    submission blocks on it until the first commits (then it finds the row) or rolls back (then it files)."""
    from .models import SubmissionKey

    key_hash = digest(key)
    try:
        with transaction.atomic():
            row = SubmissionKey.objects.create(
                scope=scope, submitter=submitter, key_hash=key_hash, fingerprint=fingerprint
            )
    except IntegrityError:
        row = SubmissionKey.objects.select_for_update().get(scope=scope, submitter=submitter, key_hash=key_hash)
        if fingerprint and row.fingerprint and row.fingerprint != fingerprint:
            raise KeyReused(scope) from None
        return Outcome(row=row, replay=True)
    row.object_id = str(create())
    row.save(update_fields=["object_id"])
    return Outcome(row=row, replay=False)
