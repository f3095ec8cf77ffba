"""Issuing and checking client keys."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from sunlight.crypto import sm3_hex
from sunlight.events.log import record

from .models import ApiClient


def key_hash(key: str) -> str:
    return sm3_hex(key.strip())


@transaction.atomic
def issue_key(*, name: str, mailbox, by=None) -> tuple[ApiClient, str]:
    """A new client with a fresh key (returned once), or a new key for an existing one (the old key stops working)."""
    key = secrets.token_urlsafe(32)
    client, _created = ApiClient.objects.update_or_create(
        name=name.strip()[:60], defaults={"mailbox": mailbox, "key_hash": key_hash(key), "is_active": True}
    )
    record("georeport.key", actor=by or "operator", org=mailbox.org, obj=client, data={"mailbox": mailbox.code})
    return client, key


def client_for(key: str | None) -> ApiClient | None:
    if not key or len(key) > 200:
        return None
    client = ApiClient.objects.filter(key_hash=key_hash(key), is_active=True).select_related("mailbox").first()
    if client is not None:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=timezone.now())
    return client
