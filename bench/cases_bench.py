"""Page latency of the hall (网上办事大厅) over the cases written by bench/cases_data.py.

    SUNLIGHT_DATA_DIR=/tmp/sl-cases-bench .venv/bin/python bench/cases_bench.py [--runs 200] [--queries]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sunlight_bench_cases .venv/bin/python bench/cases_bench.py

Whole views through Django's test client (session, scoping, filters, paginator count, the page of 50 rows with
deadline colours, template rendering): the workbench queue `/workbench/cases/` as the busy org's handler
(sun.qiang, 云川市市场监督管理局) and as the city's supervisor (赵敏, whole subtree) — default order, a deep
page, a status filter, "mine" (the handler's to-dos) — the staff case page `/workbench/cases/<pk>/` over
different open cases of the busy org, and the applicant's "my cases" and case page (cases.bench.0000).
Each page once to warm up, then `--runs` times; prints p50 / p95 / p99 in ms. `--queries` prints, for one
request of each page, the number of SQL queries and the slowest three with their time. `--gc-freeze` moves the
objects of start-up out of the garbage collector's reach first (as a gunicorn worker would after
`gc.freeze()` in the WSGI module): a full collection over them costs ~140 ms here, which is the p95/p99 tail.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunlight.settings")


def pct(samples: list[float], p: float) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, int(round(p * (len(s) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--queries", action="store_true")
    parser.add_argument("--only", default="", help="run only the pages whose label contains this")
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="gc.freeze() after start-up (the objects loaded so far are never scanned by the collector again)",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from sunlight.accounts.models import User
    from sunlight.cases.models import Case
    from sunlight.orgs.models import Org

    settings.ALLOWED_HOSTS = ["*"]
    busy = Org.objects.get(name="云川市市场监督管理局")
    handler = User.objects.get(username="sun.qiang")
    supervisor = User.objects.get(username="supervisor")
    applicant = User.objects.get(username="cases.bench.0000")
    total = Case.objects.count()
    open_all = Case.objects.filter(status__in=Case.OPEN).count()
    open_busy = Case.objects.filter(status__in=Case.OPEN, org=busy).count()
    mine = Case.objects.filter(applicant_user=applicant).count()
    print(
        f"{connection.vendor}: {total:,} cases, {open_all:,} open; {busy.name} {open_busy:,} open; "
        f"{applicant.username} has {mine} cases",
        flush=True,
    )
    rng = random.Random(5)
    open_pks = list(Case.objects.filter(status__in=Case.OPEN, org=busy).values_list("pk", flat=True))
    handling_pks = list(Case.objects.filter(status="handling", org=busy).values_list("pk", flat=True))
    own_numbers = list(Case.objects.filter(applicant_user=applicant).values_list("number", flat=True))
    deep = max(1, open_busy // 50 // 2)
    deep_city = max(1, open_all // 50 // 2)

    def cycle(values):
        values = list(values)
        rng.shuffle(values)
        i = 0

        def next_value():
            nonlocal i
            i += 1
            return values[i % len(values)]

        return next_value

    open_pk, handling_pk, own_number = cycle(open_pks), cycle(handling_pks), cycle(own_numbers)
    pages = [
        (handler, "handler queue, default (by deadline)", lambda: "/workbench/cases/"),
        (handler, f"handler queue, page {deep}", lambda: f"/workbench/cases/?page={deep}"),
        (handler, "handler queue, status 办理中", lambda: "/workbench/cases/?status=handling"),
        (handler, "handler queue, status 待补正 p5", lambda: "/workbench/cases/?status=correcting&page=5"),
        (handler, "handler queue, mine (to-dos)", lambda: "/workbench/cases/?mine=1"),
        (handler, "handler queue, sort received", lambda: "/workbench/cases/?sort=received"),
        (handler, "handler queue, search number", lambda: "/workbench/cases/?q=BJ2026"),
        (supervisor, "supervisor queue, default (city)", lambda: "/workbench/cases/"),
        (supervisor, f"supervisor queue, page {deep_city}", lambda: f"/workbench/cases/?page={deep_city}"),
        (supervisor, "supervisor queue, status 待受理", lambda: "/workbench/cases/?status=submitted"),
        (handler, "API staff queue (50, steps, notices)", lambda: "/api/v1/cases/staff"),
        (supervisor, "API staff queue, supervisor", lambda: "/api/v1/cases/staff"),
        (handler, "case page (staff), open cases", lambda: f"/workbench/cases/{open_pk()}/"),
        (handler, "case page (staff), 办理中", lambda: f"/workbench/cases/{handling_pk()}/"),
        (supervisor, "case page (supervisor)", lambda: f"/workbench/cases/{open_pk()}/"),
        (applicant, "applicant: my cases", lambda: "/hall/cases/"),
        (applicant, "applicant: my cases, page 5", lambda: "/hall/cases/?page=5"),
        (applicant, "applicant: case page", lambda: f"/hall/cases/{own_number()}/"),
    ]
    clients = {}
    for user in (handler, supervisor, applicant):
        clients[user.pk] = Client()
        clients[user.pk].force_login(user)
    if args.gc_freeze:
        import gc

        gc.collect()
        gc.freeze()
    print(f"{'page':<40} {'p50':>8} {'p95':>8} {'p99':>8}   (ms, {args.runs} requests each)")
    for user, label, url in pages:
        if args.only and args.only not in label:
            continue
        client = clients[user.pk]
        first = url()
        response = client.get(first)
        assert response.status_code == 200, (label, first, response.status_code)
        if args.queries:
            with CaptureQueriesContext(connection) as ctx:
                client.get(first)
            slow = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:3]
            print(f"  {label}: {len(ctx.captured_queries)} queries")
            for q in slow:
                print(f"     {float(q['time']) * 1000:7.1f} ms  {q['sql'][:300]}")
        samples = []
        for _ in range(args.runs):
            u = url()
            t = time.perf_counter()
            response = client.get(u)
            samples.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, (label, u, response.status_code)
        print(
            f"{label:<40} {pct(samples, 0.5):8.1f} {pct(samples, 0.95):8.1f} {pct(samples, 0.99):8.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
