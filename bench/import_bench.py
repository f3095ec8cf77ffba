"""Bulk import rate: documents per second through sunlight.disclosure.importing (the migration path).

    SUNLIGHT_DATA_DIR=/tmp/sunlight-import .venv/bin/python bench/import_bench.py --n 20000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sunlight_import .venv/bin/python bench/import_bench.py --n 20000

Builds the demo city in the target database (migrating it first), generates N realistic rows with
bodies of 500–5,000 characters (the demo generator), and imports them in batches of 500: row
validation, documents, key areas, screening, one hash-chained event per document, search indexing.
First it segments the same documents' text alone, with as many processes, and prints the import rate as a share of
that floor (issue 16: ≥ 70 %), and how long the batches' transactions took.
With --profile it runs the import in one process under cProfile and prints the database's own time per
document (inside the driver's calls) and the share of the floor that leaves at most
(docs/decisions/0017-import-throughput.md).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunlight.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--workers", type=int, default=0, help="preparing processes (0: one per CPU)")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="one process under cProfile: how much of a document's cost is the database's own work",
    )
    args = parser.parse_args()

    import django

    django.setup()
    import random

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from sunlight.accounts.models import User
    from sunlight.demo.build import build_demo
    from sunlight.disclosure import demo as demo_docs
    from sunlight.disclosure.importing import import_documents, import_workers
    from sunlight.disclosure.models import Document
    from sunlight.orgs.models import Org

    build_demo()
    by = User.objects.get(username="superadmin")
    publishers = [
        o for o in Org.objects.filter(kind__in=["government", "department"]).order_by("path") if o.disclosure_code
    ]
    villages = list(Org.objects.filter(kind="committee").order_by("path"))
    rng = random.Random(int(time.time()))
    rows = demo_docs._rows(rng, publishers, villages, args.n, timezone.localdate())
    # Fresh serials past whatever an earlier run imported, so every row is new.
    offset = Document.objects.count()
    for i, row in enumerate(rows):
        front, rest = row["index_number"].split("/")
        row["index_number"] = f"{front}/{rest[:4]}-{(offset + i) % 99999 + 1:05d}"
    chars = sum(len(r["body"]) for r in rows)
    workers = 1 if args.profile else args.workers or import_workers()
    floor = segmentation_alone(rows, workers)
    # Loaded once per process, like the dictionary the floor excludes: the URL conf (~1 s).
    from django.urls import get_resolver

    get_resolver().resolve("/")
    print(f"segmentation alone ({workers} processes, text extracted beforehand): {floor:,.0f} documents/s")
    profile = None
    if args.profile:
        import cProfile

        profile = cProfile.Profile()
        profile.enable()
    started = time.perf_counter()
    report = import_documents(enumerate(rows, start=2), by=by, batch_size=args.batch, workers=workers)
    elapsed = time.perf_counter() - started
    if profile is not None:
        profile.disable()
        database_share(profile, report.created, workers / floor, connection.vendor)
    print(f"database: {connection.vendor}; rows: {args.n}; body characters: {chars:,} (avg {chars // args.n})")
    print(
        f"created {report.created}, skipped {report.skipped}, failed {len(report.failed)}, findings {report.findings}"
    )
    rate = report.created / elapsed
    print(f"elapsed {elapsed:.1f} s → {rate:,.0f} documents/s = {rate / floor:.0%} of segmentation alone")
    writing = report.writing_seconds
    print(
        f"writing batches (one process, the database's own work included): {writing:.1f} s = "
        f"{writing / report.created * 1e3:.3f} ms per document; segmentation alone: "
        f"{workers / floor * 1e3:.3f} ms per document per process"
    )


def database_share(profile, created: int, segmenting: float, vendor: str) -> None:
    """The time spent inside the database driver's calls (SQLite works in this process; with
    PostgreSQL the client waits while the server works), per document, and the share of
    segmentation-alone throughput the import could reach if everything else cost nothing."""
    import pstats

    stats = pstats.Stats(profile).stats  # {(file, line, name): (calls, primitive, tottime, cumtime, callers)}
    if vendor == "sqlite":
        own = [
            tottime
            for (_file, _line, name), (_c, _p, tottime, _cum, _callers) in stats.items()
            if "SQLiteCursorWrapper.execute" in name or name == "<method 'commit' of 'sqlite3.Connection' objects>"
        ]
    else:
        own = [
            tottime
            for (file, _line, name), (_c, _p, tottime, _cum, _callers) in stats.items()
            if file.endswith("psycopg/connection.py") and name == "wait"
        ]
    database = sum(own) / created
    print(
        f"the database's own work: {database * 1e3:.3f} ms per document; segmentation: {segmenting * 1e3:.3f} ms; "
        f"so at most {segmenting / (segmenting + database):.0%} of segmentation alone even if nothing else cost time"
    )


def _segment(texts: list[str]) -> int:
    from sunlight.search.segment import index_string

    return sum(len(index_string(t)) for t in texts)


def segmentation_alone(rows: list[dict], workers: int) -> float:
    """The floor of import cost: the same documents' title, summary and body text segmented the way indexing
    does, by as many processes as the import prepares with, nothing else (no database, no cleaning)."""
    import multiprocessing

    from sunlight.disclosure.sanitize import html_to_text
    from sunlight.search.segment import warm_up

    texts = [f"{r['title']}\n{r.get('summary') or ''}\n{html_to_text(r['body'] or '')}" for r in rows]
    warm_up()
    chunks = [texts[i : i + 250] for i in range(0, len(texts), 250)]
    started = time.perf_counter()
    if workers > 1:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            pool.map(_segment, chunks)
    else:
        list(map(_segment, chunks))
    return len(texts) / (time.perf_counter() - started)


if __name__ == "__main__":
    main()
