#!/usr/bin/env python3
"""Writes the import benchmark's inputs: N rows of about 1 KB of Alpaca-style JSON Lines,
and a plain-text corpus of a given size in paragraphs. The words are drawn from a fixed
seed, so every run measures the same bytes.

    python3 bench/generate_import_data.py --rows 1000000 --jsonl rows.jsonl --text-mb 1024 --text corpus.txt
"""
import argparse
import json
import random

WORDS = ("model data train token layer weight learn text loss batch step value answer question "
         "small large fast slow river mountain city garden window morning evening music colour "
         "number letter paper story reader writer house light water stone bridge").split()


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=1000000)
    p.add_argument("--jsonl")
    p.add_argument("--text-mb", type=int, default=0)
    p.add_argument("--text")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    rng = random.Random(a.seed)
    if a.jsonl:
        with open(a.jsonl, "w", encoding="utf-8") as f:
            for i in range(a.rows):
                row = {"instruction": sentence(rng, 12), "input": sentence(rng, 20) if i % 3 == 0 else "",
                       "output": " ".join(sentence(rng, 14) for _ in range(9))}
                f.write(json.dumps(row) + "\n")
    if a.text:
        target = a.text_mb << 20
        written = 0
        # A paragraph pool reused in rotation keeps generation fast; the importer still
        # reads and writes every byte.
        pool = ["\n".join(sentence(rng, 15) for _ in range(6)) + "\n\n" for _ in range(5000)]
        with open(a.text, "w", encoding="utf-8") as f:
            i = 0
            while written < target:
                chunk = pool[i % len(pool)]
                f.write(chunk)
                written += len(chunk)
                i += 1


if __name__ == "__main__":
    main()
