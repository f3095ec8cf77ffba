"""Writing and checking the event log.

Every entry's hash is SM3 over its canonical content, which includes the previous entry's
hash; so altering, deleting or inserting a row breaks the chain at that row.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from sunlight.crypto import sm3_hex

from .models import ChainHead, Event

GENESIS_HASH = "0" * 64


def _normalize(data: Any) -> Any:
    """What the JSON column will give back, so the hash we compute now is the one verify recomputes."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False))


def _utc_iso(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def content_hash(event: Event) -> str:
    return _hash({f: getattr(event, f) for f in _HASHED})


# The event's columns its hash covers, as attribute names.
_HASHED = (
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "org_id",
    "verb",
    "object_type",
    "object_id",
    "object_label",
    "data",
    "ip",
    "prev_hash",
)


def _hash(row: dict[str, Any]) -> str:
    content = {
        "seq": row["seq"],
        "at": _utc_iso(row["at"]),
        "actor": row["actor_id"],
        "actor_label": row["actor_label"],
        "org": row["org_id"],
        "verb": row["verb"],
        "object_type": row["object_type"],
        "object_id": row["object_id"],
        "object_label": row["object_label"],
        "data": row["data"],
        "ip": row["ip"],
        "prev": row["prev_hash"],
    }
    return sm3_hex(json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")))


def describe_object(obj: models.Model | None) -> tuple[str, str, str]:
    if obj is None:
        return "", "", ""
    return obj._meta.label_lower, str(obj.pk), str(obj)[:200]


def record(
    verb: str,
    *,
    actor=None,
    org=None,
    obj: models.Model | None = None,
    before: dict | None = None,
    after: dict | None = None,
    data: dict | None = None,
    ip: str | None = None,
    at: datetime | None = None,
) -> Event:
    """Append one event. Call it inside the action's transaction so the act and its record commit together."""
    payload = dict(data or {})
    if before is not None:
        payload["before"] = before
    if after is not None:
        payload["after"] = after
    object_type, object_id, object_label = describe_object(obj)
    actor_obj = actor if getattr(actor, "pk", None) else None
    with transaction.atomic():
        head = ChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = ChainHead.objects.create(pk=1, seq=0, hash=GENESIS_HASH)
        event = Event(
            seq=head.seq + 1,
            at=at or timezone.now(),
            actor=actor_obj,
            actor_label=(str(actor_obj.get_username()) if actor_obj else str(actor or ""))[:150],
            org=org,
            verb=verb,
            object_type=object_type,
            object_id=object_id,
            object_label=object_label,
            data=_normalize(payload),
            ip=ip,
            prev_hash=head.hash,
        )
        event.hash = content_hash(event)
        event.save(force_insert=True)
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
    return event


def record_many(entries: list[dict]) -> int:
    """Append many events under one lock of the chain head (bulk imports); returns how many.

    Each dict takes record()'s arguments; instead of `obj` it may give `object` as
    (object_type, object_id, object_label), and `org_id` instead of `org`, so a bulk writer needs
    no model instances. The rows are hashed and inserted without building Event instances.
    """
    from sunlight.bulk import insert_rows

    if not entries:
        return 0
    with transaction.atomic():
        head = ChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = ChainHead.objects.create(pk=1, seq=0, hash=GENESIS_HASH)
        rows, seq, prev = [], head.seq, head.hash
        now = timezone.now()
        labels: dict[int, str] = {}
        for entry in entries:
            payload = dict(entry.get("data") or {})
            for key in ("before", "after"):
                if entry.get(key) is not None:
                    payload[key] = entry[key]
            object_type, object_id, object_label = entry.get("object") or describe_object(entry.get("obj"))
            actor = entry.get("actor")
            actor_id = getattr(actor, "pk", None)
            if actor_id is not None and actor_id not in labels:
                labels[actor_id] = str(actor.get_username())[:150]
            org = entry.get("org")
            seq += 1
            row = {
                "seq": seq,
                "at": entry.get("at") or now,
                "actor_id": actor_id,
                "actor_label": labels[actor_id] if actor_id is not None else str(actor or "")[:150],
                "org_id": org.pk if org is not None else entry.get("org_id"),
                "verb": entry["verb"],
                "object_type": object_type,
                "object_id": object_id,
                "object_label": object_label,
                "data": _normalize(payload),
                "ip": entry.get("ip"),
                "prev_hash": prev,
            }
            row["hash"] = prev = _hash(row)
            rows.append(row)
        insert_rows(Event, rows)
        head.seq, head.hash = seq, prev
        head.save(update_fields=["seq", "hash"])
    return len(rows)


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def visible_events(user) -> models.QuerySet[Event]:
    """Events of the orgs the user may see, and the user's own acts (superusers: all)."""
    from django.db.models import Q

    from sunlight.orgs.scope import org_q

    qs = Event.objects.select_related("actor", "org")
    return qs if user.is_superuser else qs.filter(org_q(user, "org") | Q(actor=user))


def events_for(obj: models.Model) -> models.QuerySet[Event]:
    object_type, object_id, _label = describe_object(obj)
    return Event.objects.filter(object_type=object_type, object_id=object_id).select_related("actor", "org")


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    bad_seq: int | None = None
    reason: str = ""


def _iter_events(chunk: int = 2000) -> Iterator[Event]:
    return Event.objects.order_by("seq").iterator(chunk_size=chunk)


def verify_chain() -> VerifyResult:
    """Walk the whole chain; report the first entry that was altered, or where one was removed or added."""
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    for event in _iter_events():
        if event.seq != expected_seq:
            return VerifyResult(
                False,
                checked,
                expected_seq,
                f"第 {expected_seq} 条记录缺失（已被删除）/ entry {expected_seq} is missing (deleted)",
            )
        if event.prev_hash != prev_hash:
            return VerifyResult(
                False,
                checked,
                event.seq,
                f"第 {event.seq} 条记录与前一条不相接（有记录被插入或删除）/ entry {event.seq} does not follow the previous one (inserted or deleted)",
            )
        if content_hash(event) != event.hash:
            return VerifyResult(
                False,
                checked,
                event.seq,
                f"第 {event.seq} 条记录内容与其哈希不符（已被篡改）/ entry {event.seq} was altered",
            )
        prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != checked or head.hash != prev_hash):
        return VerifyResult(
            False,
            checked,
            checked + 1,
            f"链头记到第 {head.seq} 条，实际只有 {checked} 条（末尾记录被删除）/ the chain head says {head.seq} entries, found {checked} (tail deleted)",
        )
    return VerifyResult(True, checked)
