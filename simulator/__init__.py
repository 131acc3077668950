"""xieshang (协商沙盘): an agent-based simulator of community consultation.

    >>> import simulator
    >>> result = simulator.run("parking", seed=1)
    >>> result.summary["consensus"]  # doctest: +SKIP

Names load on first use (SPEC 1 lazy loading), so that the command line, the
workshop page and notebooks import only what they need.
"""

import importlib

#: Public names and the module each lives in.
_EXPORTS = {
    "BODIES": "decision",
    "BilingualError": "i18n",
    "ConsultationModel": "model",
    "ConvenerPolicy": "procedure",
    "Decision": "decision",
    "Run": "runs",
    "RulesPolicy": "procedure",
    "Scenario": "scenario",
    "ScenarioError": "validation",
    "decide": "decision",
    "json_schema": "scenario",
    "load": "validation",
    "run": "runs",
    "shipped": "validation",
    "sweep": "sweeps",
}
_MODULES = ("dynamics", "sensitivity")

__all__ = sorted([*_EXPORTS, *_MODULES])
__version__ = "0.1.0"


def __getattr__(name: str):
    if name in _MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
