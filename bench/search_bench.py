"""Query latency of sunlight.search against a naive icontains scan, on the current database.

    .venv/bin/python bench/search_bench.py [--runs 3] [--naive-runs 1] [--no-naive]

Run after bench/search_generate.py on the same DATABASE_URL / SUNLIGHT_DATA_DIR. 50 fixed
queries of one to three words, each with a filter (year, org subtree, topic or validity); every
query is run once to warm up, then --runs times; percentiles are over all timed runs. Timed is
the whole service.search() call: exact-number check, segmentation, count, ranked page, loading
the 20 hits and building their snippets. The naive baseline is what an app without full-text
search would do: AND over words of (title OR summary OR body) icontains, the same filter, count
+ newest 20.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunlight.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402

from sunlight.search import service  # noqa: E402
from sunlight.search.models import SearchEntry  # noqa: E402
from sunlight.search.segment import warm_up  # noqa: E402

# City 1 of the generated tree is /1/2/ (ids: city, then 8 × (county + 10 departments)).
CITY = "/1/2/"
COUNTY = "/1/2/3/"
OTHER_CITY = "/1/91/"
QUERIES: list[tuple[str, dict]] = [
    ("政府", {"year": 2024}),
    ("政务公开", {"org_path": CITY}),
    ("信息公开", {"year": 2023}),
    ("行政审批", {"org_path": COUNTY}),
    ("电子政务", {"year": 2022}),
    ("权力清单", {"org_path": OTHER_CITY}),
    ("电子监察", {"year": 2021}),
    ("政务服务中心", {"org_path": CITY}),
    ("义务教育", {"year": 2024}),
    ("不动产登记", {"org_path": CITY}),
    ("最低生活保障", {"year": 2020}),
    ("营业执照", {"org_path": COUNTY}),
    ("政府采购", {"year": 2025}),
    ("保障性住房", {"validity": "valid"}),
    ("行政许可", {"year": 2019}),
    ("依申请公开", {"org_path": CITY}),
    ("统一社会信用代码", {"year": 2026}),
    ("三公经费", {"topic_id": 3}),
    ("政策解读", {"year": 2018}),
    ("乡村振兴", {"org_path": OTHER_CITY}),
    ("政务公开 权力清单", {"year": 2024}),
    ("行政许可 办理", {"org_path": CITY}),
    ("政府信息公开 年度报告", {"year": 2023}),
    ("义务教育 招生入学", {"org_path": CITY}),
    ("电子政务 平台建设", {"year": 2022}),
    ("群众 办事", {"org_path": COUNTY}),
    ("网上审批 系统", {"year": 2021}),
    ("阳光政府 监督", {"org_path": CITY}),
    ("重点领域 信息公开", {"year": 2020}),
    ("不动产登记 办事指南", {"validity": "valid"}),
    ("最低生活保障 申请", {"year": 2025}),
    ("政府采购 公告", {"org_path": OTHER_CITY}),
    ("营业执照 办理", {"year": 2024}),
    ("行政处罚 公示", {"org_path": CITY}),
    ("公共资源交易 平台", {"year": 2023}),
    ("政务服务 一网通办", {"org_path": CITY}),
    ("互联网 政务服务", {"year": 2019}),
    ("权力 阳光 运行", {"org_path": CITY}),
    ("政务公开 制度 建设", {"year": 2024}),
    ("行政审批 制度 改革", {"org_path": COUNTY}),
    ("信息公开 网站 栏目", {"year": 2022}),
    ("电子监察 系统 实时", {"org_path": CITY}),
    ("群众 满意 服务", {"year": 2021}),
    ("政府 工作 报告", {"org_path": OTHER_CITY}),
    ("公开 透明 监督", {"year": 2020}),
    ("义务教育 学校 招生", {"year": 2025, "org_path": CITY}),
    ("保障性住房 分配 公示", {"year": 2024, "validity": "valid"}),
    ("行政许可 事项 清单", {"org_path": CITY, "validity": "valid"}),
    ("政务服务中心 窗口 办理", {"year": 2023, "org_path": CITY}),
    ("政府采购 意向 公开", {"year": 2026, "topic_id": 5}),
]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def naive(text: str, flt: dict) -> int:
    where = Q(kind="document")
    if "org_path" in flt:
        where &= Q(org_path__startswith=flt["org_path"])
    if "year" in flt:
        where &= Q(year=flt["year"])
    if "validity" in flt:
        where &= Q(validity=flt["validity"])
    if "topic_id" in flt:
        where &= Q(topic_id=flt["topic_id"]) | Q(topic_parent_id=flt["topic_id"])
    for word in text.split():
        where &= Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
    qs = SearchEntry.objects.filter(where)
    total = qs.count()
    list(qs.only("id", "title", "url", "published_at").order_by("-published_at")[:20])
    return total


def timed(fn, runs: int) -> tuple[list[float], object]:
    samples, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - t) * 1000)
    return samples, result


def summary(label: str, samples: list[float]) -> str:
    return (
        f"{label:<10} p50 {percentile(samples, 0.50):8.1f} ms   p95 {percentile(samples, 0.95):8.1f} ms   "
        f"p99 {percentile(samples, 0.99):8.1f} ms   mean {statistics.fmean(samples):8.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--naive-runs", type=int, default=1)
    parser.add_argument("--no-naive", action="store_true")
    parser.add_argument(
        "--naive-queries",
        type=int,
        default=len(QUERIES),
        help="run the naive baseline for the first N queries only (it takes seconds each at 1M)",
    )
    parser.add_argument("--verbose", action="store_true", help="one line per query")
    args = parser.parse_args()

    warm_up()
    n = SearchEntry.objects.count()
    backend = service.get_backend()
    print(
        f"backend={backend.name} database={connection.settings_dict['NAME']} entries={n:,} "
        f"python={platform.python_version()} cpus={os.cpu_count()}",
        flush=True,
    )
    fts: list[float] = []
    fts_first: list[float] = []  # median per query, for the queries the baseline also ran
    slow: list[float] = []
    totals = []
    for text, flt in QUERIES:
        query = service.SearchQuery(text=text, **flt)
        service.search(query)  # warm
        samples, results = timed(lambda: service.search(query), args.runs)
        fts += samples
        if not args.no_naive and len(totals) < args.naive_queries:
            fts_first.append(statistics.median(samples))
        totals.append(results.total)
        line = f"  {text:<16} {str(flt):<45} total {results.total:>8,}  fts {statistics.median(samples):7.1f} ms"
        if not args.no_naive and len(totals) <= args.naive_queries:
            naive_samples, naive_total = timed(lambda: naive(text, flt), args.naive_runs)
            slow += naive_samples
            line += f"  naive {statistics.median(naive_samples):8.1f} ms (total {naive_total:,})"
        if args.verbose:
            print(line, flush=True)
    print(
        f"queries={len(QUERIES)} runs={args.runs} matches per query: median {statistics.median(totals):,.0f}, "
        f"max {max(totals):,}",
        flush=True,
    )
    print(summary("search", fts))
    if slow:
        # Compared over the same queries (the baseline may have run for the first N only).
        same = fts_first[: len(slow)]
        print(summary("icontains", slow) + f"   ({len(slow) // args.naive_runs} queries)")
        print(summary("search", same) + "   (the same queries)")
        print(
            f"ratio icontains/search: p50 {percentile(slow, 0.5) / percentile(same, 0.5):.0f}×, "
            f"p95 {percentile(slow, 0.95) / percentile(same, 0.95):.0f}×"
        )


if __name__ == "__main__":
    main()
