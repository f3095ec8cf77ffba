"""索引号: `front/YYYY-NNNNN` (or `front/YYYYMM-NNNNN`), front = the publisher's credit code or legacy org code.

Machine-generated, unique, never changed. The serial is per publisher and period, taken under a row lock.
"""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext

from sunlight.errors import SunlightError

from .models import IndexSerial

INDEX_NUMBER_RE = re.compile(r"^(?P<front>[0-9A-Z]{9}|[0-9A-Z]{18})/(?P<period>\d{4}|\d{6})-(?P<serial>\d{5})$")


def period_for(day: date) -> str:
    return day.strftime("%Y%m") if settings.DISCLOSURE_INDEX_PERIOD == "month" else day.strftime("%Y")


def _front(publisher) -> str:
    front = publisher.disclosure_code
    if not front:
        raise SunlightError(
            gettext("“%(name)s”没有统一社会信用代码或组织机构代码，无法生成索引号。") % {"name": publisher.name}
        )
    return front


def next_index_number(publisher, day: date) -> str:
    period = period_for(day)
    with transaction.atomic():
        serial, _ = IndexSerial.objects.select_for_update().get_or_create(publisher=publisher, period=period)
        serial.last += 1
        if serial.last > 99999:
            raise SunlightError(gettext("本年度索引号流水号已用尽（99999）。"))
        serial.save(update_fields=["last"])
    return f"{_front(publisher)}/{period}-{serial.last:05d}"


def claim_index_number(publisher, index_number: str) -> str:
    """Accept an existing index number (bulk import) and keep the serial counter ahead of it."""
    match = INDEX_NUMBER_RE.match(index_number.strip())
    if not match:
        raise SunlightError(
            gettext("索引号“%(index_number)s”格式不正确，应为“机构代码/年份-五位流水号”。")
            % {"index_number": index_number}
        )
    if match["front"] != _front(publisher):
        raise SunlightError(
            gettext("索引号“%(index_number)s”的机构代码与发布机构“%(name)s”不符。")
            % {"index_number": index_number, "name": publisher.name}
        )
    with transaction.atomic():
        serial, _ = IndexSerial.objects.select_for_update().get_or_create(publisher=publisher, period=match["period"])
        if int(match["serial"]) > serial.last:
            serial.last = int(match["serial"])
            serial.save(update_fields=["last"])
    return index_number.strip()


def claim_index_numbers(claims: list[tuple[object, str]]) -> None:
    """claim_index_number for a whole import batch: one locked update per publisher and period."""
    highest: dict[tuple[int, str], tuple[object, int]] = {}
    for publisher, index_number in claims:
        match = INDEX_NUMBER_RE.match(index_number)
        if not match or match["front"] != _front(publisher):
            claim_index_number(publisher, index_number)  # raises the precise error
            continue
        key = (publisher.pk, match["period"])
        if int(match["serial"]) > highest.get(key, (None, 0))[1]:
            highest[key] = (publisher, int(match["serial"]))
    if not highest:
        return
    # One upsert whatever the number of publishers and periods (a migration touches hundreds per
    # batch): a missing counter is created, one behind is raised, one ahead is left alone. Rows
    # go in key order so two imports lock counters in the same order and never deadlock.
    table = IndexSerial._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (publisher_id, period, last) VALUES (%s, %s, %s) "
            "ON CONFLICT (publisher_id, period) DO UPDATE SET "
            f"last = CASE WHEN excluded.last > {table}.last THEN excluded.last ELSE {table}.last END",
            [(pk, period, serial) for (pk, period), (_publisher, serial) in sorted(highest.items())],
        )
