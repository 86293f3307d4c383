#!/usr/bin/python3
"""Writes the seed corpus of fuzz_sentencepiece_model (tests/fuzz/corpus/sentencepiece_model/):
two small models trained by Debian's python3-sentencepiece, one without normalisation
and one whose precompiled character map sentencepiece builds from three rules.

    /usr/bin/python3 tests/fuzz/write_sentencepiece_seeds.py tests/fuzz/corpus/sentencepiece_model
"""
import io
import os
import sys
import tempfile

import sentencepiece as spm

TEXT = "\n".join(
    ["the quick brown fox jumps over the lazy dog %d" % i for i in range(50)]
    + ["Xin chào thế giới, tiếng Việt có dấu."] * 10
)
# source code points -> target code points (hex), as sentencepiece's rule TSV files say.
RULES = "41\t61\n42\t62\nFF21\t61\n"


def train(folder, name, **options):
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        input=os.path.join(folder, "text.txt"), model_writer=model, vocab_size=64,
        model_type="bpe", minloglevel=2, **options)
    return model.getvalue()


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        with open(os.path.join(work, "text.txt"), "w", encoding="utf-8") as f:
            f.write(TEXT)
        with open(os.path.join(work, "rules.tsv"), "w", encoding="utf-8") as f:
            f.write(RULES)
        models = {
            "identity.model": train(work, "identity", normalization_rule_name="identity"),
            "three_rules.model": train(work, "rules", normalization_rule_tsv=os.path.join(work, "rules.tsv")),
        }
    for name, data in models.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        print("%s (%d bytes)" % (os.path.join(out, name), len(data)))


if __name__ == "__main__":
    main()
