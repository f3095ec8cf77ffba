"""Electronic supervision at province scale: 1,000,000 open clocked objects (issue 14).

    SUNLIGHT_DATA_DIR=/tmp/sl-sv-bench .venv/bin/python bench/supervision_bench.py --build   # once: demo + 1M
    SUNLIGHT_DATA_DIR=/tmp/sl-sv-bench .venv/bin/python bench/supervision_bench.py           # measure
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sunlight_bench_supervision .venv/bin/python bench/supervision_bench.py --build
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sunlight_bench_supervision .venv/bin/python bench/supervision_bench.py

--build migrates, builds the demo city (its cases, stages and requests, watched as the acts happen) and adds
1,000,000 open watches spread over the city's orgs by one INSERT … SELECT over a generated series (the object ids
are beyond the demo's, so they stand for cases of other systems). Their deadlines are spread over the next 60 days
(1/60 turns yellow each day), 1 % are already overdue with their alerts, 0.3 % fall due yesterday (they turn red
today), 5 % wait for acceptance, 2.5 % are in a lower level's 初审, 2 % in a special procedure, 1 % paused; the
current step of a handled case ends 5 days before the case. Then yesterday's sweep runs, as the worker would have.

Measured, on "today":
(a) engine.sweep(today): the lights that change today with their history and every time-based rule, set-based.
    Run three times inside a transaction that is rolled back (the same starting state each time); median.
(b) the naive per-object loop the sweep replaces, in the same run: every open watch read as an object, its light
    computed in Python and saved when it changed (with a LightChange), each time-based condition tested in Python
    and its alert created with get_or_create. Over a 50,000-watch slice (rolled back), extrapolated linearly to all.
(c) engine.evaluate on one real demo case (what an act triggers), 200 cases, p50 / p95: unchanged since the last
    evaluation, and with the case's deadline moved (the watch written, with its history and tallies).
(d) the supervisor's dashboard (/workbench/supervision/ and its data endpoint) through Django's test client as the
    city's supervisor: 50 runs after one warm-up, p50 / p95.
(e) the city's monthly report: report.build_report_data + the PDF (shipped fonts), three runs, median.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunlight.settings")

N = 1_000_000
BASE_ID = 10**9  # the bench's object ids: far beyond any demo object's


class Rollback(Exception):
    pass


def pct(samples: list[float], p: float) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, int(round(p * (len(s) - 1))))]


def series_sql(vendor: str, n: int) -> str:
    """SELECT i FROM 0..n-1, as this database writes it."""
    if vendor == "postgresql":
        return f"SELECT generate_series(0, {n - 1}) AS i"
    return f"WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {n - 1}) SELECT i FROM s"


def build(today) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from sunlight.orgs.models import Org
    from sunlight.supervision import engine
    from sunlight.supervision.models import Watch

    call_command("migrate", verbosity=0)
    if not Org.objects.filter(name="云川市人民政府").exists():
        t = time.perf_counter()
        call_command("demo", quiet=True, documents=300, requests=60, reports=0, monthly=0, hall=0)
        print(f"demo city built in {time.perf_counter() - t:.0f} s", flush=True)
    if Watch.objects.filter(number__startswith="BENCH").exists():
        print("the 1,000,000 watches are there already", flush=True)
        return
    city = Org.objects.get(name="云川市人民政府")
    org_ids = list(
        Org.objects.filter(path__startswith=city.path).exclude(kind="service_center").values_list("pk", flat=True)
    )
    t = time.perf_counter()
    cases = "CASE WHEN i % 10 = 0 THEN 'request' WHEN i % 25 = 1 THEN 'stage' ELSE 'case' END"
    phase = (
        "CASE WHEN i % 100 = 7 THEN 'paused' WHEN i % 20 = 0 THEN 'accept' WHEN i % 40 = 5 THEN 'review' "
        "WHEN i % 50 = 3 THEN 'special' ELSE 'handle' END"
    )
    # Days from today to the deadline: 1 % already overdue (up to 30 days), 0.3 % due yesterday, the rest 0..59.
    offset = (
        "CASE WHEN i % 100 = 11 THEN -2 - (i % 29) WHEN i % 1000 IN (13, 17, 19) THEN -1 ELSE ((i % 60) * 59) % 60 END"
    )
    vendor = connection.vendor
    if vendor == "postgresql":
        day = lambda expr: f"(DATE '{today.isoformat()}' + ({expr}))"  # noqa: E731
    else:
        day = lambda expr: f"date('{today.isoformat()}', ({expr}) || ' days')"  # noqa: E731
    case_org = " ".join(f"WHEN {k} THEN {pk}" for k, pk in enumerate(org_ids))
    select = f"""
        SELECT '{{kind}}', {BASE_ID} + i, 'BENCH' || i, '基准事项', CASE i % {len(org_ids)} {case_org} END,
               {{phase}}, {day("-30")}, 20, 10,
               CASE WHEN {{phase}} IN ('paused', 'special') THEN NULL ELSE {day(offset)} END,
               {day(offset + " + 10")},
               CASE WHEN {{phase}} IN ('paused', 'special') THEN NULL ELSE {day(offset + " - 3")} END,
               CASE WHEN {{phase}} IN ('handle', 'special') THEN '1' ELSE '' END, '审核',
               CASE WHEN {{phase}} = 'handle' THEN {day(offset + " - 5")}
                    WHEN {{phase}} = 'special' THEN {day("(i % 40) - 10")} END,
               'green', {day("-30")}, {"true" if vendor == "postgresql" else "1"}, CURRENT_TIMESTAMP
        FROM ({series_sql(vendor, N)}) s
    """.format(kind="' || " + cases + " || '", phase=phase)
    select = select.replace("'' || ", "").replace(" || ''", "")
    cols = (
        "kind, object_id, number, title, org_id, phase, opened_on, limit_days, promised_days, due_on, legal_due_on, "
        "yellow_on, step_key, step_name, step_due_on, light, light_since, open, checked_at"
    )
    with transaction.atomic(), connection.cursor() as c:
        c.execute(f"INSERT INTO supervision_watch ({cols}) {select}")
    print(f"{N:,} watches written in {time.perf_counter() - t:.0f} s", flush=True)
    if vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")
    else:
        with connection.cursor() as c:
            c.execute("ANALYZE")
    from sunlight.supervision import tally

    tally.recount()
    # Yesterday's nights, as the worker would have run them: every backlog alert exists before today.
    t = time.perf_counter()
    engine.sweep(today - timedelta(days=2))
    engine.sweep(today - timedelta(days=1))
    print(f"yesterday's sweeps in {time.perf_counter() - t:.0f} s", flush=True)


def naive(today, limit: int) -> float:
    """The per-object loop, over `limit` open watches; seconds."""
    from django.db import transaction

    from sunlight.supervision import engine
    from sunlight.supervision import watch as adapters
    from sunlight.supervision.models import Alert, LightChange, Watch
    from sunlight.supervision.rules import CONDITIONS

    rules = engine.current_rules(today)
    t = time.perf_counter()
    try:
        with transaction.atomic():
            for w in Watch.objects.filter(open=True).order_by("pk")[:limit].iterator(chunk_size=2000):
                row = {"open": True, "due_on": w.due_on, "yellow_on": w.yellow_on, "light": w.light}
                light = adapters.light_of(row, today)
                if light != w.light:
                    LightChange.objects.create(watch=w, on=today, old=w.light, new=light)
                    w.light, w.light_since = light, today
                    w.save(update_fields=["light", "light_since"])
                for code, cond in CONDITIONS.items():
                    rule = rules.get(code)
                    if cond.deadline is None or rule is None or w.kind not in rule.watches:
                        continue
                    if cond.deadline.holds(w, today):
                        Alert.objects.get_or_create(
                            code=code,
                            kind=w.kind,
                            object_id=w.object_id,
                            key=w.step_key if code == "step_overdue" else "",
                            defaults={
                                "rule": rule,
                                "severity": rule.severity,
                                "number_ref": w.number,
                                "title": w.title,
                                "org_id": w.org_id,
                                "detail": str(cond.detail),
                                "found_on": today,
                            },
                        )
            raise Rollback
    except Rollback:
        pass
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", action="store_true")
    parser.add_argument("--naive", type=int, default=50_000, help="watches in the naive loop's slice")
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction
    from django.template.loader import render_to_string
    from django.test import Client
    from django.utils import timezone

    from sunlight import pdf
    from sunlight.accounts.models import User
    from sunlight.cases.models import Case
    from sunlight.orgs.models import Org
    from sunlight.supervision import engine, report
    from sunlight.supervision.models import Alert, Kind, Watch

    today = timezone.localdate()
    if args.build:
        build(today)
        return
    settings.ALLOWED_HOSTS = ["*"]
    open_n = Watch.objects.filter(open=True).count()
    print(
        f"{connection.vendor}: {open_n:,} open watches, {Watch.objects.count():,} in all, "
        f"{Alert.objects.count():,} alerts; today {today}",
        flush=True,
    )

    # (a) the sweep
    times, out = [], {}
    for _run in range(3):
        try:
            with transaction.atomic():
                t = time.perf_counter()
                out = engine.sweep(today)
                times.append(time.perf_counter() - t)
                raise Rollback
        except Rollback:
            pass
    sweep_s = statistics.median(times)
    print(
        f"(a) sweep: median {sweep_s:.2f} s over {len(times)} runs ({', '.join(f'{x:.2f}' for x in times)}); "
        f"changed/raised: {out}",
        flush=True,
    )

    # (b) the naive loop
    slice_s = naive(today, args.naive)
    whole = slice_s * open_n / args.naive
    print(
        f"(b) naive per-object loop: {slice_s:.1f} s for {args.naive:,} → {whole:.0f} s for {open_n:,} "
        f"(extrapolated); the sweep is {whole / sweep_s:.0f}× faster",
        flush=True,
    )

    # (c) evaluate one case: (c1) nothing supervision reads changed since the last evaluation; (c2) the act moved
    # the case's deadline (its watch is one day off before each call), so the row, its light history and the
    # tallies are written.
    from django.db.models import F

    ids = list(Case.objects.order_by("pk").values_list("pk", flat=True)[:200])
    for pk in ids[:5]:
        engine.evaluate(Kind.CASE, pk, today=today)
    for label, stale in (("(c1) unchanged", False), ("(c2) deadline moved", True)):
        samples = []
        for pk in ids:
            if stale:
                Watch.objects.filter(kind=Kind.CASE, object_id=pk, due_on__isnull=False).update(
                    due_on=F("due_on") - timedelta(days=1)
                )
            t = time.perf_counter()
            engine.evaluate(Kind.CASE, pk, today=today)
            samples.append((time.perf_counter() - t) * 1000)
        print(
            f"{label} evaluate one case: p50 {pct(samples, 0.5):.1f} ms, p95 {pct(samples, 0.95):.1f} ms "
            f"over {len(samples)} cases",
            flush=True,
        )
    # (d) the dashboard
    client = Client()
    client.force_login(User.objects.get(username="supervisor"))
    for url in ("/workbench/supervision/", "/workbench/supervision/data/"):
        client.get(url)
        samples = []
        for _run in range(args.runs):
            t = time.perf_counter()
            r = client.get(url)
            samples.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, r.status_code
        print(
            f"(d) {url}: p50 {pct(samples, 0.5):.0f} ms, p95 {pct(samples, 0.95):.0f} ms over {args.runs} runs",
            flush=True,
        )

    # (e) the monthly report for the city
    city = Org.objects.get(name="云川市人民政府")
    last = today.replace(day=1) - timedelta(days=1)
    times = []
    for _run in range(3):
        t = time.perf_counter()
        data = report.build_report_data(city, last.year, last.month)
        html = render_to_string("supervision/pdf/report.html", {"report": None, "d": data})
        pdf.render_pdf(html)
        report.to_xlsx(data)
        times.append(time.perf_counter() - t)
    print(f"(e) the city's monthly report (data + PDF + XLSX): median {statistics.median(times):.2f} s", flush=True)


if __name__ == "__main__":
    main()
