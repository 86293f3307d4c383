#!/usr/bin/env bash
# What GPTQ and AWQ buy over round-to-nearest at the K-quants, as `llmwb quant-report`
# measures it against the float model (perplexity, mean KL divergence of the next-token
# distribution, top-1 agreement): the demo model's stories and recipe, 256 wide instead
# of 128 so that every matrix is whole 256-value super-blocks, trained here; calibration
# on the first part of the stories, the report on the last part (both seen in training:
# the generator's stories are one distribution, so this measures the quantization, not
# generalisation).
#
#   bash bench/bench_gptq_kquant_quality.sh [--build DIR] [--steps N] [--methods "q4_k gptq-q4_k ..."]
#
# Prints one line per method, then one JSON line.
set -euo pipefail
build=build
steps=300
methods="q4_k gptq-q4_k awq-q4_k q4_k_m gptq-q4_k_m q6_k gptq-q6_k"
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build="$2"; shift ;;
    --steps) steps="$2"; shift ;;
    --methods) methods="$2"; shift ;;
    *) echo "usage: $0 [--build DIR] [--steps N] [--methods LIST]" >&2; exit 2 ;;
  esac
  shift
done
llmwb="$build/bin/llmwb"
[ -x "$llmwb" ] || { echo "no $llmwb: build first" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
project="$work/project"

"$llmwb" train --demo --project "$project" --name wide --d-model 256 --max-steps "$steps" >"$work/train.log" 2>&1
stories="$project/demo-stories.txt"
head -c 40000 "$stories" >"$work/calibration.txt"
tail -c 40000 "$stories" >"$work/held-out.txt"
reference=$("$llmwb" runs list --project "$project" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])'):best

json="["
for method in $methods; do
  calibration=()
  case "$method" in
    gptq-*|awq-*) calibration=(--text-file "$work/calibration.txt" --calibration-samples 64 --calibration-length 128) ;;
  esac
  start=$(date +%s.%N)
  "$llmwb" quantize --project "$project" --model "$reference" --method "$method" --output "wide-$method" \
    "${calibration[@]}" >/dev/null
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  report=$("$llmwb" quant-report --project "$project" --model "wide-$method" --reference "$reference" \
    --text-file "$work/held-out.txt" --no-speed --json | tail -n 1)
  line=$(python3 -c '
import json, sys
r = json.loads(sys.argv[1])
print(json.dumps({"method": sys.argv[2], "quantize_seconds": round(float(sys.argv[3]), 1), "ppl": r["ppl"],
                  "ppl_reference": r["ppl_reference"], "kl_mean": r["kl_mean"], "top1_agreement": r["top1_agreement"],
                  "bits_per_weight": r["bits_per_weight"]}))' "$report" "$method" "$seconds")
  echo "$line" | python3 -c '
import json, sys
r = json.load(sys.stdin)
print("%-12s ppl %.4f (float %.4f)  KL %.5f  top-1 %.2f%%  %.2f bpw  quantized in %.1f s" % (r["method"], r["ppl"],
      r["ppl_reference"], r["kl_mean"], 100 * r["top1_agreement"], r["bits_per_weight"], r["quantize_seconds"]))'
  json="$json$([ "$json" = "[" ] || echo ,)$line"
done
echo "{\"bench\": \"gptq_kquant_quality\", \"steps\": $steps, \"results\": $json]}"
