"""10,000 construction projects (工程建设项目) with their stage applications and 200,000 departments' cases (联办件)
for the parallel-approval benchmarks, written straight into the tables.

    SUNLIGHT_DATA_DIR=/tmp/sl-projects-bench .venv/bin/python bench/projects_data.py [--projects 10000] [--cases 200000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sunlight_bench_projects .venv/bin/python bench/projects_data.py

Self-contained: on PostgreSQL the database is created when missing; the schema is migrated and the demo city built
(`manage.py demo` without documents, cases, requests, hall, certificates, ratings) when 云川市人民政府 is missing.
Then the city gets two pathways through the acts (install_preset, set_stage_item): the national four stages and
新余's five, eight items per stage (three required, one required for government projects, four optional) from the
city's departments' published items, the city's center as the construction window.

Projects: 60 % on the national four (older, total 80–140 working days), 40 % on 新余's five (newer, 25–60); types
government 30 % · social 45 % · small 15 % · linear 10 %; 80 % completed (every stage delivered, total_days the
sum of the stages' working days), 20 % active (the earlier stages delivered, the current one submitted 15 % or
accepted 85 % with its cases handling / correcting / special / decided). 3 % have a refused filing of a stage,
filed again. Every accepted stage opens its required items and some optional ones, so that the cases add up to
exactly `--cases`. A case's clock: start on the stage's acceptance, a pause for a correction (补正, 12 %) or a
special procedure (现场核查, 5 %) with its resume, its decision before the stage's delivery. 500 company
accounts own the projects (projects.bench.000 owns every 100th and its share of the rest: 115). Case steps, materials and events
are not written (the project pages read none of them). DurationStat is refreshed at the end (refresh_durations).

Rows go in by executemany with explicit ids in batches (as bench/cases_data.py), so this appends: run it on a
database without bench projects (it refuses otherwise). Prints the time taken.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunlight.settings")

CITY = "云川市人民政府"
TYPES = ["government"] * 30 + ["social"] * 45 + ["small"] * 15 + ["linear"] * 10
CURRENT_MIX = ["handling"] * 50 + ["correcting"] * 10 + ["special"] * 5 + ["decided"] * 35
PLACES = "青溪区 云湖区 高新区 临港新区 北城区 南山区".split()
WORDS = (
    "科创园 中学新校区 人民医院门诊楼 安置小区 物流园 污水处理厂 产业园标准厂房 市政道路 体育中心 商业综合体".split()
)


def ensure_database() -> None:
    """PostgreSQL: create the database named in DATABASE_URL when it does not exist yet."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return
    from urllib.parse import urlparse

    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}", flush=True)


def prepare() -> None:
    from django.core.management import call_command

    from sunlight.orgs.models import Org

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not Org.objects.filter(name=CITY).exists():
        call_command(
            "demo",
            "--quiet",
            *("--documents", "0", "--cases", "0", "--requests", "0", "--hall", "0"),
            *("--certificates", "0", "--ratings", "0", "--projects", "0"),
        )
        print(f"migrated and built the demo city in {time.perf_counter() - started:.0f} s", flush=True)


def pathways(city, admin, rng):
    """The two pathways with eight items a stage, through the acts (idempotent: reused when already there)."""
    from sunlight.cases import days
    from sunlight.catalog.kinds import APPLIED_KINDS
    from sunlight.catalog.models import ServiceItem
    from sunlight.catalog.queries import version_in_force
    from sunlight.orgs.models import Org
    from sunlight.projects import actions
    from sunlight.projects.models import Pathway, StageItem

    found = {p.preset: p for p in Pathway.objects.filter(city=city, preset__in=("national4", "xinyu5"))}
    today = days.today()
    items = []
    departments = Org.objects.filter(parent=city, kind=Org.Kind.DEPARTMENT)
    for item in (
        ServiceItem.objects.filter(status="active", kind__in=APPLIED_KINDS, org__in=departments)
        .select_related("org")
        .order_by("org_id", "pk")
    ):
        version = version_in_force(item, today)
        if version is not None and version.operation not in ("suspend", "cancel"):
            items.append(item)
    if len(items) < 8:
        sys.exit("the demo city needs at least eight published items of its departments")
    by_org: dict[int, list] = {}
    for item in items:
        by_org.setdefault(item.org_id, []).append(item)
    # Round robin over the departments, so each stage holds items of several departments.
    mixed = []
    while any(by_org.values()):
        for org_id in list(by_org):
            if by_org[org_id]:
                mixed.append(by_org[org_id].pop(0))
    out = []
    for n, key in enumerate(("national4", "xinyu5")):
        pathway = found.get(key) or actions.install_preset(city, key, by=admin)
        for s, stage in enumerate(pathway.stages.order_by("order")):
            if stage.items.count() >= 8:
                continue
            start = (n * 5 + s) * 3
            for k in range(8):
                item = mixed[(start + k) % len(mixed)]
                if k < 3:
                    req, types = StageItem.Requirement.REQUIRED, None
                elif k == 3:
                    req, types = StageItem.Requirement.CONDITIONAL, ["government"]
                else:
                    req, types = StageItem.Requirement.OPTIONAL, None
                actions.set_stage_item(stage, item, by=admin, requirement=req, project_types=types)
        out.append(pathway)
    return out


class Inserter:
    """INSERT … VALUES of every concrete column, explicit ids, executemany per batch (bench/cases_data.py)."""

    def __init__(self, model, connection):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.ops = connection.ops
        self.defaults = {}
        for f in self.fields:
            if f.has_default():
                self.defaults[f.attname] = f.get_default()
            elif f.null:
                self.defaults[f.attname] = None
            else:
                self.defaults[f.attname] = ""
        kinds = {f.attname: f.get_internal_type() for f in self.fields}
        self.json = {k for k, v in kinds.items() if v == "JSONField"}
        self.dt = {k for k, v in kinds.items() if v == "DateTimeField"}
        self.date = {k for k, v in kinds.items() if v == "DateField"}
        self.decimal = {k for k, v in kinds.items() if v == "DecimalField"}
        cols = ", ".join(self.ops.quote_name(f.column) for f in self.fields)
        self.sql = f"INSERT INTO {model._meta.db_table} ({cols}) VALUES ({', '.join(['%s'] * len(self.fields))})"
        self.rows: list[tuple] = []

    def add(self, row: dict) -> None:
        out = []
        for f in self.fields:
            v = row.get(f.attname, self.defaults[f.attname])
            if v is not None:
                if f.attname in self.json:
                    v = json.dumps(v, ensure_ascii=False)
                elif f.attname in self.dt:
                    v = self.ops.adapt_datetimefield_value(v)
                elif f.attname in self.date:
                    v = self.ops.adapt_datefield_value(v)
                elif f.attname in self.decimal:
                    v = str(v)
            out.append(v)
        self.rows.append(tuple(out))

    def flush(self, cursor) -> None:
        if self.rows:
            cursor.executemany(self.sql, self.rows)
        self.rows.clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()

    ensure_database()
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.db.models import Max

    prepare()

    from sunlight.accounts.models import User
    from sunlight.cases import days
    from sunlight.cases.models import Case
    from sunlight.catalog.queries import version_in_force
    from sunlight.clock.calendar import get_calendar
    from sunlight.orgs.codes import make_credit_code
    from sunlight.orgs.models import Org
    from sunlight.projects.forecast import refresh_durations
    from sunlight.projects.models import Project, StageApplication, StageCase

    started = time.perf_counter()
    rng = random.Random(args.seed)
    cal = get_calendar()
    today = days.today()
    city = Org.objects.select_related("region").get(name=CITY)
    center = Org.objects.filter(kind=Org.Kind.SERVICE_CENTER, region=city.region, is_active=True).first()
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    if Project.objects.filter(code__contains="-48-09-").exists():
        sys.exit("this database already holds bench projects: use a fresh one")
    national, xinyu = pathways(city, admin, rng)
    stages = {}
    for pathway in (national, xinyu):
        rows = []
        for stage in pathway.stages.order_by("order"):
            items = list(stage.items.select_related("item", "item__org").order_by("position", "pk"))
            versions = {si.item_id: version_in_force(si.item, today) for si in items}
            rows.append((stage, items, versions))
        stages[pathway.pk] = rows
    print(
        f"{connection.vendor}: {city.name}, pathways {national.name} ({len(stages[national.pk])} stages) and "
        f"{xinyu.name} ({len(stages[xinyu.pk])} stages), 8 items a stage",
        flush=True,
    )

    # 500 company accounts.
    have = set(User.objects.filter(username__startswith="projects.bench.").values_list("username", flat=True))
    password = make_password("bench-password-2026")
    User.objects.bulk_create(
        [
            User(
                username=f"projects.bench.{i:03d}",
                kind="legal_person",
                display_name=f"云川{WORDS[i % len(WORDS)][:2]}建设有限公司{i:03d}",
                credit_code=make_credit_code("91", "990100", f"MA{i:06d}"),
                password=password,
            )
            for i in range(500)
            if f"projects.bench.{i:03d}" not in have
        ],
        batch_size=500,
    )
    owners = list(
        User.objects.filter(username__startswith="projects.bench.")
        .order_by("username")
        .values_list("pk", "display_name", "credit_code")
    )

    def add_working(day, n):
        try:
            return cal.add(day, n, "working")
        except Exception:  # beyond the loaded calendar
            return day + timedelta(days=n * 7 // 5)

    def split(total: int, limits: list[int]) -> list[int]:
        """total working days over the stages, roughly in proportion to their limits, each ≥ 1."""
        weights = [lim * rng.uniform(0.6, 1.4) for lim in limits]
        parts = [max(1, round(total * w / sum(weights))) for w in weights]
        parts[-1] = max(1, parts[-1] + total - sum(parts))
        return parts

    # --- plan: each project's stages, with their dates and states; cases are counted before they are written ---
    plans = []
    accepted_apps = 0
    for _n in range(args.projects):
        on_national = rng.random() < 0.6
        pathway = national if on_national else xinyu
        st = stages[pathway.pk]
        completed = rng.random() < 0.8
        if on_national:
            total = int(min(150, max(70, rng.gauss(110, 17))))
        else:
            total = int(min(70, max(22, rng.gauss(38, 8))))
        parts = split(total, [s.limit_days for s, _i, _v in st])
        current = len(st) if completed else rng.randrange(len(st))  # index of the stage in progress
        # Early enough that the delivered stages (and the filing gaps between them, ≤ 8 working days each) are
        # over by today; completed national-four projects spread over three years, 新余's over the last one.
        need = int((sum(parts[:current]) + 8 * len(st)) * 1.45) + 3
        spread = (3 * 365 if on_national else 300) if completed else 40
        day = add_working(today - timedelta(days=need + rng.randrange(spread)), 0)
        apps = []
        for k, _stage_items in enumerate(st):
            if k > current:
                break
            received = add_working(day, rng.randrange(1, 6))
            if rng.random() < 0.03 / len(st):  # a refused filing, filed again a few days later
                apps.append({"k": k, "status": "not_accepted", "received": received})
                received = add_working(received, rng.randrange(1, 3))
            accepted = add_working(received, rng.randrange(0, 3))
            delivered = add_working(accepted, parts[k])
            if k < current and delivered <= today:
                apps.append({"k": k, "status": "delivered", "received": received, "accepted": accepted,
                             "delivered": delivered, "days": parts[k]})  # fmt: skip
                accepted_apps += 1
                day = delivered
                continue
            completed = False  # the stage in progress (an early-drawn project may end up still running)
            if accepted > today or rng.random() < 0.15:
                apps.append({"k": k, "status": "submitted", "received": min(received, today)})
            else:
                apps.append({"k": k, "status": "accepted", "received": received, "accepted": accepted})
                accepted_apps += 1
            break
        plans.append((pathway, completed, apps))
    per_app, extra = divmod(args.cases, max(1, accepted_apps))
    print(f"plan: {args.projects:,} projects, {accepted_apps:,} accepted stages, {per_app}+ cases each", flush=True)

    ins = {m: Inserter(m, connection) for m in (Project, StageApplication, Case, StageCase)}
    next_id = {m: (m.objects.aggregate(m=Max("id"))["m"] or 0) + 1 for m in ins}
    counts = {"cases": 0, "apps": 0, "completed": 0, "paused": 0}

    def flush():
        with transaction.atomic(), connection.cursor() as cursor:
            for m in (Project, StageApplication, Case, StageCase):
                ins[m].flush(cursor)

    def at(day, hour=1):  # 09:00–15:00 Beijing time
        return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC) + timedelta(seconds=rng.randrange(6 * 3600))

    region = city.region.code[:6]
    app_no = 0
    for i, (pathway, completed, apps) in enumerate(plans):
        pid = next_id[Project]
        next_id[Project] += 1
        owner = owners[0] if i % 100 == 0 else owners[rng.randrange(len(owners))]
        ptype = rng.choice(TYPES)
        st = stages[pathway.pk]
        first = next((a for a in apps if a.get("accepted")), None)
        total = sum(a["days"] for a in apps if a["status"] == "delivered") if completed else None
        last = apps[-1]
        ins[Project].add(
            {
                "id": pid,
                "code": f"{apps[0]['received']:%Y}-{region}-48-09-{pid:06d}",
                "name": f"{rng.choice(PLACES)}{rng.choice(WORDS)}{'一二三四'[i % 4]}期",
                "project_type": ptype,
                "pathway_id": pathway.pk,
                "owner_user_id": owner[0],
                "owner_name": owner[1],
                "owner_credit_code": owner[2],
                "location": f"云川市{rng.choice(PLACES)}{rng.randrange(1, 300)}号",
                "investment": f"{rng.randrange(200, 500_000)}.00",
                "status": "completed" if completed else "active",
                "started_on": first["accepted"] if first else None,
                "completed_on": last.get("delivered") if completed else None,
                "total_days": total,
                "created_at": at(apps[0]["received"] - timedelta(days=1)),
            }
        )
        counts["completed"] += completed
        for a in apps:
            stage, items, versions = st[a["k"]]
            aid = next_id[StageApplication]
            next_id[StageApplication] += 1
            app_no += 1
            number = f"BL{a['received']:%Y%m%d}{aid:08d}"
            accepted = a.get("accepted")
            row = {
                "id": aid,
                "number": number,
                "project_id": pid,
                "stage_id": stage.pk,
                "status": a["status"],
                "channel": "online" if rng.random() < 0.6 else "window",
                "form_data": {"建设规模": f"{rng.randrange(1, 50)} 万平方米"},
                "optional_items": [],
                "submitted_at": at(a["received"]),
                "received_on": a["received"],
            }
            if a["status"] == "not_accepted":
                row["refusal_reason"] = "申请材料不齐全，且未按要求补正。"
            if accepted is not None:
                row["accepted_on"] = accepted
                row["accepted_by_id"] = None
                row["due_on"] = add_working(accepted, stage.limit_days)
            if a["status"] == "delivered":
                row["delivered_on"] = row["completed_on"] = a["delivered"]
                row["working_days"] = a["days"]
                row["delivery_method"] = "窗口领取"
            counts["apps"] += 1
            if accepted is not None:
                n = per_app + (1 if extra > 0 else 0)
                extra -= 1
                chosen = [si for si in items if si.required_for(ptype)]
                optional = [si for si in items if si not in chosen]
                rng.shuffle(optional)
                chosen += optional[: max(0, n - len(chosen))]
                chosen = chosen[:n]
                row["optional_items"] = sorted(si.item_id for si in chosen if not si.required_for(ptype))
                for si in chosen:
                    cid = next_id[Case]
                    next_id[Case] += 1
                    version = versions[si.item_id]
                    statutory = version.statutory_limit if version and version.statutory_limit is not None else 20
                    promised = min(statutory, version.promised_limit or statutory) if version else statutory
                    required = si.required_for(ptype)
                    events = [{"kind": "start", "date": accepted.isoformat(), "days": 0, "reason": "受理"}]
                    if a["status"] == "delivered":
                        status = "delivered"
                        span = max(1, a["days"] - 1)
                        took = rng.randrange(max(1, span // 3), span + 1) if required else rng.randrange(1, span + 1)
                        decided = add_working(accepted, took)
                    else:
                        status = rng.choice(CURRENT_MIX)
                        elapsed = max(1, cal.between(accepted, today, "working") if accepted <= today else 1)
                        decided = add_working(accepted, rng.randrange(1, elapsed + 1)) if status == "decided" else None
                        if decided is not None and decided > today:
                            decided = today
                    end = decided or today
                    pause = status in ("correcting", "special") or (status == "delivered" and rng.random() < 0.17)
                    if pause and end > accepted + timedelta(days=3):
                        reason = "补正" if status == "correcting" or rng.random() < 0.7 else "现场核查"
                        if status == "special":
                            reason = "现场核查"
                        start = accepted + timedelta(days=rng.randrange(1, max(2, (end - accepted).days // 2)))
                        events.append({"kind": "pause", "date": start.isoformat(), "days": 0, "reason": reason})
                        if status not in ("correcting", "special"):
                            stop = start + timedelta(days=rng.randrange(1, max(2, (end - start).days)))
                            events.append({"kind": "resume", "date": min(stop, end).isoformat(), "days": 0})
                        counts["paused"] += 1
                    received_at = at(a["received"])
                    case = {
                        "id": cid,
                        "number": f"BJ{a['received']:%Y%m%d}{cid:08d}",
                        "item_id": si.item_id,
                        "version_id": version.pk if version else None,
                        "org_id": si.item.org_id,
                        "center_id": center.pk if center else None,
                        "channel": "online" if row["channel"] == "online" else "window",
                        "kind": "joint",
                        "way": "joint",
                        "status": status,
                        "applicant_user_id": owner[0],
                        "applicant_kind": "company",
                        "applicant_name": owner[1],
                        "id_number": "",
                        "phone": "",
                        "summary": f"工程建设项目“{stage.name}”阶段并联审批",
                        "form_data": row["form_data"],
                        "external_ref": number,
                        "submitted_at": received_at,
                        "received_on": a["received"],
                        "accept_due_on": add_working(a["received"], 5),
                        "accepted_on": accepted,
                        "statutory_limit": statutory,
                        "promised_limit": promised,
                        "clock_events": events,
                        "due_on": add_working(accepted, statutory),
                        "promised_due_on": add_working(accepted, promised),
                        "created_at": received_at,
                        "updated_at": received_at,
                    }
                    if status == "correcting":
                        case["corrections"] = 1
                        case["correction_reasons"] = ["规划总平面图缺少指北针"]
                        case["pause_reason"] = "补正"
                    if status == "special":
                        case["pause_reason"] = "现场核查"
                    if decided is not None:
                        case["decision"] = "granted"
                        case["decided_on"] = decided
                        case["decision_text"] = "准予许可。"
                        case["step_index"] = 2
                    if status == "delivered":
                        case["delivered_on"] = a["delivered"]
                        case["delivery_method"] = "窗口领取"
                        case["closed_at"] = at(a["delivered"], 6)
                    ins[Case].add(case)
                    ins[StageCase].add(
                        {
                            "id": next_id[StageCase],
                            "application_id": aid,
                            "case_id": cid,
                            "stage_item_id": si.pk,
                            "required": required,
                        }
                    )
                    next_id[StageCase] += 1
                    counts["cases"] += 1
            ins[StageApplication].add(row)
        if len(ins[Case].rows) >= 10_000 or (i + 1) % 2000 == 0:
            flush()
            if (i + 1) % 2000 == 0:
                print(f"  {i + 1:,} projects, {counts['cases']:,} cases, {time.perf_counter() - started:.0f} s")
    flush()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in ins:
                for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
                    cursor.execute(sql)
    load = time.perf_counter() - started
    t = time.perf_counter()
    stats = refresh_durations()
    refresh = time.perf_counter() - t
    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(
        f"{args.projects:,} projects ({counts['completed']:,} completed), {counts['apps']:,} stage applications, "
        f"{counts['cases']:,} cases ({counts['paused']:,} with a pause) written in {load:.0f} s; "
        f"refresh_durations {refresh:.1f} s ({stats} rows); ANALYZE {time.perf_counter() - t:.0f} s",
        flush=True,
    )


if __name__ == "__main__":
    main()
