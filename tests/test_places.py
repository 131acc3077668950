"""Places (Art. 9): buildings, stairwells and floors, a group's place, what an option affects, the Mesa
network that holds the households, and bad places refused with a located bilingual message."""

from __future__ import annotations

import copy
import re

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mesa.discrete_space import Network

import simulator
from simulator import ConsultationModel
from simulator import scenario as validation
from simulator.scenario import ScenarioError

from .conftest import SCENARIOS

CJK = re.compile(r"[\u4e00-\u9fff]")
BASE = validation.read(SCENARIOS / "cases" / "tianjin_parking_r1.yaml")[0]  # parking with effects by group


def plain() -> dict:
    """The R1 parking case in 6 buildings, without stairwells or floors."""
    data = copy.deepcopy(BASE)
    data["population"]["buildings"] = 6
    return data


def placed(**population) -> dict:
    """The same with places: 3 stairwells a building and 6 floors, plus ``population`` fields."""
    data = plain()
    data["population"].update({"stairwells_per_building": 3, "floors": 6, **population})
    return data


def model(data: dict, seed: int = 0) -> ConsultationModel:
    return ConsultationModel(validation.from_data(data, source="places.yaml"), rng=seed)


def rows_of(m: ConsultationModel, group: str) -> np.ndarray:
    h = m.people.households
    return np.flatnonzero(m.people.group[:h] == m.people.who.index(group))


def test_places_are_drawn_as_specified():
    m = model(placed())
    h, p = m.people.households, m.people
    assert set(np.unique(p.building[:h])) == set(range(6))
    assert set(np.unique(p.stairwell[:h])) == set(range(3))
    assert set(np.unique(p.floor[:h])) == set(range(6))
    assert (p.building[h:] == -1).all() and (p.stairwell[h:] == -1).all() and (p.floor[h:] == -1).all()


def test_without_places_nothing_is_drawn_and_the_buildings_stay():
    without, withs = model(plain(), seed=3), model(placed(), seed=3)
    h = without.people.households
    assert (without.people.stairwell[:h] == 0).all() and (without.people.floor[:h] == -1).all()
    # stairwells and floors come from their own stream: the buildings and everything else are as before
    assert np.array_equal(without.people.building, withs.people.building)
    assert np.array_equal(without.people.initial, withs.people.initial)
    a, b = without.run(), withs.run()
    assert np.array_equal(a.people.utility, b.people.utility) and a.records[-1].detail == b.records[-1].detail


def test_a_groups_place_is_respected():
    data = placed()
    groups = data["population"]["groups"]
    groups[0]["place"] = {"buildings": [1, 2]}  # "the two buildings facing the plaza"
    groups[1]["place"] = {"stairwell": 3, "floors": [1, 2]}
    m = model(data, seed=5)
    first, second = rows_of(m, groups[0]["id"]), rows_of(m, groups[1]["id"])
    assert set(np.unique(m.people.building[first])) == {0, 1}
    assert (m.people.stairwell[second] == 2).all() and set(np.unique(m.people.floor[second])) == {0, 1}
    others = np.setdiff1d(np.arange(m.people.households), np.r_[first, second])
    assert len(np.unique(m.people.building[others])) == 6  # the others still live everywhere


def test_affects_limits_an_options_effects_to_its_place():
    data = placed()
    option = next(o for o in data["issue"]["options"] if o.get("effects"))
    option["affects"] = {"buildings": [1]}
    narrow, wide = model(data, seed=2), model(placed(), seed=2)
    h = narrow.people.households
    k = [o["id"] for o in data["issue"]["options"]].index(option["id"])
    inside = narrow.people.building[:h] == 0
    moved = ~np.isclose(narrow.people.initial[:h, k], wide.people.initial[:h, k])
    felt = {g for g, e in option["effects"].items() if any(abs(v) > 0 for v in e.values())}
    feels = np.isin(np.array(narrow.people.who)[narrow.people.group[:h]], list(felt))
    assert moved.any()
    assert not (moved & inside).any()  # those who live there feel the effects as before
    assert (moved[~inside & feels] | np.isclose(wide.people.initial[:h, k][~inside & feels], 0)
            | np.isclose(wide.people.initial[:h, k][~inside & feels], 1)).all()
    assert not moved[~feels].any()  # groups the option does nothing to are as before


def test_the_mesa_network_holds_each_household_in_its_stairwell():
    m = model(placed(), seed=1)
    assert isinstance(m.space, Network)
    assert len(m.space.G) == 1 + 6 + 6 * 3  # the community, its buildings, their stairwells
    households = [a for a in m.agents if a.index < m.people.households]
    assert all(a.cell.coordinate == (m.people.building[a.index], m.people.stairwell[a.index]) for a in households)
    assert sum(len(c.agents) for c in m.space.all_cells) == m.people.households
    building = m.space[(0,)]
    stairs = [c for c in building.neighborhood if c.coordinate != "community"]
    assert sorted(len(c.agents) for c in stairs) == sorted(np.bincount(m.people.stairwell[: m.people.households][m.people.building[: m.people.households] == 0], minlength=3))
    parking = ConsultationModel(simulator.load(SCENARIOS / "parking.yaml"), rng=1)  # a space also without places
    assert all(a.cell is None for a in parking.agents if a.index < parking.people.households)  # built when first asked for
    assert len(parking.space.G) == 1 + 24 + 24  # one stairwell a building where the scenario gives none
    assert all(a.cell.coordinate == (parking.people.building[a.index], 0) for a in parking.agents if a.index < parking.people.households)


def test_a_scenario_with_places_is_reproducible():
    data = placed()
    data["population"]["groups"][0]["place"] = {"buildings": [2]}
    a, b = model(data, 7).run(), model(data, 7).run()
    assert np.array_equal(a.people.floor, b.people.floor) and np.array_equal(a.people.utility, b.people.utility)


# -- bad places -----------------------------------------------------------------------------------

FIELDS = st.sampled_from(["buildings", "stairwells", "floors"])
LIMITS = {"buildings": 6, "stairwells": 3, "floors": 6}


def refused(data: dict) -> ScenarioError:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    parsed, root = validation.parse_yaml(text, source="places.yaml")
    with pytest.raises(ScenarioError) as info:
        validation.from_data(parsed, source="places.yaml", root=root)
    err = info.value
    assert CJK.search(err.zh) and err.en and not CJK.search(err.en)
    assert err.zh.startswith("places.yaml") and err.line is not None
    return err


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=FIELDS, over=st.integers(1, 500), group=st.integers(0, 3), at=st.integers(0, 2))
def test_a_number_beyond_the_population_is_refused_at_its_field(field, over, group, at):
    data = placed()
    values = [1] * at + [LIMITS[field] + over]
    data["population"]["groups"][group]["place"] = {field: values}
    err = refused(data)
    assert err.path == f"population.groups.{group}.place.{field}.{at}"
    assert str(LIMITS[field] + over) in err.en and str(LIMITS[field]) in err.zh


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(["stairwells", "floors"]), option=st.integers(0, 2))
def test_stairwells_or_floors_without_the_population_saying_how_many(field, option):
    data = plain()
    data["issue"]["options"][option]["affects"] = {field: [1]}
    err = refused(data)
    assert err.path == f"issue.options.{option}.affects.{field}"
    assert "population." in err.en


def test_a_place_must_say_something_and_numbers_start_at_one():
    data = placed()
    data["population"]["groups"][0]["place"] = {}
    assert refused(data).path.startswith("population.groups.0.place")
    data["population"]["groups"][0]["place"] = {"buildings": [0]}
    assert refused(data).path.startswith("population.groups.0.place.buildings")


def test_an_option_that_does_not_fit_the_spaces_is_refused():
    data = placed(spaces=100)
    data["issue"]["options"][2]["spaces"] = 50
    data["issue"]["options"][1]["spaces"] = 101
    err = refused(data)
    assert err.path == "issue.options.1.spaces" and "101" in err.en and "100" in err.zh
    data["population"].pop("spaces")
    assert refused(data).path == "issue.options.1.spaces"
