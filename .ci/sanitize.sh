#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer build of core, llmwb and their tests,
# then the `core` and `cli` test labels (README, "Fuzzing and sanitizers"). Run by hand:
# it is not part of .ci/run, whose time is limited.
#
#   .ci/sanitize.sh [extra ctest arguments, e.g. -R test_checkpoint]
#
# Its own build folder (LW_SANITIZE_BUILD, default build-asan), GCC, with the GUI option
# on because the tests are Qt Test programs; only the test programs of those labels and
# what they run (llmwb, the store's child process) are built, not the app.
#
# Left out: the sentencepiece tokenizer. Its module (liblw_spm.so) is opened with
# RTLD_DEEPBIND, which the AddressSanitizer runtime refuses (it ends the process), so
# the module is built without sanitizers and the tests that load it are skipped here;
# the normal build runs them.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${LW_SANITIZE_BUILD:-build-asan}
jobs=${LW_SANITIZE_JOBS:-2}
# Tests that load the sentencepiece module (see above).
skip='^(test_tokenizer_sentencepiece|test_tokenizer_errors)$'

start=$(date +%s)
cmake -S . -B "$build" -G Ninja -DLW_SANITIZE=address,undefined -DWITH_BENCH=OFF >/dev/null
programs=$(sed -n 's/^lw_test_program(\([a-z_]*\).*/\1/p' tests/core/*/CMakeLists.txt tests/cli/CMakeLists.txt \
             tests/fuzz/regression/CMakeLists.txt)
# shellcheck disable=SC2086
cmake --build "$build" -j "$jobs" --target llmwb lw_spm $programs
built=$(date +%s)

# Every report ends the test that made it; leaks are reported at exit. Third-party
# libraries' own leaks at exit are suppressed in .ci/lsan.supp.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:strict_string_checks=1:check_initialization_order=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/.ci/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
ctest --test-dir "$build" -L '^(core|cli)$' -E "$skip" --output-on-failure "$@" || status=$?
end=$(date +%s)
echo "sanitize: build $((built - start)) s, tests $((end - built)) s, total $((end - start)) s"
exit $status
