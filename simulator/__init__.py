"""xieshang (协商沙盘): an agent-based simulator of community consultation.

    >>> import simulator
    >>> result = simulator.run("parking", seed=1)
    >>> result.summary["consensus"]  # doctest: +SKIP
"""

import importlib

from . import dynamics
from .decision import BODIES, Decision, decide
from .i18n import BilingualError
from .model import ConsultationModel
from .procedure import ConvenerPolicy, RulesPolicy
from .runs import Run, run, shipped
from .scenario import Scenario, json_schema
from .validation import ScenarioError, load

__all__ = [
    "BODIES",
    "BilingualError",
    "ConsultationModel",
    "ConvenerPolicy",
    "Decision",
    "Run",
    "RulesPolicy",
    "Scenario",
    "ScenarioError",
    "decide",
    "dynamics",
    "json_schema",
    "load",
    "run",
    "sensitivity",
    "shipped",
    "sweep",
]
__version__ = "0.1.0"

# Research tools load SALib, scipy.stats and pyarrow: only on first use, so that
# notebooks, the workshop page and the command line start faster.
_LAZY = {"sweep": ("simulator.sweeps", "sweep"), "sensitivity": ("simulator.sensitivity", None)}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'simulator' has no attribute {name!r}")
    module, attribute = _LAZY[name]
    loaded = importlib.import_module(module)
    return getattr(loaded, attribute) if attribute else loaded
