"""The person in the convener's seat, as a policy: it answers the model from the recorded choices."""

from __future__ import annotations

import numpy as np

from ..consultation.procedure import RulesPolicy


class Waiting(Exception):
    """The model asks a question the person has not answered yet; it is paused right after the round."""

    def __init__(self, model, check):
        super().__init__("waiting for the convener")
        self.model, self.check = model, check


class Script:
    """A :class:`~simulator.ConvenerPolicy` that plays back the person's choices.

    After a round it answers from the choice recorded for that round number; with none it raises
    :class:`Waiting` (``strict``, the live session) or follows the scenario's rules (another seed
    that needed a decision the person never made).
    """

    def __init__(self, choices: list[dict], *, strict: bool = True):
        self.after = {c["round"]: c["values"] for c in choices if c["point"] == "after_round"}
        who = next((c["values"] for c in choices if c["point"] == "participants"), {})
        self.more_from, self.more_count = who.get("more_from", []), who.get("more_count", 0)
        self.strict, self.rules = strict, RulesPolicy()

    def invite(self, model, proposed: np.ndarray) -> np.ndarray:
        """The selection rule's proposal, plus more households of the named groups: those who care most
        (salience) first, or the neighbours of holdouts who are not invited yet."""
        people, extra = model.people, []
        hh = people.is_household
        free = hh.copy()
        free[proposed] = False
        for name in self.more_from:
            if name == "holdout_neighbours":
                ties = people.neighbours[np.flatnonzero(people.holdout & hh)]
                mask = np.zeros(people.size, dtype=bool)
                mask[: people.households] = np.asarray(ties.sum(axis=0)).ravel() > 0
                pool = np.flatnonzero(mask & free)
            else:
                pool = np.flatnonzero(free & (people.group == people.who.index(name)))
            chosen = pool[np.argsort(-people.salience[pool], kind="stable")][: self.more_count]
            free[chosen] = False
            extra.extend(chosen.tolist())
        return np.union1d(proposed, np.array(extra, dtype=int))

    def after_round(self, model, check):
        values = self.after.get(model.round)
        if values is not None:
            return values["next"]
        if self.strict:
            raise Waiting(model, check)
        return self.rules.after_round(model, check)

    def between_rounds(self, model) -> list[str]:
        values = self.after.get(model.round)
        return list(values["actions"]) if values is not None else self.rules.between_rounds(model)
