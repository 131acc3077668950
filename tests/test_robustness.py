"""Any valid scenario runs to the end: generated designs, checked for sane outputs."""

from __future__ import annotations

import json
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import simulator

from .conftest import SCENARIOS

BASES = {name: simulator.load(SCENARIOS / f"{name}.yaml")
         for name in ("parking", "asset_disposal", "elevator_retrofit", "elevator_shanghai_rule", "cross_village_road")}
VOTERS = {  # bodies that have voters in each shipped community and that the law lets decide all its options
    name: [b for b, body in simulator.law.BODIES.items()
           if all(simulator.law.MATTER_TABLE[o.legal_class].allows(b) for o in spec.issue.options)
           and any(body.admits(g.tenure, g.member) for g in spec.population.groups)]
    for name, spec in BASES.items()
}


@st.composite
def designs(draw):
    name = draw(st.sampled_from(sorted(BASES)))
    actions = draw(st.lists(st.sampled_from(["home_visits", "expert_assessment", "revised_proposal", "township_mediation"]), unique=True))
    overrides = [
        f"population.households={draw(st.integers(2, 3000))}",
        f"population.buildings={draw(st.integers(1, 60))}",
        f"procedure.selection.rule={draw(st.sampled_from(['all_affected', 'open_call', 'committee_invitation', 'stratified_random', 'quota']))}",
        f"procedure.selection.size={draw(st.integers(1, 400))}",
        f"procedure.selection.affected_minorities={draw(st.booleans())}",
        f"procedure.form.mode={draw(st.sampled_from(['offline', 'online', 'hybrid']))}",
        f"procedure.form.offline_channel={draw(st.booleans())}",
        f"procedure.form.time={draw(st.sampled_from(['evening', 'daytime', 'weekend']))}",
        f"procedure.form.notice_days={draw(st.integers(0, 30))}",
        f"procedure.rounds.max={draw(st.integers(1, 6))}",
        f"procedure.rounds.gap_days={draw(st.integers(0, 30))}",
        f"procedure.rounds.between=[{', '.join(actions)}]",
        f"procedure.rounds.escalation={draw(st.sampled_from(['after_max_rounds', 'large_dispute', 'never']))}",
        f"procedure.consensus.rule={draw(st.sampled_from(['unanimity', 'no_strong_objection', 'supermajority']))}",
        f"procedure.consensus.q={draw(st.floats(0.51, 1.0))}",
        f"procedure.consensus.among={draw(st.sampled_from(['present', 'invited']))}",
        f"procedure.escalation.body={draw(st.sampled_from(VOTERS[name]))}",
        f"procedure.escalation.required={draw(st.booleans())}",
        f"procedure.escalation.turnout={draw(st.floats(0.0, 1.0))}",
        f"procedure.publication.days={draw(st.integers(0, 10))}",
        f"dynamics.rule={draw(st.sampled_from(['friedkin_johnsen', 'degroot', 'deffuant', 'hegselmann_krause']))}",
    ]
    return name, overrides, draw(st.integers(0, 2**31 - 1))


def finite(value) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(finite(v) for v in value.values())
    if isinstance(value, list):
        return all(finite(v) for v in value)
    return True


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(designs())
def test_every_valid_design_runs_to_a_sane_summary(design):
    name, overrides, seed = design
    run = simulator.run(BASES[name], seed, overrides)
    s = run.summary
    json.dumps(s, ensure_ascii=False, allow_nan=False)
    assert finite(s)
    assert run.model.finished and s["rounds"] >= 1 and s["days"] >= 0
    assert (s["vote"] is not None) == s["escalated"]
    assert s["decision"] is None or s["decision"] in BASES[name].option_ids()
    for key in ("support_participants", "support_population", "representation_gap", "expected_compliance"):
        assert s[key] is None or 0 <= s[key] <= 1
    assert all(0 <= g[k] <= 1 for g in s["groups"].values() for k in ("population_share", "presence_share", "voice_share"))
    assert s["participants"] <= s["invited"] <= run.model.people.size
    # the law: a reserved matter is adopted only by its body's vote, with every local rule met
    if s["decision"] is not None:
        option = next(o for o in BASES[name].issue.options if o.id == s["decision"])
        if simulator.law.MATTER_TABLE[option.legal_class].reserved:
            assert s["vote"]["passed"] and s["vote"]["statute_met"] and all(r["met"] for r in s["vote"]["local_rules"])
    assert s["implemented"] is (s["decision"] is not None and not s["blocked_by"])
    groups = set(s["groups"])
    assert set(s["blocked_by"]) <= groups and (s["compliance_by_group"] is None or set(s["compliance_by_group"]) <= groups)
    assert run.text()
