"""Persuasion that can fail, neighbours' talk, participation by age and life stage, and costs in the stance."""

from __future__ import annotations

import numpy as np
import pytest

import simulator
from simulator.consultation import persuasion
from simulator.consultation.model import ConsultationModel
from simulator.consultation.neighbours import neighbourhood, talk
from simulator.scenario.behaviour import Participation, Persuasion


def _people(seed: int = 0, overrides=()):
    return ConsultationModel(simulator.load(simulator.shipped()["parking"], list(overrides)), rng=seed).people


def test_neighbours_are_mostly_in_the_same_building_and_some_talk_to_no_one():
    rng = np.random.default_rng(3)
    building = rng.integers(0, 30, 5000)
    ties = neighbourhood(building, 5010, Persuasion(), np.random.default_rng(4))
    rows = np.asarray(ties.sum(axis=1)).ravel()
    assert np.allclose(rows[rows > 0], 1) and (rows[5000:] == 0).all()  # organisations have no neighbours
    assert 0.25 < (rows[:5000] == 0).mean() < 0.35  # P3: 27.5% almost never talk to neighbours, plus a few with no tie drawn
    pattern = ties.copy()
    pattern.data[:] = 1
    assert (pattern != pattern.T).nnz == 0  # ties go both ways
    i, j = pattern.nonzero()
    assert (building[i] == building[j]).mean() > 0.8
    degree = np.diff(pattern.indptr)[:5000]
    assert 3 < degree[degree > 0].mean() < 5  # about `ties` = 4


def test_neighbours_are_the_same_for_the_same_seed():
    building = np.random.default_rng(0).integers(0, 10, 400)
    a = neighbourhood(building, 400, Persuasion(), np.random.default_rng(9))
    b = neighbourhood(building, 400, Persuasion(), np.random.default_rng(9))
    assert (a != b).nnz == 0


def test_talk_moves_households_towards_their_neighbours_and_leaves_the_isolated_alone():
    building = np.zeros(200, dtype=int)
    ties = neighbourhood(building, 200, Persuasion(isolated=0.5), np.random.default_rng(1))
    utility = np.random.default_rng(2).random((200, 2))
    before = utility.copy()
    talk(utility, ties, np.full(200, 0.5), 0.1)
    lonely = np.asarray(ties.sum(axis=1)).ravel() == 0
    assert (utility[lonely] == before[lonely]).all()
    heard = ties @ before
    closer = np.abs(utility - heard) <= np.abs(before - heard) + 1e-12
    assert closer[~lonely].all() and not np.allclose(utility[~lonely], before[~lonely])


def test_a_visit_backfires_below_the_trust_line_and_does_less_each_time():
    people = _people()
    who = np.array([0, 1])
    people.trust[who] = [0.2, 0.8]
    people.utility[who, 1] = people.anchor[who, 1] = 0.3
    p = Persuasion()
    backfired = persuasion.visit(people, who, 1, np.array([0.4, 0.4]), p)
    assert backfired.tolist() == [True, False]
    assert people.utility[0, 1] < 0.3 < people.utility[1, 1]
    first = people.utility[1, 1] - 0.3
    people.utility[1, 1] = 0.3
    persuasion.visit(people, who[1:], 1, np.array([0.4]), p)
    assert people.utility[1, 1] - 0.3 == pytest.approx(first * p.repeat)  # diminishing returns


def test_what_does_not_last_fades_before_the_next_round():
    people = _people()
    p = Persuasion(neighbour_pull=0.0)
    start = people.utility.copy()
    persuasion.shift(people, np.array([5]), np.array([[0.0, 0.4, 0.0, 0.0]]), p)
    moved = people.utility[5, 1] - start[5, 1]
    persuasion.between_rounds(people, p)
    kept = people.utility[5, 1] - start[5, 1]
    assert kept == pytest.approx(moved * (p.lasting + (1 - p.lasting) * (1 - p.fade)))


def test_holdouts_are_the_households_that_care_most_and_barely_move():
    people = _people(overrides=["behaviour.persuasion.holdouts=0.5"])
    hh = people.is_household
    assert people.salience[people.holdout].mean() > people.salience[hh & ~people.holdout].mean()
    assert people.openness[people.holdout].mean() < 0.25 * people.openness[hh & ~people.holdout].mean()


def test_age_follows_p1_and_the_gradient_can_be_turned_off():
    p = Participation()
    assert p.age_factor(75, 1.0) == pytest.approx(1.0)
    assert p.age_factor(24, 1.0) == pytest.approx(0.138 / 0.777)
    assert p.age_factor(24, 0.0) == 1.0
    assert p.age_factor(24, 1.0) < p.age_factor(55, 1.0) < p.age_factor(75, 1.0)


def test_day_workers_come_to_evening_meetings_not_daytime_ones():
    def day_workers(time):
        share = []
        for seed in range(6):
            r = simulator.run("parking", seed, [f"procedure.form.time={time}"])
            p, took = r.model.people, r.model.attended & r.model.people.is_household
            share.append(float((p.stage[took] == 1).mean()))
        return np.mean(share)
    assert day_workers("daytime") < day_workers("evening") - 0.1


def test_the_lift_prices_floors_from_the_options_effects():
    """E6/E7: the first floor pays nothing by floor, yet loses light and value; compensation makes the
    compromise better for it, and dearer for the top floors."""
    spec = simulator.load(simulator.shipped()["elevator_retrofit"])
    worth = dict(zip([g.id for g in spec.population.groups], spec.worth()))
    ids = spec.option_ids()
    floor, paid = ids.index("floor_split"), ids.index("compensated")
    assert worth["first_floor"][paid] > worth["first_floor"][floor] and worth["top_floor"][paid] < worth["top_floor"][floor]
    first = next(g for g in spec.population.groups if g.id == "first_floor")
    assert spec.general_stance(first)[paid] == first.stance["floor_split"]  # built like the floor split


@pytest.mark.parametrize("like, message", [("nowhere", "like"), ("compensated", "like")])
def test_an_option_built_like_an_unknown_or_chained_option_is_refused(like, message):
    with pytest.raises(simulator.ScenarioError, match=message):
        simulator.load(simulator.shipped()["elevator_retrofit"], [f"issue.options.equal_split.like={like}"])


def test_effects_naming_an_unknown_group_are_refused():
    with pytest.raises(simulator.ScenarioError, match="effects"):
        simulator.load(simulator.shipped()["elevator_retrofit"], ["issue.options.floor_split.effects={basement: {money: -1}}"])


def test_a_written_view_is_input_not_voice():
    online = ["procedure.form.mode=online", "procedure.form.offline_channel=true"]
    inputs, voices = [], []
    for seed in range(8):
        s = simulator.run("parking", seed, online).summary
        inputs.append(s["elderly_input_share"])
        voices.append(s["elderly_voice_share"])
    assert np.mean(inputs) > np.mean(voices) + 0.03


def test_a_meeting_open_to_every_household_draws_by_age_like_a_vote():
    """Households merely told of a meeting choose as voters do (P1's full gradient); a seat's holders less so."""
    def old_over_young(overrides):
        ratio = []
        for seed in range(6):
            r = simulator.run("parking", seed, ["procedure.selection.rule=all_affected", "procedure.rounds.max=1", *overrides])
            p, took = r.model.people, r.model.attended
            hh = p.is_household
            rate = lambda mask: took[hh & mask].mean()  # noqa: E731
            ratio.append(rate(p.age >= 60) / rate(p.age < 40))
        return np.mean(ratio)
    assert old_over_young([]) > old_over_young(["behaviour.participation.age_gradient=0"]) + 0.5


def test_a_group_can_give_the_ages_of_its_members():
    r = simulator.run("parking", 0, ["population.groups.tenant.ages=[18, 39]"])
    p = r.model.people
    tenants = p.group == p.who.index("tenant")
    assert 18 <= p.age[tenants].min() and p.age[tenants].max() <= 39
    with pytest.raises(simulator.ScenarioError, match="ages"):
        simulator.load(simulator.shipped()["parking"], ["population.groups.tenant.ages=[50, 30]"])
