"""Item search latency at catalog scale: N published service items indexed, a realistic query mix timed.

    SUNLIGHT_DATA_DIR=/tmp/catbench .venv/bin/python bench/catalog_search.py --n 100000 --migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/catalog_search.py --n 100000 --migrate

Use a database of its own (it adds orgs and items). Generation: a city → 12 counties → 16 departments tree,
then N items with one published version each (bulk_create, no acts: the acts' rules and events are not what is
measured), their names drawn from ~70 subjects × the phrasing of each item kind (食品经营许可, 对…违法行为的
处罚, 老年人优待证办理 …), conditions and materials from small pools; then the index is rebuilt through
indexing.rebuild() (service.clear + service.rebuild of indexing.entry_for, as `manage.py catalog_reindex`).
Items already there (a second run) are reused: pass --fresh to drop them.

Timed: searching.items() — the whole service.search() call for kind "service_item" (segmentation, count, ranked
page of 20, loading hits, snippets) — over the QUERIES mix, each warmed once then --runs times; and, apart, the
kind facet of the same texts (searching.kind_counts). Percentiles are over all timed runs.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunlight.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from sunlight.catalog import indexing, searching  # noqa: E402
from sunlight.catalog.models import ServiceItem, ServiceItemVersion  # noqa: E402
from sunlight.orgs.models import Org, Region  # noqa: E402
from sunlight.search.models import SearchEntry  # noqa: E402
from sunlight.search.segment import warm_up  # noqa: E402

SEED = 20261204
BEIJING = ZoneInfo("Asia/Shanghai")
COUNTIES = ["青溪", "云湖", "临江", "北山", "南屏", "东岚", "西岭", "安平", "长宁", "永和", "清河", "白石"]
DEPARTMENTS = [
    ("市场监督管理局", "市场监督管理部门"),
    ("民政局", "民政部门"),
    ("公安局", "公安机关"),
    ("人力资源和社会保障局", "人力资源社会保障部门"),
    ("住房和城乡建设局", "住房城乡建设部门"),
    ("交通运输局", "交通运输部门"),
    ("卫生健康委员会", "卫生健康部门"),
    ("教育局", "教育部门"),
    ("自然资源局", "自然资源部门"),
    ("生态环境分局", "生态环境部门"),
    ("农业农村局", "农业农村部门"),
    ("文化和旅游局", "文化和旅游部门"),
    ("应急管理局", "应急管理部门"),
    ("税务局", "税务部门"),
    ("医疗保障局", "医疗保障部门"),
    ("退役军人事务局", "退役军人事务部门"),
]
# (subject, the kinds it is phrased as): names like 食品经营许可, 对食品经营违法行为的处罚, 食品经营备案.
SUBJECTS = [
    "食品经营",
    "食品生产",
    "药品零售",
    "医疗器械经营",
    "建筑工程施工",
    "道路货物运输",
    "道路旅客运输",
    "出租汽车经营",
    "医疗机构执业",
    "烟草专卖零售",
    "出版物零售",
    "危险化学品经营",
    "排污",
    "取水",
    "林木采伐",
    "户外广告设置",
    "城市道路占用挖掘",
    "特种设备使用",
    "娱乐场所经营",
    "互联网上网服务营业场所",
    "民办学校办学",
    "养老机构",
    "旅行社经营",
    "种子生产经营",
    "农药经营",
    "兽药经营",
    "动物防疫条件",
    "生猪定点屠宰",
    "渔业捕捞",
    "建设用地规划",
    "建设工程规划",
    "商品房预售",
    "燃气经营",
    "人力资源服务",
    "劳务派遣经营",
    "母婴保健技术服务",
    "放射诊疗",
    "公共场所卫生",
    "饮用水供水单位卫生",
    "消防安全检查",
    "校外培训机构",
    "艺术品经营",
    "营业性演出",
    "粮食收购",
    "农村宅基地",
]
SERVICES = [
    "老年人优待证",
    "最低生活保障",
    "特困人员救助供养",
    "临时救助",
    "高龄津贴",
    "残疾人两项补贴",
    "生育登记",
    "出生医学证明",
    "户口迁移",
    "居住证",
    "社会保障卡",
    "失业登记",
    "就业创业证",
    "不动产登记",
    "房屋租赁登记备案",
    "住房公积金提取",
    "机动车登记",
    "机动车驾驶证",
    "个体工商户登记",
    "企业设立登记",
    "婚姻登记",
    "义务教育入学",
    "城乡居民基本养老保险",
    "医疗费用报销",
    "退役军人优待证",
]
PHRASING = {
    "permit": ["{s}许可", "{s}审批", "{s}许可证核发"],
    "penalty": ["对{s}违法行为的处罚", "对未经许可从事{s}的处罚"],
    "inspection": ["对{s}的监督检查"],
    "coercion": ["对{s}违法场所的查封扣押"],
    "filing": ["{s}备案"],
    "confirmation": ["{s}资格认定"],
}
SERVICE_PHRASING = {
    "public_service": ["{s}办理", "{s}申领", "{s}查询"],
    "benefit": ["{s}发放"],
    "confirmation": ["{s}资格确认"],
}
LEVY = ["城镇土地使用税", "耕地占用税", "残疾人就业保障金", "城市基础设施配套费"]
MATERIALS = [
    "居民身份证",
    "营业执照",
    "申请书",
    "授权委托书",
    "场所平面图",
    "卫生许可证",
    "户口簿",
    "结婚证",
    "不动产权证书",
    "劳动合同",
    "银行账户信息",
    "健康证明",
    "安全管理制度",
    "技术人员资格证书",
]
CONDITIONS = [
    "具有与经营规模相适应的经营场所",
    "有专职或者兼职的安全管理人员",
    "申请人为本县户籍居民",
    "年满六十周岁",
    "家庭人均收入低于当地最低生活保障标准",
    "具有相应的专业技术人员",
    "符合国土空间规划",
    "依法取得营业执照",
]
LEVEL_DIGITS = {"county": "4"}
BASIC_PREFIX = {
    "permit": "XK",
    "penalty": "CF",
    "inspection": "JC",
    "coercion": "QZ",
    "filing": "BA",
    "confirmation": "QR",
    "public_service": "GG",
    "benefit": "JF",
    "levy": "ZS",
}

# The query mix: what people type into a service portal's search box (names, parts of names, a material or
# condition, a department), some narrowed to one item kind, two exact code look-ups added at run time.
QUERIES: list[tuple[str, str | None]] = [
    ("食品经营许可", None),
    ("营业执照", None),
    ("老年人优待证", None),
    ("最低生活保障", None),
    ("低保", None),
    ("不动产登记", None),
    ("户口迁移", None),
    ("驾驶证", None),
    ("公积金提取", None),
    ("社保卡", None),
    ("婚姻登记", None),
    ("出生医学证明", None),
    ("养老机构", None),
    ("药品零售", None),
    ("道路运输", None),
    ("排污许可", None),
    ("林木采伐", None),
    ("医疗机构执业", None),
    ("危险化学品", None),
    ("户外广告", None),
    ("特种设备", None),
    ("旅行社", None),
    ("校外培训", None),
    ("许可", None),
    ("办理", None),
    ("处罚", "penalty"),
    ("食品", "permit"),
    ("检查", "inspection"),
    ("备案", "filing"),
    ("补贴", "benefit"),
    ("食品 许可", None),
    ("养老 补贴", None),
    ("残疾人 补贴", None),
    ("居住证 办理", None),
    ("企业 设立", None),
    ("身份证", None),
    ("授权委托书", None),
    ("经营场所", None),
    ("市场监督管理", None),
    ("卫生健康", None),
    ("民政", "public_service"),
    ("", None),
    ("", "permit"),
]


def build_orgs() -> list[Org]:
    region = Region.objects.get_or_create(code="970000", defaults={"name": "基准省", "level": 1})[0]
    city = Org.objects.create(name="基准市人民政府", kind=Org.Kind.GOVERNMENT, region=region)
    orgs = []
    for county_name in COUNTIES:
        county = Org.objects.create(
            name=f"{county_name}县人民政府", kind=Org.Kind.GOVERNMENT, region=region, parent=city
        )
        for dept, _department in DEPARTMENTS:
            orgs.append(
                Org.objects.create(
                    name=f"{county_name}县{dept}", kind=Org.Kind.DEPARTMENT, region=region, parent=county
                )
            )
    return orgs


def names(rng: random.Random) -> list[tuple[str, str]]:
    """Every (name, kind) the generator draws from."""
    out = [(p.format(s=s), kind) for s in SUBJECTS for kind, ps in PHRASING.items() for p in ps]
    out += [(p.format(s=s), kind) for s in SERVICES for kind, ps in SERVICE_PHRASING.items() for p in ps]
    out += [(f"{x}征收", "levy") for x in LEVY]
    rng.shuffle(out)
    return out


def generate(n: int) -> None:
    rng = random.Random(SEED)
    orgs = build_orgs()
    pool = names(rng)
    serial: dict[tuple[int, str], int] = {}
    basic: dict[str, str] = {}
    started = time.perf_counter()
    today = date(2026, 12, 1)
    batch = 5000
    for start in range(0, n, batch):
        items, versions = [], []
        for i in range(start, min(n, start + batch)):
            org = orgs[i % len(orgs)]
            name, kind = pool[(i // len(orgs) + i * 7) % len(pool)]
            dept, competent = DEPARTMENTS[i % len(DEPARTMENTS)]
            code = basic.setdefault(name, f"{BASIC_PREFIX[kind]}{len(basic) + 1:05d}000")
            n_serial = serial[(org.pk, code)] = serial.get((org.pk, code), 0) + 1
            items.append(
                ServiceItem(
                    org=org,
                    basic_code=code,
                    code=f"{code}{org.pk:08d}{n_serial:04d}{i:016d}",
                    tier="main",
                    status="active",
                    name=name,
                    kind=kind,
                )
            )
            day = today - timedelta(days=rng.randint(0, 2000))
            versions.append(
                ServiceItemVersion(
                    number=1,
                    state="published",
                    operation="add",
                    reason="新设事项",
                    name=name,
                    kind=kind,
                    competent_department=competent,
                    implementing_body=org.name,
                    level="county",
                    division=rng.choice(["综合科", "审批科", "行政许可科", "政策法规科", "窗口"]),
                    statutory_limit=20,
                    promised_limit=rng.choice([0, 3, 5, 10, 15]),
                    handling="promised",
                    visits=rng.choice([0, 1]),
                    online_depth=rng.randint(1, 4),
                    audience=rng.choice(["person", "company", "both"]),
                    life_events=rng.choice(["", ",qualify,", ",birth,", ",elderly,", ",housing,"]),
                    guide={
                        "conditions": rng.sample(CONDITIONS, 2),
                        "materials": [{"name": m} for m in rng.sample(MATERIALS, rng.randint(2, 5))],
                        "result": {"name": name.replace("办理", "").replace("审批", "批准文件")},
                    },
                    effective_from=day,
                    published_at=datetime(day.year, day.month, day.day, 10, tzinfo=BEIJING),
                )
            )
        with transaction.atomic():
            ServiceItem.objects.bulk_create(items)
            for item, version in zip(items, versions, strict=True):
                version.item = item
            ServiceItemVersion.objects.bulk_create(versions)
            for item, version in zip(items, versions, strict=True):
                item.current = version
            ServiceItem.objects.bulk_update(items, ["current"])
        print(f"  {start + len(items):,} items", flush=True)
    print(f"generated {n:,} items in {time.perf_counter() - started:.0f}s")


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def time_queries(runs: int) -> None:
    codes = list(ServiceItem.objects.order_by("?").values_list("code", flat=True)[:2])
    mix = QUERIES + [(c, None) for c in codes]
    search_ms: list[float] = []
    facet_ms: list[float] = []
    slow: list[tuple[float, str, int]] = []
    for text, kind in mix:
        searching.items(text, kind=kind, facets=False)  # warm-up
        searching.kind_counts(text)
        for _ in range(runs):
            t0 = time.perf_counter()
            found = searching.items(text, kind=kind, facets=False)
            search_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            searching.kind_counts(text)
            facet_ms.append((time.perf_counter() - t0) * 1000)
        slow.append((search_ms[-1], f"{text or '（空）'}{' [' + kind + ']' if kind else ''}", found.results.total))
    print(f"\n{len(mix)} queries × {runs} runs")
    for label, values in (("item search", search_ms), ("kind facet", facet_ms)):
        print(
            f"{label:12s} p50 {statistics.median(values):6.1f} ms  p95 {percentile(values, 95):6.1f} ms"
            f"  max {max(values):6.1f} ms"
        )
    print("slowest (last run ms, query, total):")
    for ms, text, total in sorted(slow, reverse=True)[:6]:
        print(f"  {ms:6.1f}  {text}  {total:,}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--migrate", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="drop the generated items first")
    parser.add_argument("--no-index", action="store_true", help="reuse the index as it is")
    args = parser.parse_args()
    if args.migrate:
        call_command("migrate", verbosity=0)
    print(f"{connection.vendor}, {os.cpu_count()} cpus, {platform.python_version()}, {date.today()}")
    if args.fresh:
        ServiceItem.objects.update(current=None)
        ServiceItemVersion.objects.all().delete()
        ServiceItem.objects.all().delete()
    have = ServiceItem.objects.filter(status="active").count()
    if have < args.n:
        generate(args.n - have)
    if not args.no_index:
        warm_up()
        started = time.perf_counter()
        count = indexing.rebuild(workers=args.workers)
        print(f"indexed {count:,} items in {time.perf_counter() - started:.0f}s")
    print(f"index: {SearchEntry.objects.filter(kind=indexing.KIND).count():,} item entries")
    time_queries(args.runs)


if __name__ == "__main__":
    main()
