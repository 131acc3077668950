"""Sensitivity analysis: SALib indices from a sweep, with clear errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import simulator
from simulator.research import sensitivity
from simulator.research.design import DesignError, load_design

MORRIS = {
    "scenario": "parking",
    "seed": 3,
    "seeds": 2,
    "common_seeds": True,
    "sample": "morris",
    "n": 4,
    "parameters": {
        "procedure.consensus.rule": ["unanimity", "no_strong_objection", "supermajority"],
        "procedure.publication.days": {"low": 1, "high": 10, "integer": True},  # after the decision: no effect on it
    },
}
OUTPUTS = ["consensus", "rounds", "representation_gap"]


@pytest.fixture(scope="module")
def morris():
    return sensitivity.analyse(MORRIS, OUTPUTS, workers=2, progress=False)


def test_morris_finds_what_matters_and_what_does_not(morris):
    assert len(morris) == len(OUTPUTS) * 2
    assert list(morris.columns) == ["output", "parameter", "mu_star", "mu_star_conf", "mu", "sigma"]
    mu_star = morris.set_index(["output", "parameter"])["mu_star"]
    for output in OUTPUTS:  # the same seeds at every point: publication cannot change the consultation
        assert mu_star[output, "procedure.publication.days"] == 0
    # the rule changes how long it takes (whether a tiny sample ever flips consensus depends on its seeds)
    assert mu_star["rounds", "procedure.consensus.rule"] > 0
    assert sensitivity.ranking(morris).index[0] == "procedure.consensus.rule"


def test_common_seeds_repeat_across_points():
    plan = load_design(MORRIS)
    seeds = [plan.seed(i) for i in range(plan.runs)]
    assert seeds[0::2] == [seeds[0]] * (plan.runs // 2) and seeds[0] != seeds[1]


def test_sobol_gives_total_and_first_order_indices():
    design = {**MORRIS, "sample": "sobol", "n": 8, "seeds": 1}
    indices = sensitivity.analyse(design, ["consensus", "person_hours"], workers=2, progress=False)
    assert list(indices.columns) == ["output", "parameter", "ST", "ST_conf", "S1", "S1_conf"]
    st = indices.set_index(["output", "parameter"])["ST"]
    assert st["person_hours", "procedure.publication.days"] == 0
    assert np.isfinite(st["consensus", "procedure.consensus.rule"]) and st["consensus", "procedure.consensus.rule"] > 0


def test_results_can_be_given_instead_of_run(morris):
    plan = load_design(MORRIS)
    runs = simulator.sweep(plan, workers=1, progress=False)
    again = sensitivity.analyse(plan, OUTPUTS, runs=runs)
    assert again.equals(morris)


def test_clear_errors():
    with pytest.raises(DesignError, match="sobol 或 sample: morris") as err:
        sensitivity.analyse({**MORRIS, "sample": "grid", "n": None, "parameters": {"procedure.rounds.max": [1, 2]}}, ["consensus"])
    assert "sensitivity analysis needs" in err.value.en
    plan = load_design(MORRIS)
    with pytest.raises(DesignError, match="没有这些列"):
        sensitivity.analyse(plan, ["consensus", "happiness"], runs=_fake_runs(plan))
    with pytest.raises(DesignError, match="不是数值"):
        sensitivity.analyse(plan, ["decision"], runs=_fake_runs(plan))
    failed = _fake_runs(plan).astype({"consensus": object})
    failed.loc[failed["point"] == 2, "consensus"] = None  # every run at point 2 failed
    with pytest.raises(DesignError, match="没有一次成功的运行.*敏感性指数：2；") as err:
        sensitivity.analyse(plan, ["consensus"], runs=failed)
    assert "no successful run" in err.value.en


def _fake_runs(plan):
    return pd.DataFrame({"point": np.repeat(np.arange(len(plan.points)), 2), "consensus": True, "decision": "time_share"})
