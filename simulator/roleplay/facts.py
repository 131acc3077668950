"""What a role card says, as facts drawn from the scenario (never written per scenario).

A *role* is one stakeholder group or organisation. Its interests are its mean utility for each
option at the start (general stance plus what the option's effects are worth to the group,
:mod:`simulator.scenario.effects`); its red lines are the options more than half of it strongly
objects to (mean utility below the consensus rule's ``objection`` line, the model's strong objection);
its allies and opponents come from the same utilities; its instruction from its traits (salience,
speaking, openness, trust, influence). The cut-offs that turn a trait into words are in
:data:`CUTS` (assumptions, ``docs/model.md`` section 13).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..consultation.stakeholders import split
from ..law import BODIES
from ..scenario import Scenario
from ..scenario.effects import DIMENSIONS
from ..scenario.schema import Group

#: Where a trait turns into words on a card (assumptions, docs/model.md section 13).
CUTS = {
    "salience_high": 0.7, "salience_low": 0.4,
    "speaking_high": 0.6, "speaking_low": 0.35,
    "openness_low": 0.3, "openness_high": 0.5,
    "trust_high": 0.65, "trust_low": 0.5,
    "influence_high": 1.5,
    "digital_low": 0.7, "works_daytime": 0.6,
    "effect": 0.1,  # an effect level smaller than this is not worth a line on a card
}

#: Organisation kinds that convene, by ``procedure.convener``.
CONVENERS = {"two_committees": ("two_committees", "residents_committee", "villagers_committee"), "township": ("township",)}
#: Organisation kinds that run, or watch over, each body's vote: they know its rules.
KEEPERS = {
    "owners_assembly": ("owners_committee",),
    "residents_meeting": ("residents_committee",),
    "villagers_meeting": ("villagers_committee", "two_committees"),
    "villager_representatives_meeting": ("villagers_committee", "two_committees"),
    "collective_members_meeting": ("collective_organisation",),
    "collective_representatives_meeting": ("collective_organisation",),
}


@dataclass(frozen=True)
class Role:
    """One card's facts."""

    id: str
    kind: str  # "group", or the organisation's kind
    utility: dict[str, float]  # mean utility per option id at the start
    favourite: str
    acceptable: tuple[str, ...]  # other options at or above the accept line
    red_lines: tuple[str, ...]  # options below the objection line: more than half strongly object
    least: str  # the option it likes least (named when it has no red line)
    gains: tuple[str, ...]  # options the scenario says it gains from
    pays: tuple[str, ...]  # options that ask it to change or pay
    effects: dict[str, dict[str, float]]  # option id -> effect dimension -> level (or yuan), only those that count
    share: float = 0.0  # share of households (groups)
    households: int = 0
    on_roll: bool = False  # a household of it is on the body's roll
    by_landlord: bool = False  # its vote is its landlord's (tenants in the owners' assembly)
    convener: bool = False
    mandatory: bool = False
    knows_rules: bool = False  # knows the body's thresholds
    expert: bool = False  # holds the expert assessment
    allies: tuple[str, ...] = ()
    opponents: tuple[str, ...] = ()
    trust: float = 0.6
    salience: float = 0.5
    speaking: float = 0.5
    openness: float = 0.4
    influence: float = 1.0
    digital: float = 1.0
    works_daytime: float = 0.0
    backlash: bool = False  # trust low enough that a visit backfires

    @property
    def group(self) -> bool:
        return self.kind == "group"


def utilities(scenario: Scenario) -> dict[str, dict[str, float]]:
    """Each group's and organisation's mean utility per option at the start (before noise and clipping)."""
    ids = scenario.option_ids()
    worth = scenario.worth()
    out = {}
    for i, g in enumerate(scenario.population.groups):
        out[g.id] = {o: s + w for o, s, w in zip(ids, scenario.general_stance(g), worth[i])}
    for org in scenario.population.organisations:
        out[org.id] = dict(zip(ids, scenario.general_stance(org)))
    return out


def roles(scenario: Scenario) -> tuple[Role, ...]:
    """One role per group, then one per organisation, in the scenario's order."""
    pop, proc = scenario.population, scenario.procedure
    rule = proc.consensus
    body = BODIES[proc.escalation.body]
    u = utilities(scenario)
    fav = {k: max(v, key=v.get) for k, v in u.items()}
    red = {k: tuple(o for o, x in v.items() if x < rule.objection) for k, v in u.items()}
    split_households = _households(scenario)
    out = []
    for who in [*pop.groups, *pop.organisations]:
        mine = u[who.id]
        group = isinstance(who, Group)
        others = [k for k in u if k != who.id]
        close = sorted(others, key=lambda k: (sum(abs(mine[o] - u[k][o]) for o in mine), k))
        allies = tuple(k for k in close if fav[k] == fav[who.id])[:2]
        opponents = tuple(k for k in reversed(close) if fav[k] in red[who.id] or fav[who.id] in red[k])[:2]
        kind = "group" if group else who.kind
        common = dict(
            id=who.id, kind=kind, utility=mine, favourite=fav[who.id],
            acceptable=tuple(o for o, x in sorted(mine.items(), key=lambda p: -p[1]) if x >= rule.accept and o != fav[who.id]),
            red_lines=red[who.id], least=min(mine, key=mine.get),
            allies=allies, opponents=opponents, trust=who.trust, salience=who.salience, speaking=who.speaking,
            openness=who.openness, influence=who.influence,
            backlash=who.trust < scenario.behaviour.persuasion.backlash_below,
        )
        if group:
            effects = {o.id: _effect(o.effects[who.id]) for o in scenario.issue.options if who.id in o.effects}
            out.append(Role(
                **common,
                gains=tuple(o.id for o in scenario.issue.options if who.id in o.gains),
                pays=tuple(o.id for o in scenario.issue.options if who.id in o.pays),
                effects={k: v for k, v in effects.items() if v},
                share=who.share, households=split_households[who.id],
                on_roll=body.admits(who.tenure, who.member),
                by_landlord=who.tenure == "tenant" and body.id == "owners_assembly",
                knows_rules=body.admits(who.tenure, who.member) and not (who.tenure == "tenant" and body.id == "owners_assembly"),
                digital=who.digital, works_daytime=who.works_daytime,
            ))
        else:
            convener = who.kind in CONVENERS[proc.convener]
            out.append(Role(
                **common, gains=(), pays=(), effects={},
                convener=convener, mandatory=who.id in proc.selection.mandatory,
                knows_rules=convener or who.kind == "township" or who.kind in KEEPERS.get(body.id, ()),
                expert=who.kind == "expert",
            ))
    return tuple(out)


def _effect(effect) -> dict[str, float]:
    """The effects of an option on a group that are worth a line: yuan, and levels of at least the cut-off."""
    out = {}
    if effect.money:
        out["money"] = effect.money
    for d in DIMENSIONS[1:]:
        if abs(getattr(effect, d)) >= CUTS["effect"]:
            out[d] = getattr(effect, d)
    return out


def _households(scenario: Scenario) -> dict[str, int]:
    """Households per group, as the model splits them (largest remainder)."""
    groups = scenario.population.groups
    counts = split(scenario.population.households, np.array([g.share for g in groups]))
    return {g.id: int(n) for g, n in zip(groups, counts)}
