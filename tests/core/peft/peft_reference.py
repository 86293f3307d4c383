#!/usr/bin/env python3
"""Independent reference for PEFT LoRA/DoRA adapter folders, written from PEFT's
source (src/peft/tuners/lora/layer.py: get_delta_weight, fan_in_fan_out;
src/peft/tuners/lora/dora.py and variants.py: DoRA's weight norm and merge;
src/peft/utils/save_and_load.py and tuners/lora/model.py: key names, the adapter name
removed, lora_magnitude_vector saved without ".weight"). Tiny Hugging Face models and
their float64 forward pass come from ../hf/hf_reference.py, tensors are written with
its safetensors writer. Used by test_peft_reference.cpp:

  peft_reference.py batch JOBS.json
    JOBS.json: [{"model": SPEC (hf_reference's make spec), "model_out": DIR,
                 "adapter": {"r", "alpha", "use_dora", "use_rslora", "targets": [...], "seed"},
                 "adapter_out": DIR, "ids": [[...], ...]}]
    prints, per job, the logits of the model with the adapter merged into its weights.
"""
import json
import math
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "hf"))
import hf_reference  # noqa: E402


def module_names(weights):
    """Every linear module of the model as transformers names it, with its weight."""
    return sorted(n[: -len(".weight")] for n, t in weights.items() if n.endswith(".weight") and t.dim() == 2
                  and not n.endswith(("wte.weight", "wpe.weight", "embed_tokens.weight")))


def targeted(module, targets):
    # PEFT's suffix match: the whole name, or its last components after a dot.
    return any(module == t or module.endswith("." + t) for t in targets)


def make_adapter(model_dir, adapter, out):
    config = json.load(open(os.path.join(model_dir, "config.json")))
    gpt2 = config["model_type"] == "gpt2"
    weights, _ = hf_reference.read_folder(model_dir)
    g = torch.Generator().manual_seed(adapter["seed"])
    r = adapter["r"]
    tensors = []
    for module in module_names(weights):
        if not targeted(module, adapter["targets"]):
            continue
        w = weights[module + ".weight"].to(torch.float64)
        # Conv1D (GPT-2, all but lm_head) stores (in, out): fan_in_fan_out.
        conv1d = gpt2 and module != "lm_head"
        w_out_in = w.T if conv1d else w
        out_features, in_features = w_out_in.shape
        key = "base_model.model." + module
        tensors.append((key + ".lora_A.weight", (torch.randn(r, in_features, generator=g) * 0.3).float()))
        tensors.append((key + ".lora_B.weight", (torch.randn(out_features, r, generator=g) * 0.3).float()))
        if adapter["use_dora"]:
            # Row norms of W at initialisation, then moved as training would move them.
            norms = w_out_in.norm(dim=1)
            tensors.append((key + ".lora_magnitude_vector",
                            (norms * (0.8 + 0.4 * torch.rand(out_features, generator=g, dtype=torch.float64))).float()))
    os.makedirs(out, exist_ok=True)
    hf_reference.write_safetensors(os.path.join(out, "adapter_model.safetensors"), tensors, {"format": "pt"})
    peft_config = {
        "peft_type": "LORA", "task_type": "CAUSAL_LM", "base_model_name_or_path": model_dir,
        "r": r, "lora_alpha": adapter["alpha"], "lora_dropout": 0.05,
        "target_modules": adapter["targets"], "use_rslora": adapter["use_rslora"],
        "use_dora": adapter["use_dora"], "fan_in_fan_out": gpt2, "bias": "none",
        "inference_mode": True, "modules_to_save": None, "layers_to_transform": None,
        "rank_pattern": {}, "alpha_pattern": {}, "init_lora_weights": True,
    }
    json.dump(peft_config, open(os.path.join(out, "adapter_config.json"), "w"), indent=2)


def merged_weights(model_dir, adapter_dir):
    config = json.load(open(os.path.join(model_dir, "config.json")))
    peft_config = json.load(open(os.path.join(adapter_dir, "adapter_config.json")))
    weights, _ = hf_reference.read_folder(model_dir)
    weights = {n: t.to(torch.float64) for n, t in weights.items()}
    adapter, _ = hf_reference.read_safetensors(os.path.join(adapter_dir, "adapter_model.safetensors"))
    adapter = {n: t.to(torch.float64) for n, t in adapter.items()}
    r, alpha = peft_config["r"], peft_config["lora_alpha"]
    scaling = alpha / math.sqrt(r) if peft_config["use_rslora"] else alpha / r
    prefix, a_suffix = "base_model.model.", ".lora_A.weight"
    for key in [k for k in adapter if k.endswith(a_suffix)]:
        module = key[len(prefix): -len(a_suffix)]
        a = adapter[key]
        b = adapter[prefix + module + ".lora_B.weight"]
        fan_in_fan_out = peft_config["fan_in_fan_out"] and module != "lm_head"  # PEFT resets it on nn.Linear
        transpose = (lambda t: t.T) if fan_in_fan_out else (lambda t: t)
        # get_delta_weight: transpose(B @ A, fan_in_fan_out) * scaling, in the module's layout.
        delta = transpose(b @ a) * scaling
        w = weights[module + ".weight"]
        if not peft_config["use_dora"]:
            weights[module + ".weight"] = w + delta
        else:
            # DoRA merge: weight_norm = ||W + delta|| per output row (get_weight_norm on
            # the (out, in) layout), dora_factor = m / weight_norm, W' = dora_factor * (W + delta).
            weight_norm = torch.linalg.norm(transpose(w) + transpose(delta), dim=1)
            dora_factor = adapter[prefix + module + ".lora_magnitude_vector"] / weight_norm
            weights[module + ".weight"] = transpose(dora_factor.view(-1, 1)) * (w + delta)
    return config, weights


def run(job):
    hf_reference.make(job["model"], job["model_out"])
    make_adapter(job["model_out"], job["adapter"], job["adapter_out"])
    config, weights = merged_weights(job["model_out"], job["adapter_out"])
    forward = hf_reference.gpt2_logits if config["model_type"] == "gpt2" else hf_reference.llama_logits
    return [forward(config, weights, torch.tensor(ids)).tolist() for ids in job["ids"]]


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "batch":
        raise SystemExit("usage: peft_reference.py batch JOBS.json")
    json.dump([run(job) for job in json.load(open(sys.argv[2]))], sys.stdout)
