#!/usr/bin/env bash
# The README's first command: install Sunlight and start it with the demo city on SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e .
exec .venv/bin/sunlight start --demo "$@"
