#!/usr/bin/python3
"""Byte-level BPE training done the slow, obvious way, as an independent reference for
the tokenizer tests: count GPT-2 pre-tokenized words, then for each merge recount every
adjacent pair from scratch and merge the most frequent one.

Usage: bpe_train_reference.py <vocab size | auto> <corpus.txt>
Prints merges.txt as the trainer under test should write it. Conventions it shares with
that trainer (they define the result, not how it is computed): "<|endoftext|>" separates
documents and is not counted; byte tokens are numbered in GPT-2's byte order, merged
tokens after them, and "<|endoftext|>" is the last id; ties between equally frequent
pairs go to the smaller (left id, right id); a merge whose bytes are already a token
reuses it. "auto" sizes the vocabulary by the corpus: merging stops when the most
frequent pair occurs fewer than twice, or at 8192 tokens.
"""
import collections
import sys

import regex

PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""


def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return bs, dict(zip(bs, [chr(c) for c in cs]))


def main():
    automatic = sys.argv[1] == "auto"
    vocab_size = 8192 if automatic else int(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as f:
        text = f.read()
    order, byte_encoder = bytes_to_unicode()
    token_bytes = [bytes([b]) for b in order]
    id_of = {tb: i for i, tb in enumerate(token_bytes)}

    counts = collections.Counter()
    for document in text.split("<|endoftext|>"):
        for piece in regex.findall(PATTERN, document):
            counts[tuple(id_of[bytes([b])] for b in piece.encode("utf-8"))] += 1
    words = dict(counts)

    merges = []
    while len(token_bytes) < vocab_size - 1:
        pairs = collections.Counter()
        for word, count in words.items():
            for pair in zip(word[:-1], word[1:]):
                pairs[pair] += count
        if not pairs and not automatic:
            sys.exit("corpus too small")
        best = min(pairs, key=lambda p: (-pairs[p], p)) if pairs else None
        if automatic and (best is None or pairs[best] < 2):
            break
        merged_bytes = token_bytes[best[0]] + token_bytes[best[1]]
        if merged_bytes not in id_of:
            id_of[merged_bytes] = len(token_bytes)
            token_bytes.append(merged_bytes)
        new_id = id_of[merged_bytes]
        merges.append(best)
        new_words = {}
        for word, count in words.items():
            out = []
            i = 0
            while i < len(word):
                if i + 1 < len(word) and (word[i], word[i + 1]) == best:
                    out.append(new_id)
                    i += 2
                else:
                    out.append(word[i])
                    i += 1
            new_words[tuple(out)] = new_words.get(tuple(out), 0) + count
        words = new_words

    spell = lambda i: "".join(byte_encoder[b] for b in token_bytes[i])
    sys.stdout.write("#version: 0.2\n" + "".join(spell(a) + " " + spell(b) + "\n" for a, b in merges))


if __name__ == "__main__":
    main()
