#!/usr/bin/env bash
# Our GGUF export read by real llama.cpp (the prebuilt CPU libraries of the npm package
# node-llama-cpp, installed into a temporary folder; needs the npm registry): for tiny
# random llama, qwen2 and gpt2 models written by tests/core/hf/hf_reference.py with a
# tokenizer fixture, llama.cpp's tokenizer must give our ids for a text, and its greedy
# decoding from the same prompt ids must give our tokens. Then the adapter case: a LoRA
# fine-tuned here for a few steps at a large learning rate (so its B is far from zero and
# the tokens differ from the base's), written by `llmwb adapter export`, is applied by
# llama.cpp to the base's GGUF (the context's `lora` option); its greedy tokens must equal
# `llmwb generate --adapter`'s.
# Usage: bench/check_gguf_with_llama_cpp.sh [--build DIR]
set -euo pipefail
build=build
[ "${1:-}" = "--build" ] && build=$2
here=$(cd "$(dirname "$0")" && pwd)
llmwb=$(cd "$build" && pwd)/bin/llmwb
work=$(mktemp -d /tmp/lw-check-gguf.XXXXXX)
trap 'rm -rf "$work"' EXIT
. "$here/tiny_family_models.sh"
(cd "$work" && npm install --silent --no-audit --no-fund node-llama-cpp@3.22.1 > /dev/null)
cat > "$work/check.mjs" <<'JS'
import {getLlama} from "node-llama-cpp";
const [modelPath, text, idsText, steps] = process.argv.slice(2);
const llama = await getLlama({gpu: false, build: "never"});
const model = await llama.loadModel({modelPath});
const tokens = Array.from(model.tokenize(text, false));
const sequence = (await model.createContext({contextSize: 64})).getSequence();
const greedy = [];
for await (const token of sequence.evaluate(idsText.split(" ").map(Number), {temperature: 0})) {
  greedy.push(token);
  if (greedy.length >= Number(steps)) break;
}
console.log(JSON.stringify({tokens, greedy}));
JS
cat > "$work/check_lora.mjs" <<'JS'
import {getLlama} from "node-llama-cpp";
const [modelPath, loraPath, idsText, steps] = process.argv.slice(2);
const llama = await getLlama({gpu: false, build: "never"});
const model = await llama.loadModel({modelPath});
const context = await model.createContext({contextSize: 64, lora: {adapters: [{filePath: loraPath, scale: 1}]}});
const greedy = [];
for await (const token of context.getSequence().evaluate(idsText.split(" ").map(Number), {temperature: 0})) {
  greedy.push(token);
  if (greedy.length >= Number(steps)) break;
}
console.log(JSON.stringify({greedy}));
JS
ids_of() { python3 -c 'import json,sys; print(" ".join(str(t["id"]) for t in json.loads(sys.stdin.read().strip().splitlines()[-1])["tokens"]))'; }
text="the cat sat on the mat, 2024"
prompt="17 42 99 130"
status=0
for family in llama qwen2 gpt2; do
  write_tiny_family_model "$family" "$work/$family"
  "$llmwb" export --project "$work/project" --model "$work/$family" --format gguf --dtype f32 --output "$work/$family.gguf" > /dev/null
  ours_tokens=$("$llmwb" tokenizer encode --tokenizer "$work/$family" --text "$text")
  ours_greedy=$("$llmwb" generate --project "$work/project" --model "$work/$family.gguf" --prompt-ids "$prompt" \
      --temperature 0 --max-tokens 8 --json | tail -1 | python3 -c 'import json,sys; print(" ".join(str(t["id"]) for t in json.load(sys.stdin)["tokens"]))')
  theirs=$(cd "$work" && node check.mjs "$work/$family.gguf" "$text" "$prompt" 8 2>/dev/null | tail -1)
  their_tokens=$(echo "$theirs" | python3 -c 'import json,sys; print(" ".join(map(str, json.load(sys.stdin)["tokens"])))')
  their_greedy=$(echo "$theirs" | python3 -c 'import json,sys; print(" ".join(map(str, json.load(sys.stdin)["greedy"])))')
  verdict=same
  if [ "$ours_tokens" != "$their_tokens" ] || [ "$ours_greedy" != "$their_greedy" ]; then verdict=DIFFERENT; status=1; fi
  echo "$family: tokens ours [$ours_tokens] llama.cpp [$their_tokens]; greedy ours [$ours_greedy] llama.cpp [$their_greedy]: $verdict"

  # The adapter case. qwen2's tied head gets no adapter (llama.cpp has none to apply it to).
  targets=q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj,lm_head
  if [ "$family" != llama ]; then targets=all-linear; fi
  run=$("$llmwb" finetune --project "$work/project" --demo --base "$work/$family" --lora-targets "$targets" \
      --lora-rank 8 --lora-alpha 16 --max-steps 30 --learning-rate 0.03 --warmup-steps 0 --batch-size 8 --compare 0 \
      --events | python3 -c 'import json,sys; events = [json.loads(l) for l in sys.stdin]; print(next(e["run_id"] for e in events if e.get("event") == "run_started"))')
  "$llmwb" adapter export --project "$work/project" --adapter "$run" --output "$work/$family-lora.gguf" > /dev/null
  ours_lora=$("$llmwb" generate --project "$work/project" --model "$work/$family" --adapter "$run" --prompt-ids "$prompt" \
      --temperature 0 --max-tokens 8 --json | ids_of)
  their_lora=$(cd "$work" && node check_lora.mjs "$work/$family.gguf" "$work/$family-lora.gguf" "$prompt" 8 2>/dev/null | tail -1 \
      | python3 -c 'import json,sys; print(" ".join(map(str, json.load(sys.stdin)["greedy"])))')
  verdict=same
  if [ "$ours_lora" != "$their_lora" ]; then verdict=DIFFERENT; status=1; fi
  changed=no
  if [ "$ours_lora" != "$ours_greedy" ]; then changed=yes; fi
  echo "$family + LoRA (run $run): greedy ours [$ours_lora] llama.cpp [$their_lora]: $verdict; differs from the base's: $changed"
done
exit $status
