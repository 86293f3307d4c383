#!/usr/bin/python3
# GPTQ written from the paper's description (Frantar et al. 2022, Algorithm 1, without
# the lazy batches: every column's error is applied to all later columns at once), with
# the grid of a GGUF block format fixed per block of 32 from the original weights
# ("static groups"). Writes small fixed inputs and the quantized values GPTQ gives for
# each format, with and without act-order, for test_gptq.cpp.
#
# Made with: /usr/bin/python3 tests/core/quant/gptq_reference.py > tests/core/quant/gptq_reference.json
import json
import numpy as np

ROWS, COLS, SAMPLES, DAMP = 6, 64, 96, 0.01

rng = np.random.default_rng(20221031)
# Correlated inputs: a few shared factors mixed into every column, columns of unequal
# size, and one input that is always zero (a dead column).
factors = rng.normal(size=(SAMPLES, 8))
x = factors @ rng.normal(size=(8, COLS)) + 0.3 * rng.normal(size=(SAMPLES, COLS))
x *= np.exp(rng.normal(scale=0.7, size=COLS))
x[:, 5] = 0.0
w = rng.normal(scale=0.05, size=(ROWS, COLS))
h = 2.0 / SAMPLES * (x.T @ x)


def half(v):
    return np.asarray(v, dtype=np.float32).astype(np.float16).astype(np.float64)


def grid(weights, fmt):
    """Per block: scale, offset, lowest and highest level, as llama.cpp's reference quantizers choose them."""
    blocks = weights.astype(np.float32).reshape(weights.shape[0], -1, 32)
    if fmt in ("q4_1", "q5_1"):
        top = 15 if fmt == "q4_1" else 31
        lo, hi = blocks.min(axis=2), blocks.max(axis=2)
        return half((hi - lo) / np.float32(top)), half(lo), 0, top
    zero = np.zeros(blocks.shape[:2])
    if fmt == "q8_0":
        return half(np.abs(blocks).max(axis=2) / np.float32(127)), zero, -128, 127
    middle = 8 if fmt == "q4_0" else 16
    at = np.abs(blocks).argmax(axis=2)
    signed_max = np.take_along_axis(blocks, at[:, :, None], axis=2)[:, :, 0]
    return half(signed_max / np.float32(-middle)), zero, -middle, middle - 1


def gptq(weights, hessian, fmt, act_order):
    weights = weights.copy()
    hessian = hessian.copy()
    dead = np.diag(hessian) == 0
    hessian[dead, dead] = 1.0
    weights[:, dead] = 0.0
    scale, offset, qmin, qmax = grid(weights, fmt)
    cols = weights.shape[1]
    order = np.argsort(-np.diag(hessian), kind="stable") if act_order else np.arange(cols)
    weights = weights[:, order]
    hessian = hessian[order][:, order]
    hessian += DAMP * np.mean(np.diag(hessian)) * np.eye(cols)
    upper = np.linalg.cholesky(np.linalg.inv(hessian)).T
    quantized = np.zeros_like(weights)
    for i in range(cols):
        s = scale[:, order[i] // 32]
        m = offset[:, order[i] // 32]
        column = weights[:, i]
        safe = np.where(s == 0, 1.0, s)
        level = np.where(s == 0, 0.0, np.clip(np.round((column - m) / safe), qmin, qmax))
        quantized[:, i] = level * s + m
        error = (column - quantized[:, i]) / upper[i, i]
        weights[:, i + 1:] -= np.outer(error, upper[i, i + 1:])
    return quantized[:, np.argsort(order)]


cases = []
for fmt in ("q8_0", "q4_0", "q4_1", "q5_0", "q5_1"):
    for act_order in (False, True):
        q = gptq(w, h, fmt, act_order)
        cases.append({"format": fmt, "act_order": act_order, "quantized": q.tolist()})
print(json.dumps({"rows": ROWS, "cols": COLS, "damp_percent": DAMP,
                  "weight": w.tolist(), "hessian": h.tolist(), "cases": cases}))
