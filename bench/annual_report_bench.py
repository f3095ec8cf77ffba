"""The whole annual report (all six sections) for a government's subtree over the requests database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sunlight_requests .venv/bin/python bench/annual_report_bench.py

Run after bench/requests_report_bench.py has filled the database (1,000,000 requests). Adds, once,
what the request table alone does not read: 3,000 appeals with every kind and result, paid processing
fees on 2 % of the requests, and year figures for every agency; then times
sunlight.reports.annual.build_report(org, 2025, "subtree") and the HTML / XLSX / PDF exports, best and
worst of 5 after a warm-up.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunlight.settings")


def _timed(fn, runs: int = 5) -> tuple[float, float, object]:
    fn()  # warm-up
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    return min(times), max(times), result


def main() -> None:
    import django

    django.setup()
    from django.db import connection

    from sunlight.orgs.models import Org
    from sunlight.reports import export
    from sunlight.reports.annual import build_report
    from sunlight.reports.models import YearFigures
    from sunlight.requests.models import Appeal, InfoRequest

    agencies = list(Org.objects.filter(kind__in=["government", "department"]))
    rng = random.Random(11)
    if not Appeal.objects.exists():
        first = date(2024, 1, 1)
        ids = list(InfoRequest.objects.filter(status="closed").values_list("id", "org_id")[:3000])
        rows = []
        for _n, (rid, org_id) in enumerate(ids):
            filed = first + timedelta(days=rng.randrange(1000))
            result = rng.choice(["upheld", "corrected", "other", "pending"])
            rows.append(
                Appeal(
                    org_id=org_id,
                    request_id=rid,
                    kind=rng.choice(["reconsideration", "lawsuit_direct", "lawsuit_after"]),
                    filed_on=filed,
                    result=result,
                    decided_on=None if result == "pending" else filed + timedelta(days=60),
                )
            )
        Appeal.objects.bulk_create(rows, batch_size=1000)
        with connection.cursor() as cur:  # paid fees on ~2 % of the answered requests
            cur.execute(
                "UPDATE requests_inforequest SET fee_method='per_page', fee_pages=120, fee_amount=1500, "
                "fee_paid_on=replied_on WHERE status='closed' AND id % 50 = 0"
            )
        YearFigures.objects.bulk_create(
            [
                YearFigures(
                    org=o,
                    year=2025,
                    licensing_decisions=rng.randrange(5000),
                    penalty_decisions=rng.randrange(500),
                    coercion_decisions=rng.randrange(50),
                    fee_income=Decimal(rng.randrange(10**6)) / 100,
                )
                for o in agencies
            ],
            ignore_conflicts=True,
        )
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    print(f"{connection.vendor}: {InfoRequest.objects.count():,} requests, {Appeal.objects.count():,} appeals")
    for name in ("示范省人民政府", "云川市人民政府"):
        org = Org.objects.get(name=name)
        best, worst, data = _timed(lambda: build_report(org, 2025, "subtree"))
        print(
            f"build_report {name} subtree 2025: best {best:.0f} ms, worst {worst:.0f} ms; "
            f"balanced {data.requests.balanced}, new {data.requests.new.get('total', 0):,}, appeals {data.appeals.total if hasattr(data.appeals, 'total') else '-'}"
        )
        for label, fn in (("HTML", export.to_html), ("XLSX", export.to_xlsx), ("PDF", export.to_pdf)):
            b, w, out = _timed(lambda fn=fn: fn(data), runs=3)
            print(f"  export {label}: best {b:.0f} ms, worst {w:.0f} ms, {len(out):,} bytes")


if __name__ == "__main__":
    main()
