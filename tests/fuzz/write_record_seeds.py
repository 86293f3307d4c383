#!/usr/bin/python3
"""Writes the seed corpora of the record importer's, text repair's and packed sequence
files' fuzz targets (tests/fuzz/corpus/<name>/): small valid inputs, each starting with
the option bytes its harness takes. Compressed seeds come from Python's gzip module and
the zstd command-line tool; the packed sequence file is laid out here from the format's
description in core/shape/packed_sequence_file.h.

    /usr/bin/python3 tests/fuzz/write_record_seeds.py tests/fuzz/corpus
"""
import gzip
import json
import os
import struct
import subprocess
import sys

CORPUS = sys.argv[1]
SEPARATOR = b"\n--8<--\n"


def seed(target, name, data):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as out:
        out.write(data)


def zstd(data):
    return subprocess.run(["zstd", "-q", "-c", "-3"], input=data, stdout=subprocess.PIPE, check=True).stdout


JSONL = (
    '{"instruction": "Name a colour of the sky.", "output": "Blue, on a clear day."}\n'
    '{"text": "A line of plain text, with an accent: d\\u00e9j\\u00e0 vu."}\r\n'
    "\n"
    '{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello there."}]}\n'
    "not json at all\n"
).encode()

# utf8_validation: characters of every length, then the flaws the table rules out.
seed("utf8_validation", "mixed.txt", "plain, café, Tiếng Việt, 漢字, 𝄞 music\n".encode())
seed("utf8_validation", "flaws.bin", b"ok \xc0\xaf overlong \xed\xa0\x80 surrogate \xf4\x90\x80\x80 beyond \xe2\x82 cut")

# byte_source: option bit 0 zstd, bit 1 content compressed by the harness, bits 2-7 read size - 1.
seed("byte_source", "records.jsonl.gz", bytes([3 << 2]) + gzip.compress(JSONL, mtime=0) + gzip.compress(b'{"text": "second member"}\n', mtime=0))
seed("byte_source", "records.jsonl.zst", bytes([1 | 5 << 2]) + zstd(JSONL))
seed("byte_source", "parts_gzip", bytes([2 | 7 << 2]) + JSONL + SEPARATOR + b"" + SEPARATOR + b"tail without newline")
seed("byte_source", "parts_zstd", bytes([3 | 1 << 2]) + JSONL * 4 + SEPARATOR + b"x" * 300)

# line_reader: chunk size - 1, line limit - 1, then the lines.
seed("line_reader", "crlf.txt", bytes([4, 40]) + b"first line\r\nsecond\n\n\r\nlast line without a break\r")
seed("line_reader", "long_line.txt", bytes([63, 15]) + b"short\n" + b"a line longer than sixteen bytes\nend\n")

# json_array: bit 0 dumped (else raw), bits 1-5 chunk size - 1; raw files take the element limit - 8 next.
ARRAY = json.dumps([
    {"instruction": "Add two and three.", "output": "Five."},
    {"prompt": "Pick a fruit.", "chosen": "An apple.", "rejected": "A stone.", "tags": ["a", "[b]", "{c}"]},
    "a bare string, with \"quotes\" and ]",
    12.5, True, None, [1, [2, [3]]],
], indent=2).encode()
seed("json_array", "array.json", bytes([6 << 1, 200]) + ARRAY)
seed("json_array", "object.json", bytes([1 << 1, 120]) + b'\xef\xbb\xbf {"text": "one object alone"} \n')
seed("json_array", "dumped", bytes([1 | 9 << 1]) + b'first line\n{"nested": [1, 2]}\n"a string"\n\nlast')

# csv: bit 0 written records, bit 1 tab, bits 2-6 chunk size - 1, bit 7 quote every field.
seed("csv", "quoted.csv", bytes([4 << 2]) + b'\xef\xbb\xbfquestion,choices,answer\r\n'
     b'"Which, of these?","[\'red\', \'a \\"blue\\" one\']",1\n'
     b'"Two\nlines",plain,0\n\nshort,row\n')
seed("csv", "plain.tsv", bytes([2 | 7 << 2]) + b"text\tlabel\nno quotes here\t1\r\n\ttwo\n")
seed("csv", "written", bytes([1 | 3 << 2]) + b"name\x1fnote\nAda\x1fwrote \"notes\", many\nGrace\x1f\nend\r")
seed("csv", "written_quoted", bytes([1 | 2 | 128]) + b"a\x1fb\x1fc\n1\x1f2\x1f3\n\n")

# source_rows: bits 0-2 format (txt paragraph, md line, text file, jsonl, json, csv, tsv, mapped csv),
# bits 3-7 longest text record / 16 - 1.
TEXT = "A first paragraph\nwith two lines.\n\n  \nA second paragraph, accented: naïve.\n".encode()
seed("source_rows", "paragraphs.txt", bytes([0 | 2 << 3]) + TEXT + b"bad \xff byte\n")
seed("source_rows", "lines.md", bytes([1 | 31 << 3]) + TEXT)
seed("source_rows", "whole.text", bytes([2 | 0 << 3]) + TEXT)
seed("source_rows", "records.jsonl", bytes([3]) + JSONL)
seed("source_rows", "array.json", bytes([4]) + ARRAY)
seed("source_rows", "mc.csv", bytes([5]) + b'question,choices,answer\n"Pick one","[\'x\', \'y\']",B\nonly,two\n')
seed("source_rows", "alpaca.tsv", bytes([6]) + b"instruction\tinput\toutput\nSay hi.\t\tHi!\n")
seed("source_rows", "mapped.csv", bytes([7]) + b"body,question,output\nsome text,Ask?,Answer.\n")

# record_layout: bit 0 list literal (bit 1 single quotes, bit 2 spaces), else one JSON row.
ROWS = [
    {"text": "Plain text."},
    {"instruction": "Translate.", "input": "bonjour", "response": "hello", "system": "Be brief."},
    {"conversations": [{"from": "human", "value": "Hi"}, {"from": "gpt", "value": "Hello"}]},
    {"messages": [{"role": "system", "content": "S"}, {"role": "user", "content": "U"}, {"role": "assistant", "content": "A"}]},
    {"prompt": [{"role": "user", "content": "Q"}], "chosen": [{"role": "user", "content": "Q"},
     {"role": "assistant", "content": "good"}], "rejected": "bad"},
    {"question": "2 + 2?", "A": "3", "B": "4", "C": 5, "answer": "B"},
    {"question": "Which?", "choices": "['one', \"two\", 'it\\'s three']", "answer": "2"},
]
for i, row in enumerate(ROWS):
    seed("record_layout", "row%d.json" % i, bytes([0]) + json.dumps(row).encode())
seed("record_layout", "literal_single", bytes([1 | 2 | 4]) + b"it's\x1fa \"quoted\" word\x1fback\\slash\x1fnew\nline")
seed("record_layout", "literal_double", bytes([1]) + b"x\x1f\x1f\ttab")

# record_json: one stored record of each kind.
STORED = [
    {"text": "stored", "source": {"file": "a.txt", "line": 3}},
    {"messages": [{"role": "user", "content": "U"}, {"role": "assistant", "content": "A"}]},
    {"prompt": [{"role": "user", "content": "Q"}], "chosen": [{"role": "assistant", "content": "yes"}],
     "rejected": [{"role": "assistant", "content": "no"}], "source": {"file": "p.json", "line": 1}},
    {"question": "Q?", "choices": ["a", "b", "c"], "answer": 2},
]
for i, record in enumerate(STORED):
    seed("record_json", "record%d.json" % i, json.dumps(record).encode())

# splits: the row count, then the file.
seed("splits", "three_rows.txt", bytes([3]) + b"train\nvalidation\r\ntest\n")
seed("splits", "wrong_count.txt", bytes([2]) + b"train\ntrain\ntest")

# text_repair: mojibake once and twice, decomposed marks, a lost cp1252 byte, clean text.
seed("text_repair", "mojibake.txt", "cafÃ© and naÃ¯ve".encode())
seed("text_repair", "twice.txt", "Ti\u00c3\u0192\u00c2\u00aa\u00c3\u0192\u00c2\u00a1ng".encode())
seed("text_repair", "decomposed.txt", "Vie\u0302\u0323t Nam, e\u0301".encode())
seed("text_repair", "vietnamese_mojibake.txt", "Tiáº¿ng Viá»‡t".encode())
seed("text_repair", "lost_byte.bin", b"Ch\xc3? v\xe1\xbb\x9bi b\xc3\xa1n")

# fix_text_file: UTF-8 with damaged lines, windows-1252, UTF-16LE with its mark.
seed("fix_text_file", "utf8.txt", "clean line\ncafÃ© line\r\nVie\u0302\u0323t\nno break at the end".encode())
seed("fix_text_file", "cp1252.txt", "Le caf\u00e9 co\u00fbte 3\u20ac \u2014 c\u2019est \u00e0 c\u00f4t\u00e9.\n"
     "Une deuxi\u00e8me ligne, tr\u00e8s fran\u00e7aise.\n".encode("cp1252") * 3)
seed("fix_text_file", "utf16.txt", "\ufeffhello\r\nwörld\n".encode("utf-16-le"))


def packed(kind, rows, vocab, eos, context):
    """A packed sequence file: rows are (row index, [(ids, loss flags) per sequence])."""
    sequences = [s for _, seqs in rows for s in seqs]
    offsets = [0]
    for ids, _ in sequences:
        offsets.append(offsets[-1] + len(ids))
    header = b"LWSEQ\0\0" + bytes([1]) + struct.pack("<IIQQQQQ", kind, context, len(rows), len(sequences),
                                                     offsets[-1], vocab, eos + 1) + bytes(8)
    body = b"".join(struct.pack("<Q", o) for o in offsets)
    body += b"".join(struct.pack("<Q", index) for index, _ in rows)
    body += b"".join(struct.pack("<I", t) for ids, _ in sequences for t in ids)
    body += bytes(f for _, flags in sequences for f in flags)
    return header + body


# packed_sequence: bit 0 written by the harness (bit 1 preference, then the vocabulary byte).
seed("packed_sequence", "sft.seq", bytes([0]) + packed(1, [(0, [([5, 6, 7], [0, 1, 1])]), (4, [([9], [1])])], 16, 15, 8))
seed("packed_sequence", "preference.seq", bytes([0]) + packed(2, [(2, [([1, 2], [0, 1]), ([1, 3, 3], [0, 1, 1])])], 4, -1, 0))
seed("packed_sequence", "written_sft", bytes([1, 40]) + b"\x01\x02\x03\xff\x10\xff\xff\x20\x21")
seed("packed_sequence", "written_preference", bytes([3, 7]) + b"\x05\x06\xff\x07\xff\xff\xff\x08")
