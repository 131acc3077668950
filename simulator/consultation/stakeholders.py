"""Stakeholders: the households and organisations of a community (Art. 5).

Their attributes live in one table of numpy arrays (:class:`Stakeholders`), so
that a meeting of hundreds updates in a few vectorised steps. Each stakeholder is
also a Mesa agent (:class:`Household`, :class:`Organisation`) that reads its row.
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np
from mesa.discrete_space import FixedAgent
from scipy import sparse

from ..scenario import Scenario
from ..scenario.base import TENURES
from ..scenario.behaviour import STAGES
from ..scenario.schema import Stakes
from . import places
from .neighbours import neighbourhood


def split(total: int, shares: np.ndarray) -> np.ndarray:
    """Whole counts proportional to ``shares`` that add up to ``total`` (largest remainder)."""
    exact = total * np.asarray(shares, dtype=float) / np.sum(shares)
    counts = np.floor(exact).astype(int)
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: total - counts.sum()]] += 1
    return counts


@dataclass
class Stakeholders:
    """Every stakeholder's attributes; rows ``0..households-1`` are households."""

    households: int
    who: list[str]  # group ids, then organisation ids
    group: np.ndarray  # index into ``who``
    building: np.ndarray  # 0-based; -1 for organisations
    tenure: np.ndarray  # index into TENURES; -1 for organisations
    member: np.ndarray
    elderly: np.ndarray
    digital: np.ndarray
    disability: np.ndarray
    works_daytime: np.ndarray
    adults: np.ndarray
    area: np.ndarray
    salience: np.ndarray
    openness: np.ndarray
    influence: np.ndarray
    trust: np.ndarray
    speaking: np.ndarray
    initial: np.ndarray  # (n, options) utilities before the consultation
    anchor: np.ndarray  # (n, options) what each returns to when pulled by others (stubbornness)
    utility: np.ndarray  # (n, options) utilities now
    heard_other_side: np.ndarray
    age: np.ndarray  # age of the member who takes part (households; 0 for organisations)
    stage: np.ndarray  # life stage, index into behaviour.STAGES (-1 for organisations)
    activist: np.ndarray
    organised: np.ndarray  # in the group's organised network (P5)
    holdout: np.ndarray
    visits: np.ndarray  # home visits received so far
    neighbours: sparse.csr_array  # row-normalised ties between households (P3)
    stairwell: np.ndarray  # 0-based stairwell of the building (0 where the scenario has none); -1 for organisations
    floor: np.ndarray  # 0-based floor; -1 where the scenario gives no floors, and for organisations

    @property
    def size(self) -> int:
        return len(self.group)

    @property
    def is_household(self) -> np.ndarray:
        return np.arange(self.size) < self.households

    @classmethod
    def generate(cls, scenario: Scenario, rng: np.random.Generator) -> Stakeholders:
        """Draw a community from the scenario's groups and organisations."""
        pop, c = scenario.population, scenario.behaviour.community
        part, pers = scenario.behaviour.participation, scenario.behaviour.persuasion
        options = scenario.option_ids()
        groups, orgs = pop.groups, pop.organisations
        counts = split(pop.households, np.array([g.share for g in groups]))
        g = rng.permutation(np.repeat(np.arange(len(groups)), counts))
        h = pop.households

        def per_group(attr: str) -> np.ndarray:
            return np.array([getattr(x, attr) for x in groups], dtype=float)[g]

        def chance(attr: str) -> np.ndarray:
            return rng.random(h) < per_group(attr)

        elderly = chance("elderly")
        digital = rng.random(h) < per_group("digital") * np.where(elderly, pop.elderly_digital_factor, 1.0)
        adults = 1 + rng.poisson(per_group("adults") - 1)
        area = np.clip(rng.normal(per_group("area"), c.area_cv * per_group("area")), c.area_min, None).round(2)  # rounding: data format

        everyone: list[Stakes] = [*groups, *orgs]
        codes = np.concatenate([g, len(groups) + np.arange(len(orgs))])
        worth = np.vstack([np.array(scenario.worth()), np.zeros((len(orgs), len(options)))])
        mean = (np.array([scenario.general_stance(x) for x in everyone]) + worth)[codes]
        spread = np.array([x.spread for x in everyone])[codes]
        n = h + len(orgs)
        noise = spread[:, None] * rng.standard_normal((n, len(options)))

        def trait(attr: str) -> np.ndarray:
            centre = np.array([getattr(x, attr) for x in everyone], dtype=float)[codes]
            return np.clip(centre + c.trait_sd[attr] * rng.standard_normal(n), 0, 1)

        pad = np.zeros(len(orgs))
        works = chance("works_daytime")
        building = rng.integers(0, pop.buildings, h)
        home = places.homes(scenario, g, building, rng.spawn(1)[0] if places.used(scenario) else rng)  # own stream: only when used
        building = home.building
        if any(o.affects is not None for o in scenario.issue.options):  # effects only where the option reaches
            mean[:h] -= worth[g] * ~places.effects_reach(scenario, home)
        initial = np.clip(mean + noise, 0, 1)
        age = np.where(elderly, rng.uniform(60, 85, h), rng.uniform(22, 60, h))
        if any(x.ages for x in groups):  # drawn only when a group gives its ages, so other runs keep their draws
            low, high = (np.array([x.ages[i] if x.ages else np.nan for x in groups])[g] for i in (0, 1))
            age = np.where(np.isnan(low), age, low + rng.random(h) * (high - low))
        shift = works & (rng.random(h) < part.shift_workers)
        carer = ~elderly & (rng.random(h) < part.carers)
        stage = np.select([elderly & ~works, shift, carer, works], [0, 2, 3, 1], STAGES.index("other"))
        salience, openness = trait("salience"), trait("openness")
        affected = np.array([x.affected for x in groups])[g]
        holdout = rng.random(h) < pers.holdouts * salience[:h]
        openness[:h] *= np.where(affected, 1 - pers.personal_stake * salience[:h], 1.0) * np.where(holdout, pers.holdout_openness, 1.0)
        organised = rng.random(h) < np.array([x.organised for x in groups])[g]
        flag = lambda x: np.concatenate([x, pad.astype(bool)])  # noqa: E731
        return cls(
            households=h,
            who=[x.id for x in everyone],
            group=codes,
            building=np.concatenate([building, pad - 1]).astype(int),
            tenure=np.concatenate([np.array([TENURES.index(x.tenure) for x in groups])[g], pad - 1]).astype(int),
            member=np.concatenate([np.array([x.member for x in groups])[g], pad.astype(bool)]),
            elderly=np.concatenate([elderly, pad.astype(bool)]),
            digital=np.concatenate([digital, pad == 0]),
            disability=np.concatenate([chance("disability"), pad.astype(bool)]),
            works_daytime=flag(works),
            adults=np.concatenate([adults, pad]).astype(int),
            area=np.concatenate([area, pad]),
            salience=salience,
            openness=openness,
            influence=np.array([x.influence for x in everyone])[codes] * np.exp(c.influence_sd * rng.standard_normal(n)),
            trust=trait("trust"),
            speaking=trait("speaking"),
            initial=initial,
            anchor=initial.copy(),
            utility=initial.copy(),
            heard_other_side=np.zeros(n, dtype=bool),
            age=np.concatenate([age, pad]),
            stage=np.concatenate([stage, pad - 1]).astype(int),
            activist=flag(rng.random(h) < part.activists),
            organised=flag(organised),
            holdout=flag(holdout),
            visits=np.zeros(n, dtype=int),
            neighbours=neighbourhood(building, n, pers, rng),
            stairwell=np.concatenate([home.stairwell, pad - 1]).astype(int),
            floor=np.concatenate([home.floor, pad - 1]).astype(int),
        )


class Stakeholder(mesa.Agent):
    """A stakeholder agent: one row of the model's :class:`Stakeholders` table."""

    def __init__(self, model, index: int):
        super().__init__(model)
        self.index = int(index)

    @property
    def group(self) -> str:
        return self.model.people.who[self.model.people.group[self.index]]

    @property
    def stance(self) -> dict[str, float]:
        """Utility per option id, now."""
        row = self.model.people.utility[self.index]
        return dict(zip(self.model.spec.option_ids(), row.tolist()))

    @property
    def preferred(self) -> str:
        return self.model.spec.option_ids()[int(np.argmax(self.model.people.utility[self.index]))]


class Household(FixedAgent, Stakeholder):
    """A household, represented at the table by one of its members; it lives in a cell of the model's
    ``space`` (its building's stairwell, :mod:`.places`)."""


class Organisation(Stakeholder):
    """An organisation of Art. 5: committees, property company, township, experts, ..."""
