"""The transactional outbox of the search index: what changed, for an engine that lives outside the database.

``record()`` runs inside the transaction that changes SearchEntry rows, so a change and its outbox row commit or
roll back together. A consumer keeps a *position*: on SQLite the last id it has read (one writer, so ids commit
in order); on PostgreSQL the oldest transaction still running when it read (``pg_snapshot_xmin``) plus the ids it
has already read above it, because there ids are handed out at insert but become visible at commit — a row with
a smaller id can appear after one with a larger id, but never from a transaction older than that xmin.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import SearchOutbox

TABLE = SearchOutbox._meta.db_table


def enabled() -> bool:
    return bool(getattr(settings, "SEARCH_ENGINE", ""))


@dataclass
class Position:
    """How far a consumer has read: every row with id <= last_id (SQLite), or every row with txid < xmin and the
    rows in `seen` ([id, txid] pairs of transactions at or above xmin) on PostgreSQL."""

    xmin: int = 0
    last_id: int = 0
    seen: list[list[int]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"xmin": self.xmin, "last_id": self.last_id, "seen": self.seen}

    @classmethod
    def from_dict(cls, data: dict) -> Position:
        seen = [[int(i), int(t)] for i, t in data.get("seen", [])]
        return cls(int(data.get("xmin", 0)), int(data.get("last_id", 0)), seen)


def record(keys: Iterable[tuple[str, int]]) -> None:
    """Note that these (kind, object_id) entries changed. Call inside the changing transaction."""
    if not enabled():
        return
    keys = list(dict.fromkeys(keys))
    if not keys:
        return
    now = timezone.now()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {TABLE} (kind, object_id, txid, created_at) "
                "SELECT k, o, pg_current_xact_id()::text::bigint, %s FROM unnest(%s::text[], %s::bigint[]) AS t(k, o)",
                [now, [k for k, _ in keys], [o for _, o in keys]],
            )
        else:
            cursor.executemany(
                f"INSERT INTO {TABLE} (kind, object_id, txid, created_at) VALUES (%s, %s, 0, %s)",
                [(k, o, now) for k, o in keys],
            )


def record_kind(kind: str | None) -> None:
    """Note that every entry of a kind (None: all) is about to change (clear() before a full rebuild)."""
    if not enabled():
        return
    from .models import SearchEntry

    entries = SearchEntry.objects.all() if kind is None else SearchEntry.objects.filter(kind=kind)
    record(entries.values_list("kind", "object_id").iterator(chunk_size=5000))


def here() -> Position:
    """The position of a consumer that has read everything committed so far (taken before a rebuild reads)."""
    return since(Position(), limit=None)[1] if connection.vendor != "postgresql" else _here_postgres()


def _here_postgres() -> Position:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT x.xmin, o.id, o.txid FROM (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin) x "
            f"LEFT JOIN {TABLE} o ON o.txid >= x.xmin"
        )
        fetched = cursor.fetchall()
    return Position(xmin=fetched[0][0], seen=[[i, t] for _, i, t in fetched if i is not None])


def since(position: Position, limit: int | None) -> tuple[list[tuple[int, str, int]], Position]:
    """Rows after `position` (id, kind, object_id), in id order, and the position after reading them all.

    When more than `limit` rows wait, `limit` + 1 rows are returned with the position unchanged (the caller
    treats that as "too many to merge"). Without a limit only the position is worth having (SQLite: max id).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement, one snapshot: the xmin and the rows agree.
            cursor.execute(
                "SELECT x.xmin, o.id, o.kind, o.object_id, o.txid "
                "FROM (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin) x "
                f"LEFT JOIN LATERAL (SELECT id, kind, object_id, txid FROM {TABLE} "
                "WHERE txid >= %s AND NOT (id = ANY(%s)) ORDER BY id LIMIT %s) o ON true",
                [position.xmin, [i for i, _ in position.seen], (limit + 1) if limit is not None else None],
            )
            fetched = cursor.fetchall()
            xmin = max(fetched[0][0], position.xmin)
            found = [r for r in fetched if r[1] is not None]
            rows = [(r[1], r[2], r[3]) for r in found]
            if limit is not None and len(rows) > limit:
                return rows, position
            # Rows of transactions below the new xmin are final: the txid filter skips them from now on.
            seen = [[i, t] for i, t in [*position.seen, *([r[1], r[4]] for r in found)] if t >= xmin]
            return rows, Position(xmin=xmin, seen=seen)
        if limit is None:
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {TABLE}")
            return [], Position(last_id=max(position.last_id, cursor.fetchone()[0]))
        cursor.execute(
            f"SELECT id, kind, object_id FROM {TABLE} WHERE id > %s ORDER BY id LIMIT %s",
            [position.last_id, limit + 1],
        )
        rows = [tuple(r) for r in cursor.fetchall()]
        if len(rows) > limit:
            return rows, position
        return rows, Position(last_id=rows[-1][0] if rows else position.last_id)


def prune(days: int | None = None) -> int:
    """Delete rows older than SEARCH_OUTBOX_DAYS (an index last synced before that is rebuilt instead)."""
    days = days if days is not None else int(getattr(settings, "SEARCH_OUTBOX_DAYS", 7))
    return SearchOutbox.objects.filter(created_at__lt=timezone.now() - timedelta(days=days)).delete()[0]
