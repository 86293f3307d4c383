#!/usr/bin/env bash
# Quantized decode and prefill of `llmwb bench generate` next to llama.cpp on the SAME
# GGUF files (issue 12). The peer is the prebuilt CPU build of llama.cpp in the npm
# package node-llama-cpp, driven from node (installed into a temporary folder; needs the
# npm registry, or --peer with a folder where it is installed already).
#
# Files: a random-weight float model of each shape is written as a Hugging Face folder
# in /tmp (float32, N(0, 0.02), a small tokenizer fixture whose vocabulary the GGUF
# writer pads to the shape's), and `llmwb quantize` turns it into one GGUF file per
# format; the float folder is removed once the files exist. Both tools then read the
# same file, so the formats (and llama.cpp's layouts) cannot differ. --models DIR keeps
# the GGUF files there (and takes them from there on a later run).
#
# Each round runs, per shape, format and thread count: `llmwb bench generate --model
# FILE --prompt-tokens 512 --new-tokens 64 --threads T --runs R --json`, then the node
# peer on the file (createContext with T threads, sequence.evaluate of 512 random prompt
# ids, then 63 more greedy tokens: prefill = time to the first token, decode = ms per
# token after it, as llmwb defines them; one warm-up, then R timed runs). Medians over
# all timed runs; ratio = llama.cpp's time / ours (above 1: ours is faster).
# --llama-bench PATH takes llama.cpp's own llama-bench, built from its public source, as
# the peer instead of node (the issue's peer for 2 threads, where node's extra threads
# oversubscribe 2 vCPUs): `llama-bench -p 512 -n 0` times the prefill and `-p 0 -n 64
# -d 512` the decode after a 512-token context, one warm-up and R repetitions each.
# --baseline BUILD adds another build's llmwb (say, main's, to measure a change), run
# just before ours in every round, as two more columns.
#
#   bench/compare_quant_llama_cpp.sh [--build build] [--shapes gpt2-124m,llama-1b]
#       [--formats q8_0,q4_0,q4_k,q6_k] [--threads 1,2] [--rounds 2] [--runs 2]
#       [--models DIR] [--peer DIR | --llama-bench PATH] [--baseline BUILD]
# (--rounds 0 only makes the files.)
set -euo pipefail

build=build shapes=gpt2-124m,llama-1b formats=q8_0,q4_0,q4_k,q6_k threads=1,2 rounds=2 runs=2
models="" peer="" llama_bench="" baseline="" prompt=512 gen=64
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build="$2"; shift 2 ;;
    --shapes) shapes="$2"; shift 2 ;;
    --formats) formats="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --models) models="$2"; shift 2 ;;
    --peer) peer="$2"; shift 2 ;;
    --llama-bench) llama_bench="$2"; shift 2 ;;
    --baseline) baseline="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
here=$(cd "$(dirname "$0")" && pwd)
llmwb=$(cd "$build" && pwd)/bin/llmwb
[ -x "$llmwb" ] || { echo "no llmwb at $llmwb (build the llmwb target)" >&2; exit 2; }
if [ -n "$baseline" ]; then
  baseline=$(cd "$baseline" && pwd)/bin/llmwb
  [ -x "$baseline" ] || { echo "no llmwb at $baseline" >&2; exit 2; }
fi
work=$(mktemp -d /tmp/lw-quant-peer.XXXXXX)
trap 'rm -rf "$work"' EXIT
[ -n "$models" ] || models="$work/models"
mkdir -p "$models" "$work/out"
models=$(cd "$models" && pwd)

if [ -n "$llama_bench" ]; then
  llama_bench=$(cd "$(dirname "$llama_bench")" && pwd)/$(basename "$llama_bench")
  [ -x "$llama_bench" ] || { echo "no llama-bench at $llama_bench" >&2; exit 2; }
  peer="$work/peer"
  mkdir -p "$peer"
elif [ -z "$peer" ]; then
  peer="$work/peer"
  mkdir -p "$peer"
  (cd "$peer" && npm install --silent --no-audit --no-fund node-llama-cpp@3.22.1 > /dev/null)
fi
cat > "$peer/peer_bench.mjs" <<'JS'
import {getLlama} from "node-llama-cpp";
import fs from "node:fs";
const [modelPath, threadsText, promptText, genText, runsText, vocabText] = process.argv.slice(2);
const threads = Number(threadsText), promptTokens = Number(promptText), newTokens = Number(genText);
const runs = Number(runsText), vocab = Number(vocabText);
const llama = await getLlama({gpu: false, build: "never", maxThreads: threads});
const model = await llama.loadModel({modelPath, useMmap: true});
// Which of the ggml CPU variants the process loaded (they are chosen at run time).
const variants = fs.readFileSync("/proc/self/maps", "utf8").split("\n")
  .map(line => line.split(" ").pop()).filter(p => /ggml-cpu|libggml/.test(p));
let seed = 1;
const nextId = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % vocab; };
const prefillMs = [], decodeMs = [];
for (let run = 0; run <= runs; ++run) {
  const context = await model.createContext({contextSize: promptTokens + newTokens + 64, batchSize: promptTokens,
                                             threads: {ideal: threads, min: threads}, sequences: 1});
  const sequence = context.getSequence();
  const prompt = Array.from({length: promptTokens}, nextId);
  const start = performance.now();
  let first = 0, last = 0, count = 0;
  for await (const token of sequence.evaluate(prompt, {temperature: 0})) {
    last = performance.now();
    if (count === 0) first = last;
    if (++count >= newTokens) break;
  }
  await context.dispose();
  if (run === 0) continue; // warm-up
  prefillMs.push(first - start);
  decodeMs.push((last - first) / (newTokens - 1));
}
console.log(JSON.stringify({prefill_ms: prefillMs, decode_ms_per_token: decodeMs, threads,
                            variants: [...new Set(variants)]}));
JS

# A random float32 Hugging Face folder of a shape (streamed: a 1B model never sits in memory twice).
write_float_model() {
  local shape=$1 out=$2 tok
  mkdir -p "$out"
  case $shape in
    gpt2-124m) tok=gpt2.json
      echo '{"family": "gpt2", "config": {"vocab_size": 50257, "n_positions": 1024, "n_layer": 12, "n_head": 12, "n_embd": 768}}' > "$out/spec.json" ;;
    llama-1b) tok=llama3.json
      echo '{"family": "llama", "config": {"vocab_size": 32000, "max_position_embeddings": 2048, "num_hidden_layers": 16, "num_attention_heads": 32, "num_key_value_heads": 8, "hidden_size": 2048, "intermediate_size": 8192, "rope_theta": 500000.0, "rms_norm_eps": 1e-5, "tie_word_embeddings": false}}' > "$out/spec.json" ;;
    *) echo "unknown shape $shape (gpt2-124m or llama-1b)" >&2; exit 2 ;;
  esac
  cp "$here/../tests/core/tokenizer/fixtures/hf/$tok" "$out/tokenizer.json"
  /usr/bin/python3 - "$out" <<'PY'
import json, os, struct, sys
import numpy as np
out = sys.argv[1]
spec = json.load(open(os.path.join(out, "spec.json")))
c = dict(spec["config"])
if spec["family"] == "gpt2":
    c.update(architectures=["GPT2LMHeadModel"], model_type="gpt2")
    d, L, V, P = c["n_embd"], c["n_layer"], c["vocab_size"], c["n_positions"]
    shapes = [("transformer.wte.weight", (V, d)), ("transformer.wpe.weight", (P, d))]
    for i in range(L):
        p = f"transformer.h.{i}."
        shapes += [(p + "ln_1.weight", (d,)), (p + "ln_1.bias", (d,)), (p + "attn.c_attn.weight", (d, 3 * d)),
                   (p + "attn.c_attn.bias", (3 * d,)), (p + "attn.c_proj.weight", (d, d)), (p + "attn.c_proj.bias", (d,)),
                   (p + "ln_2.weight", (d,)), (p + "ln_2.bias", (d,)), (p + "mlp.c_fc.weight", (d, 4 * d)),
                   (p + "mlp.c_fc.bias", (4 * d,)), (p + "mlp.c_proj.weight", (4 * d, d)), (p + "mlp.c_proj.bias", (d,))]
    shapes += [("transformer.ln_f.weight", (d,)), ("transformer.ln_f.bias", (d,))]
else:
    c.update(architectures=["LlamaForCausalLM"], model_type="llama")
    d, L, V, H = c["hidden_size"], c["num_hidden_layers"], c["vocab_size"], c["num_attention_heads"]
    kv, ff = c["num_key_value_heads"] * (d // H), c["intermediate_size"]
    shapes = [("model.embed_tokens.weight", (V, d))]
    for i in range(L):
        p = f"model.layers.{i}."
        shapes += [(p + "input_layernorm.weight", (d,)), (p + "self_attn.q_proj.weight", (d, d)),
                   (p + "self_attn.k_proj.weight", (kv, d)), (p + "self_attn.v_proj.weight", (kv, d)),
                   (p + "self_attn.o_proj.weight", (d, d)), (p + "post_attention_layernorm.weight", (d,)),
                   (p + "mlp.gate_proj.weight", (ff, d)), (p + "mlp.up_proj.weight", (ff, d)),
                   (p + "mlp.down_proj.weight", (d, ff))]
    shapes += [("model.norm.weight", (d,)), ("lm_head.weight", (V, d))]
json.dump(c, open(os.path.join(out, "config.json"), "w"), indent=2)
header, offset = {"__metadata__": {"format": "pt"}}, 0
for name, shape in shapes:
    size = 4 * int(np.prod(shape))
    header[name] = {"dtype": "F32", "shape": list(shape), "data_offsets": [offset, offset + size]}
    offset += size
text = json.dumps(header).encode()
text += b" " * ((8 - len(text) % 8) % 8)
rng = np.random.default_rng(12)
with open(os.path.join(out, "model.safetensors"), "wb") as f:
    f.write(struct.pack("<Q", len(text)))
    f.write(text)
    for name, shape in shapes:
        # Norm gains near 1 (as trained models have), everything else N(0, 0.02).
        base = 1.0 if len(shape) == 1 and name.endswith("weight") else 0.0
        f.write((base + 0.02 * rng.standard_normal(shape, dtype=np.float32)).astype("<f4").tobytes())
PY
}

for shape in ${shapes//,/ }; do
  missing=0
  for fmt in ${formats//,/ }; do [ -f "$models/$shape-$fmt.gguf" ] || missing=1; done
  [ $missing = 1 ] || continue
  echo "writing the $shape files ($(date +%T))"
  write_float_model "$shape" "$work/float-$shape"
  for fmt in ${formats//,/ }; do
    [ -f "$models/$shape-$fmt.gguf" ] && continue
    "$llmwb" quantize --project "$work/project" --model "$work/float-$shape" --method "$fmt" --output "$shape-$fmt" > /dev/null
    # The one file in the project (each is moved out once written; the folder is the name's slug).
    mv "$(find "$work/project/models" -name model.gguf)" "$models/$shape-$fmt.gguf"
  done
  rm -rf "$work/float-$shape" "$work/project"
done

# llama-bench's two tests in the node peer's JSON: prefill_ms per run, decode ms per token
# per run (its samples_ns are the whole test's time per repetition).
llama_bench_peer() {
  local file=$1 t=$2
  "$llama_bench" -m "$file" -t "$t" -p $prompt -n 0 -r "$runs" -o json > "$work/peer-pp.json" 2> /dev/null
  "$llama_bench" -m "$file" -t "$t" -p 0 -n $gen -d $prompt -r "$runs" -o json > "$work/peer-tg.json" 2> /dev/null
  /usr/bin/python3 - "$work/peer-pp.json" "$work/peer-tg.json" "$t" $gen <<'PY'
import json, sys
pp, tg = json.load(open(sys.argv[1]))[0], json.load(open(sys.argv[2]))[0]
gen = int(sys.argv[4])
print(json.dumps({"prefill_ms": [ns / 1e6 for ns in pp["samples_ns"]],
                  "decode_ms_per_token": [ns / 1e6 / gen for ns in tg["samples_ns"]],
                  "threads": int(sys.argv[3]), "variants": ["llama-bench " + tg.get("build_commit", "?") + " " + tg.get("cpu_info", "")]}))
PY
}

[ "$rounds" -gt 0 ] || { echo "files in $models"; exit 0; } # --rounds 0: only make the files
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$rounds"); do
  for shape in ${shapes//,/ }; do
    vocab=50257; [ "$shape" = llama-1b ] && vocab=32000
    for fmt in ${formats//,/ }; do
      for t in ${threads//,/ }; do
        file="$models/$shape-$fmt.gguf" tag="$shape-$fmt-$t-$round"
        [ -z "$baseline" ] || "$baseline" bench generate --model "$file" --prompt-tokens $prompt --new-tokens $gen \
          --threads "$t" --runs "$runs" --json | tail -n 1 > "$work/out/baseline-$tag.json"
        "$llmwb" bench generate --model "$file" --prompt-tokens $prompt --new-tokens $gen --threads "$t" \
          --runs "$runs" --json | tail -n 1 > "$work/out/llmwb-$tag.json"
        if [ -n "$llama_bench" ]; then
          llama_bench_peer "$file" "$t" > "$work/out/peer-$tag.json"
        else
          (cd "$peer" && node peer_bench.mjs "$file" "$t" $prompt $gen "$runs" $vocab 2>/dev/null | tail -n 1) \
            > "$work/out/peer-$tag.json"
        fi
        echo "$tag done (load $(cut -d' ' -f1 /proc/loadavg))"
      done
    done
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

/usr/bin/python3 - "$work/out" "$shapes" "$formats" "$threads" "$rounds" "${baseline:+yes}" <<'PY'
import json, statistics, sys
out, shapes, formats, threads, rounds = sys.argv[1], *[a.split(",") for a in sys.argv[2:5]], int(sys.argv[5])
with_baseline = sys.argv[6] == "yes"
rows = []
extra = " baseline ms/token | baseline prefill tokens/s |" if with_baseline else ""
print("| shape | format | threads | llmwb ms/token | llama.cpp ms/token | ratio | llmwb share of bound | "
      "llmwb prefill tokens/s | llama.cpp prefill tokens/s | prefill ratio |" + extra)
print("|---|---|---|---|---|---|---|---|---|---|" + ("---|---|" if with_baseline else ""))
variants = set()
for shape in shapes:
    for fmt in formats:
        for t in threads:
            ours, ours_pp, share, theirs, theirs_pp, stored = [], [], [], [], [], set()
            base, base_pp = [], []
            for r in range(1, rounds + 1):
                o = json.load(open(f"{out}/llmwb-{shape}-{fmt}-{t}-{r}.json"))
                ours += o["decode_ms_per_token_runs"]
                ours_pp.append(o["prefill_tokens_per_s"])
                share.append(o["bandwidth_fraction"])
                stored.add(o["stored_formats"])
                p = json.load(open(f"{out}/peer-{shape}-{fmt}-{t}-{r}.json"))
                theirs += p["decode_ms_per_token"]
                theirs_pp += [o["prompt_tokens"] * 1000.0 / ms for ms in p["prefill_ms"]]
                variants.update(p["variants"])
                if with_baseline:
                    b = json.load(open(f"{out}/baseline-{shape}-{fmt}-{t}-{r}.json"))
                    base += b["decode_ms_per_token_runs"]
                    base_pp.append(b["prefill_tokens_per_s"])
            row = dict(shape=shape, format=fmt, threads=int(t), stored_formats=sorted(stored),
                       llmwb_ms=statistics.median(ours), llama_cpp_ms=statistics.median(theirs),
                       llmwb_share=statistics.median(share), llmwb_prefill=statistics.median(ours_pp),
                       llama_cpp_prefill=statistics.median(theirs_pp),
                       llmwb_runs_ms=[round(x, 2) for x in ours], llama_cpp_runs_ms=[round(x, 2) for x in theirs])
            row["ratio"] = row["llama_cpp_ms"] / row["llmwb_ms"]
            row["prefill_ratio"] = row["llmwb_prefill"] / row["llama_cpp_prefill"]
            if with_baseline:
                row.update(baseline_ms=statistics.median(base), baseline_prefill=statistics.median(base_pp),
                           baseline_runs_ms=[round(x, 2) for x in base])
            rows.append(row)
            print(f"| {shape} | {fmt} ({', '.join(row['stored_formats'])}) | {t} | {row['llmwb_ms']:.2f} | "
                  f"{row['llama_cpp_ms']:.2f} | {row['ratio']:.2f} | {100 * row['llmwb_share']:.0f}% | "
                  f"{row['llmwb_prefill']:.0f} | {row['llama_cpp_prefill']:.0f} | {row['prefill_ratio']:.2f} |" +
                  (f" {row['baseline_ms']:.2f} | {row['baseline_prefill']:.0f} |" if with_baseline else ""))
print("llama.cpp libraries loaded:", ", ".join(sorted(variants)))
print(json.dumps(rows))
PY
