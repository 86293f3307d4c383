"""Loads a Hugging Face folder with transformers' own model classes (AutoModelForCausalLM,
as a user would) and prints, as JSON, its logits for the prompt ids and its greedy
continuation. Run with the PYTHONPATH that bench/check_hf_with_transformers.sh builds.
Usage: check_logits.py FOLDER "ID ID ..." STEPS"""
import json
import sys

import torch
from transformers import AutoModelForCausalLM

folder, ids_text, steps = sys.argv[1], sys.argv[2], int(sys.argv[3])
ids = [int(t) for t in ids_text.split()]
model = AutoModelForCausalLM.from_pretrained(folder, torch_dtype=torch.float32, attn_implementation="eager")
model.eval()
with torch.no_grad():
    logits = model(torch.tensor([ids])).logits[0]
    greedy, sequence = [], list(ids)
    for _ in range(steps):
        token = int(model(torch.tensor([sequence])).logits[0, -1].argmax())
        greedy.append(token)
        sequence.append(token)
print(json.dumps({"class": type(model).__name__, "logits": logits.tolist(), "greedy": greedy}))
