#!/usr/bin/env bash
# Time from a new project to the demo model's first chat answer through the local API:
# `llmwb serve --model demo` on an empty project folder (demo stories, tokenizer,
# dataset, training, loading), polled with a chat request until one is answered.
#
#   bash bench/bench_demo_first_answer.sh [--busy] [--build DIR]
#
# --busy runs a competing CPU job beside it (`llmwb bench train` in a loop, two threads),
# as when another training or a build shares the cores. Prints a human line, then one
# JSON line. Goal (issue 8): within 60 s on a quiet 2-core machine.
set -euo pipefail
build=build
busy=0
while [ $# -gt 0 ]; do
  case "$1" in
    --busy) busy=1 ;;
    --build) build="$2"; shift ;;
    *) echo "usage: $0 [--busy] [--build DIR]" >&2; exit 2 ;;
  esac
  shift
done
llmwb="$build/bin/llmwb"
[ -x "$llmwb" ] || { echo "no $llmwb: build first" >&2; exit 2; }
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ "$busy" = 1 ]; then
  ( while :; do "$llmwb" bench train --n-layer 6 --d-model 384 --n-head 6 --context 256 --vocab 8192 \
        --batch 8 --steps 50 --threads 2 >/dev/null 2>&1 || true; done ) &
  pids+=($!)
  sleep 2
fi

start=$(date +%s.%N)
"$llmwb" serve --model demo --project "$work/project" --port 0 --events >"$work/events" 2>"$work/stderr" &
pids+=($!)
port=""
for _ in $(seq 1 6000); do
  port=$(grep -o '"event":"listening"[^}]*' "$work/events" 2>/dev/null | grep -o '"port":[0-9]*' | head -1 | cut -d: -f2 || true)
  [ -n "$port" ] && break
  kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/stderr" >&2; exit 1; }
  sleep 0.05
done
listening=$(date +%s.%N)
body='{"messages":[{"role":"user","content":"Tell me a story"}],"max_tokens":48,"seed":1}'
answer=""
for _ in $(seq 1 12000); do
  code=$(curl -s -o "$work/answer" -w '%{http_code}' -H 'Content-Type: application/json' -d "$body" \
         "http://127.0.0.1:$port/v1/chat/completions" || true)
  if [ "$code" = 200 ]; then answer=$(cat "$work/answer"); break; fi
  sleep 0.1
done
done_at=$(date +%s.%N)
[ -n "$answer" ] || { echo "no answer" >&2; exit 1; }
listen_s=$(python3 -c "print($listening - $start)")
answer_s=$(python3 -c "print($done_at - $start)")
text=$(printf '%s' "$answer" | python3 -c 'import json,sys; print(json.load(sys.stdin)["choices"][0]["message"]["content"])')
steps=$(grep -o '"event":"step"[^}]*' "$work/events" | tail -1 | grep -o '"step":[0-9]*' | cut -d: -f2 || echo 0)
printf 'demo first answer: %.1f s (listening after %.1f s, %s training steps, %s)\n' "$answer_s" "$listen_s" "${steps:-0}" \
  "$([ "$busy" = 1 ] && echo 'beside a busy training job' || echo 'quiet')"
printf 'answer: %s\n' "$text"
python3 -c 'import json,sys; print(json.dumps({"bench":"demo_first_answer","busy":bool(int(sys.argv[1])),
  "first_answer_s":round(float(sys.argv[2]),2),"listening_s":round(float(sys.argv[3]),2),"cores":int(sys.argv[4])}))' \
  "$busy" "$answer_s" "$listen_s" "$(nproc)"
