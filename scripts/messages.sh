#!/usr/bin/env bash
# Regenerate the English catalogs after changing UI text, then translate the new (empty or fuzzy) entries and run
# `scripts/messages.sh compile`. A module with its own locale/ folder (e.g. sunlight/monthly/locale) keeps its own
# catalog, so adding a module never edits the shared one; everything else is in sunlight/locale.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PY="$ROOT/.venv/bin/python"
export PYTHONPATH="$ROOT"
own=()
for dir in sunlight/*/locale; do
  app="$(basename "$(dirname "$dir")")"
  own+=(-i "$app/*")
done
if [ "${1:-}" != "compile" ]; then
  for dir in sunlight/*/locale; do
    (cd "$(dirname "$dir")" && "$PY" "$ROOT/manage.py" makemessages -l en --no-obsolete -i "tests/*")
  done
  (cd sunlight && "$PY" "$ROOT/manage.py" makemessages -l en --no-obsolete -i "tests/*" -i "*/tests/*" "${own[@]}")
fi
for dir in sunlight/locale sunlight/*/locale; do
  (cd "$(dirname "$dir")" && "$PY" "$ROOT/manage.py" compilemessages -l en >/dev/null)
done
echo "catalogs compiled: sunlight/locale and every sunlight/<module>/locale"
