#!/usr/bin/python3
"""GPT-2's byte-level BPE encoder, written from OpenAI's published algorithm
(gpt-2/src/encoder.py), used by the tokenizer tests as an independent reference.

Usage: gpt2_reference.py <vocab.json|encoder.json> <merges.txt|vocab.bpe> <input.json>
       gpt2_reference.py --pieces <input.json>
input.json: a list of {"text": str, "allow_special": bool}. Added tokens ("<|endoftext|>")
are split off first when allow_special is true, as tiktoken does with allowed_special.
Prints a JSON list holding the ids of each text, or with --pieces the pre-tokenizer's
pieces of each text (no special tokens).

Needs the `regex` module (\\p{L}); run it with Debian's /usr/bin/python3 (python3-regex).
"""
import json
import sys

import regex

# GPT-2's pre-tokenizer pattern, as published.
PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""


def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(2 ** 8):
        if b not in bs:
            bs.append(b)
            cs.append(2 ** 8 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


def get_pairs(word):
    return set(zip(word[:-1], word[1:]))


class Encoder:
    def __init__(self, encoder, bpe_merges):
        self.encoder = encoder
        self.byte_encoder = bytes_to_unicode()
        self.bpe_ranks = dict(zip(bpe_merges, range(len(bpe_merges))))
        self.cache = {}
        self.pat = regex.compile(PATTERN)

    def bpe(self, token):
        if token in self.cache:
            return self.cache[token]
        word = tuple(token)
        pairs = get_pairs(word)
        if not pairs:
            return token
        while True:
            bigram = min(pairs, key=lambda pair: self.bpe_ranks.get(pair, float("inf")))
            if bigram not in self.bpe_ranks:
                break
            first, second = bigram
            new_word = []
            i = 0
            while i < len(word):
                try:
                    j = word.index(first, i)
                except ValueError:
                    new_word.extend(word[i:])
                    break
                new_word.extend(word[i:j])
                i = j
                if word[i] == first and i < len(word) - 1 and word[i + 1] == second:
                    new_word.append(first + second)
                    i += 2
                else:
                    new_word.append(word[i])
                    i += 1
            word = tuple(new_word)
            if len(word) == 1:
                break
            pairs = get_pairs(word)
        word = " ".join(word)
        self.cache[token] = word
        return word

    def encode_ordinary(self, text):
        bpe_tokens = []
        for token in regex.findall(self.pat, text):
            token = "".join(self.byte_encoder[b] for b in token.encode("utf-8"))
            bpe_tokens.extend(self.encoder[bpe_token] for bpe_token in self.bpe(token).split(" "))
        return bpe_tokens

    def encode(self, text, special_tokens):
        if not special_tokens:
            return self.encode_ordinary(text)
        ids = []
        split = regex.compile("(" + "|".join(regex.escape(s) for s in special_tokens) + ")")
        for i, part in enumerate(split.split(text)):
            if i % 2 == 1:
                ids.append(self.encoder[part])
            elif part:
                ids.extend(self.encode_ordinary(part))
        return ids


def main():
    if sys.argv[1] == "--pieces":
        with open(sys.argv[2], encoding="utf-8") as f:
            items = json.load(f)
        json.dump([regex.findall(PATTERN, item["text"]) for item in items], sys.stdout)
        return
    vocab_path, merges_path, input_path = sys.argv[1:4]
    with open(vocab_path, encoding="utf-8") as f:
        encoder = json.load(f)
    with open(merges_path, encoding="utf-8") as f:
        bpe_data = f.read()
    bpe_merges = [tuple(line.split()) for line in bpe_data.split("\n")[1:-1]]
    enc = Encoder(encoder, bpe_merges)
    special = sorted((t for t in encoder if t.startswith("<|") and t.endswith("|>")), key=len, reverse=True)
    with open(input_path, encoding="utf-8") as f:
        items = json.load(f)
    out = [enc.encode(item["text"], special if item.get("allow_special") else []) for item in items]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
