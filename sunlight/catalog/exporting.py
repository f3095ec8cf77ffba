"""Export of the catalog as the exchange workbook (importing.shape): any filter of the staff item list.

Every version of every matching item, one row each on 事项 and its lists on the keyed sheets, streamed with
openpyxl write_only in chunks of items, so the export of a province never sits in memory whole. Exporting and
importing the file into an empty database gives the same data (tests/test_export.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from django.db.models import Prefetch, Q, QuerySet

from .elements import of_version
from .importing import shape
from .kinds import ItemKind
from .models import Citation, ServiceItem, ServiceItemVersion
from .queries import staff_items

CHUNK = 500


def filtered_items(user, params) -> QuerySet[ServiceItem]:
    """The staff item list's filters: org, kind, status, q (name or code). Unknown values filter nothing out."""
    items = staff_items(user)
    org = (params.get("org") or "").strip()
    if org.isascii() and org.isdigit():
        items = items.filter(org_id=int(org))
    kind = params.get("kind") or ""
    if kind in ItemKind.values:
        items = items.filter(kind=kind)
    status = params.get("status") or ""
    if status in ServiceItem.Status.values:
        items = items.filter(status=status)
    q = (params.get("q") or "").strip()[:100]
    if q:
        items = items.filter(Q(name__icontains=q) | Q(code__icontains=q))
    return items


def _chunks(items: QuerySet[ServiceItem]) -> Iterator[list[ServiceItem]]:
    ids = list(items.order_by("org_id", "code").values_list("pk", flat=True))
    versions = ServiceItemVersion.objects.order_by("number").prefetch_related(
        Prefetch("citations", queryset=Citation.objects.order_by("id"))
    )
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = (
            ServiceItem.objects.filter(pk__in=chunk)
            .select_related("org", "parent")
            .prefetch_related(Prefetch("versions", queryset=versions))
        )
        order = {pk: i for i, pk in enumerate(chunk)}
        yield sorted(rows, key=lambda item: order[item.pk])


def write_workbook(items: QuerySet[ServiceItem], out: IO[bytes]) -> int:
    """Write the items' versions to `out`; returns the number of version rows."""
    from openpyxl import Workbook

    from sunlight.orgs.models import Org

    book = Workbook(write_only=True)
    main = book.create_sheet(shape.ITEM_SHEET)
    main.append(list(shape.ITEM_HEADERS))
    subs = {}
    for sheet, headers in shape.SUB_HEADERS.items():
        subs[sheet] = book.create_sheet(sheet)
        subs[sheet].append(list(headers))
    credit_of = dict(Org.objects.exclude(credit_code=None).values_list("pk", "credit_code"))
    count = 0
    for chunk in _chunks(items):
        for item in chunk:
            for v in item.versions.all():
                data = of_version(v, v.citations.all())
                meta = {
                    "code": item.code,
                    "basic_code": item.basic_code,
                    "number": v.number,
                    "operation": v.operation,
                    "reason": v.reason,
                    "tier": item.tier,
                    "parent_code": item.parent.code if item.parent else "",
                    "credit": item.org.credit_code or "",
                    "effective_from": v.effective_from,
                }
                main.append(shape.item_cells(meta, data))
                for sheet, ws in subs.items():
                    for row in shape.sub_cells(sheet, (item.code, v.number), data, credit_of):
                        ws.append(row)
                count += 1
    book.save(out)
    return count
