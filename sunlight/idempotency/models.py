"""One row per submission made with an idempotency key: a second POST with the same key finds the first result."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class SubmissionKey(models.Model):
    """A one-time key (the web form's hidden field, or the API's Idempotency-Key header) and what it created.

    Only a hash of the key is kept; the key is unique per scope (what was submitted) and submitter (the
    account, or "anon"). The row is written in the same transaction as the thing it guards, so a second
    submission either waits for the first and then finds it, or files normally after a failed first."""

    scope = models.CharField(max_length=40)
    submitter = models.CharField(max_length=64)
    key_hash = models.CharField(max_length=64)
    # A hash of the submitted content (API only): the same key with a different body is refused, not replayed.
    fingerprint = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # The web result page was displayed (with the query code): a replay after that cannot show the code again.
    shown = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "submitter", "key_hash"], name="idempotency_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.submitter} → {self.object_id}"
