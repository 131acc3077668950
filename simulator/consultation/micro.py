"""Micro-consultation (微协商, Art. 9): between two rounds, one group or place meets on its own.

Its participants are every household of the group and/or place (told of the meeting, they choose
to come as voters do) and the organisations the scenario names. Each of its ``rounds`` meetings
works as a round at the community table does (attendance, turns, the stance-update rule), so the
group's stances move only through the meeting's dynamics. Its result feeds up: the compromise it may
table (``tables``) is put on the community table when the group prefers it to the current proposal (by the
facilitator's rule: more can live with it, or as many and it is liked more) and it fits the spaces there are; the group's agreement is recorded either way.
"""

from __future__ import annotations

import numpy as np

from . import deliberation, places


def participants(model) -> np.ndarray:
    """Indices of the micro-consultation's participants: the households of its group and place, then its organisations."""
    spec, people = model.spec, model.people
    micro, h = spec.procedure.micro, people.households
    mask = places.inside(micro.place, people.building, people.stairwell, people.floor)
    if micro.group is not None:
        mask &= people.group == people.who.index(micro.group)
    orgs = [people.who.index(o) for o in micro.organisations]
    return np.concatenate([np.flatnonzero(mask[:h]), np.array(orgs, dtype=int)])


def fits(spec, option: int) -> bool:
    """Whether the option fits the spaces (or other capacity) there are."""
    need, have = spec.issue.options[option].spaces, spec.population.spaces
    return need is None or have is None or need <= have


def micro_consultation(model) -> None:
    """微协商: the group or place named in ``procedure.micro`` meets on its own, and its result feeds up."""
    spec, people = model.spec, model.people
    micro, b, consensus = spec.procedure.micro, spec.behaviour, spec.procedure.consensus
    held = getattr(model, "micro_held", 0)
    if micro.once and held:
        return
    who = participants(model)
    came = np.zeros(people.size, dtype=bool)
    for _ in range(micro.rounds):  # a meeting like the community's, under the same support
        attendees, written, _turns = model.meet(who, seated=False)
        came[attendees] = came[written] = True
    voices = np.flatnonzero(came & people.is_household)  # the group's own view, as its meetings left it
    u = people.utility[voices]
    tabled = None
    if micro.tables is not None:  # the group prefers it: the facilitator's own rule (deliberation.propose) on the two
        k = spec.option_ids().index(micro.tables)
        pair = np.isin(np.arange(len(model.on_table)), [k, model.proposal])
        if not model.on_table[k] and len(voices) and deliberation.propose(u, pair, consensus) == k and fits(spec, k):
            model.on_table[k] = True
            model.person_hours += b.hours.revision
            tabled = micro.tables
    target = spec.option_ids().index(tabled) if tabled else model.proposal
    check = deliberation.check(u[:, target], consensus)
    if any(spec.population.organisations[people.who.index(o) - len(spec.population.groups)].kind == "township"
           for o in micro.organisations):
        model.township_involved = True
    model.micro_held = held + 1
    model.micro_took_part = getattr(model, "micro_took_part", np.zeros(people.size, dtype=bool)) | came
    place = None if micro.place is None else micro.place.model_dump(exclude_none=True)
    model._log("micro_consultation", group=micro.group, place=place, households=int((who < people.households).sum()),
               attendees=int(came.sum()), meetings=micro.rounds, option=spec.option_ids()[target], tabled=tabled,
               acceptance=check.acceptance, strong_objection=check.strong_objection, agreement=check.reached,
               fits=fits(spec, target))
