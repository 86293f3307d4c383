#!/usr/bin/env python3
"""Reference tensor merges for the tests in this folder.

Written from the definitions of mergekit (github.com/arcee-ai/mergekit:
mergekit/merge_methods/linear.py, slerp.py, generalized_task_arithmetic.py and
mergekit/sparsify.py) with numpy only, in float64, one element-wise formula at a time, so
that it shares no code and no evaluation order with core/merge.

Usage: /usr/bin/python3 merge_reference.py cases.json
cases.json is a list of cases; each case is
  {"method": "linear" | "slerp" | "task_arithmetic" | "ties" | "dare_linear" | "dare_ties",
   "t": float, "lambda": float, "normalize": bool, "rescale": bool,
   "base": path or null,
   "models": [{"weight": float, "density": float, "values": path,
               "keep": path (DARE only: the drop mask to use)}, ...],
   "output": path}
where "values" and "base" are flattened tensors in raw little-endian float32 and "keep"
one byte (0 or 1) per entry. Writes each case's merged tensor, flattened, to its
"output" in raw little-endian float64.
"""
import json
import sys

import numpy as np


def read_f32(path):
    return np.fromfile(path, dtype="<f4")


def linear(case):
    # The weighted sum of the models, divided by the sum of the weights if normalising.
    total = np.zeros(read_f32(case["models"][0]["values"]).size)
    weight_sum = 0.0
    for model in case["models"]:
        total += model["weight"] * read_f32(model["values"]).astype(np.float64)
        weight_sum += model["weight"]
    return total / weight_sum if case["normalize"] else total


def slerp(case):
    t = case["t"]
    v0 = read_f32(case["models"][0]["values"]).astype(np.float64)
    v1 = read_f32(case["models"][1]["values"]).astype(np.float64)

    def direction(v):
        # A norm at or below 1e-8 leaves the vector unnormalised.
        norm = np.sqrt(np.sum(v * v))
        return v / norm if norm > 1e-8 else v

    cosine = float(np.sum(direction(v0) * direction(v1)))
    if abs(cosine) > 0.9995:
        return (1 - t) * v0 + t * v1
    theta = np.arccos(cosine)
    return (np.sin((1 - t) * theta) * v0 + np.sin(t * theta) * v1) / np.sin(theta)


def keep_largest(delta32, density):
    # TIES' trim: the int(density * n) entries of largest magnitude, ranked in float32.
    n = delta32.size
    k = int(density * n)
    order = np.argsort(-np.abs(delta32), kind="stable")
    keep = np.zeros(n, dtype=bool)
    keep[order[:k]] = True
    return keep


def task_vectors(case):
    method = case["method"]
    base32 = read_f32(case["base"])
    base = base32.astype(np.float64)
    deltas, weights = [], []
    for model in case["models"]:
        x32 = read_f32(model["values"])
        delta = x32.astype(np.float64) - base
        density = model["density"]
        if method in ("ties", "dare_linear", "dare_ties") and density < 1:
            if method == "ties":
                keep = keep_largest(x32 - base32, density)
            else:
                keep = np.fromfile(model["keep"], dtype=np.uint8).astype(bool)
            kept = np.where(keep, delta, 0.0)
            if case["rescale"]:
                # Rescale so the L1 norm is that of the whole delta, unless either is ~0.
                before = np.sum(np.abs(delta))
                after = np.sum(np.abs(kept))
                if before >= 1e-7 and after >= 1e-7:
                    kept = kept * (before / after)
            delta = kept
        deltas.append(delta)
        weights.append(model["weight"])

    weighted = [w * d for w, d in zip(weights, deltas)]
    mixed = np.zeros_like(base)
    if method in ("ties", "dare_ties"):
        # Sign election by the sign of the sum; each entry keeps the deltas of that sign
        # and divides by their weights (1 where none).
        total = sum(weighted)
        elected = np.where(total >= 0, 1.0, -1.0)
        divisor = np.zeros_like(base)
        for w, wd in zip(weights, weighted):
            agrees = np.sign(wd) == elected
            mixed += np.where(agrees, wd, 0.0)
            divisor += np.where(agrees, w, 0.0)
        divisor[divisor == 0] = 1.0
    else:
        for wd in weighted:
            mixed += wd
        divisor = sum(weights)
        if abs(divisor) < 1e-8:
            divisor = 1.0
    if case["normalize"]:
        mixed = mixed / divisor
    return base + case["lambda"] * mixed


def merge(case):
    if case["method"] == "linear":
        return linear(case)
    if case["method"] == "slerp":
        return slerp(case)
    return task_vectors(case)


def main():
    with open(sys.argv[1]) as f:
        cases = json.load(f)
    for case in cases:
        merge(case).astype("<f8").tofile(case["output"])


if __name__ == "__main__":
    main()
