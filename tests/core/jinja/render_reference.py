#!/usr/bin/python3
"""Renders Jinja templates with Python's jinja2 the way transformers renders chat
templates, as the reference for lw::jinja's tests.

Usage: /usr/bin/python3 render_reference.py cases.json
cases.json holds a list of {"template": str, "context": {...}}; prints a JSON list
with, per case, {"output": str} or {"error": "<exception type>: <message>"}.

The environment copies transformers' chat template settings: an immutable sandbox,
trim_blocks and lstrip_blocks, loop controls, a {% generation %} tag that renders its
body, the globals raise_exception and strftime_now, and a tojson filter that is
json.dumps with ensure_ascii off (Debian package python3-jinja2).
"""
import json
import sys
from datetime import datetime

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension, loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment


class GenerationTag(Extension):
    # {% generation %}...{% endgeneration %} renders its body unchanged.
    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        return nodes.CallBlock(self.call_method("_render", []), [], [], body).set_lineno(lineno)

    def _render(self, caller):
        return caller()


def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)


def tojson(value, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(value, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def strftime_now(fmt):
    return datetime.now().strftime(fmt)


def make_environment():
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[GenerationTag, loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = json.load(f)
    env = make_environment()
    results = []
    for case in cases:
        try:
            results.append({"output": env.from_string(case["template"]).render(**case["context"])})
        except Exception as e:  # every failure is a result the test compares
            results.append({"error": f"{type(e).__name__}: {e}"})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
