#!/usr/bin/env python3
"""Independent reference for Hugging Face model folders, written from the published
architectures (GPT-2, Llama, Mistral, Qwen2 as transformers defines them), with its own
safetensors reader and writer. Used by the tests in this folder:

  hf_reference.py make  SPEC.json OUT_DIR   writes a tiny random model folder
  hf_reference.py logits DIR IDS.json       prints the logits of each id list (JSON)
  hf_reference.py tensors DIR               prints {name: [dtype, shape]} of the weights
  hf_reference.py batch JOBS.json           runs a list of the above in one process
                                            ({"make": SPEC, "out": DIR} | {"logits": DIR, "ids": [[...]]}
                                            | {"tensors": DIR} | {"greedy": DIR, "ids": [...], "steps": N}),
                                            prints the list of results

SPEC.json: {"family": "gpt2"|"llama"|"mistral"|"qwen2", "config": {config.json keys, head_dim
among them for Llama-family heads of their own width},
"dtype": "F32"|"F16"|"BF16", "shards": N, "seed": S, "lm_head": bool (write a copy of
a tied embedding), "extra": {name: shape} (unexpected tensors), "vector_dtype": dtype of
the 1-D tensors (norm gains, biases; default "dtype"), "dtypes": {name: dtype} (tensors
stored in another dtype than the rules above give)}.
E.g. bf16 matrices with float32 norms and biases, as many models are published:
{"family": "qwen2", "dtype": "BF16", "vector_dtype": "F32", ...}.
"""
import json
import math
import os
import struct
import sys

import torch

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}
NAMES = {v: k for k, v in DTYPES.items()}


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name, t in tensors:
        t = t.contiguous()
        raw = t.view(torch.int16).numpy().tobytes() if t.dtype == torch.bfloat16 else t.numpy().tobytes()
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    meta = header.pop("__metadata__", {})
    out = {}
    for name, e in header.items():
        begin, end = e["data_offsets"]
        raw = bytearray(data[8 + n + begin:8 + n + end])
        if e["dtype"] == "BF16":
            t = torch.frombuffer(raw, dtype=torch.int16).view(torch.bfloat16) if raw else torch.empty(0, dtype=torch.bfloat16)
        else:
            t = torch.frombuffer(raw, dtype=DTYPES[e["dtype"]]) if raw else torch.empty(0, dtype=DTYPES[e["dtype"]])
        out[name] = t.reshape(e["shape"])
    return out, meta


def read_folder(folder):
    index = os.path.join(folder, "model.safetensors.index.json")
    files = sorted(set(json.load(open(index))["weight_map"].values())) if os.path.exists(index) else ["model.safetensors"]
    tensors = {}
    metas = []
    for f in files:
        t, m = read_safetensors(os.path.join(folder, f))
        tensors.update(t)
        metas.append(m)
    return tensors, metas


# ------------------------------------------------------------------ tiny random models

def gpt2_tensors(c, g):
    d, L, V, P = c["n_embd"], c["n_layer"], c["vocab_size"], c["n_positions"]
    ff = c.get("n_inner") or 4 * d
    r = lambda *s: torch.randn(*s, generator=g, dtype=torch.float64) * 0.2
    t = [("transformer.wte.weight", r(V, d)), ("transformer.wpe.weight", r(P, d))]
    for i in range(L):
        p = f"transformer.h.{i}."
        t += [(p + "ln_1.weight", 1 + r(d)), (p + "ln_1.bias", r(d)),
              (p + "attn.c_attn.weight", r(d, 3 * d)), (p + "attn.c_attn.bias", r(3 * d)),
              (p + "attn.c_proj.weight", r(d, d)), (p + "attn.c_proj.bias", r(d)),
              (p + "ln_2.weight", 1 + r(d)), (p + "ln_2.bias", r(d)),
              (p + "mlp.c_fc.weight", r(d, ff)), (p + "mlp.c_fc.bias", r(ff)),
              (p + "mlp.c_proj.weight", r(ff, d)), (p + "mlp.c_proj.bias", r(d))]
    t += [("transformer.ln_f.weight", 1 + r(d)), ("transformer.ln_f.bias", r(d))]
    return t


def llama_tensors(c, family, g):
    d, L, V = c["hidden_size"], c["num_hidden_layers"], c["vocab_size"]
    H = c["num_attention_heads"]
    KV = c.get("num_key_value_heads", H)
    hd = c.get("head_dim") or d // H
    ff = c["intermediate_size"]
    r = lambda *s: torch.randn(*s, generator=g, dtype=torch.float64) * 0.2
    t = [("model.embed_tokens.weight", r(V, d))]
    for i in range(L):
        p = f"model.layers.{i}."
        t += [(p + "input_layernorm.weight", 1 + r(d)),
              (p + "self_attn.q_proj.weight", r(H * hd, d)),
              (p + "self_attn.k_proj.weight", r(KV * hd, d)),
              (p + "self_attn.v_proj.weight", r(KV * hd, d)),
              (p + "self_attn.o_proj.weight", r(d, H * hd)),
              (p + "post_attention_layernorm.weight", 1 + r(d)),
              (p + "mlp.gate_proj.weight", r(ff, d)),
              (p + "mlp.up_proj.weight", r(ff, d)),
              (p + "mlp.down_proj.weight", r(d, ff))]
        if family == "qwen2":
            t += [(p + "self_attn.q_proj.bias", r(H * hd)), (p + "self_attn.k_proj.bias", r(KV * hd)),
                  (p + "self_attn.v_proj.bias", r(KV * hd))]
    t += [("model.norm.weight", 1 + r(d))]
    if not c.get("tie_word_embeddings", False):
        t += [("lm_head.weight", r(V, d))]
    return t


ARCH = {"gpt2": "GPT2LMHeadModel", "llama": "LlamaForCausalLM", "mistral": "MistralForCausalLM",
        "qwen2": "Qwen2ForCausalLM"}


def make(spec, out):
    family = spec["family"]
    c = dict(spec["config"])
    c.setdefault("architectures", [ARCH[family]])
    c.setdefault("model_type", family)
    g = torch.Generator().manual_seed(spec.get("seed", 0))
    tensors = gpt2_tensors(c, g) if family == "gpt2" else llama_tensors(c, family, g)
    if spec.get("lm_head"):
        tensors.append(("lm_head.weight", dict(tensors)[tensors[0][0]].clone()))
    for name, shape in spec.get("extra", {}).items():
        tensors.append((name, torch.randn(*shape, generator=g, dtype=torch.float64)))
    dtype = DTYPES[spec.get("dtype", "F32")]
    vector_dtype = DTYPES[spec.get("vector_dtype", spec.get("dtype", "F32"))]
    chosen = {n: DTYPES[d] for n, d in spec.get("dtypes", {}).items()}
    tensors = [(n, t.to(chosen.get(n, vector_dtype if t.dim() == 1 else dtype))) for n, t in tensors]
    os.makedirs(out, exist_ok=True)
    json.dump(c, open(os.path.join(out, "config.json"), "w"), indent=2)
    shards = spec.get("shards", 1)
    if shards == 1:
        write_safetensors(os.path.join(out, "model.safetensors"), tensors, {"format": "pt"})
    else:
        weight_map = {}
        per = math.ceil(len(tensors) / shards)
        for s in range(shards):
            name = f"model-{s + 1:05d}-of-{shards:05d}.safetensors"
            part = tensors[s * per:(s + 1) * per]
            write_safetensors(os.path.join(out, name), part, {"format": "pt"})
            weight_map.update({n: name for n, _ in part})
        json.dump({"metadata": {}, "weight_map": weight_map},
                  open(os.path.join(out, "model.safetensors.index.json"), "w"), indent=2)


# ------------------------------------------------------------------ forward passes (float64)

def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x.pow(3))))


def attention(q, k, v):
    # q: (H, T, hd), k/v: (H, T, hd), causal
    T = q.shape[1]
    scores = q @ k.transpose(1, 2) / math.sqrt(q.shape[2])
    mask = torch.triu(torch.ones(T, T, dtype=torch.bool), 1)
    scores = scores.masked_fill(mask, float("-inf"))
    return torch.softmax(scores, -1) @ v


def gpt2_logits(c, w, ids):
    p = "transformer." if "transformer.wte.weight" in w else ""
    d, H = c["n_embd"], c["n_head"]
    eps = c.get("layer_norm_epsilon", 1e-5)
    ln = lambda x, n: torch.nn.functional.layer_norm(x, (d,), w[n + ".weight"], w[n + ".bias"], eps)
    T = len(ids)
    x = w[p + "wte.weight"][ids] + w[p + "wpe.weight"][:T]
    for i in range(c["n_layer"]):
        b = f"{p}h.{i}."
        h = ln(x, b + "ln_1")
        qkv = h @ w[b + "attn.c_attn.weight"] + w[b + "attn.c_attn.bias"]
        q, k, v = qkv.split(d, -1)
        sh = lambda t: t.view(T, H, d // H).transpose(0, 1)
        y = attention(sh(q), sh(k), sh(v)).transpose(0, 1).reshape(T, d)
        x = x + y @ w[b + "attn.c_proj.weight"] + w[b + "attn.c_proj.bias"]
        h = ln(x, b + "ln_2")
        x = x + gelu_new(h @ w[b + "mlp.c_fc.weight"] + w[b + "mlp.c_fc.bias"]) @ w[b + "mlp.c_proj.weight"] + w[b + "mlp.c_proj.bias"]
    x = ln(x, p + "ln_f")
    head = w["lm_head.weight"] if "lm_head.weight" in w and not c.get("tie_word_embeddings", True) else w[p + "wte.weight"]
    return x @ head.T


def inverse_frequencies(c, hd):
    base = c.get("rope_theta", 10000.0)
    inv = 1.0 / (base ** (torch.arange(0, hd, 2, dtype=torch.float64) / hd))
    s = c.get("rope_scaling")
    if not s:
        return inv
    kind = s.get("rope_type", s.get("type"))
    if kind == "linear":
        return inv / s["factor"]
    if kind == "llama3":
        factor, low, high = s["factor"], s["low_freq_factor"], s["high_freq_factor"]
        old = s["original_max_position_embeddings"]
        low_wavelen, high_wavelen = old / low, old / high
        out = []
        for f in inv.tolist():
            wavelen = 2 * math.pi / f
            if wavelen < high_wavelen:
                out.append(f)
            elif wavelen > low_wavelen:
                out.append(f / factor)
            else:
                smooth = (old / wavelen - low) / (high - low)
                out.append((1 - smooth) * f / factor + smooth * f)
        return torch.tensor(out, dtype=torch.float64)
    raise SystemExit("unknown rope scaling " + str(kind))


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat((-x[..., h:], x[..., :h]), -1)


def llama_logits(c, w, ids):
    d, H = c["hidden_size"], c["num_attention_heads"]
    KV = c.get("num_key_value_heads", H)
    hd = c.get("head_dim") or d // H  # Mistral-Nemo: heads narrower than hidden_size / heads
    eps = c.get("rms_norm_eps", 1e-6)
    rms = lambda x, n: w[n] * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))
    T = len(ids)
    inv = inverse_frequencies(c, hd)
    angles = torch.outer(torch.arange(T, dtype=torch.float64), inv)
    emb = torch.cat((angles, angles), -1)
    cos, sin = emb.cos(), emb.sin()
    x = w["model.embed_tokens.weight"][ids]
    for i in range(c["num_hidden_layers"]):
        b = f"model.layers.{i}."
        h = rms(x, b + "input_layernorm.weight")
        lin = lambda t, n: t @ w[n + ".weight"].T + (w[n + ".bias"] if n + ".bias" in w else 0)
        q = lin(h, b + "self_attn.q_proj").view(T, H, hd).transpose(0, 1)
        k = lin(h, b + "self_attn.k_proj").view(T, KV, hd).transpose(0, 1)
        v = lin(h, b + "self_attn.v_proj").view(T, KV, hd).transpose(0, 1)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = k.repeat_interleave(H // KV, 0)
        v = v.repeat_interleave(H // KV, 0)
        y = attention(q, k, v).transpose(0, 1).reshape(T, H * hd)
        x = x + y @ w[b + "self_attn.o_proj.weight"].T
        h = rms(x, b + "post_attention_layernorm.weight")
        gate = h @ w[b + "mlp.gate_proj.weight"].T
        up = h @ w[b + "mlp.up_proj.weight"].T
        x = x + (torch.nn.functional.silu(gate) * up) @ w[b + "mlp.down_proj.weight"].T
    x = rms(x, "model.norm.weight")
    head = w["model.embed_tokens.weight"] if c.get("tie_word_embeddings", False) else w["lm_head.weight"]
    return x @ head.T


def logits(folder, id_lists):
    c = json.load(open(os.path.join(folder, "config.json")))
    w, _ = read_folder(folder)
    w = {n: t.to(torch.float64) for n, t in w.items()}
    f = gpt2_logits if c["model_type"] == "gpt2" else llama_logits
    return [f(c, w, torch.tensor(ids)).tolist() for ids in id_lists]


def greedy(folder, ids, steps):
    """The ids that greedy decoding appends to `ids`, recomputing the whole sequence each step."""
    c = json.load(open(os.path.join(folder, "config.json")))
    w, _ = read_folder(folder)
    w = {n: t.to(torch.float64) for n, t in w.items()}
    f = gpt2_logits if c["model_type"] == "gpt2" else llama_logits
    seq = list(ids)
    for _ in range(steps):
        seq.append(int(f(c, w, torch.tensor(seq))[-1].argmax()))
    return seq[len(ids):]


def tensors(folder):
    w, metas = read_folder(folder)
    return {"tensors": {n: [NAMES[t.dtype], list(t.shape)] for n, t in w.items()}, "metadata": metas}


def batch(jobs_path):
    results = []
    for job in json.load(open(jobs_path)):
        if "make" in job:
            make(job["make"], job["out"])
            results.append(None)
        elif "logits" in job:
            results.append(logits(job["logits"], job["ids"]))
        elif "greedy" in job:
            results.append(greedy(job["greedy"], job["ids"], job["steps"]))
        else:
            results.append(tensors(job["tensors"]))
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "make":
        make(json.load(open(sys.argv[2])), sys.argv[3])
    elif command == "logits":
        json.dump(logits(sys.argv[2], json.load(open(sys.argv[3]))), sys.stdout)
    elif command == "tensors":
        json.dump(tensors(sys.argv[2]), sys.stdout)
    elif command == "batch":
        batch(sys.argv[2])
    else:
        raise SystemExit("unknown command " + command)
