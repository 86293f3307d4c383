#!/usr/bin/python3
"""Compares bench_near_dedup's decisions with the numpy reference's on one planted corpus
and prints a Markdown table: speed (wall and CPU time), memory, how many planted copies of
each kind each found (dropped and matched to their original), originals wrongly dropped,
and the overlap of the two dropped-row sets. Used by bench/bench_near_dedup.sh:
    compare_dedup_decisions.py PLANTED CPP_PREFIX CPP_JSON REF_DECISIONS REF_JSON
"""
import json
import sys


def read_decisions(path):
    decisions = {}
    with open(path) as f:
        for line in f:
            row, matched, estimate = line.split("\t")
            decisions[int(row)] = (int(matched), float(estimate))
    return decisions


def last_json_line(path):
    with open(path) as f:
        return json.loads([line for line in f if line.startswith("{")][-1])


def main():
    planted_path, cpp_prefix, cpp_json_path, ref_path, ref_json_path = sys.argv[1:6]
    planted = {}
    with open(planted_path) as f:
        for line in f:
            row, original, kind = line.split()
            planted[int(row)] = (int(original), kind)
    kinds = ["exact_variant", "near_edit", "near_tail", "far_copy"]
    totals = {k: sum(1 for _, kind in planted.values() if kind == k) for k in kinds}

    cpp, ref = last_json_line(cpp_json_path), last_json_line(ref_json_path)
    runs = [("C++ exact", read_decisions(cpp_prefix + ".exact"), cpp["exact"]),
            ("C++ near", read_decisions(cpp_prefix + ".near"), cpp["near"]),
            ("numpy reference near", read_decisions(ref_path), ref)]
    mb = cpp["bytes"] / 1e6
    print(f"{cpp['rows']} rows, {mb:.0f} MB; near: ngram {cpp['ngram']}, {cpp['num_perm']} perms, threshold "
          f"{cpp['threshold']}; bands x rows: C++ {cpp['bands']}x{cpp['rows_per_band']}, reference "
          f"{ref['bands']}x{ref['rows_per_band']}; planted: " + ", ".join(f"{totals[k]} {k}" for k in kinds))
    print()
    print("| run | rows/s (wall) | rows/s (CPU) | MB/s (CPU) | peak RSS MB | dropped | "
          + " | ".join(f"{k} found" for k in kinds[:3]) + " | far_copy dropped | originals dropped |")
    print("|---" * 10 + "|")
    for name, decisions, stats in runs:
        found = {k: 0 for k in kinds}
        originals_dropped = 0
        for row, (matched, _) in decisions.items():
            if row not in planted:
                originals_dropped += 1
            elif planted[row][0] == matched:
                found[planted[row][1]] += 1
        print(f"| {name} | {stats['rows_per_s']:.0f} | {stats['rows_per_cpu_s']:.0f} | "
              f"{mb / stats['cpu_seconds']:.1f} | {stats['peak_rss_mb']:.0f} | {len(decisions)} | "
              + " | ".join(f"{found[k]}/{totals[k]}" for k in kinds[:3])
              + f" | {found['far_copy']} | {originals_dropped} |")
    near, reference = runs[1][1], runs[2][1]
    both = set(near) & set(reference)
    union = set(near) | set(reference)
    same_match = sum(1 for row in both if near[row][0] == reference[row][0])
    print()
    print(f"near speed-up over the reference: {cpp['near']['rows_per_cpu_s'] / ref['rows_per_cpu_s']:.1f}x in CPU "
          f"time, {cpp['near']['rows_per_s'] / ref['rows_per_s']:.1f}x in wall time")
    print(f"dropped rows: {len(both)} by both, {len(near) - len(both)} by C++ only, "
          f"{len(reference) - len(both)} by the reference only (overlap {len(both) / max(1, len(union)):.4f}); "
          f"same matched row for {same_match} of {len(both)}")


if __name__ == "__main__":
    main()
