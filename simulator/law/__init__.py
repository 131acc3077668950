"""The law: decision bodies and who votes in them, matters and thresholds, the exact vote
count with its written reason, and the procedural audit against the Tianjin norms.

The legal reading is in ``shared/domain/decision-rules.md``. Nothing here imports the
consultation engine: the law is applied to what a consultation did.
"""

from .ballots import VOTES
from .bodies import BODIES, Body
from .thresholds import MATTERS, Requirement, Threshold, threshold_for
from .vote import Check, Decision, decide

__all__ = ["BODIES", "MATTERS", "VOTES", "Body", "Check", "Decision", "Requirement", "Threshold", "decide",
           "threshold_for"]
