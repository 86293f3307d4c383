#!/usr/bin/env bash
# Decode speed of `llmwb bench generate` next to llama.cpp's llama-bench on the same
# model shape (GPT-2 124M: 12 x 768, 12 heads, context 1024, vocab 50257, random
# weights), precision, prompt and thread count, on this machine, in this session.
# It builds nothing: give it the two programs and the two GGUF files (f32 and bf16) of
# a GPT-2 124M-shaped model; docs/BENCHMARKS.md says how they were made. The two tools
# run alternately, `--rounds` times each per precision, so that load on the machine
# falls on both alike; it prints every run, the medians and the ratio.
#
#   bench/compare_generate.sh --llmwb build/bin/llmwb --llama-bench /path/llama-bench \
#       --gguf-fp32 gpt2-f32.gguf --gguf-bf16 gpt2-bf16.gguf [--threads 2] [--rounds 3]
set -euo pipefail

llmwb="" llama="" gguf_fp32="" gguf_bf16="" threads=2 rounds=3 prompt=32 gen=128
while [ $# -gt 0 ]; do
  case "$1" in
    --llmwb) llmwb="$2"; shift 2 ;;
    --llama-bench) llama="$2"; shift 2 ;;
    --gguf-fp32) gguf_fp32="$2"; shift 2 ;;
    --gguf-bf16) gguf_bf16="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
for f in "$llmwb" "$llama" "$gguf_fp32" "$gguf_bf16"; do
  [ -n "$f" ] && [ -e "$f" ] || { echo "missing or not found: '$f' (see the usage at the top)" >&2; exit 2; }
done

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for dtype in fp32 bf16; do
  gguf=$gguf_fp32; [ "$dtype" = bf16 ] && gguf=$gguf_bf16
  for round in $(seq "$rounds"); do
    "$llmwb" bench generate --n-layer 12 --d-model 768 --n-head 12 --context 1024 --vocab 50257 \
      --prompt-tokens "$prompt" --new-tokens "$gen" --threads "$threads" --dtype "$dtype" --json \
      | tail -n 1 > "$out/llmwb-$dtype-$round.json"
    "$llama" -m "$gguf" -p "$prompt" -n "$gen" -t "$threads" -r 3 -o json 2>/dev/null \
      > "$out/llama-$dtype-$round.json"
    echo "$dtype round $round done (load $(cut -d' ' -f1 /proc/loadavg))"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

/usr/bin/python3 - "$out" "$rounds" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
summary = {}
for dtype in ("fp32", "bf16"):
    ours, theirs, ours_pp, theirs_pp, fraction = [], [], [], [], []
    for r in range(1, rounds + 1):
        o = json.load(open(f"{out}/llmwb-{dtype}-{r}.json"))
        ours.append(o["decode_ms_per_token"]); ours_pp.append(o["prefill_tokens_per_s"])
        fraction.append(o["bandwidth_fraction"])
        for t in json.load(open(f"{out}/llama-{dtype}-{r}.json")):
            if t["n_gen"] > 0:
                theirs.append(1000.0 / t["avg_ts"])
            else:
                theirs_pp.append(t["avg_ts"])
    row = {
        "llmwb_decode_ms_per_token": statistics.median(ours),
        "llama_cpp_decode_ms_per_token": statistics.median(theirs),
        "llmwb_prefill_tokens_per_s": statistics.median(ours_pp),
        "llama_cpp_prefill_tokens_per_s": statistics.median(theirs_pp),
        "llmwb_bandwidth_fraction": statistics.median(fraction),
        "llmwb_runs_ms": [round(x, 2) for x in ours],
        "llama_cpp_runs_ms": [round(x, 2) for x in theirs],
    }
    row["speedup"] = row["llama_cpp_decode_ms_per_token"] / row["llmwb_decode_ms_per_token"]
    summary[dtype] = row
    print(f"{dtype}: llmwb {row['llmwb_decode_ms_per_token']:.2f} ms/token (runs {row['llmwb_runs_ms']}), "
          f"llama.cpp {row['llama_cpp_decode_ms_per_token']:.2f} ms/token (runs {row['llama_cpp_runs_ms']}): "
          f"llmwb is {row['speedup']:.2f}x as fast; prefill {row['llmwb_prefill_tokens_per_s']:.0f} vs "
          f"{row['llama_cpp_prefill_tokens_per_s']:.0f} tokens/s; llmwb at {100 * row['llmwb_bandwidth_fraction']:.0f}% "
          f"of the measured read bandwidth")
print(json.dumps(summary))
PY
