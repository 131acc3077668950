"""Selection rules: who is invited to the table (Art. 5, 7(2)).

Each rule takes the community and returns the households it invites. Mandatory
inclusions (organisations such as 两代表一委员 or experts, and one household of each
affected group) are added on top by :func:`invite`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..scenario import Scenario
from ..scenario.base import TENURES
from ..scenario.behaviour import Behaviour, Recruitment
from .deliberation import free, mobilised
from .stakeholders import Stakeholders

ONLINE_CHANNELS = ("wechat", "official_account")  # reach only people with a smartphone


def reach(people: Stakeholders, channels: list[str], b: Behaviour) -> np.ndarray:
    """Chance that each stakeholder hears of something through ``channels`` (``b.reach``); tenants are
    reached less (``b.participation.tenant_reach``: they are often not in the owners' WeChat group)."""
    tenant = people.tenure == TENURES.index("tenant")
    missed = np.ones(people.size)
    for channel in channels:
        factor = np.where(tenant, b.participation.tenant_reach[channel], 1.0)
        missed *= 1 - b.reach[channel] * factor * (people.digital if channel in ONLINE_CHANNELS else 1.0)
    return 1 - missed


def willing(people: Stakeholders, w: Recruitment = Recruitment()) -> np.ndarray:
    """Chance that a household accepts a seat: those who care more say yes more often."""
    return w.willing_base + w.willing_salience * people.salience


def affected(people: Stakeholders, spec: Scenario) -> np.ndarray:
    """Mask of households whose group the issue affects."""
    flags = np.array([g.affected for g in spec.population.groups] + [False] * len(spec.population.organisations))
    return flags[people.group] & people.is_household


def first_per_stratum(stratum: np.ndarray, seats: np.ndarray, key: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """Indices of the ``seats[s]`` eligible rows with the smallest ``key`` in each stratum ``s``."""
    rows = np.flatnonzero(eligible)
    order = rows[np.lexsort((key[rows], stratum[rows]))]
    strata = stratum[order]
    starts = np.searchsorted(strata, strata, side="left")
    rank = np.arange(len(order)) - starts
    return np.sort(order[rank < seats[strata]])


def all_affected(people: Stakeholders, spec: Scenario, rng: np.random.Generator) -> np.ndarray:
    """Every affected household (an assembly)."""
    return np.flatnonzero(affected(people, spec))


def keenness(people: Stakeholders, spec: Scenario) -> np.ndarray:
    """How likely each household is to put itself forward: salience, age (P1) and time free."""
    w, p = spec.behaviour.selection, spec.behaviour.participation
    free_then = free(people, spec.procedure.form.time, spec.behaviour.attendance)
    age = p.age_factor(people.age, p.age_gradient)
    keen = people.salience**w.volunteer_power * age * free_then
    return np.where(people.activist, age * free_then, keen)  # activists put themselves forward as if they cared most


def open_call(people: Stakeholders, spec: Scenario, rng: np.random.Generator) -> np.ndarray:
    """People select themselves: those who hear of the call, care most, are free and of the age that
    takes part (P1); an organised group that mobilises comes as a bloc (P5)."""
    sel, b = spec.procedure.selection, spec.behaviour
    hh = people.is_household
    heard = rng.random(people.size) < reach(people, sel.call_channels, b)
    volunteer = hh & heard & (rng.random(people.size) < keenness(people, spec))
    volunteer |= mobilised(people, rng) & (rng.random(people.size) < b.participation.bloc)
    arrivals = np.flatnonzero(volunteer)
    return np.sort(rng.permutation(arrivals)[: sel.size])


def committee_invitation(people: Stakeholders, spec: Scenario, rng: np.random.Generator) -> np.ndarray:
    """The committee invites the people it knows and trusts: prestige and trust decide."""
    sel, w = spec.procedure.selection, spec.behaviour.selection
    score = people.trust + w.invite_influence * np.log(people.influence) + w.invite_noise * rng.standard_normal(people.size)
    score[~people.is_household] = -np.inf
    accepts = rng.random(people.size) < willing(people, w)
    chosen = np.argsort(-np.where(accepts, score, -np.inf), kind="stable")[: sel.size]
    return np.sort(chosen[np.isfinite(score[chosen]) & accepts[chosen]])


def systematic(total: int, sizes: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Seats per stratum in proportion to ``sizes``, rounded at random (systematic sampling).

    Each stratum gets the floor or the ceiling of its exact quota, with the exact quota as
    its expectation, so small strata are not starved when quotas fall below one seat.
    """
    edges = np.concatenate([[0.0], np.cumsum(total * sizes / sizes.sum())])
    start = rng.random()
    return (np.ceil(edges[1:] - start) - np.ceil(edges[:-1] - start)).astype(int)


def _strata(people: Stakeholders, keys: list[str]) -> np.ndarray:
    columns = {
        "building": people.building,
        "tenure": people.tenure,
        "elderly": people.elderly.astype(int),
        "group": people.group,
    }
    code = np.zeros(people.size, dtype=np.int64)
    for key in keys:
        values = columns[key] - columns[key].min()
        code = code * (int(values.max()) + 1) + values
    return np.unique(code, return_inverse=True)[1]


def stratified_random(people: Stakeholders, spec: Scenario, rng: np.random.Generator) -> np.ndarray:
    """Sortition: seats shared out over strata (building, tenure, age) in proportion, drawn by lot."""
    sel = spec.procedure.selection
    hh = people.is_household
    stratum = _strata(people, sel.strata)
    sizes = np.bincount(stratum[hh], minlength=stratum.max() + 1)
    seats = systematic(min(sel.size, int(hh.sum())), sizes, rng)
    accepts = hh & (rng.random(people.size) < willing(people, spec.behaviour.selection))
    return first_per_stratum(stratum, seats, rng.random(people.size), accepts)


def quota(people: Stakeholders, spec: Scenario, rng: np.random.Generator) -> np.ndarray:
    """A fixed number of seats per building (or group), first come first served among the willing:
    the keener a household, the sooner it comes forward (seats drawn in proportion to keenness)."""
    sel, w = spec.procedure.selection, spec.behaviour.selection
    unit = people.building if sel.quota_by == "building" else people.group
    unit = np.where(people.is_household, unit, 0)
    seats = np.full(int(unit.max()) + 1, sel.quota)
    keen = people.is_household & (rng.random(people.size) < willing(people, w))
    weight = np.maximum(keenness(people, spec) + w.quota_noise * rng.standard_normal(people.size), 1e-9)  # drawn even when the noise is 0
    arrival = rng.exponential(size=people.size) / weight  # a weighted draw without replacement (Efraimidis and Spirakis)
    return first_per_stratum(unit, seats, arrival, keen)


SELECTION_RULES: dict[str, Callable[[Stakeholders, Scenario, np.random.Generator], np.ndarray]] = {
    "all_affected": all_affected,
    "open_call": open_call,
    "committee_invitation": committee_invitation,
    "stratified_random": stratified_random,
    "quota": quota,
}


def invite(people: Stakeholders, spec: Scenario, rng: np.random.Generator, rule: str | None = None) -> np.ndarray:
    """Everyone invited: the rule's households plus the mandatory inclusions."""
    sel = spec.procedure.selection
    chosen = SELECTION_RULES[rule or sel.rule](people, spec, rng)
    extra = [people.households + people.who.index(o) - len(spec.population.groups) for o in sel.mandatory]
    if sel.affected_minorities:
        hit = affected(people, spec)
        present = set(people.group[chosen].tolist())
        for code in np.unique(people.group[hit]):
            if code not in present:
                members = np.flatnonzero(hit & (people.group == code))
                extra.append(int(members[np.argmax(people.salience[members])]))
    return np.union1d(chosen, np.array(extra, dtype=int))
