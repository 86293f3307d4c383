#!/usr/bin/env bash
# Our GGUF export read by real llama.cpp (the prebuilt CPU libraries of the npm package
# node-llama-cpp, installed into a temporary folder; needs the npm registry): for tiny
# random llama, qwen2 and gpt2 models written by tests/core/hf/hf_reference.py with a
# tokenizer fixture, llama.cpp's tokenizer must give our ids for a text, and its greedy
# decoding from the same prompt ids must give our tokens.
# Usage: bench/check_gguf_with_llama_cpp.sh [--build DIR]
set -euo pipefail
build=build
[ "${1:-}" = "--build" ] && build=$2
here=$(cd "$(dirname "$0")" && pwd)
llmwb=$(cd "$build" && pwd)/bin/llmwb
work=$(mktemp -d /tmp/lw-check-gguf.XXXXXX)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm install --silent --no-audit --no-fund node-llama-cpp > /dev/null)
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
text="the cat sat on the mat, 2024"
prompt="17 42 99 130"
status=0
for family in llama qwen2 gpt2; do
  case $family in
    llama) tok=llama3.json; cfg='{"vocab_size": 561, "max_position_embeddings": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "hidden_size": 64, "intermediate_size": 96, "rope_theta": 500000.0, "tie_word_embeddings": false}' ;;
    qwen2) tok=qwen2.json; cfg='{"vocab_size": 559, "max_position_embeddings": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "hidden_size": 64, "intermediate_size": 96, "rope_theta": 1000000.0, "tie_word_embeddings": true}' ;;
    gpt2) tok=gpt2.json; cfg='{"vocab_size": 557, "n_positions": 64, "n_layer": 2, "n_head": 4, "n_embd": 64}' ;;
  esac
  echo "{\"family\": \"$family\", \"dtype\": \"F32\", \"seed\": 6, \"config\": $cfg}" > "$work/$family.json"
  /usr/bin/python3 "$here/../tests/core/hf/hf_reference.py" make "$work/$family.json" "$work/$family"
  cp "$here/../tests/core/tokenizer/fixtures/hf/$tok" "$work/$family/tokenizer.json"
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
done
exit $status
