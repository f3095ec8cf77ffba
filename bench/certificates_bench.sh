#!/usr/bin/env bash
# Certificate verification throughput under gunicorn (wrk, Debian package "wrk").
#   bench/certificates_bench.sh          200 certificates; the public page (with ?c=) and the API, 30 s each
# The page is cached for anonymous visitors (public_page); the API is not, so the API run is the one that verifies
# (parse, one indexed query, SM2 verify; the in-process result cache holds repeated copies).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
export SUNLIGHT_DATA_DIR=${SUNLIGHT_DATA_DIR:-/tmp/sunlight-cert-bench}
export DATABASE_CONN_MAX_AGE=${DATABASE_CONN_MAX_AGE:-60}
PORT=${PORT:-8098}
$PY manage.py migrate -v 0
$PY - > /tmp/sunlight-cert-bench.lua <<'PY'
import os, django
from datetime import date
from urllib.parse import quote
os.environ["DJANGO_SETTINGS_MODULE"] = "sunlight.settings"
django.setup()
from sunlight.accounts.models import User
from sunlight.certificates.actions import issue_certificate
from sunlight.certificates.copies import copy_token
from sunlight.certificates.models import Certificate
from sunlight.orgs.models import Membership, Org, Region, Role
if not Certificate.objects.exists():
    region = Region.objects.get_or_create(code="990102", defaults={"name": "青溪区", "level": 3})[0]
    org = Org.objects.get_or_create(name="青溪区市场监督管理局", defaults={"kind": Org.Kind.DEPARTMENT, "region": region, "org_code": "BENCH0001"})[0]
    user = User.objects.get_or_create(username="bench.approver", defaults={"kind": User.Kind.STAFF})[0]
    Membership.objects.get_or_create(user=user, org=org, role=Role.APPROVER)
    for n in range(200):
        issue_certificate(org=org, name="食品经营许可证", holder_name=f"云川市青溪区第{n}号餐饮店",
            holder_id_number=f"92990102MA{n:08d}", scope="预包装食品销售；热食类食品制售", valid_from=date(2026, 1, 1),
            valid_until=date(2030, 12, 31), by=user)
certs = list(Certificate.objects.order_by("pk")[:200])
mode = os.environ.get("MODE", "page")
if mode == "page":
    paths = [f"/certificates/verify/{c.number}/?c={copy_token(c)}" for c in certs]
else:
    paths = [f"/api/v1/certificates/verify?number={c.number}&c={copy_token(c)}" for c in certs]
print("local paths = {" + ",".join(f'"{p}"' for p in paths) + "}")
print("local n = 0\nrequest = function()\n  n = n + 1\n  return wrk.format('GET', paths[(n % #paths) + 1])\nend")
PY
${GUNICORN:-.venv/bin/gunicorn} sunlight.wsgi:application --bind 127.0.0.1:$PORT --workers "${WEB_CONCURRENCY:-4}" --threads 1 --log-level warning &
GUNICORN_PID=$!
trap 'kill $GUNICORN_PID' EXIT
sleep 4
wrk -t2 -c32 -d5s -s /tmp/sunlight-cert-bench.lua http://127.0.0.1:$PORT >/dev/null
wrk -t2 -c32 -d${SECONDS_RUN:-30}s --latency -s /tmp/sunlight-cert-bench.lua http://127.0.0.1:$PORT
