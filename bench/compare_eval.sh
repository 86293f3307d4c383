#!/bin/bash
# Evaluation speed of `llmwb bench eval` against plain PyTorch eager
# (bench/eval_peer_pytorch.py) on the same weights and items: multiple-choice items/s
# (HellaSwag-like: a context and four endings) and perplexity windows/s, per thread
# count, with the ratios (goal of issue 13: ours / peer >= 2 for both). The peer scores
# what llmwb exported, so the two log-probability sums and perplexities must agree;
# the script prints both.
#
# usage: bench/compare_eval.sh [--llmwb PATH] [--threads "1 2"] [--shape gpt2-124m] [--items N]
#                              [--ppl-tokens N] [--rounds N]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
llmwb="${LLMWB:-$here/../build/bin/llmwb}"
python="/usr/bin/python3" # Debian's python3-torch; not a virtualenv's python first on PATH
threads="1 2" shape=gpt2-124m items=8 ppl_tokens=3073 rounds=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --llmwb) llmwb="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --shape) shape="$2"; shift 2 ;;
        --items) items="$2"; shift 2 ;;
        --ppl-tokens) ppl_tokens="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        *) echo "compare_eval.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
[[ -x "$llmwb" ]] || { echo "compare_eval.sh: no llmwb at $llmwb (build it, or pass --llmwb)" >&2; exit 2; }

source "$here/openblas_coretype.sh"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
last_json() { grep '^{' | tail -n 1; }

for ((round = 1; round <= rounds; ++round)); do
    for t in $threads; do
        echo "round $round/$rounds, $shape, $t threads (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
        "$llmwb" bench eval --shape "$shape" --items "$items" --ppl-tokens "$ppl_tokens" --threads "$t" \
            --export "$work/model" --json | last_json >> "$work/ours_$t.jsonl"
        "$python" "$here/eval_peer_pytorch.py" "$work/model" --threads "$t" | last_json >> "$work/peer_$t.jsonl"
    done
done

"$python" - "$work" $threads <<'PY'
import json, statistics, sys
work, threads = sys.argv[1], sys.argv[2:]
def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]
print("| threads | task | ours /s | peer /s | ours / peer | agreement |")
print("|---|---|---|---|---|---|")
for t in threads:
    ours, peer = load(f"{work}/ours_{t}.jsonl"), load(f"{work}/peer_{t}.jsonl")
    med = lambda rows, key: statistics.median(r[key] for r in rows)
    o, p = med(ours, "mc_items_per_s"), med(peer, "mc_items_per_s")
    print(f"| {t} | multiple choice (items/s) | {o:.3f} | {p:.3f} | {o / p:.2f}x | "
          f"logprob sum {ours[-1]['mc_logprob_sum']:.3f} vs {peer[-1]['mc_logprob_sum']:.3f} |")
    o, p = med(ours, "ppl_windows_per_s"), med(peer, "ppl_windows_per_s")
    print(f"| {t} | perplexity (windows/s) | {o:.3f} | {p:.3f} | {o / p:.2f}x | "
          f"perplexity {ours[-1]['perplexity']:.4f} vs {peer[-1]['perplexity']:.4f} |")
PY
