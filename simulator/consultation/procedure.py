"""Procedure: the convener's decision points and actions (Art. 7, 8).

The model asks a *policy* at each decision point: whom to invite, what to do
between rounds, and whether to hold another round, escalate or close.
:class:`RulesPolicy` follows the scenario's rules; a practice mode can put a
person behind the same three methods.
"""

from __future__ import annotations

from typing import Literal, Protocol

import numpy as np
import pandas as pd

from ..i18n import Text
from ..law import BODIES, MATTER_TABLE, Decision, decide, decide_each
from ..scenario.base import TENURES
from . import persuasion, support
from .micro import micro_consultation
from .deliberation import Check

Next = Literal["another_round", "escalate", "close"]


class ConvenerPolicy(Protocol):
    """What the convener (the two committees, or the township) decides."""

    def invite(self, model, proposed: np.ndarray) -> np.ndarray:
        """Whom to invite, given the selection rule's proposal (stakeholder indices)."""

    def between_rounds(self, model) -> list[str]:
        """Actions to take before the next round (see :data:`ACTIONS`)."""

    def after_round(self, model, check: Check) -> Next:
        """After a round without consensus: another round, escalate, or close."""


class RulesPolicy:
    """The default convener: does what the scenario's rules say."""

    def invite(self, model, proposed: np.ndarray) -> np.ndarray:
        return proposed

    def between_rounds(self, model) -> list[str]:
        actions = list(model.spec.procedure.rounds.between)
        if "revised_proposal" in actions and (model.on_table | model.unheard).all():
            actions.remove("revised_proposal")
        if "micro_consultation" in actions and getattr(model, "micro_held", 0) and model.spec.procedure.micro.once:
            actions.remove("micro_consultation")
        return actions

    def after_round(self, model, check: Check) -> Next:
        rounds = model.spec.procedure.rounds
        if rounds.escalation == "large_dispute" and check.strong_objection >= rounds.dispute_threshold:
            return "escalate"
        if model.round < rounds.max:
            return "another_round"
        return "close" if rounds.escalation == "never" else "escalate"


# --- between-round actions -------------------------------------------------


def home_visits(model) -> None:
    """入户走访: visit the holdouts and absentees who object most, and listen. Trust grows where the
    visit is welcome; where trust is low it backfires (:func:`.persuasion.visit`)."""
    people, p, k = model.people, model.proposal, model.spec.behaviour.actions
    invited = model.invited[people.is_household[model.invited]]
    u = people.utility[invited, p]
    absent = ~model.attended[invited]
    need = (u < model.spec.procedure.consensus.accept) | absent
    targets = invited[need][np.argsort(u[need], kind="stable")][: model.spec.procedure.rounds.visits]
    pull = k.visit_pull * (k.visit_base + people.trust[targets]) * people.openness[targets]
    backfired = persuasion.visit(people, targets, p, pull, support.persuasion(model.spec))  # a professional calms
    welcome = targets[~backfired]
    people.trust[welcome] += k.visit_trust * (1 - people.trust[welcome])
    people.heard_other_side[targets] = True
    model.boost[welcome] = k.visit_boost
    model.visited[targets] = True
    model.backfired[targets[backfired]] = True
    model.person_hours += model.spec.behaviour.hours.visit * len(targets)


def expert_assessment(model) -> None:
    """专家论证: experts assess the options; invitees revise what they think of them, as far as they
    trust the process (those below ``backlash_below`` discount it)."""
    people, k = model.people, model.spec.behaviour.actions
    view = np.array([o.expert_view for o in model.spec.issue.options])
    who = model.invited
    trusting = people.trust[who] >= model.spec.behaviour.persuasion.backlash_below
    weight = k.expert_weight * people.openness[who] * trusting
    persuasion.shift(people, who, weight[:, None] * view, model.spec.behaviour.persuasion)
    people.trust[who] += k.expert_trust * (1 - people.trust[who])
    model.experts_consulted = True
    model.person_hours += model.spec.behaviour.hours.expert


def revised_proposal(model) -> None:
    """修改方案: table the next compromise option."""
    waiting = np.flatnonzero(~model.on_table & ~model.unheard)  # residents' proposals the channels missed stay off
    if len(waiting):
        model.on_table[waiting[0]] = True
    model.person_hours += model.spec.behaviour.hours.revision


def township_mediation(model) -> None:
    """乡镇（街道）调解: the township mediates; trust and openness rise."""
    people, who, k = model.people, model.invited, model.spec.behaviour.actions
    people.trust[who] += k.mediation_trust * (1 - people.trust[who])
    people.openness[who] += k.mediation_openness * (1 - people.openness[who])
    model.township_involved = True
    model.person_hours += model.spec.behaviour.hours.mediation


ACTIONS = {
    "home_visits": home_visits,
    "expert_assessment": expert_assessment,
    "revised_proposal": revised_proposal,
    "township_mediation": township_mediation,
    "micro_consultation": micro_consultation,  # Art. 9, simulator.consultation.micro
}


# --- escalation ------------------------------------------------------------

def notice_days(escalation, default: int) -> int:
    """Days between calling the body and its vote: the scenario's, else the legal notice, else
    ``default`` (``norms.vote_notice_days``: where the law sets none)."""
    if escalation.notice_days is not None:
        return escalation.notice_days
    legal = BODIES[escalation.body].notice_days
    return default if legal is None else legal


def needs_vote(model, option: int) -> bool:
    """Whether adopting ``option`` takes a body's vote: the law reserves its matter, or the scenario
    asks for a vote anyway. An agreement at the table on such a matter is a recommendation."""
    spec = model.spec
    return MATTER_TABLE[spec.issue.options[option].legal_class].reserved or spec.procedure.escalation.required


def vote(model) -> Decision:
    """The body the law assigns votes on the proposal, with any local rules; where the matter spans
    several villages, each votes in its own body (Art. 10)."""
    spec = model.spec
    esc, option = spec.procedure.escalation, spec.issue.options[model.proposal]
    names = {g.id: g.name for g in spec.population.groups}
    villages = spec.population.villages
    homes = [(None, None)]
    if villages:
        ids = [v.id for v in villages]
        home = np.array([ids.index(g.village) for g in spec.population.groups])[model.people.group[: model.people.households]]
        homes = [(Text(v.name.zh, v.name.en), home == i) for i, v in enumerate(villages)]
    # local rules count households, every one on the roll, not only those drawn as representatives
    signs = bool(esc.local_rules) and BODIES[esc.body].representatives
    parts = [(name, electorate(model, esc.body, where), ballots(model, esc.body, roll(model, esc.body, where)) if signs else None)
             for name, where in homes]
    if not villages:
        _, voters, signed = parts[0]
        return decide(esc.body, option.legal_class, voters, esc.local_rules, names, signatures=signed)
    return decide_each(esc.body, option.legal_class, parts, esc.villages_must_pass, esc.local_rules, names)


def on_roll(model, body: str) -> np.ndarray:
    """Mask of the households on ``body``'s roll."""
    b, people = BODIES[body], model.people
    admitted = np.array([b.admits(g.tenure, g.member) for g in model.spec.population.groups])
    return admitted[people.group[: people.households]]


def by_landlord(model, body: str) -> np.ndarray:
    """Mask of the households whose vote their landlord holds: tenants' units in the owners' assembly."""
    people = model.people
    return (people.tenure[: people.households] == TENURES.index("tenant")) & (body == "owners_assembly")


def roll(model, body: str, where: np.ndarray | None = None) -> np.ndarray:
    """The households on ``body``'s roll (``where``: only these, e.g. one village's)."""
    return np.flatnonzero(on_roll(model, body) & (True if where is None else where))


def electorate(model, body: str, where: np.ndarray | None = None) -> pd.DataFrame:
    """Everyone entitled to vote in ``body``, with the vote each casts on the proposal: the roll, or a
    draw of representatives from it (one per 5-15 households, art. 25, 28), one row per adult where
    each adult votes."""
    people, b = model.people, BODIES[body]
    rows = roll(model, body, where)
    if b.representatives:
        v = model.spec.behaviour.voting
        seats = max(b.min_representatives, int(np.ceil(len(rows) / v.households_per_representative)))
        rows = np.sort(model.rng.choice(rows, size=min(seats, len(rows)), replace=False))
    if b.per_adult:
        rows = np.repeat(rows, people.adults[rows])
    return ballots(model, body, rows)


def proxied(model, rows: np.ndarray, present: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """Mask of absent ``eligible`` ``rows`` whose vote an activist of their building casts by proxy (P2)."""
    people, k = model.people, model.spec.behaviour.participation.activist_proxies
    activists = np.unique(rows[present & people.activist[rows]])
    out = np.zeros(len(rows), dtype=bool)
    if k == 0 or not len(activists):
        return out
    absent = np.flatnonzero(~present & eligible)
    held = np.bincount(people.building[activists], minlength=int(people.building.max()) + 1) * k
    order = absent[np.argsort(people.building[rows[absent]], kind="stable")]
    b = people.building[rows[order]]
    rank = np.arange(len(order)) - np.searchsorted(b, b, side="left")
    out[order[rank < held[b]]] = True
    return out


def ballots(model, body: str, rows: np.ndarray) -> pd.DataFrame:
    """The vote each of ``rows`` (household indices, repeated per voter) casts on the proposal.

    Each household votes from its stance now (moved by the meetings, visits or neighbours' talk);
    in the owners' assembly a tenant's unit is its absent landlord's vote: rarely cast, and then
    as the tenant first saw it. Activists collect proxies from absent households of their building,
    who then count as present and vote their own stance (P2; the unit, not the adult, votes).
    Households the proposal compensates sign its compensation agreement, and vote yes, where they
    would otherwise only abstain (not vote no).
    """
    people, rng, spec, b = model.people, model.rng, model.spec, BODIES[body]
    v = spec.behaviour.voting
    h = people.households
    landlord = by_landlord(model, body)
    informed = model.participants | model.visited
    informed[model.invited] = True  # invitees were sent the materials (Art. 7(2)) and any expert assessment
    informed[:h] &= ~landlord
    u = np.where(landlord[rows], people.initial[rows, model.proposal], people.utility[rows, model.proposal])
    # turnout T on average; those who care more, or took part, come more often; T = 1 brings everyone
    stay_away = (
        (1 - spec.procedure.escalation.turnout)
        * (v.stay_away_base - people.salience[rows])
        * np.where(informed[rows], v.informed_stay_away, 1.0)
    )
    present = rng.random(len(rows)) >= stay_away
    present &= ~landlord[rows] | (rng.random(len(rows)) < spec.behaviour.landlord_turnout)
    if not b.per_adult:  # an absent landlord's unit is not a neighbour's to proxy
        present |= proxied(model, rows, present, ~landlord[rows])
    option, accept = spec.issue.options[model.proposal], spec.procedure.consensus.accept
    undecided = u >= accept - spec.behaviour.abstain_band
    compensated = np.isin(np.array(people.who)[people.group[rows]], option.compensates) & undecided
    yes = (u >= accept) | compensated
    choice = np.where(yes, "yes", np.where(undecided, "abstain", "no"))
    frame = pd.DataFrame({
        "household": rows,
        "vote": np.where(present, choice, "absent"),
        "group": np.array(people.who)[people.group[rows]],
        "compensation": compensated & (u < accept) & present,
    })
    if b.weights_area:
        frame["area"] = people.area[rows]
    return frame
