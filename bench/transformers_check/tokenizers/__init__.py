"""Placeholder for the tokenizers package, whose compiled extension cannot be built without
the Rust crate registry. transformers' modules import names from it at import time, but
loading a model and computing its logits never use them; any use raises."""
__version__ = "0.21.0"


class _Unavailable:
    def __init__(self, *args, **kwargs):
        raise RuntimeError("the tokenizers package is not installed; this check compares logits from token ids only")


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    return type(name, (_Unavailable,), {})
