"""xieshang (协商沙盘): an agent-based simulator of community consultation.

    >>> import simulator
    >>> result = simulator.run("parking", seed=1)
    >>> result.summary["consensus"]  # doctest: +SKIP

The package is built in layers, each importing only those below it:

* :mod:`simulator.i18n`, :mod:`simulator.files` -- bilingual text, whole-or-nothing files;
* :mod:`simulator.law` -- decision bodies, matters, thresholds, the vote, the procedural audit;
* :mod:`simulator.dynamics` -- the classic opinion models as pure functions;
* :mod:`simulator.scenario` -- the plain, validated description of a consultation;
* :mod:`simulator.consultation` -- the Mesa model that plays a consultation out;
* :mod:`simulator.research` and :mod:`simulator.workshop` -- sweeps and sensitivity; charts,
  the dashboard and the served page;
* :mod:`simulator.practice` -- the convener's seat: a person runs a consultation, then a debrief;
* :mod:`simulator.cli` -- the ``xieshang`` command.

Names load on first use (SPEC 1 lazy loading), so that the command line, the workshop page
and notebooks import only what they need.
"""

import importlib

#: Public names and the module each lives in.
_EXPORTS = {
    "BODIES": "law",
    "BilingualError": "i18n",
    "ConsultationModel": "consultation.model",
    "ConvenerPolicy": "consultation.procedure",
    "Decision": "law",
    "Run": "consultation.runs",
    "RulesPolicy": "consultation.procedure",
    "Scenario": "scenario",
    "ScenarioError": "scenario",
    "decide": "law",
    "json_schema": "scenario",
    "load": "scenario",
    "run": "consultation.runs",
    "series": "consultation.series",
    "shipped": "scenario",
    "sweep": "research.sweeps",
}
_MODULES = {"dynamics": "dynamics", "practice": "practice", "sensitivity": "research.sensitivity"}

__all__ = sorted([*_EXPORTS, *_MODULES])
__version__ = "0.1.0"


def __getattr__(name: str):
    if name in _MODULES:
        return importlib.import_module(f"{__name__}.{_MODULES[name]}")
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
