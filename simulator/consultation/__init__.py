"""The consultation engine: stakeholders, selection, deliberation, the convener's procedure,
the Mesa model that plays a consultation out, its metrics, record, and one run.

A scenario (:mod:`simulator.scenario`) is the plain data; a :class:`ConsultationModel` holds
the state of one run.
"""

from .model import ConsultationModel, Stage
from .procedure import ConvenerPolicy, RulesPolicy
from .runs import Run, run

__all__ = ["ConsultationModel", "ConvenerPolicy", "RulesPolicy", "Run", "Stage", "run"]
