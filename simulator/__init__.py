"""xieshang (协商沙盘): an agent-based simulator of community consultation.

    >>> import simulator
    >>> result = simulator.run("parking", seed=1)
    >>> result.summary["consensus"]  # doctest: +SKIP
"""

from . import dynamics, sensitivity
from .decision import BODIES, Decision, decide
from .i18n import BilingualError
from .model import ConsultationModel
from .procedure import ConvenerPolicy, RulesPolicy
from .runs import Run, run, shipped
from .scenario import Scenario, json_schema
from .sweeps import sweep
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
