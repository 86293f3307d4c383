#!/usr/bin/env python3
"""ROUGE-L and ROUGE-Lsum F1, mean over segments, written from the description of Google's
rouge-score package (rouge_scorer.py: default tokenizer, LCS with its backtracking, the
summary-level union LCS of Lin 2004 section 3.2 with per-token counts), independently of
the C++ code. Usage: rouge_lsum_reference.py HYP.jsonl REF.jsonl -> one JSON line."""
import json
import re
import sys
from collections import Counter


def tokenize(text):
    # Lowercase; every run of characters other than a-z and 0-9 separates tokens.
    return [t for t in re.sub(r"[^a-z0-9]+", " ", text.lower()).split() if t]


def lcs_table(ref, can):
    t = [[0] * (len(can) + 1) for _ in range(len(ref) + 1)]
    for i in range(1, len(ref) + 1):
        for j in range(1, len(can) + 1):
            t[i][j] = t[i - 1][j - 1] + 1 if ref[i - 1] == can[j - 1] else max(t[i - 1][j], t[i][j - 1])
    return t


def lcs_indices(ref, can):
    # Positions in ref of one LCS, read back from the table's bottom-right corner.
    t = lcs_table(ref, can)
    i, j, out = len(ref), len(can), []
    while i > 0 and j > 0:
        if ref[i - 1] == can[j - 1]:
            out.insert(0, i - 1)
            i, j = i - 1, j - 1
        elif t[i][j - 1] > t[i - 1][j]:
            j -= 1
        else:
            i -= 1
    return out


def f1(p, r):
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def rouge_l(ref, can):
    if not ref or not can:
        return 0.0
    n = lcs_table(ref, can)[-1][-1]
    return f1(n / len(can), n / len(ref))


def rouge_lsum(ref_sents, can_sents):
    m = sum(map(len, ref_sents))
    n = sum(map(len, can_sents))
    if not m or not n:
        return 0.0
    left_ref = Counter(t for s in ref_sents for t in s)
    left_can = Counter(t for s in can_sents for t in s)
    hits = 0
    for r in ref_sents:
        union = sorted(set().union(*[set(lcs_indices(r, c)) for c in can_sents]))
        for i in union:
            token = r[i]
            if left_ref[token] > 0 and left_can[token] > 0:  # each token counted at most as often as it occurs
                hits += 1
                left_ref[token] -= 1
                left_can[token] -= 1
    return f1(hits / n, hits / m)


def sentences(text):
    return [tokenize(s) for s in text.split("\n") if s]


hyps = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
refs = [json.loads(line) for line in open(sys.argv[2], encoding="utf-8")]
rl = [rouge_l(tokenize(r), tokenize(h)) for h, r in zip(hyps, refs)]
rlsum = [rouge_lsum(sentences(r), sentences(h)) for h, r in zip(hyps, refs)]
print(json.dumps({"rougeL": sum(rl) / len(rl), "rougeLsum": sum(rlsum) / len(rlsum), "n": len(rl)}))
