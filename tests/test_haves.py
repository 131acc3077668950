"""Art. 11 at work: with and without staff (有人员), a venue (有场所) and rules of procedure (有规则),
with and without allowances or points and professional support — each moves the summary the way
docs/model.md (section "第十一条") says, over 40 seeds with a margin, and the audit reports each."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import simulator
from simulator.consultation import records
from simulator.scenario import ScenarioError
from simulator.scenario.behaviour import STAGES

SEEDS = range(40)
WORKING = [STAGES.index("day_worker"), STAGES.index("shift_worker")]
RETIRED = STAGES.index("retired")


def runs(scenario, overrides=()):
    return [simulator.run(scenario, seed, list(overrides)) for seed in SEEDS]


def mean(results, key):
    return float(np.mean([float(r.summary[key] or 0) for r in results]))


def at_table(results, stages):
    """Mean number of households of these life stages who took part."""
    return float(np.mean([np.isin(r.model.people.stage[r.model.participants & r.model.people.is_household], stages).sum()
                          for r in results]))


def five_haves(run) -> dict:
    [row] = [c for c in run.summary["audit"] if c["article"] == "第十一条"]
    return row


@pytest.fixture(scope="module")
def default(parking):
    return runs(parking)


def test_the_haves_present_and_nothing_added_is_the_default(parking):
    """Writing out what every shipped scenario has (three organisers, a venue, adopted rules, no incentive,
    no professional) changes nothing."""
    spelled = ["procedure.support.organisers=3", "procedure.form.venue=true", "procedure.rules_of_procedure.adopted=true",
               "procedure.support.allowance=0", "procedure.support.points=0", "procedure.support.professional=none"]
    for seed in range(5):
        plain = simulator.run(parking, seed).summary
        assert simulator.run(parking, seed, spelled).summary == plain
        assert plain["cost_yuan"] == 0 and five_haves(simulator.run(parking, seed))["passed"]


def test_without_organisers_fewer_come_and_the_offline_are_missed_most(parking, default):
    """有人员: organisers tell invitees in person; without them notice goes through WeChat and the notice
    board, which miss those without a smartphone, and the chair brings in no quiet ones."""
    none = runs(parking, ["procedure.support.organisers=0"])
    assert mean(none, "participants") < mean(default, "participants") - 4
    assert mean(none, "offline_input_share") < mean(default, "offline_input_share") - 0.04
    assert mean(none, "perceived_fairness") < mean(default, "perceived_fairness") - 0.02
    for r in none[:10]:
        row = five_haves(r)
        assert not row["passed"] and "有人员" in row["detail"]


def test_without_a_venue_fewer_come_to_an_offline_meeting(parking, default):
    """有场所: no venue lowers offline attendance; an online meeting needs none."""
    none = runs(parking, ["procedure.form.venue=false"])
    assert mean(none, "participants") < 0.9 * mean(default, "participants")
    for r in none[:10]:
        row = five_haves(r)
        assert not row["passed"] and "有场所" in row["detail"]
    online = ["procedure.form.mode=online"]
    for seed in range(5):
        assert simulator.run(parking, seed, online + ["procedure.form.venue=false"]).summary == simulator.run(parking, seed, online).summary


def test_without_rules_of_procedure_a_few_dominate_the_floor(parking, default):
    """有规则: without rules (no turn limit, no neutral chair) turns go by influence and keenness; the
    loudest fifth takes much more of the floor and people feel less fairly treated."""
    none = runs(parking, ["procedure.rules_of_procedure.adopted=false"])
    assert mean(none, "top_fifth_voice_share") > mean(default, "top_fifth_voice_share") + 0.1
    assert mean(none, "perceived_fairness") < mean(default, "perceived_fairness") - 0.015
    for r in none[:10]:
        row = five_haves(r)
        assert not row["passed"] and "有规则" in row["detail"]


def test_an_allowance_brings_working_households_not_retirees(parking):
    """误工补贴 at a daytime meeting: more day and shift workers come; retirees, who lose no work, do not
    come more; the allowance is paid per household per meeting attended."""
    day = ["procedure.form.time=daytime"]
    plain, paid = runs(parking, day), runs(parking, day + ["procedure.support.allowance=100"])
    gain = at_table(paid, WORKING) - at_table(plain, WORKING)
    assert gain > 1.5, gain
    assert abs(at_table(paid, [RETIRED]) - at_table(plain, [RETIRED])) < gain / 3
    assert mean(paid, "participants") > mean(plain, "participants") + 1.5
    organisations = len(parking.procedure.selection.mandatory)  # invited to every meeting, and always come; not paid
    for r in paid:
        household_meetings = r.rounds["attendees"].sum() - organisations * r.summary["meetings"]
        assert r.summary["cost_yuan"] == 100 * household_meetings > 0
    assert all(r.summary["cost_yuan"] == 0 for r in plain)


def test_points_work_as_cash_at_their_regard_but_cost_their_full_value(parking):
    """100 points, each redeemed for 1 yuan and regarded as half that, draw as many as a 50-yuan allowance
    and cost twice as much."""
    for seed in range(5):
        points = simulator.run(parking, seed, ["procedure.support.points=100"]).summary
        cash = simulator.run(parking, seed, ["procedure.support.allowance=50"]).summary
        assert points["participants"] == cash["participants"] and points["cost_yuan"] == 2 * cash["cost_yuan"] > 0


def test_a_social_worker_evens_the_floor_and_calms_the_visits(parking, default):
    """社会工作者 / 政府购买服务: more quiet people brought in (the loudest fifth holds less of the floor),
    fewer home visits backfire; each meeting costs the professional's fee and hours."""
    worker = runs(parking, ["procedure.support.professional=social_worker"])
    service = runs(parking, ["procedure.support.professional=purchased_service"])
    top = mean(default, "top_fifth_voice_share")
    assert mean(worker, "top_fifth_voice_share") < top - 0.01
    assert mean(service, "top_fifth_voice_share") < mean(worker, "top_fifth_voice_share")

    def backfired(results):
        return float(np.mean([r.model.backfired.sum() for r in results]))

    assert backfired(worker) < 0.5 * backfired(default) and backfired(service) <= backfired(worker)
    for r in worker:
        assert r.summary["cost_yuan"] == 400 * r.summary["meetings"]
        assert "社会工作者" in five_haves(r)["detail"] and five_haves(r)["passed"]
    assert all(r.summary["cost_yuan"] == 1500 * r.summary["meetings"] for r in service)


def test_the_terminal_report_gives_the_cost_in_yuan(parking):
    run = simulator.run(parking, 0, ["procedure.support.allowance=30"])
    names = {o.id: o.name("zh") for o in parking.issue.options}
    zh = records.render(run.summary, names, "zh")
    en = records.render(run.summary, names, "en")
    assert f"{run.summary['cost_yuan']:g} 元" in zh and f"{run.summary['cost_yuan']:g} yuan" in en
    assert run.summary["cost_yuan"] > 0


FIELDS = ["procedure.support.organisers", "procedure.support.allowance", "procedure.support.points",
          "procedure.support.professional", "procedure.rules_of_procedure.adopted", "behaviour.support.no_venue",
          "behaviour.support.incentive_scale", "behaviour.support.social_worker.openness"]


@settings(max_examples=120, deadline=None)
@given(field=st.sampled_from(FIELDS), value=st.one_of(st.integers(-10**7, 10**7), st.floats(allow_nan=True),
                                                    st.text(max_size=12), st.booleans()))
def test_bad_support_values_are_explained_in_both_languages(parking, field, value):
    """A wrong value names the field, in Chinese and English; a right one loads."""
    try:
        simulator.load("scenarios/parking.yaml", [f"{field}={value}"])
    except ScenarioError as err:
        assert field.split(".")[-1] in err.path and err.zh and err.en and err.zh != err.en


def test_a_partial_professional_keeps_its_other_numbers(parking):
    spec = simulator.load("scenarios/parking.yaml", ["behaviour.support.social_worker.yuan=300"])
    worker = spec.behaviour.support.social_worker
    assert worker.yuan == 300 and worker.invites == parking.behaviour.support.social_worker.invites
