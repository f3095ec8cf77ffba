"""Latency of the parallel-approval pages over the projects written by bench/projects_data.py (10,000 projects,
200,000 departments' cases).

    SUNLIGHT_DATA_DIR=/tmp/sl-projects-bench .venv/bin/python bench/projects_bench.py [--runs 200] [--queries]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sunlight_bench_projects .venv/bin/python bench/projects_bench.py

Targets (issue 13): the project page p95 ≤ 150 ms; the city's distribution p95 ≤ 300 ms; the forecast of one
project ≤ 50 ms.

(a) The project page for its owner (projects.bench.000: every 100th project and its share of the rest, 115 in all, taken in turn): the page
`/projects/p/<code>/` through Django's test client when the view is built (a placeholder that answers an empty
body is reported and skipped); always the page's work itself — queries.may_see + timeline.project_timeline +
timeline_chart + forecast.project_forecast — and the owner's API `/api/v1/projects/mine/<code>` (the same work
as JSON). (b) The city's distribution: timeline.distribution(city) + distribution_chart, the public API
`/api/v1/projects/cities/<id>/distribution`, and the page `/projects/city/<id>/` when it exists. (c)
forecast.project_forecast alone, over active projects whose current stage is accepted (the most work: each
department's case against its history) and over completed ones. Each once to warm up, then `--runs` times;
p50 / p95 / max in ms. `--queries` prints, for one run of each, the number of SQL queries and the slowest three.
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
    parser.add_argument("--only", default="", help="run only the measurements whose label contains this")
    parser.add_argument("--gc-freeze", action="store_true", help="gc.freeze() after start-up, as sunlight/wsgi.py")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from sunlight.accounts.models import ApiToken, User
    from sunlight.cases.models import Case
    from sunlight.orgs.models import Org
    from sunlight.projects import forecast, queries, timeline
    from sunlight.projects.models import Pathway, Project, StageApplication, StageCase

    settings.ALLOWED_HOSTS = ["*"]
    API = "/api/v1/projects"
    city = Org.objects.get(name="云川市人民政府")
    owner = User.objects.get(username="projects.bench.000")
    print(
        f"{connection.vendor}: {Project.objects.count():,} projects "
        f"({Project.objects.filter(status='completed').count():,} completed), "
        f"{StageApplication.objects.count():,} stage applications, {StageCase.objects.count():,} stage cases, "
        f"{Case.objects.count():,} cases; {owner.username} owns {Project.objects.filter(owner_user=owner).count()}",
        flush=True,
    )
    rng = random.Random(7)

    def cycle(values):
        values = list(values)
        rng.shuffle(values)
        state = {"i": 0}

        def next_value():
            state["i"] += 1
            return values[state["i"] % len(values)]

        return next_value

    own = list(Project.objects.filter(owner_user=owner).select_related("pathway"))
    running = list(
        Project.objects.filter(status="active", applications__status="accepted").select_related("pathway")[:2000]
    )
    done = list(Project.objects.filter(status="completed").select_related("pathway")[:2000])
    own_project, running_project, done_project = cycle(own), cycle(running), cycle(done)
    pathways = list(Pathway.objects.filter(city=city))

    def page_work():
        project = own_project()
        assert queries.may_see(owner, project)
        timeline.timeline_chart(timeline.project_timeline(project))
        forecast.project_forecast(project)

    def distribution_work():
        timeline.distribution_chart(timeline.distribution(city))

    client = Client()
    client.force_login(owner)
    anonymous = Client()

    def get(c, url_of):
        def run():
            url = url_of()
            response = c.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return run

    page = get(client, lambda: f"/projects/p/{own_project().code}/")
    city_page = get(anonymous, lambda: f"/projects/city/{city.pk}/")
    city_page_fresh = get(client, lambda: f"/projects/city/{city.pk}/")  # signed in: the public cache is bypassed
    measurements = []
    probe = client.get(f"/projects/p/{own[0].code}/")
    if probe.status_code == 200 and len(probe.content) > 0:
        measurements.append(("(a) project page /projects/p/<code>/ (owner)", page))
    else:
        print(f"(a) /projects/p/<code>/ answers {probe.status_code} with {len(probe.content)} bytes: not built yet")
    measurements += [
        ("(a) project page work: may_see+timeline+chart+forecast", page_work),
        ("(a) API /mine/<code> (owner)", get(client, lambda: f"{API}/mine/{own_project().code}")),
        ("(b) distribution(city) + distribution_chart", distribution_work),
        (
            "(b) API /cities/<id>/distribution",
            get(anonymous, lambda: f"/api/v1/projects/cities/{city.pk}/distribution"),
        ),
    ]
    probe = anonymous.get(f"/projects/city/{city.pk}/")
    if probe.status_code == 200 and len(probe.content) > 0:
        measurements.append(("(b) city page /projects/city/<id>/ (anonymous, public cache)", city_page))
        measurements.append(("(b) city page /projects/city/<id>/ (rendered, cache bypassed)", city_page_fresh))
    else:
        print(f"(b) /projects/city/<id>/ answers {probe.status_code}: not built yet")
    # Staff: a department's handler (its cases in many projects) and the city center's construction window
    # (every project of the city), through bearer tokens made for the run and deleted after it.
    handler = User.objects.get(username="zhu.hong")
    tokens = [
        ApiToken.issue(User.objects.get(username=name), "projects bench")
        for name in ("huang.lei", "supervisor", "zhu.hong")
    ]
    window, supervisor, department = ({"HTTP_AUTHORIZATION": f"Bearer {plain}"} for _t, plain in tokens)

    def api(headers, url_of):
        def run():
            url = url_of()
            response = anonymous.get(url, **headers)
            assert response.status_code == 200, (url, response.status_code)

        return run

    measurements += [
        ("(a) may_see, staff (zhu.hong, 住建 handler)", lambda: queries.may_see(handler, own_project())),
        (
            "(a) API platform pull /platform/projects/<code> (window)",
            api(window, lambda: f"{API}/platform/projects/{own_project().code}"),
        ),
        ("(a) API /staff/stages, page 1 (window, whole city)", api(window, lambda: f"{API}/staff/stages")),
        ("(a) API /staff/stages, page 1 (zhu.hong, 住建 handler)", api(department, lambda: f"{API}/staff/stages")),
        (
            "(a) API /staff/stages?status=accepted (supervisor)",
            api(supervisor, lambda: f"{API}/staff/stages?status=accepted"),
        ),
    ]
    measurements += [
        ("(c) project_forecast, current stage accepted", lambda: forecast.project_forecast(running_project())),
        ("(c) project_forecast, completed project", lambda: forecast.project_forecast(done_project())),
    ]
    print(f"{len(pathways)} pathways of {city.name}; {len(running):,} running projects sampled")
    if args.gc_freeze:
        import gc

        gc.collect()
        gc.freeze()
    try:
        print(f"{'measurement':<58} {'p50':>8} {'p95':>8} {'max':>8}   (ms, {args.runs} runs each)")
        for label, run in measurements:
            if args.only and args.only not in label:
                continue
            run()
            if args.queries:
                with CaptureQueriesContext(connection) as ctx:
                    run()
                slow = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:3]
                print(f"  {label}: {len(ctx.captured_queries)} queries")
                for q in slow:
                    print(f"     {float(q['time']) * 1000:7.1f} ms  {q['sql'][:300]}")
            samples = []
            for _ in range(args.runs):
                t = time.perf_counter()
                run()
                samples.append((time.perf_counter() - t) * 1000)
            print(f"{label:<58} {pct(samples, 0.5):8.1f} {pct(samples, 0.95):8.1f} {max(samples):8.1f}", flush=True)
    finally:
        for token, _plain in tokens:
            token.delete()


if __name__ == "__main__":
    main()
