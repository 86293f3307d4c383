#!/bin/bash
# Fine-tuning speed and memory of `llmwb bench finetune` against plain PyTorch eager
# (bench/finetune_peer_pytorch.py: LoRA written by hand, full fine-tuning), same shapes,
# rows, batch and threads, and the goals of issue 11 as ratios:
#   LoRA tokens/s ours / peer (>= 1.3), our full step / our LoRA step (>= 2), QLoRA base
#   bf16 bytes / NF4 bytes (>= 3.5), packing / padding real tokens/s on the instruction
#   set (>= 1.5), DPO step with cached reference / SFT step on the same pairs (<= 1.2).
# Each method runs in its own process, so each peak RSS (VmHWM) is that method's alone.
# Ours and the peer alternate round by round; each number is the median over rounds.
#
# usage: bench/compare_finetune.sh [--llmwb PATH] [--rounds N] [--batch B] [--context T]
#                                  [--steps N] [--threads "1 2"] [--shapes "gpt2-124m llama-124m"]
#                                  [--max-records N] [--data FOLDER]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
llmwb="${LLMWB:-$here/../build/bin/llmwb}"
python="/usr/bin/python3" # Debian's python3-torch; not a virtualenv's python first on PATH
data="$here/../../shared/data/llms-from-scratch"
rounds=1 batch=4 context=256 steps=3 warmup=1 threads="1 2" shapes="gpt2-124m llama-124m"
records=200 # of each instruction file: DPO first computes the reference of every pair
while [[ $# -gt 0 ]]; do
    case "$1" in
        --llmwb) llmwb="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --batch) batch="$2"; shift 2 ;;
        --context) context="$2"; shift 2 ;;
        --steps) steps="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --shapes) shapes="$2"; shift 2 ;;
        --data) data="$2"; shift 2 ;;
        --max-records) records="$2"; shift 2 ;;
        *) echo "compare_finetune.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
[[ -x "$llmwb" ]] || { echo "compare_finetune.sh: no llmwb at $llmwb (build it, or pass --llmwb)" >&2; exit 2; }

source "$here/openblas_coretype.sh"

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
last_json() { grep '^{' | tail -n 1; }
common=(--batch-size "$batch" --context "$context" --steps "$steps" --warmup "$warmup" --json)
full_rows=(--min-length $((context + 1)) --max-length $((context + 1)))

peer_shape() { # the peer's flags for one of our shapes
    case "$1" in
        gpt2-124m) echo "--family gpt2 --n-layer 12 --d-model 768 --n-head 12 --vocab 50257" ;;
        llama-124m) echo "--family llama --n-layer 12 --d-model 768 --n-head 12 --d-ff 2048 --vocab 50257" ;;
    esac
}

for ((round = 1; round <= rounds; ++round)); do
    for t in $threads; do
        for shape in $shapes; do
            echo "round $round/$rounds, $shape, $t threads (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
            for method in lora full qlora dora; do
                "$llmwb" bench finetune --shape "$shape" --method "$method" --threads "$t" "${common[@]}" \
                    "${full_rows[@]}" | last_json >> "$results/ours_${shape}_${t}_${method}.jsonl"
                if [[ "$method" == lora || "$method" == full ]]; then
                    # shellcheck disable=SC2046
                    "$python" "$here/finetune_peer_pytorch.py" $(peer_shape "$shape") --method "$method" --threads "$t" \
                        --batch "$batch" --context "$context" --steps "$steps" --warmup "$warmup" \
                        | last_json >> "$results/peer_${shape}_${t}_${method}.jsonl"
                fi
            done
        done
    done
    # Real rows, 2 threads, GPT-2 124M: the instruction set padded and packed, then SFT
    # and DPO on the same preference pairs (SFT gets both sequences of B pairs: 2B rows).
    t="${threads##* }"
    real=(--shape gpt2-124m --method lora --threads "$t" --tokenizer "$data/gpt2-bpe" --template alpaca
          --max-records "$records" --context "$context" --steps "$steps" --warmup "$warmup" --json)
    echo "round $round/$rounds, instruction and preference rows (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    "$llmwb" bench finetune "${real[@]}" --batch-size "$batch" --rows "$data/instruction-data.json" \
        | last_json >> "$results/padding.jsonl"
    "$llmwb" bench finetune "${real[@]}" --batch-size "$batch" --rows "$data/instruction-data.json" --packing \
        | last_json >> "$results/packing.jsonl"
    "$llmwb" bench finetune "${real[@]}" --batch-size "$batch" --rows "$data/instruction-data-with-preference.json" \
        --objective dpo | last_json >> "$results/dpo.jsonl"
    "$llmwb" bench finetune "${real[@]}" --batch-size $((2 * batch)) \
        --rows "$data/instruction-data-with-preference.json" --objective sft | last_json >> "$results/sft_pairs.jsonl"
done

"$python" "$here/compare_finetune_table.py" "$results" "$rounds" "$threads" "$shapes"
