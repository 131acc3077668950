"""Selection rules: who is invited to the table."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.consultation import selection
from simulator.consultation.stakeholders import Stakeholders


def community(parking, seed=0):
    return Stakeholders.generate(parking, np.random.default_rng(seed))


def with_selection(parking, **update):
    sel = parking.procedure.selection.model_copy(update=update)
    return parking.model_copy(update={"procedure": parking.procedure.model_copy(update={"selection": sel})})


@pytest.mark.parametrize("rule", sorted(selection.SELECTION_RULES))
def test_every_rule_invites_households_only_and_no_one_twice(parking, rule):
    people = community(parking)
    chosen = selection.SELECTION_RULES[rule](people, parking, np.random.default_rng(1))
    assert len(np.unique(chosen)) == len(chosen)
    assert people.is_household[chosen].all()


def test_all_affected_invites_every_affected_household(parking):
    people = community(parking)
    chosen = selection.all_affected(people, parking, np.random.default_rng(0))
    assert len(chosen) == parking.population.households  # every parking group is affected


def test_stratified_random_mirrors_tenure_and_age(parking):
    s = with_selection(parking, size=200)
    people = community(s)
    shares = []
    for seed in range(30):
        chosen = selection.stratified_random(people, s, np.random.default_rng(seed))
        assert len(chosen) <= 200
        shares.append([np.mean(people.tenure[chosen] == 1), np.mean(people.elderly[chosen])])
    hh = people.is_household
    expected = [np.mean(people.tenure[hh] == 1), np.mean(people.elderly[hh])]
    assert np.allclose(np.mean(shares, axis=0), expected, atol=0.03)


@settings(max_examples=60, deadline=None)
@given(total=st.integers(0, 500), sizes=st.lists(st.integers(0, 300), min_size=1, max_size=40), seed=st.integers(0, 2**32 - 1))
def test_systematic_rounding_is_exact_and_fair(total, sizes, seed):
    sizes = np.array(sizes)
    if sizes.sum() == 0:
        return
    seats = selection.systematic(total, sizes, np.random.default_rng(seed))
    exact = total * sizes / sizes.sum()
    assert seats.sum() == total
    assert np.all(seats >= np.floor(exact - 1e-9)) and np.all(seats <= np.ceil(exact + 1e-9))


def test_quota_gives_each_building_its_seats(parking):
    s = with_selection(parking, rule="quota", quota=3)
    people = community(s)
    chosen = selection.quota(people, s, np.random.default_rng(2))
    per_building = np.bincount(people.building[chosen], minlength=parking.population.buildings)
    assert per_building.max() <= 3 and np.mean(per_building == 3) > 0.9


def test_open_call_brings_the_keen(parking):
    people = community(parking)
    chosen = selection.open_call(people, parking, np.random.default_rng(3))
    assert people.salience[chosen].mean() > people.salience[people.is_household].mean() + 0.05


def test_committee_invites_the_trusted(parking):
    people = community(parking)
    chosen = selection.committee_invitation(people, parking, np.random.default_rng(4))
    assert people.trust[chosen].mean() > people.trust[people.is_household].mean() + 0.05


def test_mandatory_inclusions_and_affected_minorities(parking):
    s = with_selection(parking, rule="committee_invitation", size=5)
    people = community(s)
    invited = selection.invite(people, s, np.random.default_rng(5))
    orgs = {people.who[c] for c in people.group[invited[~people.is_household[invited]]]}
    assert set(s.procedure.selection.mandatory) <= orgs
    groups = {people.who[c] for c in people.group[invited[people.is_household[invited]]]}
    assert groups == {g.id for g in s.population.groups}  # each affected group gets at least one seat
    without = with_selection(s, affected_minorities=False)
    fewer = selection.invite(people, without, np.random.default_rng(5))
    assert len(fewer) < len(invited)
