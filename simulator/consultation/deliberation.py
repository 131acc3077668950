"""Deliberation: one consultation meeting (Art. 7(3)).

A round draws attendance, takes speaking turns under the rules of procedure,
lets arguments and influence move stances (a rule of :mod:`simulator.dynamics`),
and checks the consensus rule on the facilitator's proposal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .. import dynamics
from ..scenario.base import UPDATE_RULES as UPDATE_RULE_NAMES
from ..scenario.behaviour import Attendance, Participation, Speaking
from ..scenario.errors import error
from ..scenario.procedure import Consensus, Form, RulesOfProcedure
from ..scenario.schema import Dynamics
from .stakeholders import Stakeholders


def free(people: Stakeholders, time: str, a: Attendance = Attendance()) -> np.ndarray:
    """Chance each household is free at the meeting's time, by life stage (1 for organisations)."""
    table = np.array(a.availability.table()[time] + [1.0])
    return table[people.stage]  # stage -1 (organisations) reads the last entry


def attendance_chance(
    people: Stakeholders, form: Form, a: Attendance = Attendance(), p: Participation = Participation(), seated: bool = True
) -> np.ndarray:
    """Chance that each stakeholder attends a meeting of this form, time and notice. Households that
    accepted a seat (``seated``) follow the age gradient of P1 less than households merely told of a
    meeting open to all (every affected household invited), who choose as voters do."""
    away = 1 - free(people, form.time, a)
    offline = a.offline * (1 - away) * (1 - a.disability * people.disability) * np.where(people.elderly, a.elderly_offline, 1.0)
    online = np.where(people.digital, a.online, a.without_phone) * (1 - a.online_busy * away)
    chance = {"offline": offline, "online": online, "hybrid": np.maximum(offline, online)}[form.mode]
    notice = a.notice_floor + (1 - a.notice_floor) * (1 - np.exp(-form.notice_days / a.notice_scale))
    chance = chance * notice * (a.salience_floor + (1 - a.salience_floor) * people.salience)
    chance = chance * p.age_factor(people.age, p.age_gradient_invited if seated else p.age_gradient)
    return np.where(people.is_household, chance, a.organisations)


def mobilised(people: Stakeholders, rng: np.random.Generator) -> np.ndarray:
    """Mask of organised households whose group mobilises this time (one draw per group, P5).

    A group mobilises with the mean salience of its organised members: a bloc comes or stays away together.
    """
    groups = people.group[people.organised]
    keen = np.bincount(groups, weights=people.salience[people.organised], minlength=len(people.who))
    size = np.bincount(groups, minlength=len(people.who))
    go = rng.random(len(people.who)) < np.divide(keen, size, out=np.zeros(len(people.who)), where=size > 0)
    return people.organised & go[people.group]


def attend(
    people: Stakeholders,
    invited: np.ndarray,
    form: Form,
    rng: np.random.Generator,
    boost: np.ndarray | None = None,
    a: Attendance = Attendance(),
    p: Participation = Participation(),
    seated: bool = True,
    told: np.ndarray | None = None,
):
    """Draw who attends, and who instead gives a view through the offline channel (``seated``: see
    :func:`attendance_chance`; ``told``: chance each was told of the meeting, if not everyone was).

    Returns ``(attendees, written)``, both arrays of stakeholder indices.
    """
    chance = attendance_chance(people, form, a, p, seated)
    if told is not None:
        chance = chance * told
    bloc = mobilised(people, rng)
    chance = np.where(bloc, np.maximum(chance, p.bloc), chance)[invited]
    if boost is not None:
        chance = np.minimum(1.0, chance + boost[invited])
    here = rng.random(len(invited)) < chance
    attendees = invited[here]
    absent = invited[~here]
    if form.mode == "online" and form.offline_channel:
        needs = ~people.digital[absent] | people.elderly[absent] | people.disability[absent]
        written = absent[needs & (rng.random(len(absent)) < a.written_view)]
    else:
        written = absent[:0]
    return attendees, written


def speak(
    people: Stakeholders,
    attendees: np.ndarray,
    form: Form,
    rules: RulesOfProcedure,
    rng: np.random.Generator,
    k: Speaking = Speaking(),
) -> np.ndarray:
    """Speaking turns per attendee, limited by the rules of procedure."""
    s = people.speaking[attendees] * (k.base + people.salience[attendees])
    pull = people.influence[attendees] ** (k.influence_power_chaired if rules.neutral_chair else k.influence_power)
    if form.mode != "offline":
        online = form.mode == "online"
        hard = people.elderly[attendees] | ~people.digital[attendees]
        s = s * np.where(hard, k.online_hard if online else k.hybrid_hard, k.online if online else k.hybrid)
    turns = rng.poisson(k.rate * s * pull)
    if rules.max_turns is not None:
        turns = np.minimum(turns, rules.max_turns)
    if rules.neutral_chair:  # the chair invites the quiet ones to speak
        turns = np.where((turns == 0) & (rng.random(len(attendees)) < k.chair_invites), 1, turns)
    return turns


@dataclass(frozen=True)
class Meeting:
    """What a stance-update rule sees of one meeting (attendees only)."""

    stances: np.ndarray  # (n, options) utilities now
    anchors: np.ndarray  # (n, options) what each is anchored to
    heard: np.ndarray  # (n,) share of the floor each attendee had, weighted by influence; sums to 1
    openness: np.ndarray
    trust: np.ndarray
    exchanges: int  # rounds of exchange within the meeting
    dynamics: Dynamics
    rng: np.random.Generator


# In a meeting everyone hears the same floor, so the influence matrix has rank one:
# W = 1·heardᵀ (Friedkin–Johnsen) or diag(1 − openness) + openness·heardᵀ (DeGroot).
# Both rules are applied in O(n) per exchange; tests check them against simulator.dynamics.


def _friedkin_johnsen(m: Meeting) -> np.ndarray:
    """x ← ΛWx + (I − Λ)x₀ with Λ = openness × trust."""
    lam = (m.openness * m.trust)[:, None]
    x = m.stances
    for _ in range(m.exchanges):
        x = lam * (m.heard @ x) + (1 - lam) * m.anchors
    return x


def _degroot(m: Meeting) -> np.ndarray:
    """x ← Wx: each keeps (1 − openness) of their own view and takes the rest from the floor."""
    o = m.openness[:, None]
    x = m.stances
    for _ in range(m.exchanges):
        x = (1 - o) * x + o * (m.heard @ x)
    return x


def _deffuant(m: Meeting) -> np.ndarray:
    return dynamics.deffuant(m.stances, d=m.dynamics.confidence, mu=m.dynamics.mu, sweeps=m.exchanges, rng=m.rng)


def _hegselmann_krause(m: Meeting) -> np.ndarray:
    return dynamics.hegselmann_krause(m.stances, eps=m.dynamics.confidence, steps=m.exchanges, rng=m.rng)


# Stance-update rules by name (``dynamics.rule`` in a scenario). Researchers add their own with
# :func:`register_rule`: a function of a :class:`Meeting` returning the new stances.
UPDATE_RULES: dict[str, Callable[[Meeting], np.ndarray]] = {
    "friedkin_johnsen": _friedkin_johnsen,
    "degroot": _degroot,
    "deffuant": _deffuant,
    "hegselmann_krause": _hegselmann_krause,
}


def register_rule(name: str, rule: Callable[[Meeting], np.ndarray], *, replace: bool = False) -> None:
    """Make a stance-update rule available as ``dynamics.rule: name``."""
    if name in UPDATE_RULES and not replace:
        raise ValueError(f"a stance-update rule named {name!r} exists; pass replace=True to replace it")
    UPDATE_RULES[name] = rule
    UPDATE_RULE_NAMES.add(name)  # scenarios may name it now


def unregister_rule(name: str) -> None:
    """Remove a stance-update rule added with :func:`register_rule`."""
    UPDATE_RULES.pop(name, None)
    UPDATE_RULE_NAMES.discard(name)


def rule_named(name: str) -> Callable[[Meeting], np.ndarray]:
    """The registered stance-update rule called ``name``."""
    try:
        return UPDATE_RULES[name]
    except KeyError:
        names = ", ".join(UPDATE_RULES)
        raise error("", None, "dynamics.rule", f"未知的立场更新规则 {name!r}，可选：{names}",
                    f"unknown stance-update rule {name!r}; expected one of: {names}") from None


def update(
    people: Stakeholders,
    attendees: np.ndarray,
    turns: np.ndarray,
    rule: Dynamics,
    rules: RulesOfProcedure,
    rng: np.random.Generator,
    accept: float = 0.5,
    susceptibility: float = 1.0,
) -> None:
    """Move attendees' stances by what they heard, with the scenario's update rule (``susceptibility``
    multiplies openness: how far one meeting can move an open attendee)."""
    weight = turns * people.influence[attendees]
    if len(attendees) < 2 or weight.sum() == 0:
        return
    x = people.utility[attendees]
    _hear_the_other_side(people, attendees, x, turns, accept)
    meeting = Meeting(
        stances=x,
        anchors=people.anchor[attendees],
        heard=weight / weight.sum(),
        openness=np.minimum(1.0, susceptibility * people.openness[attendees]),
        trust=people.trust[attendees],
        exchanges=rules.exchanges,
        dynamics=rule,
        rng=rng,
    )
    people.utility[attendees] = np.clip(rule_named(rule.rule)(meeting), 0, 1)


def _hear_the_other_side(people: Stakeholders, attendees: np.ndarray, x: np.ndarray, turns: np.ndarray, accept: float) -> None:
    """Mark attendees who heard a speaker argue for an option they cannot live with."""
    said = np.unique(np.argmax(x[turns > 0], axis=1))
    people.heard_other_side[attendees] |= (x[:, said] < accept).any(axis=1)


@dataclass(frozen=True)
class Check:
    """The consensus rule applied to one proposal."""

    reached: bool
    acceptance: float  # share who can live with the proposal
    strong_objection: float  # share who strongly object


def check(utility: np.ndarray, rule: Consensus) -> Check:
    """Apply the consensus rule to the participants' utilities for the proposal."""
    if len(utility) == 0:
        return Check(False, 0.0, 0.0)
    acceptance = float(np.mean(utility >= rule.accept))
    strong = float(np.mean(utility < rule.objection))
    reached = {
        "unanimity": acceptance == 1.0,
        "no_strong_objection": strong == 0.0,
        "supermajority": acceptance >= rule.q,
    }[rule.rule]
    return Check(reached, acceptance, strong)


def propose(utility: np.ndarray, on_table: np.ndarray, rule: Consensus) -> int:
    """The facilitator's proposal: the tabled option most participants can live with."""
    acceptance = (utility >= rule.accept).mean(axis=0) if len(utility) else np.zeros(utility.shape[1])
    # 1e-3 only breaks ties in acceptance by mean utility: a tie-break, not a behavioural parameter
    score = np.where(on_table, acceptance + 1e-3 * utility.mean(axis=0) if len(utility) else acceptance, -np.inf)
    return int(np.argmax(score))
