#!/bin/bash
# Data-parallel scaling of `llmwb bench train` on this machine: the same model shape and
# global batch trained by one process with 2 threads and by 2 processes with 1 thread
# each (--nproc-per-node 2, gradients all-reduced over Gloo on 127.0.0.1). The two set-
# ups run alternately, round after round, so machine noise falls on both alike. Prints
# the medians, the scaling efficiency (tokens/s of 2 processes / tokens/s of 1 process,
# 1.0 = no loss from splitting) and the all-reduce wait as a share of the 2-process
# step, then one JSON line with them.
#
# usage: bench/compare_distributed.sh [--llmwb PATH] [--rounds N] [shape flags...]
#   shape flags (default: the GPT-2-style 6 x 384 benchmark shape, batch 8) go to both:
#   --n-layer --d-model --n-head --context --vocab --batch --steps --warmup
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
llmwb="${LLMWB:-$here/../build/bin/llmwb}"
python="/usr/bin/python3"
rounds=3
declare -A shape=([--n-layer]=6 [--d-model]=384 [--n-head]=6 [--context]=256 [--vocab]=8192 [--batch]=8
                  [--steps]=5 [--warmup]=2)
while [[ $# -gt 0 ]]; do
    case "$1" in
        --llmwb) llmwb="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --n-layer|--d-model|--n-head|--context|--vocab|--batch|--steps|--warmup)
            shape[$1]="$2"; shift 2 ;;
        *) echo "compare_distributed.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
[[ -x "$llmwb" ]] || { echo "compare_distributed.sh: no llmwb at $llmwb (build it, or pass --llmwb)" >&2; exit 2; }

source "$here/openblas_coretype.sh"

args=()
for key in "${!shape[@]}"; do args+=("$key" "${shape[$key]}"); done
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

last_json() { grep '^{' | tail -n 1; }
for ((round = 1; round <= rounds; ++round)); do
    echo "round $round/$rounds (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    "$llmwb" bench train "${args[@]}" --threads 2 --json | last_json >> "$results/one.jsonl"
    "$llmwb" bench train "${args[@]}" --threads 1 --nproc-per-node 2 --json | last_json >> "$results/two.jsonl"
done

"$python" - "$results" "$rounds" <<'PY'
import json, os, statistics, sys

folder, rounds = sys.argv[1], int(sys.argv[2])

def load(name):
    with open(os.path.join(folder, name)) as f:
        runs = [json.loads(line) for line in f if line.strip()]
    return {key: statistics.median(r[key] for r in runs)
            for key in ("ms_per_step", "tokens_per_s", "allreduce_wait_ms", "allreduce_share", "mfu")}

one, two = load("one.jsonl"), load("two.jsonl")
efficiency = two["tokens_per_s"] / one["tokens_per_s"]
print(f"1 process x 2 threads:   {one['ms_per_step']:.1f} ms/step, {one['tokens_per_s']:.0f} tokens/s")
print(f"2 processes x 1 thread:  {two['ms_per_step']:.1f} ms/step, {two['tokens_per_s']:.0f} tokens/s, "
      f"all-reduce wait {two['allreduce_wait_ms']:.2f} ms/step = {100 * two['allreduce_share']:.1f}% of the step")
print(f"scaling efficiency (2 processes / 1 process): {efficiency:.3f} over {rounds} rounds")
print(json.dumps({"rounds": rounds, "one_process": one, "two_processes": two, "efficiency": efficiency}))
PY
