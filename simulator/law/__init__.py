"""The law: decision bodies and who votes in them, matters and thresholds, the exact vote
count with its written reason, and the procedural audit against the Tianjin norms.

The legal reading is in ``shared/domain/decision-rules.md``. Nothing here imports the
consultation engine: the law is applied to what a consultation did.
"""

from .ballots import VOTES
from .bodies import BODIES, Body
from .joint import NEEDS, decide_each
from .local import KINDS as LOCAL_RULES
from .local import LocalCheck
from .matters import MATTER_TABLE, Matter, wrong_body
from .thresholds import MATTERS, Requirement, Threshold, threshold_for
from .vote import Check, Decision, decide, matter_name

__all__ = ["BODIES", "LOCAL_RULES", "MATTERS", "MATTER_TABLE", "NEEDS", "VOTES", "Body", "Check", "Decision",
           "LocalCheck", "Matter", "Requirement", "Threshold", "decide", "decide_each", "matter_name",
           "threshold_for", "wrong_body"]
