"""Places (Art. 9): which building (or villager group), stairwell and floor each household lives in,
and the community's places as a Mesa network (community → buildings → stairwells) holding the
household agents (built when the model's ``space`` is first asked for).

Today's building draw stays as it was; stairwells, floors and the homes of groups given a ``place``
come from a separate stream (a child of the model's generator), drawn only when a scenario uses
places, so every other draw is unchanged. O(households).
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
from mesa.discrete_space import Network

from ..scenario import Scenario
from ..scenario.places import Place


def used(spec: Scenario) -> bool:
    """Whether the scenario uses places at all (else nothing is drawn and every household is in stairwell 1)."""
    pop = spec.population
    return (pop.stairwells_per_building is not None or pop.floors is not None
            or any(g.place is not None for g in pop.groups) or any(o.affects is not None for o in spec.issue.options))


@dataclass
class Homes:
    """Where each household lives, 0-based (building, stairwell, floor); floor -1 where floors are not given."""

    building: np.ndarray
    stairwell: np.ndarray
    floor: np.ndarray


def _pick(allowed: list[int] | None, limit: int, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` draws, uniform over ``allowed`` (1-based numbers) or over ``0..limit-1``; 0-based."""
    if allowed is None:
        return rng.integers(0, limit, n)
    return np.asarray(allowed)[rng.integers(0, len(allowed), n)] - 1


def homes(spec: Scenario, group: np.ndarray, building: np.ndarray, rng: np.random.Generator) -> Homes:
    """Each household's home. ``building`` is today's draw, kept for groups without a place; ``rng``
    is the places' own stream (used only when the scenario uses places)."""
    pop, h = spec.population, len(building)
    stairs, floors = pop.stairwells_per_building or 1, pop.floors
    if not used(spec):
        return Homes(building, np.zeros(h, dtype=int), np.full(h, -1))
    building = building.copy()
    stairwell = rng.integers(0, stairs, h)
    floor = rng.integers(0, floors, h) if floors else np.full(h, -1)
    for code, g in enumerate(pop.groups):
        if g.place is None:
            continue
        rows = np.flatnonzero(group == code)
        if g.place.buildings is not None:
            building[rows] = _pick(g.place.buildings, pop.buildings, len(rows), rng)
        if g.place.stairwells is not None:
            stairwell[rows] = _pick(g.place.stairwells, stairs, len(rows), rng)
        if g.place.floors is not None:
            floor[rows] = _pick(g.place.floors, floors, len(rows), rng)
    return Homes(building, stairwell, floor)


def inside(place: Place | None, building: np.ndarray, stairwell: np.ndarray, floor: np.ndarray) -> np.ndarray:
    """Mask of the rows living in ``place`` (everyone when ``place`` is None; organisations never)."""
    mask = building >= 0
    if place is None:
        return mask
    for values, where in ((place.buildings, building), (place.stairwells, stairwell), (place.floors, floor)):
        if values is not None:
            mask &= np.isin(where + 1, values)
    return mask


def effects_reach(spec: Scenario, homes: Homes) -> np.ndarray:
    """(households, options) mask: which households feel each option's effects (its ``affects``)."""
    return np.stack([inside(o.affects, homes.building, homes.stairwell, homes.floor) for o in spec.issue.options], axis=1)


def space(spec: Scenario, random) -> Network:
    """The community's places as a Mesa ``Network``: the community, its buildings (or villager groups)
    and their stairwells, each a cell (empty: :func:`settle` puts the households in)."""
    stairs = spec.population.stairwells_per_building or 1
    graph = nx.Graph()
    graph.add_node("community")
    for b in range(spec.population.buildings):
        graph.add_edge("community", (b,))
        graph.add_edges_from(((b,), (b, s)) for s in range(stairs))
    return Network(graph, random=random, layout=None)


def settle(model) -> Network:
    """The model's places as a Mesa network, each household agent fixed in its stairwell's cell."""
    network, people = space(model.spec, model.random), model.people
    for agent in model.agents:
        if agent.index < people.households:
            agent.cell = network[(int(people.building[agent.index]), int(people.stairwell[agent.index]))]
    return network
