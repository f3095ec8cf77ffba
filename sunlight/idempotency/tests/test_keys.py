"""The key table itself: a key claimed once, replayed after, forgotten after 30 days."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sunlight import idempotency
from sunlight.idempotency.models import SubmissionKey
from sunlight.idempotency.tasks import forget_old_keys

pytestmark = pytest.mark.django_db


def test_a_key_is_claimed_once_and_then_replayed_per_scope_and_submitter():
    made = []
    first = idempotency.once(scope="test", submitter="anon", key="key-0000001", create=lambda: made.append(1) or "7")
    again = idempotency.once(scope="test", submitter="anon", key="key-0000001", create=lambda: made.append(2) or "8")
    assert (first.replay, again.replay, again.row.object_id, made) == (False, True, "7", [1])
    # The same key of another submitter or for another kind of submission is another key.
    assert not idempotency.once(scope="test", submitter="user:1", key="key-0000001", create=lambda: "9").replay
    assert not idempotency.once(scope="other", submitter="anon", key="key-0000001", create=lambda: "9").replay
    assert SubmissionKey.objects.filter(key_hash=idempotency.digest("key-0000001")).count() == 3


def test_a_failed_submission_leaves_the_key_free():
    def fail():
        raise ValueError("refused")

    with pytest.raises(ValueError):
        idempotency.once(scope="test", submitter="anon", key="key-0000002", create=fail)
    assert not idempotency.once(scope="test", submitter="anon", key="key-0000002", create=lambda: "1").replay


def test_the_same_key_with_other_content_is_refused():
    idempotency.once(scope="test", submitter="anon", key="key-0000003", create=lambda: "1", fingerprint="a")
    with pytest.raises(idempotency.KeyReused):
        idempotency.once(scope="test", submitter="anon", key="key-0000003", create=lambda: "2", fingerprint="b")


def test_keys_older_than_30_days_are_forgotten():
    idempotency.once(scope="test", submitter="anon", key="key-0000004", create=lambda: "1")
    SubmissionKey.objects.update(created_at=timezone.now() - timedelta(days=31))
    idempotency.once(scope="test", submitter="anon", key="key-0000005", create=lambda: "2")
    assert forget_old_keys() == 1 and SubmissionKey.objects.count() == 1


def test_only_well_formed_keys_are_taken():
    assert idempotency.is_valid_key(idempotency.new_key()) and idempotency.is_valid_key(
        "0b6f4a6e-2f7c-4c1e-9f57-6a1d3f0c9a21"
    )
    assert not any(idempotency.is_valid_key(k) for k in ("", "short", "has space 123", "x" * 129, "键键键键键键键键"))
