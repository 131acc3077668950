"""The practice seat (练习席): a community worker takes the convener's seat, chooses at each
decision point of Art. 7 and 8, sees what a convener would see, and gets a debrief against
counterfactual designs on the same seeds.

    >>> from simulator.practice import Session
    >>> s = Session.start("parking", seed=3)
    >>> s.point.kind
    'topic'
"""

from .compare import compare
from .saved import SessionFileError
from .script import Script, Waiting
from .session import Session

__all__ = ["Script", "Session", "SessionFileError", "Waiting", "compare"]
