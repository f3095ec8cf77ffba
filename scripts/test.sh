#!/usr/bin/env bash
# The README's second command: install Sunlight with its test dependencies, check lint and format (ruff), and
# run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e ".[test]"
# The lint and format gate first (a second or two): the same rules as .ci/run.
.venv/bin/ruff check .
.venv/bin/ruff format --check .
exec .venv/bin/pytest -n 2 -q "$@"
