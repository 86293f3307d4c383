#!/usr/bin/env bash
# Import throughput and peak memory: 1,000,000 rows of ~1 KB JSON Lines and a 1 GB text
# corpus through `llmwb data import` (rows/s, MB/s, peak resident memory), and the same
# rows as .jsonl.zst. Usage: bench/bench_data_import.sh [--build DIR] [--rows N] [--text-mb M]
set -euo pipefail
build=build rows=1000000 text_mb=1024
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    --text-mb) text_mb=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
here=$(cd "$(dirname "$0")" && pwd)
llmwb=$(cd "$build" && pwd)/bin/llmwb
work=$(mktemp -d /tmp/lw-bench-import.XXXXXX)
trap 'rm -rf "$work"' EXIT
python3 "$here/generate_import_data.py" --rows "$rows" --jsonl "$work/rows.jsonl" --text-mb "$text_mb" --text "$work/corpus.txt"
zstd -q -3 -T2 "$work/rows.jsonl" -o "$work/rows.jsonl.zst" 2>/dev/null || true

measure() { # name input...
  local name=$1; shift
  local bytes=0
  for f in "$@"; do bytes=$((bytes + $(stat -c %s "$f"))); done
  /usr/bin/time -f "%e %M" -o "$work/time" "$llmwb" data import --project "$work/project" --name "$name" \
      --input "$@" --json > "$work/out.json"
  read -r seconds kb < "$work/time"
  local rows_done
  rows_done=$(tail -1 "$work/out.json" | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["rows"])')
  python3 - "$name" "$seconds" "$kb" "$rows_done" "$bytes" <<'PY'
import sys
name, s, kb, rows, b = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
print(f"{name:12s} {rows:>9d} rows  {s:7.1f} s  {rows/s:>9.0f} rows/s  {b/s/1e6:7.1f} MB/s  peak RSS {kb/1024:6.0f} MiB  (input {b/1e6:.0f} MB)")
PY
}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
measure jsonl "$work/rows.jsonl"
[ -f "$work/rows.jsonl.zst" ] && measure jsonl-zst "$work/rows.jsonl.zst"
measure text "$work/corpus.txt"
