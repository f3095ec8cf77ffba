"""Applicants submitting at once: C clients POST the hall's application form with 10 MB of materials each, for D s.

    SUNLIGHT_DATA_DIR=/tmp/sl-cases-load .venv/bin/python bench/cases_submit_load.py [--clients 200] [--duration 120]
        [--mb 10] [--workers 4] [--port 8097] [--keep-files]

Run on a database with the demo city (`manage.py migrate && manage.py demo --quiet --documents 0 --cases 0`);
SQLite by default, PostgreSQL with DATABASE_URL. Picks a published item of an applied kind whose guide lists two
materials (else the first with one to three), makes C applicant accounts (cases.load.NNN) signed in through
Django's session engine (force_login: no login form, so django-axes' limits do not apply), starts gunicorn
(`--workers` sync workers, as in deployment.md and bench/page_bench.sh) and runs C threads, each fetching the
form once (200 expected: the session works), then POSTing it in a loop — multipart, the materials' share of
`--mb` MB each as PDF files ("%PDF-1.4" header), the CSRF token from a cookie of its own — until the time is up.
A 302 to the case page is a submission; anything else (status, timeout, reset) an error.

Afterwards, in the database: every successful submission's case exists once, is the user's, and has every
material with its file on disk at the size sent ("lost" counts those that do not); no case was created beyond
the successes ("extra": half-written); no file under MEDIA_ROOT/cases/ belongs to no material ("orphans").
Prints submissions/s and MB/s of materials stored, and the latency percentiles of the POSTs.
The files written are deleted at the end unless --keep-files (a 2-minute run writes tens of GB).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunlight.settings")
BOUNDARY = "----sunlightbench7d1f"


def id_number(i: int) -> str:
    """A valid 18-digit 居民身份证号码 (GB 11643 check digit)."""
    body = f"110105199001{(i % 28) + 1:02d}{i % 1000:03d}"[:17]
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> bytes:
    parts = []
    for name, value in fields.items():
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, data) in files.items():
        head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts)


def pick_item():
    from django.utils import timezone

    from sunlight.catalog.kinds import APPLIED_KINDS
    from sunlight.catalog.models import ServiceItem
    from sunlight.catalog.queries import version_in_force

    fallback = None
    for item in ServiceItem.objects.filter(status="active", kind__in=APPLIED_KINDS, current__isnull=False).order_by(
        "pk"
    ):
        version = version_in_force(item, timezone.localdate())
        if version is None or version.operation in ("suspend", "cancel"):
            continue
        n = len((version.guide or {}).get("materials", []))
        if n == 2:
            return item, version
        if fallback is None and 1 <= n <= 3:
            fallback = (item, version)
    if fallback is None:
        sys.exit("no published item to apply for: run `manage.py demo` first")
    return fallback


def files_under(root: Path) -> set[str]:
    if not root.exists():
        return set()
    return {str(p.relative_to(root.parent)) for p in root.rglob("*") if p.is_file()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--duration", type=float, default=120)
    parser.add_argument("--mb", type=float, default=10, help="materials per submission, MB")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "4")))
    parser.add_argument("--port", type=int, default=8097)
    parser.add_argument("--timeout", type=float, default=300, help="client timeout per request, s")
    parser.add_argument("--keep-files", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    import requests
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.test import Client

    from sunlight.accounts.models import User
    from sunlight.cases.models import Case, CaseMaterial

    if MigrationExecutor(connection).migration_plan(MigrationExecutor(connection).loader.graph.leaf_nodes()):
        sys.exit("the database has unapplied migrations: run `manage.py migrate` first")
    item, version = pick_item()
    materials = (version.guide or {}).get("materials", [])
    print(
        f"{connection.vendor}: item {item.pk} {item.name} (version {version.number}, {len(materials)} materials); "
        f"{args.clients} clients × {args.mb:g} MB for {args.duration:g} s; gunicorn {args.workers} sync workers",
        flush=True,
    )

    # Accounts and sessions.
    password = make_password(secrets.token_urlsafe(16))
    have = set(User.objects.filter(username__startswith="cases.load.").values_list("username", flat=True))
    User.objects.bulk_create(
        [
            User(username=f"cases.load.{i:03d}", kind="person", display_name=f"压测申请人{i:03d}", password=password)
            for i in range(args.clients)
            if f"cases.load.{i:03d}" not in have
        ]
    )
    users = list(User.objects.filter(username__startswith="cases.load.").order_by("username")[: args.clients])
    sessions = []
    for user in users:
        c = Client()
        c.force_login(user)
        sessions.append((user, c.cookies[settings.SESSION_COOKIE_NAME].value))

    media_cases = Path(settings.MEDIA_ROOT) / "cases"
    files_before = files_under(media_cases)
    cases_before = Case.objects.count()
    max_pk_before = Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    connection.close()

    # One body for everyone: each client's CSRF cookie is the same 32-character secret as the form's token.
    csrf = secrets.token_hex(16)
    per_file = int(args.mb * 1024 * 1024) // len(materials)
    pdf = b"%PDF-1.4\n" + os.urandom(per_file - 9)
    body = multipart(
        {"csrfmiddlewaretoken": csrf, "applicant_name": "压测申请人", "id_number": id_number(7), "phone": "13800000000"}
        | {"summary": "并发提交基准"},
        {f"m{i}": (f"材料{i + 1}.pdf", pdf) for i in range(len(materials))},
    )
    sent_mb = per_file * len(materials) / 1024 / 1024

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [
            str(gunicorn),
            "sunlight.wsgi:application",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--threads",
            "1",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=str(ROOT),
    )
    base = f"http://127.0.0.1:{args.port}"
    apply_url = f"{base}/hall/cases/apply/{item.pk}/"
    try:
        for _ in range(60):
            try:
                requests.get(f"{base}/", timeout=2)
                break
            except requests.RequestException:
                time.sleep(0.5)
        lock = threading.Lock()
        ok: list[tuple[int, str]] = []  # (user pk, case number)
        errors: Counter = Counter()
        samples: list[float] = []
        start_gate = threading.Barrier(args.clients + 1)
        deadline = [0.0]

        def client(user, session_key):
            s = requests.Session()
            s.cookies.set(settings.SESSION_COOKIE_NAME, session_key, domain="127.0.0.1")
            s.cookies.set(settings.CSRF_COOKIE_NAME, csrf, domain="127.0.0.1")
            try:
                page = s.get(apply_url, timeout=args.timeout, allow_redirects=False)
                if page.status_code != 200 or "csrfmiddlewaretoken" not in page.text:
                    with lock:
                        errors[f"form page {page.status_code}"] += 1
            except requests.RequestException as exc:
                with lock:
                    errors[f"form page {type(exc).__name__}"] += 1
            start_gate.wait()
            while time.monotonic() < deadline[0]:
                t = time.perf_counter()
                try:
                    r = s.post(
                        apply_url,
                        data=body,
                        headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
                        timeout=args.timeout,
                        allow_redirects=False,
                    )
                    took = time.perf_counter() - t
                    m = re.search(r"/hall/cases/([A-Z0-9]+)/$", r.headers.get("Location", ""))
                    with lock:
                        if r.status_code == 302 and m:
                            ok.append((user.pk, m.group(1)))
                            samples.append(took)
                        else:
                            errors[f"HTTP {r.status_code}"] += 1
                            if sum(errors.values()) <= 3:
                                print(f"  error: {r.status_code} {r.text[:300]!r}", flush=True)
                except requests.RequestException as exc:
                    with lock:
                        errors[type(exc).__name__] += 1

        threads = [threading.Thread(target=client, args=sess, daemon=True) for sess in sessions]
        for t in threads:
            t.start()
        start_gate.wait()
        began = time.monotonic()
        deadline[0] = began + args.duration
        for t in threads:
            t.join()
        elapsed = time.monotonic() - began
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)

    # The books.
    connection.connect()
    numbers = {n for _u, n in ok}
    by_number = {
        c.number: c for c in Case.objects.filter(pk__gt=max_pk_before).only("pk", "number", "applicant_user_id")
    }
    mats: dict[int, list] = {}
    for m in CaseMaterial.objects.filter(case_id__in=[c.pk for c in by_number.values()]).only(
        "case_id", "file", "size", "provision"
    ):
        mats.setdefault(m.case_id, []).append(m)
    media_root = Path(settings.MEDIA_ROOT)
    lost = 0
    for user_pk, number in ok:
        case = by_number.get(number)
        good = case is not None and case.applicant_user_id == user_pk
        rows = mats.get(case.pk, []) if case else []
        good = good and len(rows) == len(materials)
        for m in rows:
            path = media_root / m.file.name if m.file else None
            good = good and m.provision == "uploaded" and path is not None and path.is_file()
            good = good and m.size == per_file and path.stat().st_size == per_file
        lost += not good
    extra = len(set(by_number) - numbers)
    referenced = set(CaseMaterial.objects.exclude(file="").values_list("file", flat=True))
    new_files = files_under(media_cases) - files_before
    orphans = len({f for f in new_files if f not in referenced})
    created = Case.objects.count() - cases_before
    n = len(ok)
    total_errors = sum(errors.values())
    print(
        f"{n:,} submissions in {elapsed:.1f} s: {n / elapsed:.2f} submissions/s, "
        f"{n * sent_mb / elapsed:.1f} MB/s of materials ({sent_mb:.1f} MB each); "
        f"errors {total_errors} {dict(errors) if errors else ''}; cases created {created:,}; "
        f"lost {lost}, extra {extra}, orphan files {orphans}",
        flush=True,
    )
    if samples:
        s = sorted(samples)
        print(
            f"POST latency: p50 {statistics.median(s):.2f} s, p95 {s[int(0.95 * (len(s) - 1))]:.2f} s, "
            f"p99 {s[int(0.99 * (len(s) - 1))]:.2f} s, max {s[-1]:.2f} s",
            flush=True,
        )
    if not args.keep_files:
        for f in new_files:
            (media_root / f).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
