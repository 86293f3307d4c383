#!/bin/bash
# Exact and near-duplicate detection against a datasketch-style numpy reference, on one
# generated file with planted duplicates: rows/s of each (wall and CPU time, since the
# machine may be shared), the ratio, and how far their clusters agree.
#
#   bench/bench_near_dedup.sh [ROWS] [BUILD_DIR]      (defaults: 100000, build)
# Needs the bench_near_dedup target built and Debian's python3-numpy (/usr/bin/python3).
set -euo pipefail
rows=${1:-100000}
build=${2:-build}
here=$(cd "$(dirname "$0")" && pwd)
bench=$build/bin/bench_near_dedup
[ -x "$bench" ] || { echo "build $bench first: cmake --build $build --target bench_near_dedup" >&2; exit 1; }
work=$(mktemp -d /tmp/bench_near_dedup.XXXXXX)
trap 'rm -rf "$work"' EXIT

"$bench" --generate "$work/rows.txt" --rows "$rows" --seed 1
"$bench" --input "$work/rows.txt" --decisions "$work/cpp" | tee "$work/cpp.out"
/usr/bin/python3 "$here/near_dedup_reference.py" "$work/rows.txt" --decisions "$work/ref.near" | tee "$work/ref.out"
echo
/usr/bin/python3 "$here/compare_dedup_decisions.py" "$work/rows.txt.planted" "$work/cpp" "$work/cpp.out" \
    "$work/ref.near" "$work/ref.out"
