#!/usr/bin/env bash
# Vendor the Quill rich-text editor (the disclosure body editor) from the npm registry into the static files.
#
#   scripts/vendor_quill.sh [VERSION]      # default: the version in the VERSION file beside the vendored files
#
# It takes dist/quill.js, dist/quill.snow.css and the licences from the published npm package, drops the
# source-map comments (the maps are not vendored) and records the version and checksums. Commit the result:
# the running site never downloads anything. See docs/disclosure.md ("Rich-text editor").
set -euo pipefail
cd "$(dirname "$0")/.."
dest=sunlight/disclosure/static/disclosure/vendor/quill
version="${1:-$(sed -n 's/^quill //p' "$dest/VERSION" 2>/dev/null || true)}"
version="${version:-2.0.3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "quill@$version" --silent >/dev/null && tar xzf quill-*.tgz)
mkdir -p "$dest"
for f in dist/quill.js dist/quill.snow.css dist/quill.js.LICENSE.txt LICENSE; do
  grep -v 'sourceMappingURL=' "$tmp/package/$f" > "$dest/$(basename "$f")" || true
done
{
  echo "quill $(node -p "require('$tmp/package/package.json').version" 2>/dev/null || echo "$version")"
  (cd "$dest" && sha256sum quill.js quill.snow.css)
} > "$dest/VERSION"
cat "$dest/VERSION"
