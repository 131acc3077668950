"""After the decision: a decision binds everyone, yet the households it harms may still stop it.

Households whose utility for the adopted option is below the objection line are *harmed*. Where
the option needs building works, a harmed household may obstruct them; an obstruction that is not
cleared blocks the works (``calibration-facts.md`` E2, E4). Where a body's vote decided, a harmed
household on its roll (not a tenant whose landlord holds the vote) may ask a court to revoke the
decision (Civil Code art. 280(2) for owners, art. 265(2) for villagers and collective members); a
revoked decision is not carried out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..law import BODIES
from .procedure import by_landlord, on_roll


@dataclass(frozen=True)
class Aftermath:
    """What followed the decision."""

    implemented: bool
    harmed: int = 0  # households harmed by the decision
    obstructions: int = 0
    lasting_obstructions: int = 0  # obstructions not cleared: they block the works
    suits: int = 0
    revoked: bool = False
    blocked_by: tuple[str, ...] = field(default_factory=tuple)  # group ids of those who stopped it

    def as_dict(self) -> dict:
        return {"implemented": self.implemented, "harmed": self.harmed, "obstructions": self.obstructions,
                "lasting_obstructions": self.lasting_obstructions, "suits": self.suits, "revoked": self.revoked,
                "blocked_by": list(self.blocked_by)}


def follow(m) -> Aftermath | None:
    """Play out obstruction and court challenges after ``m``'s decision; None without a decision."""
    if m.decision is None:
        return None
    people, spec, a = m.people, m.spec, m.spec.behaviour.aftermath
    h = people.households
    option = spec.issue.options[m.decision]
    draws = m.rng.random((4, h))  # always drawn, so what follows never shifts the random stream
    if option.id == spec.issue.status_quo:  # keeping things as they are: nothing to build, nothing to revoke
        return Aftermath(implemented=True)
    harmed = people.utility[:h, m.decision] < spec.procedure.consensus.objection
    salience = people.salience[:h]
    obstruct = harmed & option.works & (draws[0] < a.obstruct * salience)
    lasting = obstruct & (draws[1] >= a.overcome)
    body = BODIES[m.vote.body] if m.vote is not None else None
    suits = np.zeros(h, dtype=bool)
    if body is not None and body.revocation is not None:  # a landlord does not sue for its tenant
        in_person = on_roll(m, body.id) & ~by_landlord(m, body.id)
        suits = harmed & in_person & (draws[2] < a.sue * salience)
    won = suits & (draws[3] < a.revoke)
    revoked = bool(won.any())
    stoppers = lasting | won
    blocked_by = tuple(people.who[c] for c in np.unique(people.group[:h][stoppers]))
    return Aftermath(
        implemented=not stoppers.any(),
        harmed=int(harmed.sum()),
        obstructions=int(obstruct.sum()),
        lasting_obstructions=int(lasting.sum()),
        suits=int(suits.sum()),
        revoked=revoked,
        blocked_by=blocked_by,
    )
