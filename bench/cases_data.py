"""N cases (办件) for the hall's benchmarks, written straight into the tables (default 1,000,000, 10 % open).

    SUNLIGHT_DATA_DIR=/tmp/sl-cases-bench .venv/bin/python bench/cases_data.py [--n 1000000] [--open 0.1]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sunlight_bench_cases .venv/bin/python bench/cases_data.py

Run on a database with the demo city (`manage.py migrate && manage.py demo --quiet --documents 0 --cases 0`):
the cases point at the demo catalog's published items of the applied kinds (with their version in force) and
their orgs; one busy org, 云川市市场监督管理局 (handler sun.qiang, approver ma.jun), gets `--busy` of all cases
(default 12 %, i.e. ~12,000 open at 1M), the rest are spread over the other orgs with applied items. Open cases
are in the states a real queue holds (待受理 30 %, 待补正 10 %, 办理中 45 %, 特别程序 5 %, 挂起 5 %, 待送达 5 %),
received in the last 60 days, with deadlines from the working-day calendar, their steps (承办 → 审核 → 批准),
two uploaded materials each (rows only, no files) and, for the busy org's handler, the to-dos of the cases at
the handler's step. Closed cases (已办结 85 %, 不予受理 10 %, 已撤回 5 %) spread over three years, without steps
or materials. Online cases belong to 2,000 applicant accounts (cases.bench.0000 …); cases.bench.0000 has ~200.
Encrypted fields (identity number, phone) are empty strings, the applicant's name is kept.

Rows go in by executemany with explicit ids in batches of 10,000 (bulk_create would split them into 18-row
INSERTs on SQLite), so this appends: running it twice doubles the data. Prints the time taken.
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

BUSY_ORG = "云川市市场监督管理局"
OPEN_MIX = ["submitted"] * 30 + ["correcting"] * 10 + ["handling"] * 45 + ["special"] * 5 + ["suspended"] * 5
OPEN_MIX += ["decided"] * 5
CLOSED_MIX = ["delivered"] * 85 + ["not_accepted"] * 10 + ["withdrawn"] * 5
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
STEPS = (("承办", "handler"), ("审核", "reviewer"), ("批准", "approver"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--open", type=float, default=0.10, help="share of open cases")
    parser.add_argument("--busy", type=float, default=0.12, help="share of cases of the busy org")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.db.models import Max
    from django.utils import timezone

    from sunlight.accounts.models import User
    from sunlight.cases.models import Case, CaseMaterial, CaseStep
    from sunlight.catalog.kinds import APPLIED_KINDS
    from sunlight.catalog.models import ServiceItem
    from sunlight.catalog.queries import version_in_force
    from sunlight.clock.calendar import get_calendar
    from sunlight.notify.models import Todo
    from sunlight.orgs.models import Org

    started = time.perf_counter()
    rng = random.Random(args.seed)
    today = timezone.localdate()
    cal = get_calendar()

    def add_working(day, n):
        try:
            return cal.add(day, n, "working")
        except Exception:  # beyond the loaded calendar
            return day + timedelta(days=n * 7 // 5)

    items = []
    for item in ServiceItem.objects.filter(status="active", kind__in=APPLIED_KINDS).select_related("org"):
        version = version_in_force(item, today)
        if version is not None and version.operation not in ("suspend", "cancel"):
            items.append((item, version))
    if not items:
        sys.exit("no published items of the applied kinds: run `manage.py demo` first")
    centers = {o.region_id: o.pk for o in Org.objects.filter(kind=Org.Kind.SERVICE_CENTER, is_active=True)}
    busy_items = [iv for iv in items if iv[0].org.name == BUSY_ORG]
    other_items = [iv for iv in items if iv[0].org.name != BUSY_ORG]
    print(
        f"{connection.vendor}: {len(items)} items ({len(busy_items)} of {BUSY_ORG}) over "
        f"{len({i.org_id for i, _ in items})} orgs",
        flush=True,
    )

    # Applicant accounts (2,000) for the online cases.
    have = set(User.objects.filter(username__startswith="cases.bench.").values_list("username", flat=True))
    password = make_password("bench-password-2026")
    User.objects.bulk_create(
        [
            User(
                username=f"cases.bench.{i:04d}",
                kind="person",
                display_name=f"{SURNAMES[i % len(SURNAMES)]}{GIVEN[i % len(GIVEN)]}{GIVEN[(i // 7) % len(GIVEN)]}",
                password=password,
            )
            for i in range(2000)
            if f"cases.bench.{i:04d}" not in have
        ],
        batch_size=500,
    )
    applicants = list(
        User.objects.filter(username__startswith="cases.bench.").order_by("username").values_list("pk", flat=True)
    )
    handler = User.objects.get(username="sun.qiang")

    fields = list(Case._meta.concrete_fields)
    columns = [f.column for f in fields]
    defaults = {}
    for f in fields:
        if f.has_default():
            defaults[f.attname] = f.get_default()
        elif f.null:
            defaults[f.attname] = None
        else:
            defaults[f.attname] = ""
    json_fields = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
    dt_fields = {f.attname for f in fields if f.get_internal_type() == "DateTimeField"}
    date_fields = {f.attname for f in fields if f.get_internal_type() == "DateField"}
    ops = connection.ops
    table = Case._meta.db_table
    placeholders = ", ".join(["%s"] * len(columns))
    insert_case = (
        f"INSERT INTO {table} ({', '.join(connection.ops.quote_name(c) for c in columns)}) VALUES ({placeholders})"
    )

    def prep(row: dict) -> tuple:
        out = []
        for f in fields:
            v = row.get(f.attname, defaults[f.attname])
            if v is not None:
                if f.attname in json_fields:
                    v = json.dumps(v, ensure_ascii=False)
                elif f.attname in dt_fields:
                    v = ops.adapt_datetimefield_value(v)
                elif f.attname in date_fields:
                    v = ops.adapt_datefield_value(v)
            out.append(v)
        return tuple(out)

    step_cols = ["id", "case_id", "index", "name", "role", "days", "started_on", "due_on", "done_on", "done_by_id"]
    step_cols.append("opinion")
    insert_step = (
        f"INSERT INTO {CaseStep._meta.db_table} ({', '.join(ops.quote_name(c) for c in step_cols)}) "
        f"VALUES ({', '.join(['%s'] * len(step_cols))})"
    )
    mat_cols = ["id", "case_id", "position", "name", "required", "provision", "file", "file_name", "size"]
    mat_cols += ["content_type", "sha256", "certificate_number", "round", "added_at"]
    insert_mat = (
        f"INSERT INTO {CaseMaterial._meta.db_table} ({', '.join(ops.quote_name(c) for c in mat_cols)}) "
        f"VALUES ({', '.join(['%s'] * len(mat_cols))})"
    )

    next_case = (Case.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    next_step = (CaseStep.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    next_mat = (CaseMaterial.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    first_case = next_case
    sha = "0" * 64
    batch_cases, batch_steps, batch_mats, todos = [], [], [], []
    counts = {"open": 0, "busy_open": 0, "steps": 0, "materials": 0}

    def flush():
        with transaction.atomic(), connection.cursor() as cursor:
            if batch_cases:
                cursor.executemany(insert_case, batch_cases)
            if batch_steps:
                cursor.executemany(insert_step, batch_steps)
            if batch_mats:
                cursor.executemany(insert_mat, batch_mats)
        batch_cases.clear()
        batch_steps.clear()
        batch_mats.clear()

    now = timezone.now()
    for i in range(args.n):
        busy = rng.random() < args.busy
        item, version = rng.choice(busy_items if busy and busy_items else other_items)
        is_open = rng.random() < args.open
        status = rng.choice(OPEN_MIX if is_open else CLOSED_MIX)
        if is_open:
            received = today - timedelta(days=rng.randrange(60))
        else:
            received = today - timedelta(days=60 + rng.randrange(3 * 365))
        pk = next_case
        next_case += 1
        online = rng.random() < 0.6
        if online:
            applicant = applicants[0] if i % 5000 == 0 else rng.choice(applicants)
        else:
            applicant = None
        statutory = version.statutory_limit if version.statutory_limit is not None else 20
        promised = version.promised_limit or 0
        at = datetime(received.year, received.month, received.day, 9, 0, tzinfo=UTC) + timedelta(
            seconds=rng.randrange(8 * 3600)
        )
        row = {
            "id": pk,
            "number": f"BJ{received:%Y%m%d}{pk:08d}",
            "item_id": item.pk,
            "version_id": version.pk,
            "org_id": item.org_id,
            "center_id": centers.get(item.org.region_id),
            "channel": "online" if online else rng.choice(("window", "window", "platform")),
            "kind": "ordinary" if promised == 0 else "promised",
            "way": "direct" if promised == 0 else "promised",
            "status": status,
            "applicant_user_id": applicant,
            "applicant_kind": "person" if rng.random() < 0.7 else "company",
            "applicant_name": f"{SURNAMES[rng.randrange(len(SURNAMES))]}{GIVEN[rng.randrange(len(GIVEN))]}{GIVEN[rng.randrange(len(GIVEN))]}",
            "id_number": "",
            "phone": "",
            "summary": f"申请办理{item.name}",
            "submitted_at": at,
            "received_on": received,
            "accept_due_on": add_working(received, 5),
            "statutory_limit": statutory,
            "promised_limit": promised,
            "created_at": at,
            "updated_at": at,
        }
        accepted = None
        if status not in ("submitted", "correcting", "not_accepted") and not (status == "withdrawn"):
            accepted = add_working(received, rng.randrange(0, 4))
            row["accepted_on"] = accepted
            row["clock_events"] = [{"kind": "start", "date": accepted.isoformat(), "days": 0, "reason": "受理"}]
            row["due_on"] = add_working(accepted, statutory)
            row["promised_due_on"] = add_working(accepted, promised)
        if status == "correcting":
            row["corrections"] = 1
            row["correction_reasons"] = ["申请书未签字"]
        if status in ("special", "suspended"):
            row["clock_events"].append(
                {"kind": "pause", "date": (accepted + timedelta(days=2)).isoformat(), "days": 0, "reason": "现场核查"}
            )
            row["pause_reason"] = "现场核查"
        if status in ("decided", "delivered"):
            row["decision"] = "granted" if rng.random() < 0.95 else "refused"
            row["decided_on"] = min(row["promised_due_on"], accepted + timedelta(days=rng.randrange(1, 15)))
            row["decision_text"] = "准予许可。"
            row["step_index"] = 2
        if status == "delivered":
            row["delivered_on"] = row["decided_on"] + timedelta(days=1)
            row["delivery_method"] = "窗口领取"
        if status in Case.CLOSED:
            row["closed_at"] = at + timedelta(days=rng.randrange(1, 20))
        if is_open:
            counts["open"] += 1
            counts["busy_open"] += busy
            if accepted is not None:
                step_index = 2 if status == "decided" else rng.randrange(3)
                row["step_index"] = step_index
                for index, (name, role) in enumerate(STEPS):
                    done = index < step_index or status == "decided"
                    start = accepted + timedelta(days=index * 3)
                    batch_steps.append(
                        (
                            next_step,
                            pk,
                            index,
                            name,
                            role,
                            3,
                            ops.adapt_datefield_value(start),
                            ops.adapt_datefield_value(add_working(start, 3)),
                            ops.adapt_datefield_value(start + timedelta(days=2)) if done else None,
                            None,
                            "同意。" if done else "",
                        )
                    )
                    next_step += 1
                    counts["steps"] += 1
                if busy and status == "handling" and step_index == 0:
                    todos.append((pk, row["due_on"]))
            elif busy and status == "submitted":
                pass  # the clerks' to-dos, not the handler's
            for position in range(2):
                batch_mats.append(
                    (
                        next_mat,
                        pk,
                        position,
                        ("申请书", "身份证明")[position],
                        True,
                        "uploaded",
                        f"cases/bench/{pk}-{position}.pdf",
                        ("申请书.pdf", "身份证明.pdf")[position],
                        5 * 1024 * 1024,
                        "application/pdf",
                        sha,
                        "",
                        0,
                        ops.adapt_datetimefield_value(at),
                    )
                )
                next_mat += 1
                counts["materials"] += 1
        batch_cases.append(prep(row))
        if len(batch_cases) >= 10_000:
            flush()
            if (i + 1) % 100_000 == 0:
                print(f"  {i + 1:,} cases, {time.perf_counter() - started:.0f} s", flush=True)
    flush()
    Todo.objects.bulk_create(
        [
            Todo(
                user=handler,
                key=f"case:{pk}:承办",
                title=f"办件待承办 {pk}",
                url=f"/workbench/cases/{pk}/",
                due=due,
                created_at=now,
            )
            for pk, due in todos
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Case, CaseStep, CaseMaterial):
                for sql in ops.sequence_reset_sql(no_style(), [model]):
                    cursor.execute(sql)
    load = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(
        f"{args.n:,} cases (ids {first_case}..{next_case - 1}) written in {load:.0f} s "
        f"({args.n / load:,.0f} cases/s), ANALYZE {time.perf_counter() - started - load:.0f} s; "
        f"{counts['open']:,} open ({counts['busy_open']:,} of {BUSY_ORG}), {counts['steps']:,} steps, "
        f"{counts['materials']:,} materials, {len(todos):,} to-dos for sun.qiang",
        flush=True,
    )


if __name__ == "__main__":
    main()
