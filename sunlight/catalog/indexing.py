"""What search knows of an item: its version in force (kind "service_item"); cancelled items leave the index.

The item kind (行政许可 …) rides in `validity` so a search can facet on it without a new column.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from sunlight.search import service as search

from .models import ServiceItem, ServiceItemVersion

KIND = "service_item"
LIVE = (ServiceItem.Status.ACTIVE, ServiceItem.Status.SUSPENDED)


def entry_for(item: ServiceItem, version: ServiceItemVersion) -> search.IndexEntry:
    guide = version.guide or {}
    materials = "；".join(m.get("name", "") for m in guide.get("materials", []))
    conditions = "\n".join(guide.get("conditions", []))
    return search.IndexEntry(
        kind=KIND,
        object_id=item.pk,
        org_id=item.org_id,
        org_path=item.org.path,
        title=version.name,
        summary=f"{version.get_kind_display()} · {version.implementing_body} · {item.code}",
        body=f"{conditions}\n{materials}\n{guide.get('result', {}).get('name', '')}".strip(),
        url=reverse("catalog:item", args=[item.pk]),
        published_at=version.published_at,
        index_number=item.code,
        validity=version.kind,
        keywords=" ".join([version.competent_department, *version.life_event_slugs])[:500],
    )


def reindex(item: ServiceItem) -> None:
    """Bring the index in line with the item, in the caller's transaction."""
    if item.status in LIVE and item.current_id:
        search.index(entry_for(item, item.current))
    else:
        search.remove(KIND, item.pk)


def live_entries(batch: int = 2000) -> Iterator[search.IndexEntry]:
    """An entry for every item in use or suspended, read in batches by primary key (rebuilds, benchmarks)."""
    items = ServiceItem.objects.filter(status__in=LIVE, current__isnull=False).select_related("org", "current")
    last = 0
    while True:
        chunk = list(items.filter(pk__gt=last).order_by("pk")[:batch])
        if not chunk:
            return
        for item in chunk:
            yield entry_for(item, item.current)
        last = chunk[-1].pk


def rebuild(*, workers: int = 1) -> int:
    """Drop every item entry and index the live items again; returns how many were indexed."""
    search.clear(KIND)
    return search.rebuild(live_entries(), workers=workers)
