#!/usr/bin/env bash
# Rebuilds the web page's vendored data from the npm registry: the offline basemap
# (world-atlas countries-110m TopoJSON, Natural Earth, public domain). Needs npm.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent world-atlas@2.0.2 >/dev/null && tar xzf world-atlas-2.0.2.tgz)
cp "$tmp/package/countries-110m.json" crates/server/assets/countries-110m.json
sha256sum crates/server/assets/countries-110m.json
