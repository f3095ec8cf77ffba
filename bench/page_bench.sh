#!/usr/bin/env bash
# Public page throughput under gunicorn with 32 concurrent clients (wrk, Debian package "wrk").
#   bench/page_bench.sh [DATABASE_URL]   (default: a SQLite demo in /tmp/sunlight-page-bench)
#   PAGES=catalog bench/page_bench.sh    the catalog's guide pages (办事指南) instead of document pages
# Builds the demo city with 3,000 documents, starts gunicorn (WEB_CONCURRENCY workers, default 4),
# warms up, then runs wrk for 30 s over 200 different document pages and prints req/s and latency percentiles.
set -euo pipefail
cd "$(dirname "$0")/.."
export SUNLIGHT_DATA_DIR=${SUNLIGHT_DATA_DIR:-/tmp/sunlight-page-bench}
[ -n "${1:-}" ] && export DATABASE_URL="$1"
export DATABASE_CONN_MAX_AGE=${DATABASE_CONN_MAX_AGE:-60}
PORT=${PORT:-8099}
.venv/bin/python manage.py migrate -v 0
.venv/bin/python manage.py demo --quiet --documents 3000 >/dev/null
.venv/bin/python manage.py collectstatic --noinput -v 0
.venv/bin/python - > /tmp/sunlight-page-bench.lua <<'PY'
import os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "sunlight.settings"
django.setup()
from django.urls import reverse
if os.environ.get("PAGES") == "catalog":
    from sunlight.catalog.queries import public_items
    ids = list(public_items().order_by("pk").values_list("pk", flat=True)[:200])
    paths = [reverse("catalog:item", args=[i]) for i in ids]
else:
    from sunlight.disclosure.queries import public_documents
    ids = list(public_documents().order_by("pk").values_list("pk", flat=True)[:200])
    paths = [f"/disclosure/d/{i}/" for i in ids]
print("local paths = {" + ",".join(f'"{p}"' for p in paths) + "}")
print("local n = 0\nrequest = function()\n  n = n + 1\n  return wrk.format('GET', paths[(n % #paths) + 1])\nend")
PY
.venv/bin/gunicorn sunlight.wsgi:application --bind 127.0.0.1:$PORT --workers "${WEB_CONCURRENCY:-4}" --threads 1 --log-level warning &
GUNICORN=$!
trap 'kill $GUNICORN' EXIT
sleep 4
wrk -t2 -c32 -d10s -s /tmp/sunlight-page-bench.lua http://127.0.0.1:$PORT >/dev/null   # warm every worker's cache
wrk -t2 -c32 -d30s --latency -s /tmp/sunlight-page-bench.lua http://127.0.0.1:$PORT
