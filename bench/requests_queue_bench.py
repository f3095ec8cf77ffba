"""The staff request queue of one agency holding N open requests (default 100,000): page latency.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sunlight_requests .venv/bin/python bench/requests_queue_bench.py

Run after bench/requests_report_bench.py on the same database (it needs the demo city). Adds N open
requests to one district government (once), then requests the workbench queue page as a
disclosure officer of that agency through Django's test client — the whole view: session, scoping,
filters, the status counts, the page of 30 rows with deadline labels, template rendering — for the
default order and for the filters a handler uses most (overdue, due soon, one status), 20 times
each after a warm-up; the same for the API's staff queue. Prints p50 / p95 per page.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunlight.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from sunlight.accounts.models import User
    from sunlight.orgs.models import Membership, Org, Role
    from sunlight.requests.models import ApplicantType, InfoRequest

    settings.ALLOWED_HOSTS = ["*"]
    org = Org.objects.filter(kind="government", parent__kind="government").order_by("path").first()
    user, _ = User.objects.get_or_create(
        username="queue.bench", defaults={"kind": User.Kind.STAFF, "display_name": "基准"}
    )
    Membership.objects.get_or_create(user=user, org=org, role=Role.DISCLOSURE_OFFICER)
    have = InfoRequest.objects.filter(org=org, number__startswith="Q").count()
    if have < args.n:
        rng = random.Random(11)
        types = list(ApplicantType.objects.filter(children__isnull=True))
        today = timezone.localdate()
        rows = []
        for i in range(have, args.n):
            received = today - timedelta(days=rng.randrange(60))
            status = rng.choice(["processing"] * 8 + ["correcting", "consulting"])
            rows.append(
                InfoRequest(
                    number=f"Q{i:09d}",
                    org=org,
                    channel="online",
                    applicant_type=rng.choice(types),
                    applicant_name="申请人",
                    description="队列基准申请",
                    format="electronic",
                    delivery="online",
                    submitted_at=timezone.now(),
                    received_on=received,
                    status=status,
                    due_on=None if status == "correcting" else received + timedelta(days=28),
                )
            )
        InfoRequest.objects.bulk_create(rows, batch_size=10_000)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE requests_inforequest")
    open_count = InfoRequest.objects.filter(org=org).exclude(status="closed").count()
    print(
        f"{connection.vendor}: {org.name} has {open_count:,} open requests "
        f"({InfoRequest.objects.count():,} requests in the database)",
        flush=True,
    )
    client = Client()
    client.force_login(user)
    pages = {
        "queue, default order": "/workbench/requests/",
        "queue, overdue": "/workbench/requests/?due=overdue",
        "queue, due soon": "/workbench/requests/?due=soon",
        "queue, status 待补正, page 50": "/workbench/requests/?status=correcting&page=50",
        "API staff queue": f"/api/v1/requests/staff?org={org.pk}",
    }
    for label, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        samples = []
        for _ in range(args.runs):
            t = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - t) * 1000)
        samples.sort()
        p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
        print(f"  {label:<32} p50 {statistics.median(samples):7.1f} ms   p95 {p95:7.1f} ms", flush=True)


if __name__ == "__main__":
    main()
