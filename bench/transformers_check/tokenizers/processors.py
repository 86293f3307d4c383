from . import __getattr__  # noqa: F401  (the same placeholder names)
