#!/usr/bin/python3
"""The evaluation benchmark's peer: GPT-2 in plain PyTorch eager mode (Debian's
python3-torch, the same LibTorch 1.13 as llmwb) scoring the items `llmwb bench eval
--export DIR` wrote, with the weights it wrote (DIR/model.safetensors, Hugging Face
GPT-2 names), for the ratios printed by bench/compare_eval.sh.

Multiple choice the way lm-evaluation-harness scores loglikelihood requests (batch 1):
each ending through one full forward of context + ending (all but the last token), a
log-softmax over every position, the ending's targets gathered and summed.

Perplexity the way Hugging Face's perplexity guide runs its sliding window: one full
forward of each window, logits for every position, cross-entropy with the targets an
earlier window scored masked out (-100). The windows are llmwb's (window j reads tokens
[j*stride, j*stride + window) and predicts the token after each), so both score the
same tokens from the same contexts and their perplexities agree.

Prints a human line, then one JSON line."""
import argparse
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_peer_pytorch import Block  # noqa: E402  the training peer's eager GPT-2 block


def read_safetensors(path):
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        data = f.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        assert entry["dtype"] == "F32", f"{name}: expected F32, got {entry['dtype']}"
        start, end = entry["data_offsets"]
        array = np.frombuffer(data[start:end], dtype=np.float32).reshape(entry["shape"])
        tensors[name.removeprefix("transformer.")] = torch.from_numpy(array.copy())
    return tensors


class GPT(nn.Module):
    def __init__(self, config, tensors):
        super().__init__()
        d, heads, context = config["n_embd"], config["n_head"], config["n_positions"]
        self.wte = nn.Embedding(config["vocab_size"], d)
        self.wpe = nn.Embedding(context, d)
        self.h = nn.ModuleList([Block(d, heads, context) for _ in range(config["n_layer"])])
        self.ln_f = nn.LayerNorm(d)
        with torch.no_grad():
            self.wte.weight.copy_(tensors["wte.weight"])
            self.wpe.weight.copy_(tensors["wpe.weight"])
            self.ln_f.weight.copy_(tensors["ln_f.weight"])
            self.ln_f.bias.copy_(tensors["ln_f.bias"])
            for i, block in enumerate(self.h):
                p = f"h.{i}."
                for ours, theirs in (("ln_1", "ln_1"), ("ln_2", "ln_2")):
                    getattr(block, ours).weight.copy_(tensors[p + theirs + ".weight"])
                    getattr(block, ours).bias.copy_(tensors[p + theirs + ".bias"])
                # Hugging Face's Conv1D stores (in, out): nn.Linear wants the transpose.
                for ours, theirs in (("c_attn", "attn.c_attn"), ("c_proj", "attn.c_proj"),
                                     ("c_fc", "mlp.c_fc"), ("mlp_proj", "mlp.c_proj")):
                    getattr(block, ours).weight.copy_(tensors[p + theirs + ".weight"].t())
                    getattr(block, ours).bias.copy_(tensors[p + theirs + ".bias"])

    def forward(self, idx):
        t = idx.size(1)
        x = self.wte(idx) + self.wpe(torch.arange(t))
        for block in self.h:
            x = block(x)
        return F.linear(self.ln_f(x), self.wte.weight)


def score_ending(model, context, ending):
    """lm-evaluation-harness's loglikelihood: one forward of context + ending[:-1]."""
    tokens = context + ending
    logprobs = F.log_softmax(model(torch.tensor([tokens[:-1]])), dim=-1)[0]
    rows = logprobs[len(context) - 1:]
    return rows.gather(1, torch.tensor(ending).unsqueeze(1)).sum().item()


def perplexity(model, tokens, window, stride):
    """Hugging Face's perplexity guide's loop over llmwb's windows."""
    nll, scored, windows, scored_up_to = 0.0, 0, 0, 0
    begin = 0
    while scored_up_to < len(tokens) - 1:
        end = min(begin + window, len(tokens) - 1)
        inputs = torch.tensor([tokens[begin:end]])
        targets = torch.tensor([tokens[begin + 1:end + 1]])
        targets[:, :scored_up_to - begin] = -100  # scored by an earlier window
        logits = model(inputs)
        nll += F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1), ignore_index=-100,
                               reduction="sum").item()
        scored += end - scored_up_to
        scored_up_to = end
        windows += 1
        begin += stride
    return math.exp(nll / scored), windows, scored


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", help="what `llmwb bench eval --export` wrote")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    with open(f"{args.folder}/config.json") as f:
        config = json.load(f)
    with open(f"{args.folder}/items.json") as f:
        items = json.load(f)
    model = GPT(config, read_safetensors(f"{args.folder}/model.safetensors")).eval()
    mc = items["mc"]
    with torch.no_grad():
        for ending in mc[0]["endings"]:  # warm-up, as llmwb scores one item untimed
            score_ending(model, mc[0]["context"], ending)
        start = time.perf_counter()
        logprob_sum = sum(score_ending(model, item["context"], e) for item in mc for e in item["endings"])
        mc_seconds = time.perf_counter() - start
        p = items["perplexity"]
        start = time.perf_counter()
        ppl, windows, scored = perplexity(model, p["tokens"], p["window"], p["stride"])
        ppl_seconds = time.perf_counter() - start
    print(f"peer: {len(mc)} items in {mc_seconds:.2f} s ({len(mc) / mc_seconds:.2f} items/s); perplexity "
          f"{windows} windows in {ppl_seconds:.2f} s ({windows / ppl_seconds:.3f} windows/s, perplexity {ppl:.3f}); "
          f"{args.threads} threads")
    print(json.dumps({"bench": "eval_peer", "threads": args.threads, "mc_items": len(mc), "mc_seconds": mc_seconds,
                      "mc_items_per_s": len(mc) / mc_seconds, "mc_logprob_sum": logprob_sum,
                      "ppl_windows": windows, "ppl_seconds": ppl_seconds, "ppl_windows_per_s": windows / ppl_seconds,
                      "ppl_tokens_per_s": scored / ppl_seconds, "ppl_scored_tokens": scored, "perplexity": ppl}))


if __name__ == "__main__":
    main()
