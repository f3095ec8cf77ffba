"""The event log over the API, scoped like the workbench: staff see events of the orgs they may see."""

from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema
from ninja.pagination import paginate

from sunlight.api.auth import staff_or_token_auth
from sunlight.api.types import BoundedLimitOffsetPagination

from .log import visible_events

router = Router(auth=staff_or_token_auth())


class EventOut(Schema):
    seq: int
    at: datetime
    actor: str
    org_id: int | None
    verb: str
    object_type: str
    object_id: str
    object_label: str
    data: dict
    hash: str


@router.get("", response=list[EventOut], summary="事件记录 / Events visible to the caller")
@paginate(BoundedLimitOffsetPagination)
def list_events(request, object_type: str | None = None, object_id: str | None = None, verb: str | None = None):
    qs = visible_events(request.user)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if verb:
        qs = qs.filter(verb__startswith=verb)
    return [
        {
            "seq": e.seq,
            "at": e.at,
            "actor": e.actor_label,
            "org_id": e.org_id,
            "verb": e.verb,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "object_label": e.object_label,
            "data": e.data,
            "hash": e.hash,
        }
        for e in qs.order_by("-seq")
    ]
