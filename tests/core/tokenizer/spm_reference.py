#!/usr/bin/python3
"""Encodes texts with Debian's python3-sentencepiece, as the reference for the
sentencepiece tests: the same .model file must give the same ids through the
workbench's runtime-loaded module.

Usage: spm_reference.py <tokenizer.model> <input.json>
input.json: a list of {"text": str, ...}. Prints a JSON list holding the ids of each text.
"""
import json
import sys

import sentencepiece


def main():
    processor = sentencepiece.SentencePieceProcessor(model_file=sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as f:
        items = json.load(f)
    json.dump([processor.encode(item["text"]) for item in items], sys.stdout)


if __name__ == "__main__":
    main()
