#!/usr/bin/env bash
# Exporting a ~1 GB imported model: `llmwb export --model big --format hf|gguf --dtype
# bf16|f16|f32` (the source is bf16) against disk speed for the same byte count, with
# wall time and peak resident memory (/usr/bin/time). The peers: `cp` of a file of the
# output's size (the kernel copies page-cache pages, no fsync), `cat src > dst` (the
# bytes through user space, no fsync) and `dd bs=8M conv=fsync` (the same, then fsync:
# the fair peer, since export fsyncs every file it writes before renaming it into place).
# "warm": the source's pages are in the page cache; "cold": they were dropped first
# (posix_fadvise, only these files). Rounds alternate the cases; the table is the best
# of the rounds. Usage:
#   bench/bench_model_export.sh [--build DIR] [--llmwb PATH] [--layers N] [--rounds N] [--warm-only]
#                               [--sha256 FILE (the sha256 of every exported file, first round,
#                                --before's too: compare the export-* and before-export-* lines)]
#                               [--gguf-only (no hf exports: the GGUF rows and the peers)]
#                               [--before PATH (another llmwb, e.g. an older build: its gguf
#                                exports run in the same rounds, as before-export-gguf-*)]
set -euo pipefail
build=build layers=13 rounds=3 llmwb= caches="warm cold" sha= before= formats="hf gguf"
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --llmwb) llmwb=$2; shift 2 ;;
    --layers) layers=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --warm-only) caches=warm; shift ;;
    --sha256) sha=$(realpath "$2"); : > "$sha"; shift 2 ;;
    --before) before=$(realpath "$2"); shift 2 ;;
    --gguf-only) formats=gguf; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
here=$(cd "$(dirname "$0")" && pwd)
. "$here/big_hf_model.sh"
llmwb=${llmwb:-$(cd "$build" && pwd)/bin/llmwb}
work=$(mktemp -d /tmp/lw-bench-model-export.XXXXXX)
trap 'rm -rf "$work"' EXIT
make_big_hf_model "$work/model" "$layers"
"$llmwb" import --project "$work/project" --from "$work/model" --name big --json > /dev/null
rm -rf "$work/model"
mapfile -t weights < <(find "$work/project" -name '*.safetensors')
results=$work/results.txt

# measure NAME CACHE ROUND OUTPUT COMMAND...: one timed run, its output's size, then the output removed.
measure() {
    local name=$1 cache=$2 round=$3 output=$4; shift 4
    rm -rf "$output"; sync
    [ "$cache" = cold ] && drop_from_page_cache "${weights[@]}" "$work"/peer.* 2> /dev/null
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null
    read -r seconds kb < "$work/time"
    echo "$name $cache $round $seconds $kb $(du -sb "$output" | cut -f1)" >> "$results"
    if [ -n "$sha" ] && [ "$round" = 1 ] && [ "$cache" = "${caches%% *}" ] && [[ $name == *export-* ]]; then
        find "$output" -type f | sort | xargs sha256sum | sed "s|$output|$name|" >> "$sha"
    fi
    rm -rf "$output"
}

# A file of BYTES bytes made of the model's own weights (repeated), the peers' source.
peer_source() {
    local bytes=$1 path=$work/peer.$1
    [ -f "$path" ] || /usr/bin/python3 - "$path" "$bytes" "${weights[@]}" <<'PY'
import sys
path, left, sources = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
with open(path, "wb") as out:
    while left > 0:
        for source in sources:
            with open(source, "rb") as f:
                while left > 0 and (chunk := f.read(min(left, 8 << 20))):
                    out.write(chunk)
                    left -= len(chunk)
PY
    echo "$path"
}

declare -A sizes
for round in $(seq "$rounds"); do
  for cache in $caches; do
    for format in $formats; do
      for dtype in bf16 f16 f32; do
        measure "export-$format-$dtype" "$cache" "$round" "$work/out" \
            "$llmwb" export --project "$work/project" --model big --format "$format" --dtype "$dtype" --output "$work/out"
        sizes[$dtype]=$(tail -1 "$results" | cut -d' ' -f6)
      done
    done
    if [ -n "$before" ]; then
      for dtype in bf16 f16 f32; do
        measure "before-export-gguf-$dtype" "$cache" "$round" "$work/out" \
            "$before" export --project "$work/project" --model big --format gguf --dtype "$dtype" --output "$work/out"
      done
    fi
    for dtype in bf16 f32; do
      src=$(peer_source "${sizes[$dtype]}")
      measure "cp-$dtype" "$cache" "$round" "$work/out" cp "$src" "$work/out"
      measure "cat-$dtype" "$cache" "$round" "$work/out" sh -c 'cat "$0" > "$1"' "$src" "$work/out"
      measure "dd-fsync-$dtype" "$cache" "$round" "$work/out" dd if="$src" of="$work/out" bs=8M conv=fsync status=none
    done
  done
done

/usr/bin/python3 - "$results" <<'PY'
import json, sys
best = {}
for line in open(sys.argv[1]):
    name, cache, _, s, kb, size = line.split()
    key = (name, cache)
    if key not in best or float(s) < best[key][0]:
        best[key] = (float(s), int(kb), int(size))
print("| what | cache | bytes | time (best) | MB/s | peak RSS |")
print("|---|---|---|---|---|---|")
for (name, cache), (s, kb, size) in best.items():
    print(f"| {name} | {cache} | {size / 1e6:.0f} MB | {s:.2f} s | {size / 1e6 / max(s, 1e-9):.0f} | {kb / 1024:.0f} MB |")
print(json.dumps({f"{n}/{c}": {"seconds": v[0], "peak_rss_kb": v[1], "bytes": v[2]} for (n, c), v in best.items()}))
PY
