#!/usr/bin/env python3
"""Reference statistics for the quality step, computed independently of the C++ code
(plain Python dictionaries and sets instead of hashed counters), on a public text and on
a seeded, very repetitive text with Vietnamese words.

Made with (from the repository root):
    python3 tests/core/filter/make_quality_reference.py ../shared/data/llms-from-scratch/the-verdict.txt \
        > tests/core/filter/quality_reference.json
"""
import json
import random
import sys

BULLETS = set("-*\u2022\u25cf\u25e6\u2023\u25aa\u00b7")


def word_stats(text):
    words = text.split()
    chars = sum(len(w) for w in words)
    return words, {
        "words": len(words),
        "word_chars": chars,
        "alpha_words": sum(1 for w in words if any(c.isalpha() for c in w)),
        "hash_symbols": text.count("#"),
        "ellipses": text.count("...") + text.count("\u2026"),
        "digits": sum(1 for c in text if c.isdecimal()),
    }


def line_stats(text):
    stats = dict.fromkeys(["lines", "line_chars", "bullet_lines", "ellipsis_lines", "duplicate_lines",
                           "duplicate_line_chars", "paragraphs", "paragraph_chars", "duplicate_paragraphs",
                           "duplicate_paragraph_chars"], 0)
    seen_lines, seen_paragraphs, paragraph = set(), set(), []

    def end_paragraph():
        if not paragraph:
            return
        key, chars = tuple(paragraph), sum(len(line) for line in paragraph)
        stats["paragraphs"] += 1
        stats["paragraph_chars"] += chars
        if key in seen_paragraphs:
            stats["duplicate_paragraphs"] += 1
            stats["duplicate_paragraph_chars"] += chars
        seen_paragraphs.add(key)
        paragraph.clear()

    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            end_paragraph()
            continue
        stats["lines"] += 1
        stats["line_chars"] += len(line)
        stats["bullet_lines"] += line[0] in BULLETS
        stats["ellipsis_lines"] += line.endswith("...") or line.endswith("\u2026")
        if line in seen_lines:
            stats["duplicate_lines"] += 1
            stats["duplicate_line_chars"] += len(line)
        seen_lines.add(line)
        paragraph.append(line)
    end_paragraph()
    return stats


def top_ngram_fraction(words, chars, n):
    counts, best, best_chars = {}, 0, 0
    for i in range(len(words) - n + 1):
        gram = tuple(words[i:i + n])
        counts[gram] = counts.get(gram, 0) + 1
        if counts[gram] > best:
            best, best_chars = counts[gram], sum(len(w) for w in gram)
    return best * best_chars / chars if best >= 2 else 0.0


def duplicate_ngram_fraction(words, chars, n):
    seen, covered = set(), [False] * len(words)
    for i in range(len(words) - n + 1):
        gram = tuple(words[i:i + n])
        if gram in seen:
            covered[i:i + n] = [True] * n
        seen.add(gram)
    return sum(len(w) for w, c in zip(words, covered) if c) / chars if chars else 0.0


def repetitive_text():
    rng = random.Random(7)
    vocabulary = ["tôi", "và", "đẹp", "nhà", "the", "cat", "sat", "on", "mat", "#1", "wait...", "42"]
    lines, paragraphs = [], []
    for _ in range(120):
        if paragraphs and rng.random() < 0.25:
            paragraphs.append(rng.choice(paragraphs))  # an exact repeat of an earlier paragraph
            continue
        paragraph = []
        for _ in range(rng.randint(1, 4)):
            if lines and rng.random() < 0.2:
                line = rng.choice(lines)  # an exact repeat of an earlier line
            else:
                line = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(3, 12)))
                if rng.random() < 0.15:
                    line = rng.choice(["- ", "\u2022 "]) + line
            lines.append(line)
            paragraph.append(line)
        paragraphs.append("\n".join(paragraph))
    return "\n\n".join(paragraphs) + "\n"


def reference(text):
    words, stats = word_stats(text)
    stats.update(line_stats(text))
    chars = stats["word_chars"]
    stats["top_ngram"] = {n: top_ngram_fraction(words, chars, n) for n in range(2, 5)}
    stats["duplicate_ngram"] = {n: duplicate_ngram_fraction(words, chars, n) for n in range(5, 11)}
    return stats


def main():
    verdict = open(sys.argv[1], encoding="utf-8").read()
    repetitive = repetitive_text()
    out = {
        "the-verdict": {"source": "llms-from-scratch/the-verdict.txt", "stats": reference(verdict)},
        "repetitive": {"text": repetitive, "stats": reference(repetitive)},
    }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
