"""Count one attempt in a fixed window, in the database (default) or the cache (Redis in production).

Why the database in embedded mode: the default cache there is local memory, one per worker process, so two
gunicorn workers allowed twice the limit and a restart reset every counter. The database is the one store
every process already shares (the SQLite file or PostgreSQL). With REDIS_URL the cache is Redis, whose
add + incr are atomic and shared too, and cheaper than a write per attempt; RATE_LIMIT_STORE chooses.
"""

from __future__ import annotations

import math
import random
import time
from datetime import UTC, datetime

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

# Expired rows are swept by roughly one new key in this many, so the table stays small without a job.
SWEEP_ONE_IN = 50


def hit(key: str, *, window_seconds: int, connection=None) -> int:
    """Count one attempt for KEY (already hashed, at most ~80 characters) and return the count in this window.

    Fixed windows aligned to multiples of ``window_seconds``. CONNECTION is for tests that play a second
    process; by default the store of RATE_LIMIT_STORE ("database" or "cache").
    """
    now = time.time()
    window = int(now // window_seconds)
    full_key = f"{window_seconds}:{window}:{key}"
    ends = (window + 1) * window_seconds
    if connection is None and getattr(settings, "RATE_LIMIT_STORE", "database") == "cache":
        return _hit_cache(full_key, timeout=math.ceil(ends - now) + 1)
    return _hit_database(
        full_key,
        expires_at=datetime.fromtimestamp(ends + 1, tz=UTC),
        connection=connection or connections[DEFAULT_DB_ALIAS],
    )


def _hit_database(key: str, *, expires_at: datetime, connection) -> int:
    from .models import RateCounter

    q = connection.ops.quote_name
    table, key_col, count_col, expires_col = q(RateCounter._meta.db_table), q("key"), q("count"), q("expires_at")
    # One statement, atomic on SQLite (3.35+) and PostgreSQL: insert the first attempt or add one, and read
    # the new count back; two processes racing on the same key both see distinct, increasing counts.
    sql = (
        f"INSERT INTO {table} ({key_col}, {count_col}, {expires_col}) VALUES (%s, 1, %s) "
        f"ON CONFLICT ({key_col}) DO UPDATE SET {count_col} = {table}.{count_col} + 1 RETURNING {count_col}"
    )
    expires = connection.ops.adapt_datetimefield_value(expires_at)
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, expires])
        count = cursor.fetchone()[0]
        if count == 1 and random.randrange(SWEEP_ONE_IN) == 0:
            now = connection.ops.adapt_datetimefield_value(datetime.now(tz=UTC))
            cursor.execute(f"DELETE FROM {table} WHERE {expires_col} < %s", [now])
    return count


def _hit_cache(key: str, *, timeout: int) -> int:
    from django.core.cache import cache

    cache_key = f"sunlight:rate:{key}"
    if cache.add(cache_key, 1, timeout):
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add() and incr(): this is the first attempt of a new entry
        cache.add(cache_key, 1, timeout)
        return 1
