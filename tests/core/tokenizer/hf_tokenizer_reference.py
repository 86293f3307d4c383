#!/usr/bin/env python3
"""Second implementation of tokenizer.json encoding (BPE models), written from the
`tokenizers` library's documented behaviour, for the tests. Uses Debian's python3 with
python3-regex; shares no code with core/tokenizer.

    /usr/bin/python3 hf_tokenizer_reference.py <tokenizer.json> <input.json>
input.json: [{"text": ..., "allow_special": bool}, ...]; prints a JSON list of id lists.
Covers: added tokens (leftmost-longest, lstrip/rstrip, single_word, special tokens skipped when
allow_special is false), normalizers NFC/NFKC/Prepend/Replace(String)/Lowercase,
pre-tokenizers Split(Regex, all behaviours)/ByteLevel/Digits/Metaspace, BPE with
byte-level or character symbols, byte_fallback, ignore_merges.
"""
import json
import sys
import unicodedata

import regex

from bpe_train_reference import PATTERN as GPT2, bytes_to_unicode

BYTES = bytes_to_unicode()[1]


def steps(node, key):
    if node is None:
        return []
    if node["type"] == "Sequence":
        return [s for child in node[key] for s in steps(child, key)]
    return [node]


def normalize(text, normalizers):
    for n in normalizers:
        t = n["type"]
        if t in ("NFC", "NFKC", "NFD", "NFKD"):
            text = unicodedata.normalize(t, text)
        elif t == "Prepend":
            text = n["prepend"] + text if text else text
        elif t == "Replace":
            text = text.replace(n["pattern"]["String"], n["content"])
        elif t == "Lowercase":
            text = "".join(c.lower() for c in text)
        else:
            raise SystemExit("reference: normalizer " + t)
    return text


def split_parts(text, matches, behavior):
    """(piece, is_match) covering text, then the library's delimiter behaviour."""
    parts, prev = [], 0
    for s, e in matches:
        if prev != s:
            parts.append((text[prev:s], False))
        parts.append((text[s:e], True))
        prev = e
    if prev != len(text):
        parts.append((text[prev:], False))
    out = []
    if behavior == "Isolated":
        out = [p for p, _ in parts]
    elif behavior == "Removed":
        out = [p for p, m in parts if not m]
    elif behavior == "MergedWithPrevious":
        prev_match = False
        for p, m in parts:
            if m and not prev_match and out:
                out[-1] += p
            else:
                out.append(p)
            prev_match = m
    elif behavior == "MergedWithNext":
        prev_match = False
        for p, m in reversed(parts):
            if m and not prev_match and out:
                out[-1] = p + out[-1]
            else:
                out.append(p)
            prev_match = m
        out.reverse()
    elif behavior == "Contiguous":
        prev_match = False
        for p, m in parts:
            if m == prev_match and out:
                out[-1] += p
            else:
                out.append(p)
            prev_match = m
    return [p for p in out if p]


def pre_tokenize(text, pre, at_start):
    pieces = [(text, at_start)]
    for p in pre:
        new = []
        for piece, first in pieces:
            t = p["type"]
            if t == "Split":
                matches = [m.span() for m in regex.finditer(p["pattern"]["Regex"], piece)]
                parts = split_parts(piece, matches, p["behavior"])
            elif t == "ByteLevel":
                if p.get("add_prefix_space", True) and not piece.startswith(" "):
                    piece = " " + piece
                parts = regex.findall(GPT2, piece) if p.get("use_regex", True) else [piece]
            elif t == "Digits":
                matches = [(i, i + 1) for i, c in enumerate(piece) if unicodedata.category(c).startswith("N")]
                parts = split_parts(piece, matches, "Isolated" if p.get("individual_digits") else "Contiguous")
            elif t == "Metaspace":
                r = p["replacement"]
                piece = piece.replace(" ", r)
                scheme = p.get("prepend_scheme", "always")
                if (scheme == "always" or (scheme == "first" and first)) and not piece.startswith(r):
                    piece = r + piece
                parts = split_parts(piece, [(i, i + 1) for i, c in enumerate(piece) if c == r],
                                    "MergedWithNext") if p.get("split", True) else [piece]
            else:
                raise SystemExit("reference: pre-tokenizer " + t)
            new.extend((part, first and i == 0) for i, part in enumerate(parts) if part)
        pieces = new
    return [p for p, _ in pieces]


class Bpe:
    def __init__(self, model, byte_level):
        self.vocab = model["vocab"]
        self.byte_level = byte_level
        self.ranks = {}
        for rank, m in enumerate(model["merges"]):
            a, b = m.split(" ", 1) if isinstance(m, str) else m
            self.ranks.setdefault((a, b), rank)
        self.byte_fallback = model.get("byte_fallback", False)
        self.ignore_merges = model.get("ignore_merges", False)
        self.unk = model.get("unk_token")

    def encode(self, piece):
        if self.byte_level:
            piece = "".join(BYTES[b] for b in piece.encode("utf-8"))
        if self.ignore_merges and piece in self.vocab:
            return [self.vocab[piece]]
        symbols = []
        for c in piece:
            if c in self.vocab:
                symbols.append(c)
            elif self.byte_fallback:
                symbols.extend("<0x%02X>" % b for b in c.encode("utf-8"))
            elif self.unk is not None:
                symbols.append(self.unk)
        # The library's merge order: the lowest-ranked pair, leftmost first, one at a time.
        while True:
            best = None
            for i in range(len(symbols) - 1):
                r = self.ranks.get((symbols[i], symbols[i + 1]))
                if r is not None and (best is None or r < best[0]):
                    best = (r, i)
            if best is None:
                break
            i = best[1]
            symbols[i:i + 2] = [symbols[i] + symbols[i + 1]]
        return [self.vocab[s] for s in symbols]


def split_added(text, tokens, allow_special):
    """Leftmost-longest added-token matches; returns [(text or None, id or None)]."""
    out, pos, done = [], 0, 0
    by_length = sorted(tokens, key=lambda t: -len(t["content"]))
    while pos < len(text):
        hit = next((t for t in by_length if text.startswith(t["content"], pos)), None)
        if hit is None:
            pos += 1
            continue
        start, stop = pos, pos + len(hit["content"])
        pos = stop
        if hit["special"] and not allow_special:
            continue
        if hit.get("single_word") and (regex.search(r"\w$", text[:start]) or regex.match(r"\w", text[stop:])):
            continue
        if hit.get("lstrip"):
            while start > done and text[start - 1].isspace():
                start -= 1
        if hit.get("rstrip"):
            while stop < len(text) and text[stop].isspace():
                stop += 1
        if start > done:
            out.append((text[done:start], None, done))
        out.append((None, hit["id"], start))
        done = stop
    if done < len(text):
        out.append((text[done:], None, done))
    return out


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        tok = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        inputs = json.load(f)
    normalizers = steps(tok.get("normalizer"), "normalizers")
    pre = steps(tok.get("pre_tokenizer"), "pretokenizers")
    byte_level = any(p["type"] == "ByteLevel" for p in pre)
    model = Bpe(tok["model"], byte_level)
    raw_tokens = [t for t in tok.get("added_tokens", []) if not t.get("normalized")]
    norm_tokens = [t for t in tok.get("added_tokens", []) if t.get("normalized")]
    results = []
    for item in inputs:
        ids = []
        for segment, token_id, offset in split_added(item["text"], raw_tokens, item["allow_special"]):
            if token_id is not None:
                ids.append(token_id)
                continue
            normalized = normalize(segment, normalizers)
            for inner, inner_id, inner_offset in split_added(normalized, norm_tokens, item["allow_special"]):
                if inner_id is not None:
                    ids.append(inner_id)
                    continue
                for piece in pre_tokenize(inner, pre, offset == 0 and inner_offset == 0):
                    ids.extend(model.encode(piece))
        results.append(ids)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
