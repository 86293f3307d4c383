#!/usr/bin/env bash
# sentencepiece encoding: the workbench's tokenizer against Debian's own spm_encode, on the
# same file with the same models (sp-bpe and sp-unigram, trained here by the workbench's
# trainer), in the same run, rounds alternated.
#
#   bash bench/bench_spm_encode.sh [--build build] [--rounds 3] [--vocab 4000] [--mb 8]
#
# The corpus: the public texts of ../shared/data/llms-from-scratch, then generated lines
# (words drawn from those texts by a seeded generator, with numbers, accented, CJK and emoji
# words mixed in) up to --mb megabytes. Models are trained on its first 2 MB.
# For each model:
#   spm_encode --output_format=id < corpus            (each line on its own)
#   bench_spm_encode lines <model> corpus              (the same through llmwb's tokenizer)
#   the two outputs must be identical; tokens/s of both whole processes and the ratio;
#   bench_spm_encode whole <model> corpus              (the file as one text, 1 and 2 threads)
#   against python3-sentencepiece encoding the file in one sentencepiece call, as llmwb did
#   before it cut texts into lines (its time is that "before"; its ids must be the same for
#   BPE; for unigram, one call's float sums drift, and the differing ids are counted);
#   bench_spm_encode prepare <model> corpus            (dataset preparation of the file).
# Prints human lines, then one JSON line.
set -euo pipefail

build=build
rounds=3
vocab=4000
megabytes=8
while [[ $# -gt 0 ]]; do
    case "$1" in
    --build) build="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --vocab) vocab="$2"; shift 2 ;;
    --mb) megabytes="$2"; shift 2 ;;
    *) echo "usage: $0 [--build dir] [--rounds n] [--vocab n] [--mb n]" >&2; exit 2 ;;
    esac
done

here="$(cd "$(dirname "$0")" && pwd)"
shared="${LW_SHARED_DATA:-$here/../../shared/data}/llms-from-scratch"
ours="$build/bin/bench_spm_encode"
command -v spm_encode >/dev/null || { echo "spm_encode not found (Debian package sentencepiece)" >&2; exit 1; }
[[ -x "$ours" ]] || { echo "$ours not built (cmake --build $build --target bench_spm_encode)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
corpus="$work/corpus.txt"

/usr/bin/python3 - "$shared" "$corpus" "$megabytes" <<'EOF'
import json, random, re, sys
shared, out, megabytes = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = open(f"{shared}/the-verdict.txt", encoding="utf-8").read().split("\n")
for name in ("instruction-data.json", "instruction-data-with-response.json"):
    for entry in json.load(open(f"{shared}/{name}", encoding="utf-8")):
        for key in ("instruction", "input", "output"):
            lines += entry.get(key, "").split("\n")
words = re.findall(r"\S+", " ".join(lines))
extra = ["café", "naïve", "Đà Nẵng", "tiếng Việt", "東京", "日本語", "🙂", "±0.5", "1984", "3.14159", "x²"]
rng = random.Random(1234)
size = sum(len(l.encode()) + 1 for l in lines)
while size < megabytes * 1_000_000:
    if rng.random() < 0.08:
        line = ""  # paragraph breaks
    else:
        n = rng.randint(3, 40)
        line = " ".join(rng.choice(extra) if rng.random() < 0.03 else rng.choice(words) for _ in range(n))
    lines.append(line)
    size += len(line.encode()) + 1
with open(out, "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")
EOF
head -c 2000000 "$corpus" > "$work/train.txt"
bytes=$(stat -c %s "$corpus")
echo "corpus: $bytes bytes, $(wc -l < "$corpus") lines"

now() { date +%s.%N; }
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a < b) ? a : b }'; }

json="{\"bench\":\"spm_encode\",\"bytes\":$bytes,\"vocab\":$vocab,\"rounds\":$rounds"
for kind in sp-bpe sp-unigram; do
    "$ours" train "$kind" "$vocab" "$work/train.txt" "$work/$kind" >/dev/null
    model="$work/$kind/tokenizer.model"
    spmBest=""; oursBest=""; oursEncode=""
    for ((round = 1; round <= rounds; ++round)); do
        start=$(now); spm_encode --model="$model" --output_format=id < "$corpus" > "$work/spm.ids"; end=$(now)
        spmBest=$(best "$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }')" "$spmBest")
        start=$(now); "$ours" lines "$model" "$corpus" "$work/ours.ids" > "$work/lines.out"; end=$(now)
        oursBest=$(best "$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }')" "$oursBest")
        encodeSeconds=$(tail -1 "$work/lines.out" | sed 's/.*"seconds":\([0-9.]*\).*/\1/')
        oursEncode=$(best "$encodeSeconds" "$oursEncode")
        cmp -s "$work/spm.ids" "$work/ours.ids" || { echo "$kind: ids differ from spm_encode's" >&2; exit 1; }
    done
    tokens=$(wc -w < "$work/spm.ids")
    awk -v k="$kind" -v t="$tokens" -v s="$spmBest" -v o="$oursBest" -v e="$oursEncode" 'BEGIN {
        printf "%s: %d tokens, ids identical; spm_encode %.3f s = %.0f tokens/s; llmwb (same job, whole process) %.3f s = %.0f tokens/s (encode calls alone %.0f tokens/s); ratio llmwb/spm_encode %.2fx\n",
               k, t, s, t / s, o, t / o, t / e, s / o }'

    "$ours" whole "$model" "$corpus" "$work/whole.ids" > "$work/whole.out"
    sed -n 1p "$work/whole.out"
    /usr/bin/python3 -c 'import sys, time, sentencepiece as s
p = s.SentencePieceProcessor(model_file=sys.argv[1])
text = open(sys.argv[2], encoding="utf-8").read()
start = time.perf_counter(); ids = p.encode(text); seconds = time.perf_counter() - start
open(sys.argv[3], "w").write("\n".join(map(str, ids)) + "\n")
print(f"one sentencepiece call on the whole file (python3-sentencepiece, as llmwb before): {len(ids)} tokens in {seconds:.3f} s = {len(ids) / seconds:.0f} tokens/s")
print(seconds, file=open(sys.argv[4], "w"))' "$model" "$corpus" "$work/python.ids" "$work/python.seconds"
    oneCall=$(cat "$work/python.seconds")
    if cmp -s "$work/whole.ids" "$work/python.ids"; then
        wholeSame=true; echo "$kind: whole-file ids identical to python3-sentencepiece's one call"
    else
        wholeSame=false
        echo "$kind: whole-file ids differ from python3-sentencepiece's one call in" \
            "$(diff "$work/whole.ids" "$work/python.ids" | grep -c '^[<>]') lines of its output"
    fi
    wholeJson=$(tail -1 "$work/whole.out")
    "$ours" prepare "$model" "$corpus" "$work/dataset" > "$work/prepare.out"
    head -n -1 "$work/prepare.out"
    prepareJson=$(tail -1 "$work/prepare.out")
    json+=",\"${kind//-/_}\":{\"tokens\":$tokens,\"spm_encode_seconds\":$spmBest,\"llmwb_seconds\":$oursBest,"
    json+="\"llmwb_encode_seconds\":$oursEncode,\"ids_identical\":true,\"whole_same_as_python\":$wholeSame,\"one_call_seconds\":$oneCall,"
    json+="\"whole\":$wholeJson,\"prepare\":$prepareJson}"
done
echo "$json}"
