"""The workshop: charts with a shipped CJK font, the trainer's dashboard, and the served page.

Names load on first use, so that ``xieshang workshop`` starts its server without loading
the model, matplotlib or ipywidgets (the page's own kernel does).
"""

import importlib

_EXPORTS = {"Dashboard": "dashboard", "Design": "dashboard", "compare": "comparison", "CSS": "handout",
            "audit_html": "handout", "comparison_html": "comparison", "summary_html": "handout", "TEXT": "text",
            "vote_html": "legal"}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
