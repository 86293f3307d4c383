#!/usr/bin/python3
"""Summarises a chrome trace written by `llmwb bench train --profile FILE`: total and
self time per operator, per training step, largest self time first.

Self time is an operator's time minus the operators nested inside it on the same
thread, so the column adds up to the traced time."""
import argparse
import collections
import json


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("trace")
    p.add_argument("--steps", type=int, default=1, help="traced steps, to report per-step times")
    p.add_argument("--top", type=int, default=30)
    a = p.parse_args()
    with open(a.trace) as f:
        data = json.load(f)
    events = data["traceEvents"] if isinstance(data, dict) else data
    spans = [e for e in events if e.get("ph") == "X" and "dur" in e]
    by_thread = collections.defaultdict(list)
    for e in spans:
        by_thread[e.get("tid")].append(e)
    total = collections.Counter()
    self_time = collections.Counter()
    calls = collections.Counter()
    for thread_spans in by_thread.values():
        thread_spans.sort(key=lambda e: (e["ts"], -e["dur"]))
        stack = []  # [end, name, child time]
        for e in thread_spans:
            start, dur = e["ts"], e["dur"]
            while stack and stack[-1][0] <= start:
                end, name, children = stack.pop()
            if stack:
                stack[-1][2] += dur
            stack.append([start + dur, e["name"], 0.0])
            total[e["name"]] += dur
            calls[e["name"]] += 1
            e["_frame"] = stack[-1]
        for e in thread_spans:
            self_time[e["name"]] += e["dur"] - e["_frame"][2]
    traced = sum(self_time.values())
    print(f"{'operator':44} {'calls':>7} {'total ms':>10} {'self ms':>10} {'self %':>7}   (per step)")
    for name, t in self_time.most_common(a.top):
        print(f"{name[:44]:44} {calls[name] / a.steps:7.0f} {total[name] / 1000 / a.steps:10.1f} "
              f"{t / 1000 / a.steps:10.1f} {100 * t / traced:6.1f}%")
    print(f"traced self time per step: {traced / 1000 / a.steps:.1f} ms")


if __name__ == "__main__":
    main()
