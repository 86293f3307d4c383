#!/usr/bin/python3
"""Reference token ids and loss flags of conversations rendered for training with
GPT-2's byte-level BPE, written from the documented rules and not from the C++ code:

  - the chat template formats (core/generate/chat_template.h) fill {content} and {role};
    the assistant format splits at {content} into a cue and an end;
  - in loss mode "assistant" an assistant message's content and its end receive loss,
    in mode "all" everything does;
  - GPT-2's vocabulary has only one special token, <|endoftext|> (50256), so no template
    end marker is a special token and 50256 follows every assistant message's end;
  - the text between those tokens is encoded in one piece (special-token text allowed);
    a token receives loss if any of its bytes lies in a piece that does.

Usage: loss_mask_reference.py <encoder.json> <vocab.bpe> <cases.json>
cases.json: a list of {"template": {bos, system, user, assistant, default_system},
"messages": [{role, content}], "loss": "assistant"|"all"}. Prints a JSON list of
{"ids": [...], "loss": [0|1, ...]}, one per case.

Needs the `regex` module; run it with Debian's /usr/bin/python3 (python3-regex).
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tokenizer"))
from gpt2_reference import Encoder, bytes_to_unicode  # noqa: E402

EOS = 50256


def fill(fmt, role, content):
    out = []
    i = 0
    while i < len(fmt):
        if fmt.startswith("{{", i) or fmt.startswith("}}", i):
            out.append(fmt[i])
            i += 2
        elif fmt.startswith("{content}", i):
            out.append(content)
            i += len("{content}")
        elif fmt.startswith("{role}", i):
            out.append(role)
            i += len("{role}")
        else:
            out.append(fmt[i])
            i += 1
    return "".join(out)


def pieces_of(template, messages, all_loss):
    """A list of (text or None for the end-of-text token, loss)."""
    marker = "\x00CONTENT\x00"
    cue, end = fill(template["assistant"], "assistant", marker).split(marker, 1)
    pieces = []
    if template.get("bos"):
        pieces.append((template["bos"], all_loss))
    if template.get("default_system") and (not messages or messages[0]["role"] != "system"):
        messages = [{"role": "system", "content": template["default_system"]}] + messages
    for m in messages:
        if m["role"] == "assistant":
            pieces.append((cue, all_loss))
            pieces.append((m["content"] + end, True))
            pieces.append((None, True))
        else:
            pieces.append((fill(template[m["role"]], m["role"], m["content"]), all_loss))
    return [(text, loss) for text, loss in pieces if text != ""]


def token_bytes(encoder, byte_decoder, token_id):
    if token_id == EOS:
        return b"<|endoftext|>"
    return bytes(byte_decoder[c] for c in encoder[token_id])


def shape(enc, decoder, byte_decoder, case):
    ids, flags = [], []
    run = []  # (bytes, loss) of the text since the last end-of-text token

    def flush():
        text = b"".join(b for b, _ in run)
        if not text:
            return
        bounds, start = [], 0
        for b, loss in run:
            bounds.append((start, start + len(b), loss))
            start += len(b)
        offset = 0
        for t in enc.encode(text.decode("utf-8"), ["<|endoftext|>"]):
            width = len(token_bytes(decoder, byte_decoder, t))
            lo, hi = offset, offset + width
            offset = hi
            ids.append(t)
            flags.append(1 if any(loss and a < hi and lo < b for a, b, loss in bounds) else 0)

    for text, loss in pieces_of(case["template"], case["messages"], case["loss"] == "all"):
        if text is None:
            flush()
            run.clear()
            ids.append(EOS)
            flags.append(1)
        else:
            run.append((text.encode("utf-8"), loss))
    flush()
    return {"ids": ids, "loss": flags}


def main():
    vocab_path, merges_path, cases_path = sys.argv[1:4]
    with open(vocab_path, encoding="utf-8") as f:
        encoder = json.load(f)
    with open(merges_path, encoding="utf-8") as f:
        merges = [tuple(line.split()) for line in f.read().split("\n")[1:-1]]
    enc = Encoder(encoder, merges)
    decoder = {v: k for k, v in encoder.items()}
    byte_decoder = {v: k for k, v in bytes_to_unicode().items()}
    with open(cases_path, encoding="utf-8") as f:
        cases = json.load(f)
    json.dump([shape(enc, decoder, byte_decoder, c) for c in cases], sys.stdout)


if __name__ == "__main__":
    main()
