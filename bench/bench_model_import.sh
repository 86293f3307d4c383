#!/usr/bin/env bash
# Importing and loading a ~1 GB Hugging Face model: `llmwb import` (checks config,
# tokenizer and every tensor's header without reading the weights, then copies and
# hashes the files) against `cp` of the same folder (disk speed, the peer), with wall
# time and peak resident memory; then the first greedy token of the imported model
# (the weights read and converted). Usage: bench/bench_model_import.sh [--build DIR] [--layers N]
set -euo pipefail
build=build layers=13
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --layers) layers=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
here=$(cd "$(dirname "$0")" && pwd)
. "$here/big_hf_model.sh"
llmwb=$(cd "$build" && pwd)/bin/llmwb
work=$(mktemp -d /tmp/lw-bench-model-import.XXXXXX)
trap 'rm -rf "$work"' EXIT
make_big_hf_model "$work/model" "$layers"
bytes=$(du -sb "$work/model" | cut -f1)

/usr/bin/time -f "%e %M" -o "$work/time.cp" cp -r "$work/model" "$work/copy"
read -r cp_s cp_kb < "$work/time.cp"
rm -rf "$work/copy"; sync
/usr/bin/time -f "%e %M" -o "$work/time.import" "$llmwb" import --project "$work/project" --from "$work/model" \
    --name big --json > /dev/null
read -r import_s import_kb < "$work/time.import"
/usr/bin/time -f "%e %M" -o "$work/time.load" "$llmwb" generate --project "$work/project" --model big \
    --prompt-ids "1 2 3" --temperature 0 --max-tokens 1 --threads 2 --json > /dev/null
read -r load_s load_kb < "$work/time.load"

python3 - "$bytes" "$cp_s" "$cp_kb" "$import_s" "$import_kb" "$load_s" "$load_kb" <<'PY'
import sys
b, cp_s, cp_kb, im_s, im_kb, ld_s, ld_kb = sys.argv[1:]
b = int(b); mb = b / 1e6
print(f"model folder: {mb:.0f} MB (bf16, 2 shards)")
print(f"cp -r:         {float(cp_s):6.2f} s  {mb / max(float(cp_s), 1e-9):7.0f} MB/s  peak RSS {int(cp_kb) / 1024:6.0f} MB")
print(f"llmwb import:  {float(im_s):6.2f} s  {mb / max(float(im_s), 1e-9):7.0f} MB/s  peak RSS {int(im_kb) / 1024:6.0f} MB"
      f"  ({float(cp_s) / max(float(im_s), 1e-9):.2f}x the speed of cp)")
print(f"load + 1 token:{float(ld_s):6.2f} s  peak RSS {int(ld_kb) / 1024:6.0f} MB (float32 weights: {2 * mb:.0f} MB)")
PY
