"""Residents propose options through the topic channels (Art. 4(5), 7(1)), and a decision taken without
consulting (``procedure.consult: false``).

An option with ``proposed_by`` is carried by a few households of each proposing group
(``behaviour.proposers``); it is tabled only if the topic stage's channels hear one of them, so what
the channels hear shapes which options are tabled.
"""

from __future__ import annotations

import numpy as np

from . import deliberation


def carriers(model, option) -> np.ndarray:
    """The households who carry ``option``'s proposal: the first ``behaviour.proposers`` of each proposing
    group (households are drawn in random order, so these are a random few)."""
    people, k = model.people, model.spec.behaviour.proposers
    codes = [people.who.index(g) for g in option.proposed_by]
    return np.concatenate([np.flatnonzero(people.group[: people.households] == c)[:k] for c in codes])


def table_proposals(model, heard: np.ndarray) -> dict[str, bool]:
    """Table each residents' proposal whose carriers the channels heard; the others stay off the table
    (``model.unheard``: a revised proposal does not bring them back). Returns ``{option id: tabled}``."""
    tabled = {}
    for i, option in enumerate(model.spec.issue.options):
        if option.proposed_by:
            tabled[option.id] = bool(heard[carriers(model, option)].any())
            model.on_table[i] = tabled[option.id]
            model.unheard[i] = not tabled[option.id]
    return tabled


def direct(model) -> int:
    """The option the two committees decide on without consulting: the tabled option the households heard
    at the topic stage can best live with (the first tabled option when no one was heard)."""
    people = model.people
    heard = np.flatnonzero(model.concerns_heard & people.is_household)
    if not len(heard):
        return int(np.argmax(model.on_table))
    return deliberation.propose(people.utility[heard], model.on_table, model.spec.procedure.consensus)

