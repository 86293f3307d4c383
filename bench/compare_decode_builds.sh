#!/usr/bin/env bash
# Decode of two llmwb builds on the same GGUF files, alternating: per round, format and
# thread count, `bench generate --model FILE --prompt-tokens 512 --new-tokens 64
# --threads T --runs R --json` of the baseline build, then of the other. On a shared
# machine the load falls on both alike, and the best of the rounds is the least loaded
# run of each. Prints every run (decode ms/token, the share of the read bandwidth the
# same run measured, the load average before it), then per format and thread count the
# best decode of each build and their ratio.
#
#   bench/compare_decode_builds.sh --baseline BUILD --build BUILD --models DIR
#       [--formats q8_0,q4_0,q4_k,q6_k] [--threads 1,2] [--rounds 3] [--runs 2]
# DIR holds gpt2-124m-FORMAT.gguf (bench/compare_quant_llama_cpp.sh --rounds 0
# --models DIR writes them).
set -euo pipefail

baseline="" build=build models="" formats=q8_0,q4_0,q4_k,q6_k threads=1,2 rounds=3 runs=2
while [ $# -gt 0 ]; do
  case "$1" in
    --baseline) baseline="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    --models) models="$2"; shift 2 ;;
    --formats) formats="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ -n "$baseline" ] && [ -n "$models" ] || { echo "give --baseline BUILD and --models DIR (see the top)" >&2; exit 2; }
for b in "$baseline" "$build"; do
  [ -x "$b/bin/llmwb" ] || { echo "no llmwb at $b/bin/llmwb" >&2; exit 2; }
done

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for round in $(seq "$rounds"); do
  for f in ${formats//,/ }; do
    file="$models/gpt2-124m-$f.gguf"
    [ -f "$file" ] || { echo "no $file" >&2; exit 2; }
    for t in ${threads//,/ }; do
      for side in baseline build; do
        dir=$baseline; [ "$side" = build ] && dir=$build
        load=$(cut -d' ' -f1 /proc/loadavg)
        "$dir/bin/llmwb" bench generate --model "$file" --prompt-tokens 512 --new-tokens 64 --threads "$t" \
          --runs "$runs" --json | tail -n 1 > "$out/$side-$f-$t-$round.json"
        echo "$load" > "$out/$side-$f-$t-$round.load"
      done
    done
  done
done

/usr/bin/python3 - "$out" "$formats" "$threads" "$rounds" <<'PY'
import json, sys
out, formats, threads, rounds = sys.argv[1], sys.argv[2].split(","), sys.argv[3].split(","), int(sys.argv[4])
def run(side, f, t, r):
    j = json.load(open(f"{out}/{side}-{f}-{t}-{r}.json"))
    load = open(f"{out}/{side}-{f}-{t}-{r}.load").read().strip()
    return j["decode_ms_per_token"], j["bandwidth_fraction"], load
print("format threads round | baseline ms/token (share, load) | build ms/token (share, load)")
for f in formats:
    for t in threads:
        for r in range(1, rounds + 1):
            b, n = run("baseline", f, t, r), run("build", f, t, r)
            print(f"{f} {t} {r} | {b[0]:.2f} ({b[1]:.0%}, {b[2]}) | {n[0]:.2f} ({n[1]:.0%}, {n[2]})")
print()
print("| format | threads | baseline best ms/token (share) | build best ms/token (share) | speed-up |")
print("|---|---|---|---|---|")
for f in formats:
    for t in threads:
        b = min((run("baseline", f, t, r) for r in range(1, rounds + 1)), key=lambda x: x[0])
        n = min((run("build", f, t, r) for r in range(1, rounds + 1)), key=lambda x: x[0])
        print(f"| {f} | {t} | {b[0]:.2f} ({b[1]:.0%}) | {n[0]:.2f} ({n[1]:.0%}) | {b[0] / n[0]:.2f}x |")
PY
