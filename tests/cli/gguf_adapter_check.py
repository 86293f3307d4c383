#!/usr/bin/env python3
"""Checks a GGUF LoRA adapter file against the PEFT adapter it came from, with a GGUF
reader written here from the GGUF v3 specification (ggml/docs/gguf.md) and llama.cpp's
rules for adapters (src/llama-adapter.cpp): general.type "adapter", adapter.type "lora",
the base's architecture, "<base tensor>.lora_a" of ggml dims [in, r] holding PEFT's A
and ".lora_b" of dims [r, out] holding PEFT's B, with B's rows of llama's q and k
permuted as convert_hf_to_gguf.py permutes the base's rows, and adapter.lora.alpha / r
equal to PEFT's scale (lora_alpha / r, or lora_alpha / sqrt(r) with rsLoRA).

    gguf_adapter_check.py ADAPTER.gguf PEFT_FOLDER BASE.gguf [f32|f16]

Prints one JSON line (tensors checked, alpha) and exits 0, or fails with the reason.
"""
import json
import math
import os
import re
import struct
import sys

import numpy as np

SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
GGML = {0: (np.float32, 4), 1: (np.float16, 2)}  # the only types an adapter file holds


def read_gguf(path):
    data = open(path, "rb").read()
    at = 0

    def take(fmt):
        nonlocal at
        value = struct.unpack_from(fmt, data, at)
        at += struct.calcsize(fmt)
        return value[0]

    def string():
        nonlocal at
        n = take("<Q")
        at += n
        return data[at - n:at].decode("utf-8")

    def value(vtype):
        if vtype == 8:
            return string()
        if vtype == 9:
            item, n = take("<I"), take("<Q")
            return [value(item) for _ in range(n)]
        return take(SCALARS[vtype])

    assert data[:4] == b"GGUF", f"{path}: not a GGUF file"
    at = 4
    version, n_tensors, n_kv = take("<I"), take("<Q"), take("<Q")
    assert version == 3, f"{path}: version {version}"
    kv, types = {}, {}
    for _ in range(n_kv):
        key = string()
        types[key] = take("<I")
        kv[key] = value(types[key])
    infos = []
    for _ in range(n_tensors):
        name = string()
        dims = [take("<Q") for _ in range(take("<I"))]
        infos.append((name, dims, take("<I"), take("<Q")))
    alignment = kv.get("general.alignment", 32)
    start = (at + alignment - 1) // alignment * alignment
    tensors = {}
    for name, dims, ggml_type, offset in infos:
        count = int(np.prod(dims))
        if ggml_type in GGML:
            dtype, size = GGML[ggml_type]
            begin = start + offset
            assert begin + count * size <= len(data), f"{path}: tensor {name} runs past the end"
            values = np.frombuffer(data, dtype=dtype, count=count, offset=begin)
            tensors[name] = (dims, ggml_type, values.reshape(list(reversed(dims))))
        else:
            tensors[name] = (dims, ggml_type, None)
    return kv, types, tensors


def read_safetensors(path):
    """{name: float32 array} of a safetensors file (8-byte header length, JSON header, data)."""
    data = open(path, "rb").read()
    (n,) = struct.unpack_from("<Q", data, 0)
    header = json.loads(data[8:8 + n])
    header.pop("__metadata__", None)
    kinds = {"F32": np.float32, "F16": np.float16}
    out = {}
    for name, e in header.items():
        begin, end = e["data_offsets"]
        out[name] = np.frombuffer(data[8 + n + begin:8 + n + end], dtype=kinds[e["dtype"]]).reshape(e["shape"])
    return out


def gguf_name(arch, module):
    """PEFT's module path -> the base's GGUF tensor (llama.cpp's names)."""
    if module == "lm_head":
        return "output.weight"
    m = re.fullmatch(r"model\.layers\.(\d+)\.(self_attn|mlp)\.(\w+)", module) if arch != "gpt2" else \
        re.fullmatch(r"transformer\.h\.(\d+)\.(attn|mlp)\.(\w+)", module)
    assert m, f"unexpected module {module}"
    names = {"q_proj": "attn_q", "k_proj": "attn_k", "v_proj": "attn_v", "o_proj": "attn_output",
             "gate_proj": "ffn_gate", "up_proj": "ffn_up", "down_proj": "ffn_down",
             "c_attn": "attn_qkv", "c_fc": "ffn_up"}
    leaf = m.group(3)
    if leaf == "c_proj":
        leaf_name = "attn_output" if m.group(2) == "attn" else "ffn_down"
    else:
        leaf_name = names[leaf]
    return f"blk.{m.group(1)}.{leaf_name}.weight"


def interleave_rotary(rows, heads):
    """Rotate-half rows (x0..x_{d/2-1}, x_{d/2}..) of each head to interleaved pairs."""
    shape = rows.shape
    return rows.reshape(heads, 2, shape[0] // heads // 2, *shape[1:]).swapaxes(1, 2).reshape(shape)


def main():
    adapter_path, peft_dir, base_path = sys.argv[1:4]
    dtype = {"f32": np.float32, "f16": np.float16}[sys.argv[4] if len(sys.argv) > 4 else "f32"]
    kv, types, tensors = read_gguf(adapter_path)
    base_kv, _, base_tensors = read_gguf(base_path)
    config = json.load(open(os.path.join(peft_dir, "adapter_config.json")))
    peft = read_safetensors(os.path.join(peft_dir, "adapter_model.safetensors"))
    arch = base_kv["general.architecture"]

    assert kv["general.type"] == "adapter" and kv["adapter.type"] == "lora", kv
    assert kv["general.architecture"] == arch, (kv["general.architecture"], arch)
    assert types["adapter.lora.alpha"] == 6, "adapter.lora.alpha is not f32"
    r = config["r"]
    scale = config["lora_alpha"] / (math.sqrt(r) if config.get("use_rslora") else r)
    assert abs(kv["adapter.lora.alpha"] / r - scale) <= 1e-6 * scale, (kv["adapter.lora.alpha"], scale)

    expected = {}
    for key, value in peft.items():
        m = re.fullmatch(r"base_model\.model\.(.+)\.lora_([AB])\.weight", key)
        assert m, f"unexpected PEFT tensor {key}"
        name = gguf_name(arch, m.group(1))
        matrix = value.astype(np.float32)
        if m.group(2) == "B" and arch == "llama" and (".attn_q." in name or ".attn_k." in name):
            heads = base_kv["llama.attention.head_count" + ("_kv" if ".attn_k." in name else "")]
            matrix = interleave_rotary(matrix, heads)
        expected[name + ".lora_" + m.group(2).lower()] = matrix
    assert sorted(expected) == sorted(tensors), (sorted(expected), sorted(tensors))
    for name, matrix in expected.items():
        dims, ggml_type, values = tensors[name]
        assert ggml_type == (0 if dtype == np.float32 else 1), f"{name}: type {ggml_type}"
        assert values.shape == matrix.shape, f"{name}: {values.shape} != {matrix.shape}"
        assert np.array_equal(values, matrix.astype(dtype)), f"{name}: values differ"
        base_dims = base_tensors[name.rsplit(".", 1)[0]][0]
        if name.endswith(".lora_a"):
            assert dims[0] == base_dims[0] and dims[1] == r, f"{name}: dims {dims}, base {base_dims}"
        else:
            assert dims[1] == base_dims[1] and dims[0] == r, f"{name}: dims {dims}, base {base_dims}"
    print(json.dumps({"tensors": len(tensors), "alpha": kv["adapter.lora.alpha"], "architecture": arch}))


if __name__ == "__main__":
    main()
