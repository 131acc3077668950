"""Persuasion that can fail: visits with diminishing returns and backlash, changes that fade.

A home visit or an expert's assessment moves a household's stance; only part of the change lasts
(the anchor moves by ``lasting`` of it), and between rounds the rest fades towards the anchor.
Households with little trust in the convener move away when pressed (backlash), and repeat
visits do less each time. Neighbours' talk moves everyone, at the table or not (:mod:`.neighbours`).
Every number is a parameter of ``behaviour.persuasion`` (``docs/model.md``).
"""

from __future__ import annotations

import numpy as np

from ..scenario.behaviour import Persuasion
from .neighbours import talk
from .stakeholders import Stakeholders


def shift(people: Stakeholders, who: np.ndarray, change: np.ndarray, p: Persuasion) -> None:
    """Move ``who``'s utilities by ``change`` (rows × options); ``lasting`` of it moves the anchor too."""
    new = np.clip(people.utility[who] + change, 0, 1)
    moved = new - people.utility[who]
    people.utility[who] = new
    people.anchor[who] = np.clip(people.anchor[who] + p.lasting * moved, 0, 1)


def visit(people: Stakeholders, who: np.ndarray, option: int, pull: np.ndarray, p: Persuasion) -> np.ndarray:
    """A home visit for ``option``: towards it by ``pull`` (less for each earlier visit), or away from it
    for households whose trust is below ``backlash_below``. Returns the mask of visits that backfired."""
    pull = pull * p.repeat ** people.visits[who]
    u = people.utility[who, option]
    backfire = people.trust[who] < p.backlash_below
    change = np.zeros((len(who), people.utility.shape[1]))
    change[:, option] = np.where(backfire, -p.backlash * pull * u, pull * (1 - u))
    shift(people, who, change, p)
    people.visits[who] += 1
    return backfire


def between_rounds(people: Stakeholders, p: Persuasion) -> None:
    """What happens in the weeks between meetings: what did not last fades, neighbours talk."""
    people.utility += p.fade * (people.anchor - people.utility)
    talk(people.utility, people.neighbours, people.openness, p.neighbour_pull)
    np.clip(people.utility, 0, 1, out=people.utility)
