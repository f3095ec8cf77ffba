"""A small fixed cast for search tests: orgs as paths (search never reads the Org table)."""

from __future__ import annotations

from datetime import datetime
from itertools import count
from zoneinfo import ZoneInfo

import pytest

from sunlight.search.service import IndexEntry

BEIJING = ZoneInfo("Asia/Shanghai")
CITY = "/1/"
EAST = "/1/7/"
EAST_CENTER = "/1/7/42/"
WEST = "/1/8/"

_ids = count(1)


def at(year: int, month: int = 6, day: int = 1, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=BEIJING)


@pytest.fixture
def make_entry():
    """IndexEntry with sensible defaults; every call gets a new object_id unless given one."""

    def make(title: str = "关于做好年度工作的通知", **fields) -> IndexEntry:
        org_path = fields.pop("org_path", EAST_CENTER)
        defaults = dict(
            kind="document",
            object_id=next(_ids),
            org_id=int(org_path.strip("/").split("/")[-1]),
            org_path=org_path,
            title=title,
            summary="",
            body="",
            url="/disclosure/documents/1",
            published_at=at(2024),
        )
        defaults.update(fields)
        if "url" not in fields:
            defaults["url"] = f"/disclosure/documents/{defaults['object_id']}"
        return IndexEntry(**defaults)

    return make
