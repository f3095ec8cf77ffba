"""Bulk writing without model instances, for the paths that write thousands of rows a second
(imports, index rebuilds): ids reserved in one statement, rows inserted with executemany on
SQLite and COPY on PostgreSQL.

The ORM's bulk_create spends more time compiling SQL and preparing each field of each instance
than the database spends inserting; here a row is a dict of attribute names to plain Python
values, only dates, datetimes and JSON are converted, and every other column takes its
field's default. No signals, no history rows, no save(): callers record their own events.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.utils import timezone


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys of `model`'s table, never handed out again.

    Call it inside the transaction that inserts the rows. On SQLite the reserving statement is a
    write, so it takes the database's write lock at once and no other writer can come between.
    """
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, model._meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # AUTOINCREMENT tables keep their high-water mark in sqlite_sequence; moving it up by
        # `count` reserves the ids as SQLite itself would have handed them out.
        pk = model._meta.pk.column
        cursor.execute(
            f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
            f"coalesce((SELECT max({pk}) FROM {table}), 0))",
            [table],
        )
        last = cursor.fetchone()[0]
        cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
        cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, last + count])
    return list(range(last + 1, last + count + 1))


def insert_rows(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows given as {attname: value}; the columns a row leaves out take their defaults
    (auto_now and auto_now_add: now). All rows are inserted in one statement stream."""
    if not rows:
        return
    given = set(rows[0])
    fields = [f for f in model._meta.concrete_fields if f.attname in given or not f.primary_key]
    now = timezone.now()
    # One getter per column: the row's value, or the column's default (the same for every row), converted.
    getters = []
    for f in fields:
        convert = _converter(f) or _as_is
        if f.attname in given:
            getters.append(lambda row, name=f.attname, convert=convert: convert(row[name]))
        else:
            automatic = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            default = convert(now if automatic else f.get_default())
            getters.append(lambda row, default=default: default)
    values = [[get(row) for get in getters] for row in rows]
    table = model._meta.db_table
    quoted = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(fields))
        cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})", values)


def _as_is(value: Any) -> Any:
    return value


def _converter(field: models.Field):
    """How a plain value becomes what the driver takes, for the few types that need it."""
    kind = field.get_internal_type()
    if kind == "JSONField":
        return lambda v: None if v is None else json.dumps(v, cls=DjangoJSONEncoder, ensure_ascii=False)
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    if kind == "GenericIPAddressField":
        return lambda v: v or None
    return None
