"""The light tallies (LightTally): open watches per org, kind and light. An evaluation moves one watch between
tallies; the sweep applies its day's changes grouped; `recount` rebuilds them from the watches (nightly, and after
a bulk load)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum

from .models import LightChange, LightTally, Watch


def move(before: tuple | None, after: tuple | None) -> None:
    """One watch moved from tally `before` to `after`, each (org_id, kind, light) or None when not open."""
    if before == after:
        return
    if before is not None:
        _add(*before, -1)
    if after is not None:
        _add(*after, 1)


def _add(org_id: int, kind: str, light: str, n: int) -> None:
    updated = LightTally.objects.filter(org_id=org_id, kind=kind, light=light).update(n=F("n") + n)
    if not updated:
        LightTally.objects.get_or_create(org_id=org_id, kind=kind, light=light, defaults={"n": 0})
        LightTally.objects.filter(org_id=org_id, kind=kind, light=light).update(n=F("n") + n)


def apply_changes(on: date, after_id: int) -> int:
    """The sweep's changes of the day (LightChange rows after `after_id`), grouped, onto the tallies."""
    moves: Counter = Counter()
    rows = (
        LightChange.objects.filter(on=on, pk__gt=after_id)
        .values("org_id", "watch__kind", "old", "new")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for r in rows:
        moves[(r["org_id"], r["watch__kind"], r["old"])] -= r["n"]
        moves[(r["org_id"], r["watch__kind"], r["new"])] += r["n"]
    for (org_id, kind, light), n in moves.items():
        if n:
            _add(org_id, kind, light, n)
    return len(moves)


@transaction.atomic
def recount() -> int:
    """Rebuild every tally from the open watches."""
    LightTally.objects.all().delete()
    rows = Watch.objects.filter(open=True).values("org_id", "kind", "light").annotate(n=Count("pk")).order_by()
    LightTally.objects.bulk_create(
        LightTally(org_id=r["org_id"], kind=r["kind"], light=r["light"], n=r["n"]) for r in rows
    )
    return LightTally.objects.count()


def counts(orgs_q: Q, path: str) -> list[dict]:
    """Per org of the subtree at `path` (and within what `orgs_q` lets the user see): green, yellow, red, paused."""
    rows = (
        LightTally.objects.filter(orgs_q, org__path__startswith=path, n__gt=0)
        .values("org_id", "org__name", "org__path", "light")
        .annotate(total=Sum("n"))
        .order_by()
    )
    by_org: dict[int, dict] = {}
    for r in rows:
        org = by_org.setdefault(
            r["org_id"],
            {
                "org_id": r["org_id"],
                "org__name": r["org__name"],
                "path": r["org__path"],
                "green": 0,
                "yellow": 0,
                "red": 0,
                "paused": 0,
            },
        )
        org[r["light"]] = org.get(r["light"], 0) + r["total"]
    return list(by_org.values())


LIGHTS = ("green", "yellow", "red", "paused")


def totals(rows: list[dict]) -> dict[str, int]:
    return {k: sum(r[k] for r in rows) for k in LIGHTS}


def worst(rows: list[dict], n: int) -> list[dict]:
    """The orgs with the most red, then yellow, lights."""
    return sorted(rows, key=lambda r: (-r["red"], -r["yellow"], r["org__name"]))[:n]


def last_change_id() -> int:
    with connection.cursor() as c:
        c.execute(f'SELECT MAX(id) FROM "{LightChange._meta.db_table}"')
        return c.fetchone()[0] or 0
