"""Public-attention analysis at 1,000,000 letters (issue 15: hot topics for a month ≤ 1 s; a day's 5,000 new letters
grouped with their near-duplicates of the year ≤ 2 s).

    SUNLIGHT_DATA_DIR=/tmp/sl-letters-bench1m .venv/bin/python bench/letters_search_bench.py --build 1000000  # once
    SUNLIGHT_DATA_DIR=/tmp/sl-letters-bench1m .venv/bin/python bench/attention_bench.py --build   # sketch them all
    SUNLIGHT_DATA_DIR=/tmp/sl-letters-bench1m .venv/bin/python bench/attention_bench.py           # measure

--build migrates, sketches every letter in bulk (keywords → daily counts for all / org / area, MinHash signature,
16 LSH band keys) and then writes a new day of 5,000 letters after the last: 4,000 of the usual matters, 600
near-copies of 20 older letters (each with its own name and house number), 400 of a new matter (the burst), and
sketches them too. Measured: (a) hot_topics for the last full month, for everyone and for one department, 10 runs
each, p50 / p95; (b) duplicates.find_groups(the new day) against the year, 5 runs (read only), p50 / p95, with the
number of groups found; the sketching cost per letter is reported from the build.
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

NEW_DAY_LETTERS = 5000


def pct(samples: list[float], p: float) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, int(round(p * (len(s) - 1))))]


def build() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sunlight.attention.sketch import index_many
    from sunlight.disclosure.demo import SENTENCES
    from sunlight.letters.models import Letter

    t = time.perf_counter()
    n = index_many(Letter.objects.select_related("mailbox").order_by("pk").iterator(chunk_size=5000), batch=5000)
    took = time.perf_counter() - t
    print(f"sketched {n:,} letters in {took:.0f} s ({1e6 * took / max(n, 1):.0f} µs each)", flush=True)
    rng = random.Random(5)
    new_day(index_many, Letter, lambda i: "".join(rng.choice(SENTENCES)[:12] for _ in range(4)) + str(i))


def synthetic(n: int) -> None:
    """A year of n letters with the lexical variety of real ones: each is 25–40 words drawn from the corpus sentences'
    vocabulary (a few thousand words), one in ten opens with one of the demo's matters (the hot topics); then the new
    day as in build(). Needs no demo city: one region, one org, one mailbox."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sunlight.attention.sketch import index_many, words
    from sunlight.disclosure.demo import SENTENCES
    from sunlight.letters.demo import MATTERS
    from sunlight.letters.models import Letter, Mailbox
    from sunlight.orgs.codes import make_credit_code
    from sunlight.orgs.models import Org, Region

    region, _ = Region.objects.get_or_create(code="990100", defaults={"name": "云川市", "level": 2})
    org, _ = Org.objects.get_or_create(
        name="云川市人民政府办公厅",
        defaults={"kind": "department", "region": region, "credit_code": make_credit_code("11", "990100", "00000001")},
    )
    box, _ = Mailbox.objects.get_or_create(code="mayor", defaults={"name": "市长信箱", "org": org})
    vocab = sorted({w for s in SENTENCES for w in words(s)})
    print(f"vocabulary {len(vocab):,} words", flush=True)
    rng = random.Random(15)
    start = date(2025, 9, 1)
    t = time.perf_counter()
    for first in range(0, n, 5000):
        rows = []
        for i in range(first, min(n, first + 5000)):
            body = "".join(rng.choice(vocab) for _ in range(rng.randint(25, 40)))
            subject = rng.choice(vocab) + rng.choice(vocab)
            if i % 10 == 0:
                _t, _d, subject, matter = rng.choice(MATTERS)
                body = matter + body
            day = start + timedelta(days=i * 365 // n)
            rows.append(
                Letter(
                    number=f"XJS{i:09d}",
                    mailbox=box,
                    type="consult",
                    subject=subject,
                    content=body,
                    writer_name="某",
                    received_on=day,
                    accept_due_on=day,
                    status=Letter.Status.CLOSED,
                )
            )
        Letter.objects.bulk_create(rows, batch_size=1000)
    print(f"letters {n:,} in {time.perf_counter() - t:.0f} s", flush=True)
    t = time.perf_counter()
    done = index_many(Letter.objects.select_related("mailbox").order_by("pk").iterator(chunk_size=5000), batch=5000)
    took = time.perf_counter() - t
    print(f"sketched {done:,} letters in {took:.0f} s ({1e6 * took / max(done, 1):.0f} µs each)", flush=True)
    new_day(index_many, Letter, lambda i: "".join(rng.choice(vocab) for _ in range(30)))


def new_day(index_many, Letter, filler) -> None:
    """The day after the last: 600 near-copies of 20 older letters, 400 letters of one new matter, 4,000 others."""
    last = Letter.objects.order_by("-received_on").values_list("received_on", flat=True).first()
    day = last + timedelta(days=1)
    template = Letter.objects.order_by("pk").first()
    olds = list(Letter.objects.filter(received_on__gte=day - timedelta(days=300)).order_by("?")[:20])
    rows = []
    for i in range(NEW_DAY_LETTERS):
        if i < 600:
            src = olds[i % len(olds)]
            subject, content = src.subject, f"{src.content}我姓{'赵钱孙李周吴郑王'[i % 8]}，住{i}号楼。"
        elif i < 1000:
            subject, content = (
                "小区二次供水水质浑浊",
                f"近一周小区二次供水水质浑浊发黄，有异味，请尽快检查水箱。{i}号楼。",
            )
        else:
            subject, content = "来信", filler(i)
        rows.append(
            Letter(
                number=f"XJN{i:09d}",
                mailbox=template.mailbox,
                type="complain",
                subject=subject,
                content=content,
                writer_name="某",
                received_on=day,
                accept_due_on=day,
                status=Letter.Status.RECEIVED,
            )
        )
    Letter.objects.bulk_create(rows, batch_size=1000)
    t = time.perf_counter()
    index_many(Letter.objects.filter(received_on=day).select_related("mailbox").order_by("pk"))
    print(f"new day {day}: {NEW_DAY_LETTERS:,} letters sketched in {time.perf_counter() - t:.1f} s", flush=True)


def measure() -> None:
    import django

    django.setup()
    from django.db import connection

    from sunlight.attention.duplicates import find_groups
    from sunlight.attention.models import LetterBand, LetterSketch
    from sunlight.attention.topics import hot_topics
    from sunlight.letters.models import Letter

    day = LetterSketch.objects.order_by("-day").values_list("day", flat=True).first()
    month_end = day.replace(day=1) - timedelta(days=1)
    org = LetterSketch.objects.filter(day__gte=month_end.replace(day=1)).values_list("org_id", flat=True).first()
    print(
        f"{connection.vendor}: {Letter.objects.count():,} letters, {LetterBand.objects.count():,} band keys; "
        f"month {month_end:%Y-%m}, new day {day}"
    )
    for label, scope in (("all", "all"), ("one department", f"o{org}")):
        hot_topics(month_end.year, month_end.month, scope)
        samples = []
        for _ in range(10):
            t = time.perf_counter()
            top = hot_topics(month_end.year, month_end.month, scope)
            samples.append((time.perf_counter() - t) * 1000)
        print(
            f"  (a) hot topics, {label}: p50 {statistics.median(samples):.0f} ms · p95 {pct(samples, 0.95):.0f} ms "
            f"(top: {', '.join(t.term for t in top[:5])})"
        )
    samples = []
    for _ in range(5):
        t = time.perf_counter()
        groups = find_groups(day)
        samples.append((time.perf_counter() - t) * 1000)
    sizes = sorted((len(g[0]) for g in groups), reverse=True)
    print(
        f"  (b) {Letter.objects.filter(received_on=day).count():,} new letters against the year: "
        f"p50 {statistics.median(samples):.0f} ms · p95 {pct(samples, 0.95):.0f} ms; {len(groups)} groups, "
        f"largest {sizes[:5]}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", action="store_true", help="sketch the letters of letters_search_bench's database")
    parser.add_argument("--synthetic", type=int, default=0, help="build N letters of varied text, then sketch them")
    args = parser.parse_args()
    if args.synthetic:
        synthetic(args.synthetic)
    elif args.build:
        build()
    measure()
