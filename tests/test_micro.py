"""Micro-consultation (Art. 9): one group or place meets on its own between rounds, and its result feeds up."""

from __future__ import annotations

import copy

import numpy as np
import pytest

import simulator
from simulator import ConsultationModel
from simulator import scenario as validation
from simulator.consultation import procedure
from simulator.consultation.procedure import RulesPolicy
from simulator.law.audit import audit

from .conftest import SCENARIOS

R1 = validation.read(SCENARIOS / "cases" / "tianjin_parking_r1.yaml")[0]


def spec(edit=None):
    data = copy.deepcopy(R1)
    if edit:
        edit(data)
    return validation.from_data(data, source="r1.yaml")


def without_micro(data):
    data["procedure"]["rounds"]["between"] = []


def test_the_action_is_registered():
    assert procedure.ACTIONS["micro_consultation"].__module__ == "simulator.consultation.micro"


class Watching(RulesPolicy):
    """The scenario's own rules, noting the state just before the between-round actions."""

    def between_rounds(self, model):
        self.before = model.people.utility.copy(), model.person_hours, model.meetings
        return super().between_rounds(model)


def first_micro(seed: int, s=None):
    """Run R1 to just after its micro-consultation; return the model and the state just before it."""
    policy = Watching()
    m = ConsultationModel(s or spec(), rng=seed, policy=policy)
    while not any(r.stage == "micro_consultation" for r in m.records):
        if m.advance() is None:
            return None, None  # agreed at the first round: no second round, no micro-consultation
    return m, policy.before


def test_only_its_group_and_organisations_take_part_and_move():
    for seed in range(5):
        m, before = first_micro(seed)
        if m is None:
            continue
        utility = before[0]
        p = m.people
        multi = p.group == p.who.index("multi_car_owner")
        orgs = np.isin(np.arange(p.size), [p.who.index("subdistrict"), p.who.index("property_company")])
        took = m.micro_took_part
        assert took.any() and not (took & ~(multi | orgs)).any()
        moved = ~np.isclose(p.utility, utility).all(axis=1)
        assert moved[multi].any() and not moved[~(multi | orgs)].any()  # no one else's stance moves in its meeting


def test_a_place_limits_who_takes_part():
    def edit(data):
        data["population"]["stairwells_per_building"] = 2
        data["procedure"]["micro"] = {"place": {"buildings": [1, 2], "stairwell": 1}, "tables": "fixed_spaces"}
    m, _ = first_micro(0, spec(edit))
    p, h = m.people, m.people.households
    took = np.flatnonzero(m.micro_took_part)
    assert len(took) and (took < h).all()
    assert set(p.building[took]) <= {0, 1} and (p.stairwell[took] == 0).all()
    assert m.records[-1].detail["place"] == {"buildings": [1, 2], "stairwells": [1]}


def test_it_tables_the_compromise_costs_hours_and_is_recorded_and_audited():
    tabled = held = 0
    for seed in range(12):
        m, before = first_micro(seed)
        if m is None:
            continue
        held, (_, hours, meetings) = held + 1, before
        entry = m.records[-1]
        assert entry.stage == "micro_consultation" and entry.detail["group"] == "multi_car_owner"
        k = m.spec.option_ids().index("fixed_spaces")
        assert m.on_table[k] == (entry.detail["tabled"] == "fixed_spaces")
        tabled += m.on_table[k]
        assert m.meetings == meetings + 1 and m.person_hours > hours + m.spec.procedure.form.hours * entry.detail["attendees"]
        assert {"acceptance", "strong_objection", "agreement", "fits"} <= set(entry.detail)
        m.run()
        checks = [c for c in audit(m, "en") if "Art. 9" in str(c.values())]
        assert checks and checks[0]["passed"]
    assert held >= 8 and tabled >= 0.6 * held  # the group prefers the compromise to "every space fixed" in most seeds


def test_without_it_the_compromise_is_never_tabled():
    s = spec(without_micro)
    k = s.option_ids().index("fixed_spaces")
    assert not any(ConsultationModel(s, rng=seed).run().on_table[k] for seed in range(10))


def test_a_compromise_that_does_not_fit_is_not_tabled():
    def edit(data):
        data["population"]["spaces"] = 400
        data["issue"]["options"][2]["spaces"] = 400
    fitting = spec(edit)
    small = fitting.model_copy(update={"population": fitting.population.model_copy(update={"spaces": 300})})  # as if fewer spaces
    m, _ = first_micro(0, small)
    assert m.records[-1].detail["tabled"] is None and not m.records[-1].detail["fits"]


def living_with(m) -> float:
    """Share of multi-car households who can live with the outcome (no decision: things stay as they are)."""
    p, h, s = m.people, m.people.households, m.spec
    multi = p.group[:h] == p.who.index("multi_car_owner")
    decided = m.decision if m.decision is not None else s.option_ids().index(s.issue.status_quo)
    return float((p.utility[:h][multi, decided] >= s.procedure.consensus.objection).mean())


@pytest.mark.slow
def test_in_r1_it_raises_agreement_with_the_multi_car_households():
    seeds = range(30)
    with_it = [living_with(ConsultationModel(spec(), rng=s).run()) for s in seeds]
    without = [living_with(ConsultationModel(spec(without_micro), rng=s).run()) for s in seeds]
    assert np.mean(with_it) > np.mean(without) + 0.1


def test_the_dashboard_and_the_practice_seat_offer_a_micro_consultation_only_where_the_scenario_says_who_meets():
    from simulator.practice import Session
    from simulator.workshop import Dashboard

    plain = simulator.load(simulator.shipped()["parking"])
    assert "micro_consultation" not in plain.procedure.actions()
    assert "micro_consultation" not in Dashboard("parking", seeds=2).actions.boxes
    r1 = simulator.load(SCENARIOS / "cases" / "tianjin_parking_r1.yaml")
    assert "micro_consultation" in r1.procedure.actions()
    session = Session.start("cases/tianjin_parking_r1", seed=1)
    while session.point.kind != "after_round":
        session.choose({})
    offered = {f.name: [v for v, _ in f.options] for f in session.point.fields}["actions"]
    assert "micro_consultation" in offered
