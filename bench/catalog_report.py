"""The catalog consistency report over 100,000 versions on SQLite (the default database).

    PYTHONPATH=$PWD DATABASE_URL=sqlite:////tmp/catalog_report.sqlite3 .venv/bin/python bench/catalog_report.py

Fills the database once (migrate, 20 orgs, 50,000 items with 2 versions each: the first published and closed,
the second in force or a draft, with citations; some with a repealed law, an article past the law's last, a
duplicate name, a department differing from the basic catalog, or a stored version rule), then times
sunlight.catalog.report.consistency_report for every org, best and worst of 5 after a warm-up.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunlight.settings")

ORGS, ITEMS = 20, 50_000


def fill() -> None:
    from sunlight.catalog.models import BasicItem, Citation, Law, ServiceItem, ServiceItemVersion
    from sunlight.orgs.codes import make_credit_code
    from sunlight.orgs.models import Org, Region

    rng = random.Random(11)
    region = Region.objects.create(code="990000", name="示范省", level=1)
    orgs = [
        Org.objects.create(
            name=f"第{n}政务服务中心",
            kind=Org.Kind.SERVICE_CENTER,
            region=region,
            parent=None,
            credit_code=make_credit_code("11", region.code, f"{n:08d}"),
        )
        for n in range(1, ORGS + 1)
    ]
    laws = [Law.objects.create(title=f"条例{n}", articles=100) for n in range(50)]
    Law.objects.filter(title="条例0").update(repealed_on=date(2020, 1, 1))
    BasicItem.objects.bulk_create(
        BasicItem(
            basic_code=f"XK{n:08d}",
            name=f"事项{n}",
            kind="permit",
            competent_department="部门",
            implementing_body="主体",
            legal_basis=[],
        )
        for n in range(ITEMS // ORGS)
    )
    today = date.today()
    base = {
        "kind": "permit",
        "competent_department": "部门",
        "implementing_body": "主体",
        "level": "county",
        "promised_limit": 10,
        "handling": "promised",
        "operation": "add",
        "reason": "bench",
    }
    for chunk in range(0, ITEMS, 5000):
        items = []
        for i in range(chunk, min(chunk + 5000, ITEMS)):
            n = i // ORGS
            name = f"事项{n}" if rng.random() > 0.001 else "重名事项"
            items.append(
                ServiceItem(
                    org=orgs[i % ORGS],
                    basic_code=f"XK{n:08d}",
                    code=f"B{i:012d}",
                    status="active",
                    name=name,
                    kind="permit",
                )
            )
        items = ServiceItem.objects.bulk_create(items)
        versions = []
        for item in items:
            dept = "部门" if rng.random() > 0.002 else "别的部门"
            versions.append(
                ServiceItemVersion(
                    item=item,
                    number=1,
                    state="published",
                    name=item.name,
                    **{**base, "competent_department": dept},
                    effective_from=today - timedelta(days=400),
                    effective_until=today - timedelta(days=100),
                )
            )
            draft = rng.random() < 0.1
            versions.append(
                ServiceItemVersion(
                    item=item,
                    number=2,
                    name=item.name,
                    **{**base, "competent_department": dept},
                    state="draft" if draft else "published",
                    effective_from=None if draft else today - timedelta(days=100),
                    violations=["visits.reason"] if draft and rng.random() < 0.2 else [],
                )
            )
        versions = ServiceItemVersion.objects.bulk_create(versions)
        Citation.objects.bulk_create(
            Citation(
                version=v,
                law=laws[k],
                law_title=laws[k].title,
                article=rng.randint(1, 100) if rng.random() > 0.001 else 150,
            )
            for v in versions
            for k in (rng.randrange(50) if rng.random() < 0.02 else rng.randrange(1, 50),)
        )
        current = {v.item_id: v.pk for v in versions if v.number == 2 and v.state == "published"}
        for item in items:
            item.current_id = current.get(item.pk)
        ServiceItem.objects.bulk_update(items, ["current"])


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from sunlight.catalog.models import ServiceItemVersion
    from sunlight.catalog.report import consistency_report
    from sunlight.orgs.models import Org

    call_command("migrate", verbosity=0)
    if not ServiceItemVersion.objects.exists():
        t = time.perf_counter()
        fill()
        print(f"filled in {time.perf_counter() - t:.0f} s")
    print(connection.vendor, ServiceItemVersion.objects.count(), "versions")
    orgs = Org.objects.all()
    consistency_report(orgs)
    times = []
    for _ in range(5):
        t = time.perf_counter()
        report = consistency_report(orgs)
        times.append(time.perf_counter() - t)
    print(f"report: {len(report.findings)} findings, best {min(times):.2f} s, worst {max(times):.2f} s")
    print("by rule:", report.by_rule and [(r, n) for r, _m, n in report.by_rule])


if __name__ == "__main__":
    main()
