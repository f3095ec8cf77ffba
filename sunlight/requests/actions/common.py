"""What several acts do alike: close a request, tell its handlers, run a nightly act row by row, guard a
submission with a one-time key."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from django.utils import timezone

from sunlight import idempotency
from sunlight.events.log import record

from .. import duties, law
from ..models import Extension, InfoRequest, ReplyDraft
from ..notices import issue_notice
from .rules import S

log = logging.getLogger(__name__)


def each_in_own_transaction(pks, act: Callable[[int], int], what: str) -> int:
    """Run a nightly system act row by row, each in its own transaction (`act` is atomic and returns 1 when it
    acted): one row that fails — its notice cannot be rendered, its calendar is missing — is logged and left
    for the next night without holding up the others. Returns how many rows were acted on."""
    done = 0
    for pk in list(pks):
        try:
            done += act(pk)
        except Exception:  # noqa: BLE001 — a nightly run must not stop at one bad row; the log says which
            log.exception("%s: row %s skipped", what, pk)
    return done


def close_as_lapsed(
    info_request: InfoRequest, *, category: str, number: int, text: str, on: date, verb: str, data: dict
) -> None:
    """System act (no actor): the applicant let a window lapse (correction: 其他处理 1; fee: 其他处理 2), so the
    request closes with that outcome and a reply notice. Call inside the caller's transaction, row locked."""
    outcome = law.outcome(category, number)
    info_request.outcome, info_request.reply_text, info_request.replied_on, info_request.status = (
        outcome,
        text,
        on,
        S.CLOSED,
    )
    info_request.save(update_fields=["outcome", "reply_text", "replied_on", "status", "updated_at"])
    record(
        verb,
        actor=None,
        org=info_request.org,
        obj=info_request,
        data={**data, "outcome": outcome.printed_name, "on": on.isoformat()},
    )
    issue_notice(info_request, "reply", on=on, context={})
    closed(info_request)


def closed(info_request: InfoRequest) -> None:
    """The request is closed: its to-dos are done and what waited for it (an extension, a draft reply) is void."""
    info_request.extensions.filter(status=Extension.Status.PENDING).update(
        status=Extension.Status.REFUSED, decision_reason="申请已办结", decided_on=timezone.localdate()
    )
    info_request.reply_drafts.filter(status=ReplyDraft.Status.PENDING).update(
        status=ReplyDraft.Status.RETURNED, decision_reason="申请已办结", decided_on=timezone.localdate()
    )
    duties.close_request(info_request)


def tell_handlers(info_request: InfoRequest, title: str) -> None:
    """After commit, a to-do for the people who can act on the request (the queue shows it too; this is the nudge)."""
    duties.tell(info_request, duties.request_key(info_request), title, due=info_request.due_on)


def once(scope: str, *, key: str, submitter, create: Callable[[], InfoRequest], fingerprint: str = ""):
    """`create()` guarded by a one-time key (the form's, or the API's Idempotency-Key header): a second submission
    with the same key (double click, reload, back and resubmit, a retry after a lost response) files nothing.
    Returns (the request the key filed, idempotency.Outcome: .replay and the key's .row)."""
    outcome = idempotency.once(
        scope=scope,
        submitter=idempotency.submitter_of(submitter),
        key=key,
        create=lambda: str(create().pk),
        fingerprint=fingerprint,
    )
    return InfoRequest.objects.select_related("org").get(pk=int(outcome.row.object_id)), outcome


def decide(pending: Extension | ReplyDraft, status: str, *, by, on: date, reason: str = "") -> None:
    """An approver's decision on an extension or a draft reply: who, when, and why (saved on the row)."""
    pending.status, pending.decided_by, pending.decided_on, pending.decision_reason = status, by, on, reason
    pending.save(update_fields=["status", "decided_by", "decided_on", "decision_reason"])


def send_back(info_request: InfoRequest, key: str, title: str, *, to, reason: str) -> None:
    """Tell the one who asked (with the reason) that their extension or draft was not accepted: act in time."""
    duties.tell(info_request, key, title, users=[to], level="warning", due=info_request.due_on, detail=reason[:200])
