"""Catalog Excel import rate: item versions per second, every row checked by every consistency rule.

    SUNLIGHT_DATA_DIR=/tmp/sunlight-catalog .venv/bin/python bench/catalog_import.py --n 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sunlight_catalog .venv/bin/python bench/catalog_import.py --n 100000
    … --publish   (导入即发布: also publishes every version and indexes every item for search)

Migrates the target database, makes `--orgs` implementing orgs under one bench government (an admin of it
imports), writes an N-version workbook with bench/catalog_data.py (a province's 实施清单: materials, steps,
fees, duties, oversight on their sheets), then imports it through sunlight.catalog.importing.import_file —
the worker's code path — and prints rows/s and where the time went. Imports the same file a second time to
show the idempotent path (every row "unchanged"). Earlier bench items are removed first.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunlight.settings")


def bench_orgs(count: int):
    from sunlight.accounts.models import User
    from sunlight.orgs.codes import make_credit_code
    from sunlight.orgs.models import Membership, Org, Region, Role

    province, _ = Region.objects.get_or_create(code="980000", defaults={"name": "基准省", "level": 1})
    city, _ = Region.objects.get_or_create(code="980100", defaults={"name": "基准市", "level": 2, "parent": province})

    def org(name, n, parent):
        code = make_credit_code("11", city.code, f"B{n:07d}")
        found = Org.objects.filter(credit_code=code).first()
        return found or Org.objects.create(name=name, kind="department", region=city, parent=parent, credit_code=code)

    top = org("基准市人民政府", 0, None)
    orgs = [org(f"基准市第{i}局", i, top) for i in range(1, count + 1)]
    admin, created = User.objects.get_or_create(
        username="catalog-bench", defaults={"kind": User.Kind.STAFF, "display_name": "基准导入"}
    )
    Membership.objects.get_or_create(user=admin, org=top, role=Role.ADMIN)
    return top, orgs, User.objects.get(pk=admin.pk)


def clear(orgs) -> None:
    from django.db import transaction

    from sunlight.catalog.models import Citation, ImportRun, ServiceItem, ServiceItemVersion
    from sunlight.search.models import SearchEntry

    with transaction.atomic():
        items = ServiceItem.objects.filter(org__in=orgs)
        SearchEntry.objects.filter(kind="service_item", object_id__in=items.values("pk")).delete()
        Citation.objects.filter(version__item__in=items).delete()
        items.update(current=None, parent=None)
        ServiceItemVersion.objects.filter(item__in=items).delete()
        items.delete()
        ImportRun.objects.filter(org__in=orgs).delete()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--orgs", type=int, default=50)
    parser.add_argument("--publish", action="store_true", help="导入即发布 (publish and index every version)")
    parser.add_argument("--workbook", help="reuse (or keep) the generated workbook at this path")
    parser.add_argument("--memory", action="store_true", help="trace peak Python memory (slower)")
    parser.add_argument("--once", action="store_true", help="skip the second (idempotent) import")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    import catalog_data

    from sunlight.catalog.importing import import_file
    from sunlight.catalog.models import BasicItem

    top, orgs, admin = bench_orgs(args.orgs)
    catalog_data.ensure_laws()
    clear([top, *orgs])
    BasicItem.objects.filter(
        basic_code__in=[b["basic_code"] for b in catalog_data.basic_items(-(-args.n // args.orgs))]
    ).delete()

    path = Path(args.workbook or tempfile.mkstemp(suffix=".xlsx")[1])
    if not (args.workbook and path.exists() and path.stat().st_size):
        started = time.perf_counter()
        with path.open("wb") as out:
            written = catalog_data.write_workbook(catalog_data.rows(args.n, orgs), out)
        print(
            f"workbook: {written:,} versions, {path.stat().st_size / 1024**2:.1f} MB, "
            f"written in {time.perf_counter() - started:.1f} s"
        )

    if args.memory:
        tracemalloc.start()
    for attempt in ("first import", "same file again")[: 1 if args.once else 2]:
        started = time.perf_counter()
        with path.open("rb") as fh:
            outcome = import_file(fh, org=top, by=admin, publish=args.publish)
        elapsed = time.perf_counter() - started
        print(
            f"\n{attempt} ({connection.vendor}, publish={args.publish}): {outcome.total:,} rows in {elapsed:.1f} s "
            f"→ {outcome.total / elapsed:,.0f} rows/s; created {outcome.created:,}, "
            f"unchanged {outcome.unchanged:,}, errors {len(outcome.errors):,}"
        )
        for phase, seconds in sorted(outcome.seconds.items(), key=lambda kv: -kv[1]):
            print(f"  {phase:<36} {seconds:7.1f} s  {seconds / elapsed:5.1%}")
        for error in outcome.errors[:5]:
            print("  error:", error)
        if args.memory:
            print(f"  peak traced Python memory: {tracemalloc.get_traced_memory()[1] / 1024**2:,.0f} MB")
            tracemalloc.reset_peak()
    if not args.workbook:
        path.unlink()


if __name__ == "__main__":
    main()
