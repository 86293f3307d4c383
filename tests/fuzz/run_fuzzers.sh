#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang, address and undefined-behaviour
# sanitizers in a build folder of their own, then runs each target for a fixed time,
# one after the other. Fails when a target crashes, hangs, leaks, runs out of memory or
# trips a sanitizer; the input that did it is left in <build>/fuzz-artifacts/<target>/.
#
#   tests/fuzz/run_fuzzers.sh [SECONDS_PER_TARGET] [TARGET...]     (default 60 s, all targets)
#   tests/fuzz/run_fuzzers.sh 300 safetensors checkpoint
#
# Environment: LW_FUZZ_BUILD (build folder, default build-fuzz), LW_FUZZ_JOBS (build
# jobs, default 2). Each target grows a working corpus in <build>/fuzz-corpus/<target>/,
# kept between runs; tests/fuzz/corpus/<target>/ (seeds) and tests/fuzz/regressions/<target>/
# (inputs that once crashed) are read, never written.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-60}
[ $# -gt 0 ] && shift
build=${LW_FUZZ_BUILD:-build-fuzz}

if ! command -v clang++ >/dev/null; then
  echo "run_fuzzers: clang++ not found (Debian: apt-get install clang libclang-rt-14-dev)" >&2
  exit 2
fi
if ! ls "$(clang++ -print-resource-dir)"/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  echo "run_fuzzers: clang's libFuzzer runtime is missing (Debian: apt-get install libclang-rt-14-dev)" >&2
  exit 2
fi
cmake -S . -B "$build" -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DLW_FUZZ=ON -DWITH_GUI=OFF -DWITH_BENCH=OFF >/dev/null
cmake --build "$build" -j "${LW_FUZZ_JOBS:-2}" --target lw_fuzz_targets

if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for program in "$build"/fuzz/fuzz_*; do
    name=$(basename "$program")
    [ "$name" = fuzz_seed_writer ] || targets+=("${name#fuzz_}")
  done
fi

# Fatal on the first report, with stacks; libFuzzer adds -timeout and -rss_limit_mb.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=()
for name in "${targets[@]}"; do
  program="$build/fuzz/fuzz_$name"
  [ -x "$program" ] || { echo "run_fuzzers: no target $name ($program)" >&2; exit 2; }
  corpus="$build/fuzz-corpus/$name"
  artifacts="$build/fuzz-artifacts/$name"
  mkdir -p "$corpus" "$artifacts"
  inputs=("$corpus")
  for saved in "tests/fuzz/corpus/$name" "tests/fuzz/regressions/$name"; do
    [ -d "$saved" ] && inputs+=("$saved")
  done
  echo "== fuzz_$name: $seconds s"
  start=$(date +%s)
  if "$program" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=3072 -max_len=65536 \
       -use_value_profile=1 -print_final_stats=1 -artifact_prefix="$artifacts/" "${inputs[@]}" \
       >"$build/fuzz-artifacts/$name.log" 2>&1; then
    echo "   ok after $(( $(date +%s) - start )) s: $(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$build/fuzz-artifacts/$name.log" | grep -Eo '[0-9]+$') inputs, corpus $(ls "$corpus" | wc -l) files"
  else
    failed+=("$name")
    echo "   FAILED: see $build/fuzz-artifacts/$name.log"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|terminate called|.*what\(\)|artifact_prefix|Test unit written)' \
      "$build/fuzz-artifacts/$name.log" | head -n 12 | sed 's/^/   /'
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "run_fuzzers: failed: ${failed[*]} (keep the input in tests/fuzz/regressions/<target>/ once fixed)" >&2
  exit 1
fi
echo "run_fuzzers: all ${#targets[@]} targets ran $seconds s each without a failure"
