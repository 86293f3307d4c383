#!/usr/bin/python3
"""The training benchmark's peer: the same GPT-2-style model and training step in plain
PyTorch eager mode (Debian's python3-torch, the same LibTorch 1.13 as llmwb), for the
ratio reported by bench/compare_train.sh.

Same shape, threads, random tokens, AdamW (decoupled weight decay on matrices only,
betas 0.9/0.95) and gradient clipping at 1.0 as `llmwb bench train`. Attention is the
usual eager formulation with a causal mask (PyTorch 1.13 has no fused attention).
Prints a human line, then one JSON line."""
import argparse
import json
import math
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, d, heads, context):
        super().__init__()
        self.heads = heads
        self.ln_1 = nn.LayerNorm(d)
        self.c_attn = nn.Linear(d, 3 * d)
        self.c_proj = nn.Linear(d, d)
        self.ln_2 = nn.LayerNorm(d)
        self.c_fc = nn.Linear(d, 4 * d)
        self.mlp_proj = nn.Linear(4 * d, d)
        self.register_buffer("mask", torch.tril(torch.ones(context, context)).view(1, 1, context, context))

    def attention(self, x):
        b, t, c = x.size()
        q, k, v = self.c_attn(x).split(c, dim=2)
        q = q.view(b, t, self.heads, c // self.heads).transpose(1, 2)
        k = k.view(b, t, self.heads, c // self.heads).transpose(1, 2)
        v = v.view(b, t, self.heads, c // self.heads).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        att = att.masked_fill(self.mask[:, :, :t, :t] == 0, float("-inf"))
        att = F.softmax(att, dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(b, t, c)
        return self.c_proj(y)

    def forward(self, x):
        x = x + self.attention(self.ln_1(x))
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))


class GPT(nn.Module):
    def __init__(self, layers, d, heads, context, vocab):
        super().__init__()
        self.wte = nn.Embedding(vocab, d)
        self.wpe = nn.Embedding(context, d)
        self.h = nn.ModuleList([Block(d, heads, context) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(d)
        for name, p in self.named_parameters():
            if p.dim() > 1:
                nn.init.normal_(p, 0.0, 0.02)

    def forward(self, idx, targets):
        t = idx.size(1)
        x = self.wte(idx) + self.wpe(torch.arange(t))
        for block in self.h:
            x = block(x)
        logits = F.linear(self.ln_f(x), self.wte.weight)
        # -1 marks a target without loss (the fine-tuning peer's prompt tokens).
        return F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1), ignore_index=-1)


def matmul_peak(threads):
    best = 0.0
    for n in (1024, 2048):
        a, b = torch.randn(n, n), torch.randn(n, n)
        c = a @ b
        for _ in range(3):
            start = time.perf_counter()
            for _ in range(4):
                torch.mm(a, b, out=c)
            best = max(best, 2.0 * n ** 3 * 4 / (time.perf_counter() - start) / 1e9)
    return best


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--n-layer", type=int, default=6)
    p.add_argument("--d-model", type=int, default=384)
    p.add_argument("--n-head", type=int, default=6)
    p.add_argument("--context", type=int, default=256)
    p.add_argument("--vocab", type=int, default=8192)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--foreach", choices=("0", "1"), default="0",
                   help="torch.optim.AdamW's multi-tensor (foreach) implementation: 1 = on")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    model = GPT(a.n_layer, a.d_model, a.n_head, a.context, a.vocab)
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                                  lr=3e-4, betas=(0.9, 0.95), eps=1e-8, foreach=a.foreach == "1")
    tokens = torch.randint(a.vocab, (a.batch, a.context + 1))
    x, y = tokens[:, :-1].contiguous(), tokens[:, 1:].contiguous()
    times, losses = [], []
    for step in range(a.warmup + a.steps):
        start = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        loss = model(x, y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        ms = (time.perf_counter() - start) * 1000
        if step >= a.warmup:
            times.append(ms)
            losses.append(loss.item())
    ms = statistics.median(times)
    params = sum(p.numel() for p in model.parameters())
    matmul = a.n_layer * (a.d_model * 3 * a.d_model + a.d_model ** 2 + 8 * a.d_model ** 2) + a.vocab * a.d_model
    flops_per_token = 6.0 * matmul + 12.0 * a.n_layer * a.d_model * a.context
    tokens_per_step = a.batch * a.context
    gflops = flops_per_token * tokens_per_step / (ms / 1000) / 1e9
    peak = matmul_peak(a.threads)
    print(f"pytorch eager {torch.__version__}: {ms:.1f} ms/step, {tokens_per_step / ms * 1000:.0f} tokens/s, "
          f"{gflops:.1f} GFLOP/s = {100 * gflops / peak:.1f}% of {peak:.1f} GFLOP/s, {a.threads} threads, "
          f"AdamW foreach={a.foreach}")
    print(json.dumps({"bench": "train_peer_pytorch", "torch": torch.__version__, "parameters": params,
                      "step_ms": times, "ms_per_step": ms, "tokens_per_s": tokens_per_step / ms * 1000,
                      "achieved_gflops": gflops, "peak_gflops": peak, "mfu": gflops / peak, "threads": a.threads,
                      "adamw_foreach": a.foreach == "1", "losses": losses}))


if __name__ == "__main__":
    main()
