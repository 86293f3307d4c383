#!/usr/bin/python3
"""Reference for bench_near_dedup: near-duplicate detection done the way datasketch's
MinHash and MinHashLSH do it, in numpy, on the same file (one row per line), with the
same shingling (case-folded words split at white space and punctuation, 5-word shingles,
one shingle of all words when there are fewer), the same settings and the same keep-the-
first rule (a row is dropped when an earlier kept row shares a band bucket and the
signatures agree on at least `threshold` of their values; otherwise it is indexed).

Like datasketch: each shingle is hashed to 32 bits with SHA-1 (the first 4 bytes, little
endian); the permutations (a, b) are drawn with numpy's RandomState(seed); signatures
are min over ((a * h + b) mod (2^61 - 1)) & (2^32 - 1) computed in uint64 (where a * h
wraps around, as in datasketch's update_batch); bands x rows minimise the weighted
false-positive and false-negative areas; a bucket key is the band's bytes.

Written for the benchmark only (not shipped). Debian's python3-numpy:
    /usr/bin/python3 bench/near_dedup_reference.py ROWS_FILE [--decisions OUT]
Prints one JSON line: rows, seconds, cpu_seconds, rows_per_s, rows_per_cpu_s, dropped,
peak_rss_mb, bands, rows_per_band. OUT gets "row<TAB>matched row<TAB>estimate" per dropped row.
"""
import argparse
import hashlib
import json
import re
import resource
import struct
import time

import numpy as np

MERSENNE_PRIME = np.uint64((1 << 61) - 1)
MAX_HASH = np.uint64((1 << 32) - 1)
# White space and the ASCII characters of general category P*.
SEPARATORS = re.compile(r"[\s!\"#%&'()*,\-./:;?@\[\\\]_{}]+")


def words_of(text):
    return [w for w in SEPARATORS.split(text.lower()) if w]


def shingles_of(words, n):
    if not words:
        return []
    if len(words) < n:
        return [" ".join(words)]
    return [" ".join(words[i:i + n]) for i in range(len(words) - n + 1)]


def sha1_hash32(data):
    return struct.unpack("<I", hashlib.sha1(data).digest()[:4])[0]


def integrate(f, a, b, points=2001):
    xs = np.linspace(a, b, points)
    return float(np.trapz(f(xs), xs))


def optimal_bands(threshold, num_perm, fp_weight=0.5, fn_weight=0.5):
    best, best_error = (0, 0), float("inf")
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp = integrate(lambda s: 1 - (1 - s ** r) ** b, 0.0, threshold)
            fn = integrate(lambda s: (1 - s ** r) ** b, threshold, 1.0)
            error = fp * fp_weight + fn * fn_weight
            if error < best_error:
                best, best_error = (b, r), error
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("rows_file")
    parser.add_argument("--decisions")
    parser.add_argument("--ngram", type=int, default=5)
    parser.add_argument("--num-perm", type=int, default=128)
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    bands, rows_per_band = optimal_bands(args.threshold, args.num_perm)
    gen = np.random.RandomState(args.seed)
    perms = np.array([(gen.randint(1, MERSENNE_PRIME, dtype=np.uint64),
                       gen.randint(0, MERSENNE_PRIME, dtype=np.uint64)) for _ in range(args.num_perm)],
                     dtype=np.uint64).T
    a, b = perms[0], perms[1]

    tables = [dict() for _ in range(bands)]  # band bytes -> kept row ids
    kept_signatures = {}                      # kept row id -> signature
    out = open(args.decisions, "w") if args.decisions else None
    dropped = 0
    row = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    with open(args.rows_file, "rb") as f:
        for line in f:
            text = line.rstrip(b"\n").decode("utf-8", errors="surrogateescape")
            shingles = shingles_of(words_of(text), args.ngram)
            if not shingles:
                row += 1
                continue
            hv = np.array([sha1_hash32(s.encode("utf-8", errors="surrogateescape")) for s in shingles],
                          dtype=np.uint64)
            with np.errstate(over="ignore"):
                phv = np.bitwise_and((hv[:, None] * a + b) % MERSENNE_PRIME, MAX_HASH)
            signature = phv.min(axis=0).astype(np.uint32)
            keys = [bytes(signature[i * rows_per_band:(i + 1) * rows_per_band].byteswap().data)
                    for i in range(bands)]
            candidates = set()
            for table, key in zip(tables, keys):
                candidates.update(table.get(key, ()))
            best_row, best_estimate = -1, 0.0
            for candidate in sorted(candidates):
                estimate = float(np.count_nonzero(kept_signatures[candidate] == signature)) / args.num_perm
                if estimate >= args.threshold and estimate > best_estimate:
                    best_row, best_estimate = candidate, estimate
            if best_row >= 0:
                dropped += 1
                if out:
                    out.write(f"{row}\t{best_row}\t{best_estimate:.6f}\n")
            else:
                kept_signatures[row] = signature
                for table, key in zip(tables, keys):
                    table.setdefault(key, []).append(row)
            row += 1
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    if out:
        out.close()
    print(json.dumps({"rows": row, "seconds": round(seconds, 3), "cpu_seconds": round(cpu_seconds, 3),
                      "rows_per_s": round(row / seconds), "rows_per_cpu_s": round(row / cpu_seconds),
                      "dropped": dropped,
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                      "bands": bands, "rows_per_band": rows_per_band}))


if __name__ == "__main__":
    main()
