"""The Mesa model: stages in days, stepping, the policy seam, and what a run gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import simulator
from simulator import ConsultationModel, RulesPolicy
from simulator.consultation import metrics
from simulator.consultation.stakeholders import Household, Organisation


def test_agents_are_mesa_agents(parking):
    m = ConsultationModel(parking, rng=1)
    households = m.agents_by_type[Household].to_list()
    orgs = m.agents_by_type[Organisation].to_list()
    assert len(households) == parking.population.households
    assert len(orgs) == len(parking.population.organisations)
    a = households[0]
    assert set(a.stance) == set(parking.option_ids())
    assert a.group in {g.id for g in parking.population.groups}
    assert a.preferred == max(a.stance, key=a.stance.get)


def test_steps_stage_by_stage_in_days(parking):
    m = ConsultationModel(parking, rng=2)
    p = parking.procedure
    first = m.advance()
    assert first.stage == "topic" and m.time == p.topic.days
    second = m.advance()
    assert second.stage == "participants" and m.time == p.topic.days
    third = m.advance()
    assert third.stage == "round" and third.round == 1
    assert m.time == p.topic.days + p.form.notice_days
    stages = [first.stage, second.stage, third.stage]
    while (s := m.advance()) is not None:
        stages.append(s.stage)
        if s.stage == "round":
            assert s.round == m.round
    assert m.finished and stages[-2:] == ["publication", "implementation"]
    assert m.advance() is None


def test_round_gap_and_publication_days(parking):
    m = ConsultationModel(parking, rng=5)
    m.run()
    rounds = [r for r in m.records if r.stage == "round"]
    assert len(rounds) >= 2  # else there is no gap to check
    for a, b in zip(rounds, rounds[1:]):
        assert b.day - a.day == parking.procedure.rounds.gap_days
    pub = next(r for r in m.records if r.stage == "publication")
    assert pub.day == m.decided_on + parking.procedure.publication.days


class AlwaysEscalate(RulesPolicy):
    """A convener who escalates straight after the first round, inviting only organisations."""

    def __init__(self):
        self.asked = []

    def invite(self, model, proposed):
        self.asked.append("invite")
        return proposed

    def between_rounds(self, model):
        self.asked.append("between")
        return []

    def after_round(self, model, check):
        self.asked.append("after_round")
        return "escalate"


def test_policy_seam_decides_what_happens(parking):
    strict = parking.model_copy(update={"procedure": parking.procedure.model_copy(
        update={"consensus": parking.procedure.consensus.model_copy(update={"rule": "unanimity"})})})
    policy = AlwaysEscalate()
    m = ConsultationModel(strict, rng=3, policy=policy).run()
    assert policy.asked == ["invite", "after_round"]
    assert m.escalated and m.round == 1 and m.vote is not None
    audit = {(c["article"], c["passed"]) for c in metrics.summary(m, 3)["audit"]}
    assert ("第七条第（三）项", False) in audit  # escalated after one round without a large dispute


def test_rounds_frame_comes_from_datacollector(parking):
    r = simulator.run(parking, 4)
    frame = r.rounds
    assert isinstance(frame, pd.DataFrame) and len(frame) == r.summary["rounds"]
    assert list(frame["round"]) == list(range(1, len(frame) + 1))
    assert frame["acceptance"].between(0, 1).all()
    assert frame["person_hours"].is_monotonic_increasing


def test_stances_by_round(parking):
    r = simulator.run(parking, 4)
    st = r.stances
    n, k = parking.population.households + len(parking.population.organisations), len(parking.option_ids())
    assert len(st) == (r.summary["rounds"] + 1) * n * k
    assert st["utility"].between(0, 1).all()
    first = st[st["round"] == 0].pivot(index="agent_id", columns="option", values="utility")
    last = st[st["round"] == st["round"].max()].pivot(index="agent_id", columns="option", values="utility")
    assert not np.allclose(first.to_numpy(), last.to_numpy())  # meetings moved someone


def test_summary_has_every_documented_key(parking):
    s = simulator.run(parking, 1).summary
    for key in ("scenario", "seed", "consensus", "consensus_rule", "rounds", "days", "decision", "escalated",
                "decision_body", "vote", "participants", "support_participants", "support_population",
                "representation_gap", "groups", "person_hours", "expected_compliance", "audit"):
        assert key in s
    assert s["audit"]
    for check in s["audit"]:
        assert set(check) == {"article", "requirement", "passed", "detail"}
    assert abs(sum(g["population_share"] for g in s["groups"].values()) - 1) < 1e-3


def test_same_seed_same_run_different_seed_different_run(parking):
    a, b, c = (simulator.run(parking, s).summary for s in (7, 7, 8))
    assert a == b and a != c


def test_generator_gives_the_same_run_as_its_twin(parking):
    runs = [metrics.summary(ConsultationModel(parking, rng=np.random.default_rng(11)).run(), None) for _ in range(2)]
    assert runs[0] == runs[1]


@pytest.mark.parametrize("rule", ["friedkin_johnsen", "degroot", "deffuant", "hegselmann_krause"])
def test_every_update_rule_runs(parking, rule):
    s = simulator.run(parking, 2, [f"dynamics.rule={rule}"]).summary
    assert s["rounds"] >= 1 and 0 <= s["support_participants"] <= 1


def test_english_summary(parking):
    s = simulator.run(parking, 1, lang="en").summary
    assert s["title"] == "Estate parking consultation"
    assert all(c["article"].startswith(("Art.", "Civil Code", "Organic Law", "Tianjin norms")) for c in s["audit"])
    assert all(c["article"].isascii() and c["detail"].isascii() for c in s["audit"])
    assert all(g["name"].isascii() for g in s["groups"].values())


def test_organisations_alone_cannot_reach_consensus(parking):
    s = simulator.run(parking, 0, ["behaviour.attendance.offline=0", "behaviour.actions.visit_boost=0",
                                   "procedure.rounds.escalation=never"]).summary
    assert s["participants"] == len(parking.population.organisations)
    assert not s["consensus"] and s["decision"] is None
    assert s["support_participants"] is None and s["representation_gap"] is None


def test_every_household_must_sign_when_counted_among_the_invited():
    s = simulator.load(simulator.shipped()["elevator_retrofit"])
    assert s.procedure.consensus.among == "invited"
    agreed = 0
    for seed in range(8):
        m = ConsultationModel(s, rng=seed).run()
        if m.consensus:
            agreed += 1
            hh = m.invited[m.people.is_household[m.invited]]
            assert len(hh) and (m.people.utility[hh, m.proposal] >= s.procedure.consensus.accept).all()
    assert agreed, "no seed reached consensus: nothing was checked"


def test_order_of_execution_does_not_matter(parking):
    forward = {s: simulator.run(parking, s).summary for s in (1, 2, 3)}
    backward = {s: simulator.run(parking, s).summary for s in (3, 2, 1)}
    assert forward == backward


def test_mesa_run_model_gives_the_same_run(parking):
    by_stage = ConsultationModel(parking, rng=6).run()
    mesa_way = ConsultationModel(parking, rng=6)
    mesa_way.run_model()
    assert mesa_way.finished and not mesa_way.running and mesa_way.time == by_stage.time
    assert metrics.summary(mesa_way, 6) == metrics.summary(by_stage, 6)


def test_stepping_a_day_at_a_time_runs_dated_stages(parking):
    m = ConsultationModel(parking, rng=6)
    for _ in range(parking.procedure.topic.days):
        m.step()  # Mesa 3.5: one step is one day
    assert m.time == parking.procedure.topic.days and [r.stage for r in m.records] == ["topic"]


def test_landlords_hold_the_tenants_units_in_the_owners_assembly(parking):
    from simulator.consultation import procedure

    m = ConsultationModel(parking, rng=2).run()
    roll = procedure.electorate(m, "owners_assembly")
    tenants = m.people.tenure[roll["household"]] == 1
    assert len(roll) == parking.population.households  # every unit has an owner who is entitled
    assert tenants.any() and roll["area"].gt(0).all()
    turnout = lambda rows: (rows["vote"] != "absent").mean()  # noqa: E731
    assert turnout(roll[tenants]) < 0.5 < turnout(roll[~tenants])  # absentee landlords rarely vote


# --- escalation: when the large-dispute rule fires, and when the vote is held -------------------


@pytest.mark.parametrize(
    "strong, step",
    [(0.25, "escalate"), (np.nextafter(0.25, 0), "another_round"), (np.nextafter(0.25, 1), "escalate")],
    ids=["at-the-threshold", "below-it", "above-it"],
)
def test_a_strong_objection_share_exactly_at_the_dispute_threshold_escalates(strong, step):
    from types import SimpleNamespace

    from simulator.consultation.deliberation import Check
    from simulator.scenario.procedure import Rounds

    rounds = Rounds(max=3, escalation="large_dispute", dispute_threshold=0.25)
    model = SimpleNamespace(round=1, spec=SimpleNamespace(procedure=SimpleNamespace(rounds=rounds)))
    assert RulesPolicy().after_round(model, Check(False, 0.5, float(strong))) == step
    after_max = rounds.model_copy(update={"escalation": "after_max_rounds"})  # the threshold only counts for large_dispute
    model.spec.procedure.rounds = after_max
    assert RulesPolicy().after_round(model, Check(False, 0.5, float(strong))) == "another_round"


def test_the_model_escalates_on_a_dispute_exactly_at_the_threshold(parking):
    base = ["procedure.consensus.rule=unanimity", "procedure.rounds.max=3", "procedure.rounds.escalation=large_dispute"]
    first = simulator.run(parking, 1, [*base, "procedure.rounds.dispute_threshold=1.0"]).model
    share = next(r for r in first.records if r.stage == "round").detail["strong_objection"]
    assert 0 < share < 1
    at = simulator.run(parking, 1, [*base, f"procedure.rounds.dispute_threshold={share!r}"]).model
    assert at.escalated and at.round == 1
    below = simulator.run(parking, 1, [*base, f"procedure.rounds.dispute_threshold={float(np.nextafter(share, 1))!r}"]).model
    assert below.round > 1


FORCE_VOTE = ["procedure.escalation.required=true", "procedure.rounds.max=1", "procedure.rounds.escalation=after_max_rounds"]


def days_to_vote(name: str, *overrides: str, seed: int = 2):
    """Days from the last round to the vote, and the scenario run."""
    spec = simulator.load(simulator.shipped()[name], [*FORCE_VOTE, *overrides])
    m = ConsultationModel(spec, rng=seed).run()
    rounds = [r for r in m.records if r.stage == "round"]
    votes = [r for r in m.records if r.stage == "escalation"]
    assert m.escalated and rounds and len(votes) == 1
    return votes[0].day - rounds[-1].day, spec


@pytest.mark.parametrize(
    "name, days",
    [("parking", 0), ("parking", 4), ("parking", 21), ("asset_disposal", 0), ("asset_disposal", 3)],
)
def test_the_vote_is_held_the_scenarios_notice_days_after_the_last_round(name, days):
    gap, spec = days_to_vote(name, f"procedure.escalation.notice_days={days}")
    assert spec.procedure.escalation.notice_days == days
    assert gap == days


@pytest.mark.parametrize(
    "name, body, days",
    [
        ("asset_disposal", "collective_members_meeting", 10),  # Rural Collective Economic Organisation Law art. 27
        ("cross_village_road", "villagers_meeting", 10),  # Organic Law of Villagers' Committees art. 21
        ("parking", "owners_assembly", 15),  # the law sets none: norms.vote_notice_days
        ("dog_walking", "residents_meeting", 15),
    ],
)
def test_without_notice_days_the_legal_notice_applies(name, body, days):
    gap, spec = days_to_vote(name, "procedure.escalation.notice_days=null", f"procedure.escalation.body={body}")
    assert spec.procedure.escalation.notice_days is None
    assert gap == days


def test_norms_set_the_vote_notice_only_where_the_law_sets_none():
    gap, _ = days_to_vote("parking", "procedure.escalation.notice_days=null", "norms.vote_notice_days=20")
    assert gap == 20
    gap, spec = days_to_vote("asset_disposal", "norms.vote_notice_days=20")
    assert spec.procedure.escalation.notice_days is None and gap == 10  # the law's 10 days
