#!/usr/bin/python3
"""The fine-tuning benchmark's peer: full fine-tuning and LoRA in plain PyTorch eager mode
(Debian's python3-torch, the same LibTorch 1.13 as llmwb), for the ratios reported by
bench/compare_finetune.sh.

LoRA is written by hand the way "Build a Large Language Model (From Scratch)", appendix E,
writes it: a LoRALayer holding A (in x rank, Kaiming-uniform) and B (rank x out, zeros),
a LinearWithLoRA that adds it to a frozen nn.Linear; here scaled by alpha / rank, as
PEFT and llmwb scale it. Every linear map of the blocks gets one (the output head does
not), the rest of the model is frozen. Full fine-tuning trains every weight.

Rows are random tokens, every row `context` inputs long, with loss on the second half
of each row (the answer), as `llmwb bench finetune` draws them with --min-length and
--max-length equal to context + 1. AdamW (betas 0.9/0.999, no weight decay) and
gradient clipping at 1.0, as llmwb's fine-tuning defaults. Prints a human line, then one
JSON line."""
import argparse
import json
import math
import os
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_peer_pytorch import GPT  # noqa: E402  the same GPT-2 model as the training peer


class LoRALayer(nn.Module):
    def __init__(self, in_dim, out_dim, rank, alpha):
        super().__init__()
        self.A = nn.Parameter(torch.empty(in_dim, rank))
        nn.init.kaiming_uniform_(self.A, a=math.sqrt(5))
        self.B = nn.Parameter(torch.zeros(rank, out_dim))
        self.scale = alpha / rank

    def forward(self, x):
        return self.scale * (x @ self.A @ self.B)


class LinearWithLoRA(nn.Module):
    def __init__(self, linear, rank, alpha):
        super().__init__()
        self.linear = linear
        self.lora = LoRALayer(linear.in_features, linear.out_features, rank, alpha)

    def forward(self, x):
        return self.linear(x) + self.lora(x)


class RMSNorm(nn.Module):
    def __init__(self, d, eps=1e-5):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(d))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rope_tables(head_dim, context, theta=10000.0):
    inv = 1.0 / theta ** (torch.arange(0, head_dim, 2).float() / head_dim)
    angles = torch.outer(torch.arange(context).float(), inv)
    angles = torch.cat([angles, angles], dim=-1)
    return angles.cos(), angles.sin()


def rotate(x, cos, sin):
    half = x.size(-1) // 2
    rotated = torch.cat([-x[..., half:], x[..., :half]], dim=-1)
    return x * cos + rotated * sin


class LlamaBlock(nn.Module):
    def __init__(self, d, heads, d_ff):
        super().__init__()
        self.heads = heads
        self.attn_norm = RMSNorm(d)
        self.q_proj, self.k_proj, self.v_proj = (nn.Linear(d, d, bias=False) for _ in range(3))
        self.o_proj = nn.Linear(d, d, bias=False)
        self.mlp_norm = RMSNorm(d)
        self.gate_proj = nn.Linear(d, d_ff, bias=False)
        self.up_proj = nn.Linear(d, d_ff, bias=False)
        self.down_proj = nn.Linear(d_ff, d, bias=False)

    def forward(self, x, cos, sin, mask):
        b, t, c = x.size()
        h = self.attn_norm(x)
        q, k, v = (p(h).view(b, t, self.heads, c // self.heads).transpose(1, 2)
                   for p in (self.q_proj, self.k_proj, self.v_proj))
        q, k = rotate(q, cos[:t], sin[:t]), rotate(k, cos[:t], sin[:t])
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        att = F.softmax(att.masked_fill(mask[:t, :t], float("-inf")), dim=-1)
        x = x + self.o_proj((att @ v).transpose(1, 2).contiguous().view(b, t, c))
        h = self.mlp_norm(x)
        return x + self.down_proj(F.silu(self.gate_proj(h)) * self.up_proj(h))


class Llama(nn.Module):
    """Llama-family decoder with tied embeddings (llmwb's llama-124m shape)."""

    def __init__(self, layers, d, heads, d_ff, context, vocab):
        super().__init__()
        self.wte = nn.Embedding(vocab, d)
        self.h = nn.ModuleList([LlamaBlock(d, heads, d_ff) for _ in range(layers)])
        self.norm = RMSNorm(d)
        cos, sin = rope_tables(d // heads, context)
        self.register_buffer("cos", cos)
        self.register_buffer("sin", sin)
        self.register_buffer("mask", torch.triu(torch.ones(context, context, dtype=torch.bool), diagonal=1))
        for p in self.parameters():
            if p.dim() > 1:
                nn.init.normal_(p, 0.0, 0.02)

    def forward(self, idx, targets):
        x = self.wte(idx)
        for block in self.h:
            x = block(x, self.cos, self.sin, self.mask)
        logits = F.linear(self.norm(x), self.wte.weight)
        return F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1), ignore_index=-1)


def add_lora(model, rank, alpha):
    for p in model.parameters():
        p.requires_grad_(False)
    for block in model.h:
        for name, child in list(block.named_children()):
            if isinstance(child, nn.Linear):
                setattr(block, name, LinearWithLoRA(child, rank, alpha))


def rss_bytes(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) * 1024
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--family", choices=("gpt2", "llama"), default="gpt2")
    p.add_argument("--n-layer", type=int, default=12)
    p.add_argument("--d-model", type=int, default=768)
    p.add_argument("--n-head", type=int, default=12)
    p.add_argument("--d-ff", type=int, default=2048, help="llama only")
    p.add_argument("--model-context", type=int, default=1024)
    p.add_argument("--vocab", type=int, default=50257)
    p.add_argument("--context", type=int, default=256)
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--steps", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--method", choices=("full", "lora"), default="lora")
    p.add_argument("--rank", type=int, default=8)
    p.add_argument("--alpha", type=float, default=16)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    rss_before = rss_bytes("VmRSS:")
    if a.family == "gpt2":
        model = GPT(a.n_layer, a.d_model, a.n_head, a.model_context, a.vocab)
    else:
        model = Llama(a.n_layer, a.d_model, a.n_head, a.d_ff, a.model_context, a.vocab)
    total = sum(p.numel() for p in model.parameters())
    if a.method == "lora":
        add_lora(model, a.rank, a.alpha)
    trainable = [p for p in model.parameters() if p.requires_grad]
    lr = 2e-4 if a.method == "lora" else 2e-5
    optimizer = torch.optim.AdamW(trainable, lr=lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0)
    model.train()
    tokens = torch.randint(a.vocab, (a.batch, a.context + 1))
    x, y = tokens[:, :-1].contiguous(), tokens[:, 1:].clone()
    y[:, : (a.context + 1) // 2 - 1] = -1  # the prompt half receives no loss
    times, losses = [], []
    for step in range(a.warmup + a.steps):
        start = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        loss = model(x, y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        ms = (time.perf_counter() - start) * 1000
        if step >= a.warmup:
            times.append(ms)
            losses.append(loss.item())
    ms = statistics.median(times)
    tokens_per_step = a.batch * a.context
    n_trainable = sum(p.numel() for p in trainable)
    state_bytes = sum(t.nelement() * t.element_size() for s in optimizer.state.values()
                      for t in s.values() if torch.is_tensor(t) and t.dim() > 0)
    weight_bytes = sum(p.nelement() * p.element_size() for p in model.parameters())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"pytorch eager {torch.__version__} {a.family} {a.method}: {ms:.1f} ms/step, "
          f"{tokens_per_step / ms * 1000:.0f} tokens/s, {n_trainable} trainable, {a.threads} threads")
    print(json.dumps({"bench": "finetune_peer_pytorch", "torch": torch.__version__, "family": a.family,
                      "method": a.method, "threads": a.threads, "batch": a.batch, "context": a.context,
                      "total_parameters": total, "trainable_parameters": n_trainable, "step_ms": times,
                      "ms_per_step": ms, "tokens_per_step": tokens_per_step,
                      "tokens_per_s": tokens_per_step / ms * 1000, "weight_bytes": weight_bytes,
                      "optimizer_state_bytes": state_bytes, "rss_before_bytes": rss_before,
                      "peak_rss_bytes": peak, "losses": losses}))


if __name__ == "__main__":
    main()
