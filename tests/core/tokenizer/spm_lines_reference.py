#!/usr/bin/python3
"""Encodes texts line by line with Debian's python3-sentencepiece, as the reference for
the workbench's line-by-line sentencepiece encoding of long texts.

A whole text in one sentencepiece call is not a usable reference there: sentencepiece's
unigram search adds path scores in float, so over tens of kilobytes the sums lose the
precision that decides near ties, and a line's tokens come to depend on text far before
it. Here each line is encoded with only a newline before it: the ids of "\\n" + line
whose pieces begin after that newline (the dummy "▁", the newline's own piece, and an
<unk> that merges the newline with unknown characters after it belong to the line
before, as in the whole text). The first line is encoded as it is.

Usage: spm_lines_reference.py <tokenizer.model> <input.json>
input.json: a list of {"text": str, ...}. Prints a JSON list holding the ids of each text.
"""
import json
import sys

import sentencepiece


def encode_by_lines(processor, text):
    lines = text.split("\n")
    # Each line keeps its newline, except the last (which has none, or is empty).
    lines = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    ids = []
    for i, line in enumerate(lines):
        if i == 0:
            ids += processor.encode(line)
            continue
        encoded = processor.encode_as_immutable_proto("\n" + line)
        ids += [piece.id for piece in encoded.pieces if piece.begin >= 1]
    return ids


def main():
    processor = sentencepiece.SentencePieceProcessor(model_file=sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as f:
        items = json.load(f)
    json.dump([encode_by_lines(processor, item["text"]) for item in items], sys.stdout)


if __name__ == "__main__":
    main()
