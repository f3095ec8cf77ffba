"""Bounded integer types for every API parameter (path, query, body).

An unbounded ``int`` lets ``offset=9223372036854775808`` or ``org=10**30`` reach the database driver, which
cannot bind it (SQLite: OverflowError; PostgreSQL: out of range) and the caller gets a 500. These aliases
put the bound in the schema, so a value out of range is the API's JSON 422 and the OpenAPI document says so.

- ``Id``: a primary key to look up (our keys are 64-bit, BigAutoField); positive.
- ``Offset`` / ``Limit`` / ``Count``: slicing and counters, kept within 32 bits so offset + limit and
  page × per_page stay far from any overflow, and a count fits an ``integer`` column on PostgreSQL.
"""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1

Id = Annotated[int, Field(ge=1, le=INT64_MAX)]
Offset = Annotated[int, Field(ge=0, le=INT32_MAX)]
Limit = Annotated[int, Field(ge=1, le=500)]
Count = Annotated[int, Field(ge=0, le=INT32_MAX)]
Year = Annotated[int, Field(ge=1990, le=2100)]


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """ninja's limit/offset pagination with an upper bound on the offset (ninja's own has none)."""

    class Input(Schema):
        limit: Limit = 100
        offset: Offset = 0

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=500, **kwargs)
