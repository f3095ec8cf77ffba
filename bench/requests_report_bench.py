"""Annual report request table over N requests (default 1,000,000) for a government's subtree.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sunlight_requests .venv/bin/python bench/requests_report_bench.py --n 1000000

Builds the demo city in the target database (migrating it first), bulk-inserts N requests spread
over the demo's agencies, 2024-01..2026-10, every outcome and applicant type (personal fields
empty: they are not read by the report), then times sunlight.requests.report.request_table() for
the city government's whole subtree and for one district, for 2025, best of 5 after a warm-up.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunlight.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from sunlight.demo.build import build_demo
    from sunlight.orgs.models import Org
    from sunlight.requests.models import ApplicantType, InfoRequest, Outcome
    from sunlight.requests.report import TOTAL, request_table

    build_demo()
    agencies = list(Org.objects.filter(kind__in=["government", "department"]))
    types = list(ApplicantType.objects.filter(children__isnull=True))
    outcomes = list(Outcome.objects.all())
    have = InfoRequest.objects.count()
    rng = random.Random(7)
    started = time.perf_counter()
    first, span = date(2024, 1, 1), (date(2026, 10, 31) - date(2024, 1, 1)).days
    batch = []
    for i in range(have, args.n):
        received = first + timedelta(days=rng.randrange(span))
        closed = rng.random() < 0.93
        replied = received + timedelta(days=rng.randint(1, 40)) if closed else None
        batch.append(
            InfoRequest(
                number=f"B{i:09d}",
                org=rng.choice(agencies),
                channel="online",
                applicant_type=rng.choice(types),
                applicant_name="申请人",
                description="基准测试申请",
                format="electronic",
                delivery="online",
                submitted_at=timezone.now(),
                received_on=received,
                status="closed" if closed else "processing",
                outcome=rng.choice(outcomes) if closed else None,
                replied_on=replied,
                due_on=received + timedelta(days=28),
            )
        )
        if len(batch) == 20_000:
            InfoRequest.objects.bulk_create(batch)
            batch = []
    if batch:
        InfoRequest.objects.bulk_create(batch)
    if args.n > have:
        print(f"inserted {args.n - have:,} requests in {time.perf_counter() - started:.0f} s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE requests_inforequest")
    city = Org.objects.filter(kind="government").order_by("path").first()
    district = Org.objects.filter(kind="government", parent=city).order_by("path").first()
    for label, org in (
        ("top government and its subtree", city),
        ("a government one level down and its subtree", district),
    ):
        requests = InfoRequest.objects.filter(org__path__startswith=org.path)  # the subtree (materialized path)
        request_table(requests, 2025)  # warm-up
        times = []
        for _ in range(5):
            t = time.perf_counter()
            table = request_table(requests, 2025)
            times.append(time.perf_counter() - t)
        print(
            f"{connection.vendor} {label} ({org.name}): best {min(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms; "
            f"2025: new {table.new.get(TOTAL, 0):,}, answered {table.results_total(TOTAL):,}, balanced {table.balanced}"
        )


if __name__ == "__main__":
    main()
