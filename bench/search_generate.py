"""Generate N synthetic Chinese government documents straight into the search index.

    .venv/bin/python bench/search_generate.py --n 20000 [--workers 2] [--batch 2000] [--clear]

Use a separate database: DATABASE_URL=postgres://…/sunlight_bench, or SUNLIGHT_DATA_DIR=/tmp/…
for SQLite (run `manage.py migrate` there first, or pass --migrate).

Bodies (500–5,000 characters) are sentences of /work/shared/corpus/*.txt shuffled with a fixed
seed (a pool of 3,000 such texts, each document taking a random rotation and length of one),
plus a sentence per 600 characters about the document's government terms (so that specific words are as selective as in
real catalogs; the seed corpus alone is ~50,000 characters, so its common words are in almost
every document). Titles are "关于…的通知"-style; orgs are a province → 10 cities → 8 counties →
10 departments tree; topics, genres, years 2015–2026, validity and key areas are random.
Everything goes through service.rebuild() (COPY on PostgreSQL), so the rate printed is the real
import rate including segmentation.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunlight.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from sunlight.search import service  # noqa: E402
from sunlight.search.segment import DICT_PATH  # noqa: E402

CORPUS = Path(os.environ.get("SUNLIGHT_CORPUS", "/work/shared/corpus"))
BEIJING = ZoneInfo("Asia/Shanghai")
SEED = 20261122
BODY_POOL = 3000

CITIES = ["云川", "青溪", "云湖", "临江", "北山", "南屏", "东岚", "西岭", "安平", "长宁"]
DEPARTMENTS = [
    "人民政府办公室",
    "发展和改革局",
    "教育局",
    "民政局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "住房和城乡建设局",
    "市场监督管理局",
    "卫生健康委员会",
]
ACTIONS = ["印发", "做好", "加强", "进一步推进", "开展", "规范", "调整", "公布", "实施", "深化"]
GENRES = [
    "通知",
    "意见",
    "办法",
    "通告",
    "公告",
    "实施方案",
    "工作要点",
    "批复",
    "决定",
    "规定",
    "实施细则",
    "工作方案",
    "报告",
    "函",
    "纪要",
]
VALIDITY = ["valid"] * 7 + ["expired"] * 2 + ["repealed"]
TEMPLATES = [
    "本{genre}所称{term}，按照国家和省有关规定执行。",
    "各地各部门要高度重视{term}工作，明确责任分工，确保各项措施落到实处。",
    "{term}相关事项由{dept}负责解释，群众可通过12345热线咨询。",
    "关于{term}的申请材料和办理流程，详见政务服务网办事指南。",
    "进一步规范{term}管理，加强监督检查，及时公开办理结果。",
    "{year}年，全市{term}工作取得明显成效，群众满意度持续提升。",
]


def sentences() -> list[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    parts = re.split(r"(?<=[。！？!?])|\n+", text)
    return [s.strip() for s in parts if s and len(s.strip()) >= 8]


def dictionary_terms() -> list[str]:
    lines = DICT_PATH.read_text(encoding="utf-8").splitlines()
    return [ln.split()[0] for ln in lines if ln.strip() and not ln.startswith("#")]


def org_tree() -> list[tuple[int, str, str]]:
    """(org id, path, name) of every department: /1/<city>/<county>/<dept>/."""
    orgs = []
    next_id = 2
    for city in CITIES:
        city_id = next_id
        next_id += 1
        for c in range(8):
            county_id = next_id
            next_id += 1
            for dept in DEPARTMENTS:
                orgs.append((next_id, f"/1/{city_id}/{county_id}/{next_id}/", f"{city}市第{c + 1}区{dept}"))
                next_id += 1
    return orgs


def documents(n: int, start_id: int = 1, seed: int = SEED) -> Iterator[service.IndexEntry]:
    rng = random.Random(seed)
    pool = sentences()
    terms = dictionary_terms()
    orgs = org_tree()
    topics = [(parent * 10 + child, parent) for parent in range(1, 21) for child in range(1, 6)]
    areas = [(parent * 10 + child, parent) for parent in range(1, 11) for child in range(1, 5)]
    first = datetime(2015, 1, 1, tzinfo=BEIJING)
    span = int((datetime(2026, 11, 21, tzinfo=BEIJING) - first).total_seconds())
    bodies = []
    for _ in range(BODY_POOL):
        parts, size = [], 0
        while size < 5000:
            parts.append(rng.choice(pool))
            size += len(parts[-1])
        bodies.append("".join(parts))
    for object_id in range(start_id, start_id + n):
        org_id, path, org_name = rng.choice(orgs)
        published = first + timedelta(seconds=rng.randrange(span))
        year = published.year
        genre_name = rng.choice(GENRES)
        subject = rng.sample(terms, rng.choice((1, 1, 2)))
        title = f"{org_name}关于{rng.choice(ACTIONS)}{'和'.join(subject)}的{genre_name}"
        doc_terms = subject + rng.sample(terms, 3)
        # A stock body (drawn once from the corpus) plus sentences about this document's terms:
        # cheap to generate, so the import rate printed is the indexer's, not the generator's.
        base = rng.choice(bodies)
        target = rng.randint(500, 5000)
        extra = "".join(
            rng.choice(TEMPLATES).format(term=rng.choice(doc_terms), genre=genre_name, dept=org_name, year=year)
            for _ in range(max(1, target // 600))
        )
        cut = rng.randrange(len(base))
        body = (base[cut:] + extra + base[:cut])[:target]
        first_sentence = body.split("。", 1)[0][:200]
        topic, topic_parent = rng.choice(topics)
        area_ids: list[int] = []
        for area, parent in rng.sample(areas, rng.choice((0, 0, 1, 2))):
            area_ids += [area, parent]
        seq = object_id % 100000
        yield service.IndexEntry(
            kind="document",
            object_id=object_id,
            org_id=org_id,
            org_path=path,
            title=title,
            summary=first_sentence,
            body=body,
            url=f"/disclosure/documents/{object_id}",
            published_at=published,
            index_number=f"11{org_id:07d}MB{org_id % 97:02d}00000/{year}-{seq:05d}",
            doc_number=f"{org_name[:2]}政发〔{year}〕{seq}号",
            topic_id=topic,
            topic_parent_id=topic_parent,
            genre_id=GENRES.index(genre_name) + 1,
            validity=rng.choice(VALIDITY),
            key_area_ids=sorted(set(area_ids)),
            keywords="，".join(doc_terms[:3]),
        )


def cpu_seconds() -> dict[str, float]:
    """CPU time of this process, its finished children (the segmentation workers) and, on
    PostgreSQL on this host, the server backend: the machine is shared, so wall time alone
    says little."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = {"main": own.ru_utime + own.ru_stime, "workers": children.ru_utime + children.ru_stime}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            out["postgres"] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            pass  # server on another host
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--start-id", type=int, default=1, help="first object_id (to append to an existing set)")
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=1, help="processes for segmentation")
    parser.add_argument("--clear", action="store_true", help="empty the index first")
    parser.add_argument("--migrate", action="store_true", help="run migrations first")
    parser.add_argument(
        "--drop-index",
        action="store_true",
        help="PostgreSQL: drop the GIN index during the load and build it after (timed)",
    )
    args = parser.parse_args()
    if args.migrate:
        call_command("migrate", verbosity=0)
    backend = service.get_backend()
    print(f"backend={backend.name} database={connection.settings_dict['NAME']}", flush=True)
    if args.clear:
        print(f"cleared {service.clear()} entries", flush=True)

    started = time.perf_counter()
    cpu_started = cpu_seconds()
    done = 0
    rebuild_index = args.drop_index and backend.name == "postgres"
    if rebuild_index:
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS search_entry_vector_gin")

    def progress(entries: Iterator[service.IndexEntry]) -> Iterator[service.IndexEntry]:
        nonlocal done
        for e in entries:
            done += 1
            if done % args.batch == 0:
                elapsed = time.perf_counter() - started
                print(f"  {done:>9,} generated  {elapsed:7.1f} s  {done / elapsed:7.0f} docs/s", flush=True)
            yield e

    count = service.rebuild(progress(documents(args.n, args.start_id)), batch=args.batch, workers=args.workers)
    loaded = time.perf_counter() - started
    print(f"loaded {count:,} rows in {loaded:.1f} s: {count / loaded:.0f} docs/s", flush=True)
    if rebuild_index:
        t = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '1GB'")
            cursor.execute("CREATE INDEX search_entry_vector_gin ON search_searchentry USING gin (vector)")
        print(f"GIN index built in {time.perf_counter() - t:.1f} s", flush=True)
    elapsed = time.perf_counter() - started
    print(
        f"indexed {count:,} documents in {elapsed:.1f} s: {count / elapsed:.0f} docs/s (segmentation included)",
        flush=True,
    )
    cpu = {k: v - cpu_started.get(k, 0.0) for k, v in cpu_seconds().items()}
    per_doc = {k: v / count * 1000 for k, v in cpu.items()}
    print(
        "CPU ms per document: "
        + ", ".join(f"{k} {v:.2f}" for k, v in per_doc.items())
        + f"; total {sum(per_doc.values()):.2f} → {1000 / sum(per_doc.values()) * (os.cpu_count() or 1):.0f} docs/s"
        f" if all {os.cpu_count()} cores were ours",
        flush=True,
    )
    t = time.perf_counter()
    backend.optimize()
    print(f"optimize: {time.perf_counter() - t:.1f} s", flush=True)


if __name__ == "__main__":
    main()
