"""Every behavioural number is a parameter: its default is the constant the engine used to
hard-code, ``--set`` moves the run, and a sweep design can name it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pytest

import simulator
from simulator.research.design import load_design
from simulator.scenario.behaviour import Behaviour, Community, Fairness, Participation, Persuasion, Recruitment, Voting
from simulator.scenario.schema import Norms

SEEDS = (0, 1, 2)


def participants(r) -> float:
    return r.summary["participants"]


def invited(r) -> float:
    return r.summary["invited"]


def turns(r) -> float:
    return float(r.rounds["speaking_turns"].sum())


def fairness(r) -> float:
    return r.summary["perceived_fairness"]


def support(r) -> float:
    return r.summary["support_population"]


def groups(r) -> str:
    return repr(r.summary["groups"])


def voted(r) -> float:
    return r.summary["vote"]["tally"]["present"]


def entitled(r) -> float:
    return r.summary["vote"]["tally"]["entitled"]


def days(r) -> float:
    return r.summary["days"]


def spread(attr: str) -> Callable:
    """Within-group SD of a household trait, averaged over groups."""

    def measure(r) -> float:
        p = r.model.people
        hh = p.is_household
        values = np.log(p.influence) if attr == "influence" else getattr(p, attr)
        return float(np.mean([values[hh & (p.group == g)].std() for g in np.unique(p.group[hh])]))

    return measure


def moved(r) -> float:
    """How far the households at the table moved from where they started."""
    p, m = r.model.people, r.model
    took = m.attended & p.is_household
    return float(np.abs(p.utility - p.initial)[took].mean())


def moved_outside(r) -> float:
    """How far the households who never came moved (neighbours' talk)."""
    p, m = r.model.people, r.model
    away = ~m.participants & p.is_household
    return float(np.abs(p.utility - p.initial)[away].mean())


def backfires(r) -> float:
    return float(r.model.backfired.sum())


def openness(r) -> float:
    return float(r.model.people.openness[r.model.people.is_household].mean())


def elderly_presence(r) -> float:
    p, m = r.model.people, r.model
    took = m.attended & p.is_household
    return float(p.elderly[took].mean())


def smallest_area(r) -> float:
    return float(r.model.people.area[r.model.people.is_household].min())


@dataclass(frozen=True)
class Case:
    path: str
    old: float  # the constant the engine used to hard-code
    value: float  # a value far from it
    metric: Callable
    direction: str  # "<", ">" (summed over SEEDS, changed vs default) or "!=" (differs for some seed)
    context: tuple[str, ...] = field(default=())  # overrides that make the parameter matter
    scenario: str = "parking"

    def __str__(self) -> str:
        return self.path


ONLINE_DAY = ("procedure.form.mode=online", "procedure.form.time=daytime")
OPEN_CALL = ("procedure.selection.rule=open_call", "procedure.selection.size=1200",
             "procedure.selection.call_channels=[wechat, notice_board, home_visits]")
NO_CHAIR = ("procedure.rules_of_procedure.neutral_chair=false", "procedure.rules_of_procedure.max_turns=null")
VOTE = ("procedure.escalation.required=true",)

CASES = [
    # attendance (deliberation.attendance_chance)
    Case("behaviour.attendance.online_busy", 0.5, 1.0, participants, "<", ONLINE_DAY),
    Case("behaviour.attendance.notice_floor", 0.5, 1.0, participants, ">", ("procedure.form.notice_days=0",)),
    Case("behaviour.attendance.salience_floor", 0.5, 1.0, participants, ">"),
    Case("behaviour.attendance.organisations", 1.0, 0.0, participants, "<"),
    # speaking (deliberation.speak)
    Case("behaviour.speaking.base", 0.5, 0.0, turns, "<", NO_CHAIR),
    Case("behaviour.speaking.influence_power", 1.0, 3.0, turns, ">", NO_CHAIR),
    Case("behaviour.speaking.influence_power_chaired", 0.3, 3.0, turns, ">", ("procedure.rules_of_procedure.max_turns=null",)),
    Case("behaviour.speaking.hybrid", 1.0, 0.2, turns, "<", ("procedure.form.mode=hybrid", *NO_CHAIR)),
    # home visits (procedure.home_visits)
    Case("behaviour.actions.visit_base", 0.5, 0.0, support, "<", ("procedure.rounds.visits=400", "procedure.consensus.rule=unanimity")),
    # selection (selection.*)
    Case("behaviour.selection.willing_base", 0.25, 0.0, invited, "<", ("procedure.selection.size=1200",)),
    Case("behaviour.selection.willing_salience", 0.75, 0.0, invited, "<"),
    Case("behaviour.selection.volunteer_power", 2.0, 6.0, invited, "<", OPEN_CALL),
    Case("behaviour.selection.invite_influence", 0.5, 5.0, groups, "!=", ("procedure.selection.rule=committee_invitation",)),
    Case("behaviour.selection.invite_noise", 0.1, 5.0, groups, "!=", ("procedure.selection.rule=committee_invitation",)),
    Case("behaviour.selection.quota_noise", 0.1, 5.0, groups, "!=", ("procedure.selection.rule=quota",)),
    # the community (stakeholders.Stakeholders.generate)
    *[Case(f"behaviour.community.trait_sd.{t}", 0.1, 0.3, spread(t), ">") for t in ("salience", "openness", "trust", "speaking")],
    Case("behaviour.community.influence_sd", 0.2, 1.0, spread("influence"), ">"),
    Case("behaviour.community.area_cv", 0.2, 0.6, spread("area"), ">"),
    Case("behaviour.community.area_min", 20.0, 100.0, smallest_area, ">"),
    # perceived fairness (metrics.fairness)
    Case("behaviour.fairness.presence", 0.5, 0.0, fairness, "<"),
    Case("behaviour.fairness.voice", 0.5, 0.0, fairness, "<"),
    Case("behaviour.fairness.group", 0.7, 0.0, fairness, "<"),
    Case("behaviour.fairness.own", 0.3, 0.0, fairness, "<"),
    Case("behaviour.fairness.took_part", 1.0, 0.0, fairness, "<"),
    Case("behaviour.fairness.asked", 0.5, 0.0, fairness, "<"),
    Case("behaviour.fairness.not_asked", 0.0, 1.0, fairness, ">"),
    # who comes (deliberation.attendance_chance, selection.keenness, procedure.proxied)
    Case("behaviour.attendance.availability.day_worker.evening", 0.8, 0.0, participants, "<"),
    Case("behaviour.participation.age_gradient", 1.0, 0.0, elderly_presence, "<", OPEN_CALL),
    Case("behaviour.participation.age_gradient_invited", 0.3, 1.0, participants, "<"),
    Case("behaviour.participation.shift_workers", 0.15, 1.0, participants, "<"),
    Case("behaviour.participation.carers", 0.2, 1.0, participants, "<"),
    Case("behaviour.participation.bloc", 0.8, 0.0, invited, "<", (*OPEN_CALL, "population.groups.tenant.organised=0.8")),
    Case("behaviour.participation.activists", 0.03, 0.5, invited, ">", OPEN_CALL),
    Case("behaviour.participation.activist_proxies", 5, 0, voted, "<", VOTE),
    Case("behaviour.participation.tenant_reach.wechat", 0.4, 1.0, invited, ">",
         (*OPEN_CALL, "procedure.selection.call_channels=[wechat]")),
    # persuasion (persuasion.*, neighbours.*, stakeholders: openness)
    Case("behaviour.persuasion.meeting", 2.0, 0.0, moved, "<"),
    Case("behaviour.persuasion.holdouts", 0.15, 1.0, openness, "<"),
    Case("behaviour.persuasion.holdout_openness", 0.05, 1.0, openness, ">"),
    Case("behaviour.persuasion.personal_stake", 0.5, 0.0, openness, ">"),
    Case("behaviour.persuasion.backlash_below", 0.35, 1.0, backfires, ">", ("procedure.rounds.visits=400", "procedure.consensus.rule=unanimity")),
    Case("behaviour.persuasion.backlash", 0.5, 1.0, support, "!=", ("procedure.rounds.visits=400", "procedure.consensus.rule=unanimity", "behaviour.persuasion.backlash_below=0.7")),
    Case("behaviour.persuasion.repeat", 0.5, 0.0, support, "<", ("procedure.rounds.visits=400", "procedure.consensus.rule=unanimity")),
    Case("behaviour.persuasion.lasting", 0.5, 0.0, support, "<", ("procedure.rounds.visits=400", "procedure.consensus.rule=unanimity")),
    Case("behaviour.persuasion.fade", 0.5, 0.0, moved, ">", ("procedure.consensus.rule=unanimity",)),
    Case("behaviour.persuasion.isolated", 0.275, 1.0, moved_outside, "<", ("procedure.consensus.rule=unanimity",)),
    Case("behaviour.persuasion.ties", 4.0, 0.0, moved_outside, "<", ("procedure.consensus.rule=unanimity",)),
    Case("behaviour.persuasion.across_buildings", 0.1, 1.0, moved_outside, "!=", ("procedure.consensus.rule=unanimity",)),
    Case("behaviour.persuasion.neighbour_pull", 0.1, 0.0, moved_outside, "<", ("procedure.consensus.rule=unanimity",)),
    # the vote (procedure.electorate, procedure.notice_days)
    Case("behaviour.voting.households_per_representative", 10, 5, entitled, ">", scenario="cross_village_road"),
    Case("behaviour.voting.stay_away_base", 1.5, 3.0, voted, "<", VOTE),
    Case("behaviour.voting.informed_stay_away", 0.5, 1.0, voted, "<", VOTE),
    Case("norms.vote_notice_days", 15, 40, days, ">", (*VOTE, "procedure.escalation.notice_days=null")),
]


def default_of(path: str):
    node = {"behaviour": Behaviour(), "norms": Norms()}
    for key in path.split("."):
        node = node[key] if isinstance(node, dict) else getattr(node, key)
    return node


def test_every_new_parameter_is_covered():
    paths = {c.path for c in CASES}
    assert len(paths) == len(CASES)
    parts = {"selection": Recruitment, "community": Community, "fairness": Fairness, "voting": Voting,
             "participation": Participation, "persuasion": Persuasion}
    for part, model in parts.items():  # new parts: every field is new
        fields = set(model.model_fields) - {"turnout_by_age"}  # a table: tested below
        assert {p.split(".")[2] for p in paths if p.startswith(f"behaviour.{part}.")} == set(fields)
    assert {
        "behaviour.attendance.online_busy", "behaviour.attendance.notice_floor", "behaviour.attendance.salience_floor",
        "behaviour.attendance.organisations", "behaviour.speaking.base", "behaviour.speaking.influence_power",
        "behaviour.speaking.influence_power_chaired", "behaviour.speaking.hybrid", "behaviour.actions.visit_base",
        "norms.vote_notice_days",
    } <= paths  # new fields of existing parts


@pytest.mark.parametrize("case", CASES, ids=str)
def test_default_is_the_old_constant(case):
    value = default_of(case.path)
    assert value == case.old
    assert type(value) is type(case.old)  # e.g. the volunteering exponent stays the float 2.0


@pytest.mark.parametrize("case", CASES, ids=str)
def test_set_moves_the_run(case):
    def measure(extra):
        return [case.metric(simulator.run(case.scenario, seed, [*case.context, *extra])) for seed in SEEDS]

    default = measure([f"{case.path}={case.old}"])
    assert default == measure([]), "setting the default must not change the run"
    changed = measure([f"{case.path}={case.value}"])
    if case.direction == "!=":
        assert changed != default
    elif case.direction == "<":
        assert sum(changed) < sum(default)
    else:
        assert sum(changed) > sum(default)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_sweep_design_names_it(case):
    plan = load_design({"scenario": case.scenario, "parameters": {case.path: [case.old, case.value]}})
    assert plan.names == [case.path]
    assert [list(plan.overrides(i)) for i in range(len(plan.points))] == [
        [f"{case.path}={case.old}"],
        [f"{case.path}={case.value}"],
    ]


def test_fairness_weights_add_up_to_at_most_one():
    with pytest.raises(simulator.ScenarioError):
        simulator.run("parking", 0, ["behaviour.fairness.group=0.9"])


def test_trait_spread_fills_the_other_traits():
    b = simulator.load(simulator.shipped()["parking"], ["behaviour.community.trait_sd.trust=0.3"]).behaviour
    assert b.community.trait_sd == {"salience": 0.1, "openness": 0.1, "trust": 0.3, "speaking": 0.1}


def test_a_flat_age_table_brings_the_young_to_an_open_call():
    """P1's gradient is a parameter: with the same turnout at every age, the young come as often as the old."""
    flat = "behaviour.participation.turnout_by_age=[{age: 24, turnout: 0.5}, {age: 75, turnout: 0.5}]"
    def young(extra):
        total = 0.0
        for seed in SEEDS:
            r = simulator.run("parking", seed, [*OPEN_CALL, *extra])
            p, took = r.model.people, r.model.attended & r.model.people.is_household
            total += float((p.age[took] < 40).mean())
        return total
    assert young([flat]) > young([])
