#!/usr/bin/env bash
# Loading a ~1.2 GB bf16 Hugging Face model for generation: wall time and peak resident
# memory (/usr/bin/time -v) of `llmwb generate --model FOLDER` for one greedy token, with
# "auto" weights (as stored) and with `--dtype fp32`, for this build and, with --peer, a
# second build (the one before a change), in alternating rounds on the same folder.
# Usage: bench/bench_generation_load.sh [--build DIR] [--peer DIR] [--layers N] [--rounds N] [--model FOLDER]
# (--model: an existing folder instead of writing one)
set -euo pipefail
build=build peer="" layers=13 rounds=2 model=""
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --peer) peer=$2; shift 2 ;;
    --layers) layers=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --model) model=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
here=$(cd "$(dirname "$0")" && pwd)
. "$here/big_hf_model.sh"
work=$(mktemp -d /tmp/lw-bench-generation-load.XXXXXX)
trap 'rm -rf "$work"' EXIT
if [ -z "$model" ]; then
  model=$work/model
  make_big_hf_model "$model" "$layers"
fi
echo "model folder: $(du -sm "$model" | cut -f1) MB; $(uptime)"

builds=("$(cd "$build" && pwd)")
[ -n "$peer" ] && builds+=("$(cd "$peer" && pwd)")
for round in $(seq "$rounds"); do
  for dir in "${builds[@]}"; do
    for dtype in auto fp32; do
      /usr/bin/time -v -o "$work/time" "$dir/bin/llmwb" generate --model "$model" --prompt-ids "1 2 3" \
          --temperature 0 --max-tokens 1 --threads 2 --dtype "$dtype" --json > "$work/out"
      wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time")
      kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")
      runner=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1])["runner"])' \
          "$work/out")
      printf 'round %s  %-40s  --dtype %-4s  wall %8s  peak RSS %5d MB  %s  (load%s)\n' "$round" "$dir" "$dtype" \
          "$wall" $((kb / 1024)) "$runner" "$(uptime | sed 's/.*load average//')"
    done
  done
done
