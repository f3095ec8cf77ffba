"""Search engines side by side in one run, on the database bench/search_generate.py filled (issue 16).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sunlight_bench SUNLIGHT_DATA_DIR=/tmp/sb-pg \\
        .venv/bin/python bench/search_engines.py [--engines gin,rum,tantivy] [--runs 3] [--naive-queries 8]

Engines, each timed through the whole service.search() call (exact-number check, segmentation, count, ranked
page, loading 20 hits, snippets) on the same 50 queries with filters as bench/search_bench.py:

- gin: the PostgreSQL backend as shipped before issue 16 (GIN bitmap scan, newest-months windows, count ≤ 2,000);
- rum: the same rows through two RUM indexes (Debian postgresql-15-rum; created on the first run, timed):
  relevance ordered inside the index by `vector <=> query`, "newest" by the attached published_at;
- tantivy: SEARCH_ENGINE=tantivy (this host's copy under SUNLIGHT_DATA_DIR/search-engine; built on the first
  run with `manage.py search_engine rebuild`, timed).

Also printed: the naive icontains baseline on the first --naive-queries queries (seconds each at 1M), index sizes,
build times, how long a change takes to be searchable, the process's peak memory, and relevance on a judged set:
the first 20 queries, each engine's top 10 pooled and graded by the rule in docs/search-engine.md (3: every query
word in the title; 2: in title, keywords or summary; 1: only with the body; 0: not every word), as nDCG@10.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunlight.settings")

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from search_bench import QUERIES, naive, percentile, summary, timed  # noqa: E402 - sets Django up

from sunlight.search import engine, service  # noqa: E402
from sunlight.search.backends.base import MatchPlan  # noqa: E402
from sunlight.search.backends.postgres import PostgresBackend, rank_query, tsquery  # noqa: E402
from sunlight.search.models import SearchEntry  # noqa: E402
from sunlight.search.segment import query_terms, warm_up  # noqa: E402

JUDGED = 20
RUM_INDEXES = {
    "search_rum_rank": "CREATE INDEX search_rum_rank ON search_searchentry USING rum (vector rum_tsvector_ops)",
    "search_rum_date": (
        "CREATE INDEX search_rum_date ON search_searchentry USING rum (vector rum_tsvector_addon_ops, published_at) "
        "WITH (attach = 'published_at', to = 'vector')"
    ),
}


class RumBackend(PostgresBackend):
    """The PostgreSQL rows through RUM: the index returns matches already ordered, so LIMIT stops the scan."""

    name = "rum"
    ranks_dense_cheaply = True
    tops_k = True

    def match(self, plan: MatchPlan) -> tuple[list[tuple[int, float]], int]:
        query = tsquery(plan)
        with self.cursor() as cursor:
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            if plan.order == "newest":
                cursor.execute(
                    "SELECT id, 0.0 FROM search_searchentry WHERE vector @@ %s::tsquery "
                    "ORDER BY published_at <=| '2100-01-01'::timestamptz LIMIT %s OFFSET %s",
                    [query, plan.limit, plan.offset],
                )
            else:
                cursor.execute(
                    "SELECT id, vector <=> %s::tsquery FROM search_searchentry WHERE vector @@ %s::tsquery "
                    "ORDER BY vector <=> %s::tsquery LIMIT %s OFFSET %s",
                    [rank_query(plan), query, rank_query(plan), plan.limit, plan.offset],
                )
            rows = cursor.fetchall()
        return [(row_id, -float(d)) for row_id, d in rows], len(rows)


def ensure_rum() -> dict[str, float]:
    built = {}
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
        for name, sql in RUM_INDEXES.items():
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [name])
            if cursor.fetchone() is None:
                print(f"building {name} …", flush=True)
                started = time.perf_counter()
                cursor.execute(sql)
                built[name] = time.perf_counter() - started
    return built


def relation_mb(name: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size(%s::regclass)", [name])
        return cursor.fetchone()[0] / 1e6


def grade(entry: SearchEntry, words: list[str]) -> int:
    title, head, body = entry.title, f"{entry.keywords} {entry.summary}", entry.body
    if all(w in title for w in words):
        return 3
    if all(w in title or w in head for w in words):
        return 2
    if all(w in title or w in head or w in body for w in words):
        return 1
    return 0


def ndcg(grades: list[int], ideal: list[int]) -> float:
    def dcg(values: list[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(values[:10]))

    best = dcg(sorted(ideal, reverse=True))
    return dcg(grades) / best if best else 1.0


def use(name: str) -> None:
    """Point the service at one engine."""
    service._BACKENDS.clear()
    settings.SEARCH_ENGINE = "tantivy" if name == "tantivy" else ""
    if name == "rum":
        service._BACKENDS["postgres"] = RumBackend()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="gin,rum,tantivy")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--naive-queries", type=int, default=8)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    engines = args.engines.split(",")
    warm_up()
    n = SearchEntry.objects.count()
    print(
        f"database={connection.vendor}:{connection.settings_dict['NAME']} entries={n:,} "
        f"python={platform.python_version()} cpus={os.cpu_count()} date={time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        flush=True,
    )
    if "rum" in engines:
        for name, seconds in ensure_rum().items():
            print(f"built {name} in {seconds:.0f} s", flush=True)
        print(
            "sizes: GIN {:.0f} MB, RUM rank {:.0f} MB, RUM date {:.0f} MB".format(
                relation_mb("search_entry_vector_gin") if _exists("search_entry_vector_gin") else 0,
                relation_mb("search_rum_rank"),
                relation_mb("search_rum_date"),
            ),
            flush=True,
        )
    if "tantivy" in engines:
        use("tantivy")
        if engine.live() is None:
            state = engine.rebuild(progress=lambda k: print(f"  tantivy: {k:,} entries", flush=True))
            print(f"built the tantivy copy in {state['build_seconds']} s", flush=True)
        status = engine.status()
        print(
            f"tantivy copy: {status['docs']:,} entries, {status['segments']} segments, {status['bytes'] / 1e6:.0f} MB"
        )

    results: dict[str, list[float]] = {}
    firsts: dict[str, list[float]] = {}
    tops: dict[str, list[list[int]]] = {}
    for name in engines:
        use(name)
        samples, medians, top = [], [], []
        for i, (text, flt) in enumerate(QUERIES):
            query = service.SearchQuery(text=text, **flt)
            service.search(query)
            runs, found = timed(lambda: service.search(query), args.runs)
            samples += runs
            medians.append(statistics.median(runs))
            if i < JUDGED:
                top.append([hit.object_id for hit in found.hits[:10]])
            if args.verbose:
                print(f"  {name:<8} {text:<16} {str(flt):<40} total {found.total:>8,}  {medians[-1]:7.1f} ms")
        results[name], firsts[name], tops[name] = samples, medians, top
        print(summary(name, samples), flush=True)

    if args.naive_queries:
        slow = []
        for text, flt in QUERIES[: args.naive_queries]:
            slow += timed(lambda: naive(text, flt), 1)[0]
        print(summary("icontains", slow) + f"   (first {args.naive_queries} queries)")
        for name in engines:
            same = firsts[name][: args.naive_queries]
            print(
                f"  ratio icontains/{name} on those queries: p50 {percentile(slow, 0.5) / percentile(same, 0.5):.0f}×"
            )
    if "gin" in results:
        for name in engines:
            if name != "gin":
                print(
                    f"  ratio gin/{name}: p50 {percentile(results['gin'], 0.5) / percentile(results[name], 0.5):.1f}×, "
                    f"p95 {percentile(results['gin'], 0.95) / percentile(results[name], 0.95):.1f}×"
                )

    # Relevance: pooled judging of every engine's top 10.
    scores: dict[str, list[float]] = {name: [] for name in engines}
    for i, (text, _flt) in enumerate(QUERIES[:JUDGED]):
        words = query_terms(text)
        pool = {oid for name in engines for oid in tops[name][i]}
        entries = {e.object_id: e for e in SearchEntry.objects.filter(kind="document", object_id__in=pool)}
        graded = {oid: grade(entries[oid], words) for oid in pool if oid in entries}
        ideal = list(graded.values())
        for name in engines:
            scores[name].append(ndcg([graded.get(oid, 0) for oid in tops[name][i]], ideal))
    for name in engines:
        print(f"relevance {name:<8} nDCG@10 {statistics.fmean(scores[name]):.3f} over {JUDGED} judged queries")

    if "tantivy" in engines:
        freshness()
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def _exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_class WHERE relname = %s", [name])
        return cursor.fetchone() is not None


def freshness() -> None:
    """How long until a published entry is found: at once through the outbox tail; then the worker's sync."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    use("tantivy")
    entry = service.IndexEntry(
        kind="benchmark",
        object_id=1,
        org_id=1,
        org_path="/1/",
        title="关于基准测试即时可见性的通知",
        summary="",
        body="基准测试即时可见性",
        url="/bench/1",
        published_at=datetime.now(ZoneInfo("Asia/Shanghai")),
    )
    started = time.perf_counter()
    service.index(entry)
    found = service.search(service.SearchQuery(kind="benchmark", text="即时可见性")).total
    visible = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    engine.sync()
    synced = (time.perf_counter() - started) * 1000
    service.remove("benchmark", 1)
    engine.sync()
    print(
        f"update: indexed and found (total {found}) in {visible:.0f} ms through the tail; worker sync {synced:.0f} ms"
    )


if __name__ == "__main__":
    main()
