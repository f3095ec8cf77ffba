"""Notices to people: `send_notice` inside an act's transaction, delivery after it commits, retries by the worker.

    send_notice(applicant, _("您的申请已答复"), body, url=reverse("requests:mine"), channels=("inapp", "email"))

The rows are written with the act (a rolled-back act sends nothing); each channel's delivery runs on commit, and
one that fails is retried by `deliver_pending` (sunlight.notify.tasks) up to MAX_ATTEMPTS times.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from .channels import NoAddress, channel
from .models import Notice

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def send_notice(
    user, subject: str, body: str = "", *, url: str = "", channels: Iterable[str] = ("inapp",)
) -> list[Notice]:
    """One notice per channel for `user`; `url` is a reverse()d path, never a hand-built one."""
    channels = list(channels)
    for name in channels:
        channel(name)  # an unknown channel is a programming error: fail in the act, not later in the worker
    notices = [
        Notice.objects.create(user=user, channel=name, subject=str(subject)[:200], body=str(body), url=url)
        for name in channels
    ]
    ids = [n.pk for n in notices]
    transaction.on_commit(lambda: deliver(Notice.objects.filter(pk__in=ids)))
    return notices


def deliver(notices: QuerySet[Notice]) -> int:
    """Try each unsent notice once; return how many were delivered. A failure is recorded, never raised."""
    sent = 0
    for notice in notices.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS).select_related("user"):
        try:
            channel(notice.channel).deliver(notice)
        except NoAddress as exc:
            Notice.objects.filter(pk=notice.pk).update(attempts=MAX_ATTEMPTS, last_error=str(exc)[:300])
            continue
        except Exception as exc:  # a gateway's failure must not break the act that caused the notice
            log.warning("notice %s by %s not delivered: %s", notice.pk, notice.channel, exc)
            Notice.objects.filter(pk=notice.pk).update(attempts=F("attempts") + 1, last_error=str(exc)[:300])
            continue
        Notice.objects.filter(pk=notice.pk).update(attempts=F("attempts") + 1, sent_at=timezone.now(), last_error="")
        sent += 1
    return sent


def deliver_pending() -> int:
    return deliver(Notice.objects.all())


def unread(user) -> QuerySet[Notice]:
    """The in-app notices a person has not read, newest first."""
    return Notice.objects.filter(user=user, channel="inapp", sent_at__isnull=False, read_at__isnull=True)


@transaction.atomic
def mark_notices_read(user) -> int:
    """The person has seen their in-app notices (their own only: the query is theirs)."""
    return unread(user).update(read_at=timezone.now())
