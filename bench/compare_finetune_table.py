#!/usr/bin/python3
"""The table of bench/compare_finetune.sh: reads the JSON lines it collected (one file per
program, shape, thread count and method; one line per round), takes medians over rounds
and prints a Markdown table, the goals with their ratios, and one JSON line.

usage: compare_finetune_table.py RESULTS_DIR ROUNDS "THREADS" "SHAPES"
"""
import json
import os
import statistics
import sys

folder, rounds, threads, shapes = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), sys.argv[4].split()


def runs(name):
    path = os.path.join(folder, name + ".jsonl")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def ours(name):
    """Median numbers of our single-method runs."""
    methods = [r["methods"][0] for r in runs(name)]
    if not methods:
        return None
    out = {k: statistics.median(m[k] for m in methods)
           for k in ("ms_per_step", "tokens_per_s", "peak_rss_bytes", "trainable_parameters", "optimizer_state_bytes")}
    for k in ("nf4_base_bytes", "bf16_base_bytes"):
        if k in methods[0]:
            out[k] = methods[0][k]
    return out


def peer(name):
    found = runs(name)
    if not found:
        return None
    return {k: statistics.median(r[k] for r in found)
            for k in ("ms_per_step", "tokens_per_s", "peak_rss_bytes", "trainable_parameters", "optimizer_state_bytes")}


mib = lambda b: f"{b / 2**20:,.0f}"  # noqa: E731
report = {"bench": "compare_finetune", "rounds": rounds, "configurations": []}
print("| shape | threads | method | ours ms/step | ours tokens/s | peer ms/step | peer tokens/s | ours/peer tokens/s "
      "| trainable | peak RSS ours / peer (MiB) |")
print("|---|---|---|---|---|---|---|---|---|---|")
for shape in shapes:
    for t in threads:
        row = {"shape": shape, "threads": int(t)}
        for method in ("full", "lora", "qlora", "dora"):
            o = ours(f"ours_{shape}_{t}_{method}")
            p = peer(f"peer_{shape}_{t}_{method}")
            if o is None:
                continue
            ratio = o["tokens_per_s"] / p["tokens_per_s"] if p else None
            row[method] = {"ours": o, "peer": p, "ours_over_peer": ratio}
            print(f"| {shape} | {t} | {method} | {o['ms_per_step']:,.0f} | {o['tokens_per_s']:,.0f} | "
                  + (f"{p['ms_per_step']:,.0f} | {p['tokens_per_s']:,.0f} | {ratio:.2f}x | " if p else "| | | ")
                  + f"{o['trainable_parameters']:,.0f} | {mib(o['peak_rss_bytes'])}"
                  + (f" / {mib(p['peak_rss_bytes'])} |" if p else " |"))
        if "lora" in row and "full" in row:
            row["full_over_lora_step"] = row["full"]["ours"]["ms_per_step"] / row["lora"]["ours"]["ms_per_step"]
        if "qlora" in row and row["qlora"]["ours"].get("nf4_base_bytes"):
            row["bf16_over_nf4"] = row["qlora"]["ours"]["bf16_base_bytes"] / row["qlora"]["ours"]["nf4_base_bytes"]
        report["configurations"].append(row)

print()
print("| goal | measured | met |")
print("|---|---|---|")


def goal(text, value, ok):
    print(f"| {text} | {value} | {'yes' if ok else 'no'} |")


for row in report["configurations"]:
    label = f"{row['shape']}, {row['threads']} thread{'s' if row['threads'] > 1 else ''}"
    if row.get("lora", {}).get("ours_over_peer"):
        r = row["lora"]["ours_over_peer"]
        goal(f"LoRA tokens/s ours / peer >= 1.3 ({label})", f"{r:.2f}x", r >= 1.3)
    if "full_over_lora_step" in row:
        r = row["full_over_lora_step"]
        goal(f"full step / LoRA step >= 2 ({label})", f"{r:.2f}x", r >= 2.0)
    if "bf16_over_nf4" in row:
        r = row["bf16_over_nf4"]
        goal(f"QLoRA base: bf16 bytes / NF4 bytes >= 3.5 ({label})", f"{r:.2f}x", r >= 3.5)

padding, packing = runs("padding"), runs("packing")
if padding and packing:
    pad = statistics.median(r["methods"][0]["tokens_per_s"] for r in padding)
    pack = statistics.median(r["methods"][0]["tokens_per_s"] for r in packing)
    report["padding_tokens_per_s"], report["packing_tokens_per_s"] = pad, pack
    goal("packing / padding real tokens/s >= 1.5 (instruction set, GPT-2 124M, LoRA)",
         f"{pack:,.0f} / {pad:,.0f} = {pack / pad:.2f}x", pack / pad >= 1.5)
dpo, sft = runs("dpo"), runs("sft_pairs")
if dpo and sft:
    d = statistics.median(r["methods"][0]["ms_per_step"] for r in dpo)
    s = statistics.median(r["methods"][0]["ms_per_step"] for r in sft)
    ref = statistics.median(r["methods"][0].get("reference_ms", 0) for r in dpo)
    report["dpo_ms_per_step"], report["sft_pairs_ms_per_step"], report["dpo_reference_ms"] = d, s, ref
    goal("DPO step (cached reference) / SFT step on the same pairs <= 1.2 (GPT-2 124M, LoRA)",
         f"{d:,.0f} / {s:,.0f} ms = {d / s:.2f}x (reference pass once: {ref / 1000:,.0f} s)", d / s <= 1.2)
print(json.dumps(report))
