#!/usr/bin/env bash
# Our Hugging Face export loaded by the transformers library (issue 10: "so that the
# transformers library loads it and computes the same logits we do"). transformers and
# huggingface_hub are pure Python: give their source checkouts (transformers 4.4x, whose
# setup.py lists "torch" without a floor that Debian's python3-torch 1.13 misses, e.g.
# v4.47.1; huggingface_hub of the range that version asks for, e.g. v0.26.5); they are
# installed into a temporary folder with pip --no-deps, offline. Their two compiled
# dependencies cannot be built without the Rust crate registry, so
# bench/transformers_check holds a safetensors reader written from the format's
# specification (transformers reads every checkpoint through it, including its
# "format": "pt" metadata check) and an import-only placeholder for tokenizers (never
# called: the check works from token ids). Debian's python3-sentencepiece is hidden from
# transformers, which would otherwise import its tokenizers-backed converters.
#
# Cases, each exported by `llmwb export --format hf` in f32 and in bf16:
#   - tiny random llama (grouped-query attention, untied head), qwen2 (q/k/v biases,
#     tied embedding) and gpt2 folders written by tests/core/hf/hf_reference.py and
#     imported with `llmwb import`;
#   - models trained here: `llmwb train --demo` (GPT-2 family) and `--preset llama-tiny`,
#     and that Llama with 2 of its 4 heads removed (`llmwb prune --method heads`), whose
#     config.json states head_dim.
# For each export: transformers' AutoModelForCausalLM must load it as the family's class,
# its logits for the prompt ids must equal the independent reference's
# (hf_reference.py logits on the same folder) within 1e-4, and its greedy continuation
# must equal `llmwb generate --temperature 0` from the same folder, id for id.
# Usage: bench/check_hf_with_transformers.sh --transformers SRC --hub SRC [--build DIR]
# (LW_CHECK_FAMILIES="llama gpt2" limits the imported families; " " skips them.)
set -euo pipefail
build=build transformers="" hub=""
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build="$2"; shift 2 ;;
    --transformers) transformers="$2"; shift 2 ;;
    --hub) hub="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ -n "$transformers" ] && [ -n "$hub" ] || { echo "usage: $0 --transformers SRC --hub SRC [--build DIR]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
llmwb=$(cd "$build" && pwd)/bin/llmwb
py=/usr/bin/python3
work=$(mktemp -d /tmp/lw-check-hf.XXXXXX)
trap 'rm -rf "$work"' EXIT
. "$here/tiny_family_models.sh"

# The Python path: the two pure-Python packages, the stand-ins, Debian's packages less sentencepiece.
"$py" -m pip install -q --no-deps --no-build-isolation --target "$work/site" "$hub" "$transformers" 2> /dev/null
mkdir -p "$work/shim" "$work/deb"
cp -r "$here/transformers_check/safetensors" "$here/transformers_check/tokenizers" "$work/shim/"
for package in safetensors:0.4.5 tokenizers:0.21.0; do
  mkdir -p "$work/shim/${package%%:*}-${package##*:}.dist-info"
  printf "Metadata-Version: 2.1\nName: %s\nVersion: %s\n" "${package%%:*}" "${package##*:}" \
    > "$work/shim/${package%%:*}-${package##*:}.dist-info/METADATA"
done
for entry in /usr/lib/python3/dist-packages/*; do
  case $(basename "$entry") in sentencepiece*|_sentencepiece*) ;; *) ln -s "$entry" "$work/deb/" ;; esac
done
transformers_py() { PYTHONPATH="$work/shim:$work/site:$work/deb" "$py" -S "$@"; }
echo "transformers $(transformers_py -c 'import transformers; print(transformers.__version__)'), torch $("$py" -c 'import torch; print(torch.__version__)')"

prompt="17 42 99 130 7 3"
steps=8
status=0
check() { # NAME FOLDER
  local name=$1 folder=$2 theirs reference ours verdict
  theirs=$(transformers_py "$here/transformers_check/check_logits.py" "$folder" "$prompt" $steps 2> "$work/err.txt" | tail -1) || {
    echo "$name: transformers could not load it:"; tail -3 "$work/err.txt"; status=1; return; }
  echo "[[${prompt// /, }]]" > "$work/ids.json"
  reference=$("$py" "$here/../tests/core/hf/hf_reference.py" logits "$folder" "$work/ids.json")
  ours=$("$llmwb" generate --project "$work/project" --model "$folder" --prompt-ids "$prompt" --temperature 0 \
      --max-tokens $steps --json | tail -1 | "$py" -c 'import json,sys; print(" ".join(str(t["id"]) for t in json.load(sys.stdin)["tokens"]))')
  verdict=$("$py" - "$theirs" "$reference" "$ours" <<'PY'
import json, sys
theirs, reference, ours = json.loads(sys.argv[1]), json.loads(sys.argv[2])[0], sys.argv[3]
diff = max(abs(a - b) for row_a, row_b in zip(theirs["logits"], reference) for a, b in zip(row_a, row_b))
greedy = " ".join(map(str, theirs["greedy"]))
same = diff < 1e-4 and len(theirs["logits"]) == len(reference) and greedy == ours
print(f"{theirs['class']}, max |logit difference| {diff:.2e}, greedy transformers [{greedy}] llmwb [{ours}]: "
      + ("same" if same else "DIFFERENT"))
PY
)
  echo "$name: $verdict"
  case $verdict in *DIFFERENT) status=1 ;; esac
}

export_and_check() { # NAME MODEL: exported in f32 and in bf16, each checked
  local dtype
  for dtype in f32 bf16; do
    rm -rf "$work/out"
    "$llmwb" export --project "$work/project" --model "$2" --format hf --dtype $dtype --output "$work/out" > /dev/null
    check "$1, exported $dtype" "$work/out"
  done
}

for family in ${LW_CHECK_FAMILIES:-llama qwen2 gpt2}; do
  write_tiny_family_model "$family" "$work/$family"
  "$llmwb" import --project "$work/project" --from "$work/$family" --name "imported-$family" > /dev/null
  export_and_check "imported $family" "imported-$family"
done

for preset in demo llama-tiny; do
  if [ $preset = demo ]; then flags=(--demo); else flags=(--demo --preset llama-tiny --family llama); fi
  run=$("$llmwb" train --project "$work/project" "${flags[@]}" --max-steps 20 --events 2> /dev/null | "$py" -c \
      'import json,sys; events = [json.loads(l) for l in sys.stdin]; print(next(e["run_id"] for e in events if e.get("event") == "run_started"))')
  export_and_check "trained here ($preset)" "$run"
done

# A model whose heads keep their width when some are removed states head_dim in its
# config.json (Llama: 4 heads of 16 sharing 2 key/value heads, 2 removed -> 2 heads of 16 in a 64-wide model).
printf 'the cat sat on the mat and the dog ran to the park. %.0s' $(seq 40) > "$work/calibration.txt"
"$llmwb" prune --project "$work/project" --model "$run" --method heads --remove-heads 2 --text-file "$work/calibration.txt" \
  --calibration-samples 4 --calibration-length 32 --output pruned-llama-tiny > /dev/null
export_and_check "llama-tiny with 2 of 4 heads removed" pruned-llama-tiny
exit $status
