"""Rate-limit counters are shared by every process and survive a restart (issue 9, item 4)."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections

from sunlight.query_codes import check_rate
from sunlight.throttle.models import RateCounter
from sunlight.throttle.store import hit


@pytest.fixture
def second_process(transactional_db):
    """A database connection of its own, as another gunicorn worker would hold (committed data only)."""
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    yield other
    other.close()


def test_two_worker_processes_count_against_the_same_limit(second_process):
    assert hit("client-a", window_seconds=600) == 1
    assert hit("client-a", window_seconds=600, connection=second_process) == 2
    assert hit("client-a", window_seconds=600) == 3
    assert RateCounter.objects.get().count == 3


def test_a_restart_keeps_the_count(second_process):
    for _ in range(3):
        hit("client-b", window_seconds=600, connection=second_process)
    second_process.close()  # the worker exits; a new one connects
    restarted = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        assert hit("client-b", window_seconds=600, connection=restarted) == 4
    finally:
        restarted.close()


def test_the_query_code_limit_is_not_reset_by_a_fresh_process_memory(db):
    """Before: the counter lived in the per-process locmem cache, which a new worker (or a restart) starts empty."""
    assert [check_rate("track:203.0.113.7", limit=3, window_seconds=600) for _ in range(3)] == [True, True, True]
    for alias in caches:  # a new process: every in-memory cache is empty
        caches[alias].clear()
    assert not check_rate("track:203.0.113.7", limit=3, window_seconds=600)


def test_expired_counters_are_swept_by_later_hits(db, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from sunlight.throttle import store

    RateCounter.objects.create(key="old", count=9, expires_at=timezone.now() - timedelta(seconds=1))
    monkeypatch.setattr(store.random, "randrange", lambda n: 0)
    hit("new", window_seconds=60)
    assert list(RateCounter.objects.values_list("count", flat=True)) == [1]
