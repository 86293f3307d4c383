#!/bin/bash
# Training throughput of `llmwb bench train` against the same model in plain PyTorch
# eager (bench/train_peer_pytorch.py, Debian's python3-torch: the same LibTorch 1.13),
# same shape, threads and environment. The programs run alternately, round after round
# (ours, peer with the for-loop AdamW, peer with the foreach AdamW, ours, ...), so
# machine noise falls on all of them alike; the faster of the two peer variants is the
# peer. Prints a human line, then one JSON line with both medians, both MFUs and
# speedup = our tokens/s / the peer's tokens/s.
#
# usage: bench/compare_train.sh [--llmwb PATH] [--rounds N] [--python PATH] [shape flags...]
#   shape flags (default: the GPT-2-style 6 x 384 benchmark shape) go to both programs:
#   --n-layer --d-model --n-head --context --vocab --batch --steps --warmup --threads
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
llmwb="${LLMWB:-$here/../build/bin/llmwb}"
python="/usr/bin/python3" # Debian's python3-torch; not a virtualenv's python first on PATH
rounds=3
declare -A shape=([--n-layer]=6 [--d-model]=384 [--n-head]=6 [--context]=256 [--vocab]=8192 [--batch]=8
                  [--steps]=5 [--warmup]=2 [--threads]=2)
while [[ $# -gt 0 ]]; do
    case "$1" in
        --llmwb) llmwb="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --python) python="$2"; shift 2 ;;
        --n-layer|--d-model|--n-head|--context|--vocab|--batch|--steps|--warmup|--threads)
            shape[$1]="$2"; shift 2 ;;
        *) echo "compare_train.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
[[ -x "$llmwb" ]] || { echo "compare_train.sh: no llmwb at $llmwb (build it, or pass --llmwb)" >&2; exit 2; }

source "$here/openblas_coretype.sh"

args=()
for key in "${!shape[@]}"; do args+=("$key" "${shape[$key]}"); done
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

last_json() { grep '^{' | tail -n 1; }
for ((round = 1; round <= rounds; ++round)); do
    echo "round $round/$rounds (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    "$llmwb" bench train "${args[@]}" --json | last_json >> "$results/ours.jsonl"
    "$python" "$here/train_peer_pytorch.py" "${args[@]}" --foreach 0 | last_json >> "$results/peer_loop.jsonl"
    "$python" "$here/train_peer_pytorch.py" "${args[@]}" --foreach 1 | last_json >> "$results/peer_foreach.jsonl"
done

"$python" - "$results" "$rounds" "${OPENBLAS_CORETYPE:-}" <<'EOF'
import json, os, statistics, sys

folder, rounds, core = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def load(name):
    with open(os.path.join(folder, name)) as f:
        runs = [json.loads(line) for line in f if line.strip()]
    return {
        "ms_per_step": statistics.median(r["ms_per_step"] for r in runs),
        "tokens_per_s": statistics.median(r["tokens_per_s"] for r in runs),
        "mfu": statistics.median(r["mfu"] for r in runs),
        "peak_gflops": statistics.median(r["peak_gflops"] for r in runs),
        "runs_ms_per_step": [round(r["ms_per_step"], 1) for r in runs],
    }

ours = load("ours.jsonl")
peers = {"loop": load("peer_loop.jsonl"), "foreach": load("peer_foreach.jsonl")}
variant = min(peers, key=lambda k: peers[k]["ms_per_step"])
peer = peers[variant]
speedup = ours["tokens_per_s"] / peer["tokens_per_s"]
print(f"ours {ours['ms_per_step']:.1f} ms/step, {ours['tokens_per_s']:.0f} tokens/s, MFU {100 * ours['mfu']:.1f}%; "
      f"PyTorch eager (AdamW {variant}) {peer['ms_per_step']:.1f} ms/step, {peer['tokens_per_s']:.0f} tokens/s, "
      f"MFU {100 * peer['mfu']:.1f}%; speedup {speedup:.2f}x (medians of {rounds} alternated rounds)")
print(json.dumps({"bench": "compare_train", "rounds": rounds, "openblas_coretype": core,
                  "ours": ours, "peer": dict(peer, adamw=variant),
                  "peer_other": dict(peers["foreach" if variant == "loop" else "loop"],
                                     adamw="foreach" if variant == "loop" else "loop"),
                  "speedup": speedup}))
EOF
