"""Public letter search (issue 15: p95 ≤ 50 ms at 1,000,000 letters).

    SUNLIGHT_DATA_DIR=/tmp/sl-letters-bench .venv/bin/python bench/letters_search_bench.py --build 100000
    SUNLIGHT_DATA_DIR=/tmp/sl-letters-bench .venv/bin/python bench/letters_search_bench.py

--build migrates, makes one mailbox and N published letters (bulk_create: the demo's matters with corpus sentences,
a reply, spread over three years, oldest first as search.rebuild wants) and indexes them with search.rebuild (the
same IndexEntry the publishing act writes). Measured: 300 queries of the public letter search (kind "letter",
relevance order, first page) over words residents write — common ones (供暖, 物业) and rare ones — after one
warm-up pass; p50 / p95 / max, and the same for "newest first" browsing with a year filter.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunlight.settings")

QUERIES = [
    "供暖",
    "物业收费",
    "噪音",
    "公交线路",
    "宅基地",
    "过期食品",
    "加装电梯",
    "河道垃圾",
    "排水",
    "个体工商户",
    "政府信息公开",
    "工地夜间施工",
    "餐馆油烟",
    "医保报销",
    "学校招生",
    "停车难",
    "拖欠工资",
    "老旧小区",
]


def pct(samples: list[float], p: float) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, int(round(p * (len(s) - 1))))]


def build(n: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sunlight.demo.build import build_demo

    build_demo()
    from sunlight.disclosure.demo import SENTENCES
    from sunlight.letters.actions.publish import index_entry
    from sunlight.letters.demo import BURST, DUPLICATE, MATTERS, _mailboxes
    from sunlight.letters.models import Letter
    from sunlight.orgs.models import Org
    from sunlight.search import service as search

    box = _mailboxes()["mayor"]
    orgs = {o.name: o for o in Org.objects.all()}
    rng = random.Random(15)
    start = date(2024, 1, 1)
    matters = [*MATTERS, BURST, DUPLICATE]
    made = 0
    t0 = time.perf_counter()
    while made < n:
        rows = []
        for i in range(made, min(n, made + 5000)):
            type_, dept, subject, matter = rng.choice(matters)
            day = start + timedelta(days=i * 1000 // n)
            text = matter + "".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 3)))
            org = orgs.get(dept, box.org)
            rows.append(
                Letter(
                    number=f"XJB{i:09d}",
                    mailbox=box,
                    type=type_,
                    subject=subject,
                    content=text,
                    writer_name="某",
                    received_on=day,
                    accept_due_on=day,
                    accepted_on=day,
                    due_on=day + timedelta(days=7),
                    status=Letter.Status.CLOSED,
                    handler_org=org,
                    replied_by_org=org,
                    replied_on=day + timedelta(days=5),
                    reply=f"您反映的{subject}问题已处理。{rng.choice(SENTENCES)}",
                    publish_consent=True,
                    is_published=True,
                    published_on=day + timedelta(days=6),
                    public_subject=subject,
                    public_content=text,
                    public_reply=f"您反映的{subject}问题已处理。",
                )
            )
        Letter.objects.bulk_create(rows, batch_size=1000)
        made += len(rows)
        print(f"letters {made:,} ({time.perf_counter() - t0:.0f} s)", flush=True)
    letters = Letter.objects.filter(is_published=True).select_related("mailbox__org", "replied_by_org").order_by("pk")
    t1 = time.perf_counter()
    indexed = search.rebuild((index_entry(x) for x in letters.iterator(chunk_size=2000)), batch=2000, workers=2)
    print(f"indexed {indexed:,} in {time.perf_counter() - t1:.0f} s")
    t2 = time.perf_counter()
    search.get_backend().optimize()  # after a bulk load (sunlight/search/README.md): one segment per index
    print(f"optimized in {time.perf_counter() - t2:.0f} s")


def measure() -> None:
    import django

    django.setup()
    from django.db import connection

    from sunlight.letters.models import Letter
    from sunlight.search import service as search
    from sunlight.search.types import SearchQuery

    n = Letter.objects.filter(is_published=True).count()
    rng = random.Random(1)
    for q in QUERIES:  # warm-up
        search.search(SearchQuery(text=q, kind="letter"))
    results = {}
    for label, make in (
        ("relevance", lambda q: SearchQuery(text=q, kind="letter")),
        ("newest, year filter", lambda q: SearchQuery(text=q, kind="letter", order="newest", year=2025)),
    ):
        samples = []
        for _ in range(300):
            q = rng.choice(QUERIES)
            t = time.perf_counter()
            search.search(make(q))
            samples.append((time.perf_counter() - t) * 1000)
        results[label] = samples
    print(f"{connection.vendor}, {n:,} published letters")
    for label, s in results.items():
        print(f"  {label}: p50 {statistics.median(s):.1f} ms · p95 {pct(s, 0.95):.1f} ms · max {max(s):.1f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", type=int, default=0, help="build N published letters first")
    args = parser.parse_args()
    if args.build:
        build(args.build)
    measure()
