"""Org lists in tree order, the one way every public list and select shows orgs.

A materialized path sorts by the ids in it ("/1/12/" before "/1/3/"), and a government's own departments
would come after the lower governments created before them. Tree order here is depth-first, and among
siblings an org's own departments and offices come before the lower-level governments, each group by its
sort_order, then the region code (the official order of districts), then creation:
云川市人民政府, its bureaus, then 青溪区人民政府 with its bureaus, then 云湖区 …
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from .models import Org, Region


def ordered(orgs: QuerySet[Org] | Iterable[Org] | None = None) -> list[Org]:
    """The given orgs (default: every active org) depth-first in tree order. An org whose parent is not in the
    list is placed where its nearest listed ancestor's subtree is (or at the top level), so filtered lists such
    as "governments only" or "orgs that handle requests" keep the tree's order too."""
    rows = list(Org.objects.filter(is_active=True) if orgs is None else orgs)
    listed = {org.pk: org for org in rows}
    region_codes = dict(Region.objects.filter(pk__in={org.region_id for org in rows}).values_list("pk", "code"))

    def sibling_key(org: Org) -> tuple:
        return (org.kind == Org.Kind.GOVERNMENT, org.sort_order, region_codes.get(org.region_id, ""), org.pk)

    children: dict[int | None, list[Org]] = {}
    for org in rows:
        ancestors = org.path_ids[:-1]
        parent = next((pk for pk in reversed(ancestors) if pk in listed), None)
        children.setdefault(parent, []).append(org)
    out: list[Org] = []

    def walk(parent: int | None) -> None:
        for org in sorted(children.get(parent, []), key=sibling_key):
            out.append(org)
            walk(org.pk)

    walk(None)
    return out
