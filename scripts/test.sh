#!/usr/bin/env bash
# The README's second command: install Sunlight with its test dependencies and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e ".[test]"
exec .venv/bin/pytest -n 2 -q "$@"
