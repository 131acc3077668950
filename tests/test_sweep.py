"""Research sweeps: the same results on any executor, resumable after a kill, clear errors."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pyarrow.parquet as pq
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import simulator
from simulator.consultation import deliberation
from simulator.research import sweeps
from simulator.cli import main
from simulator.research.design import DesignError, load_design, text
from simulator.i18n import BilingualError
from simulator.scenario import ScenarioError

from .conftest import ROOT, cli

SMALL = {
    "scenario": "parking",
    "seed": 7,
    "seeds": 3,
    "parameters": {
        "procedure.selection.rule": ["open_call", "quota"],
        "procedure.rounds.max": [1, 3],
        "procedure.rounds.between": [["home_visits"], ["revised_proposal", "township_mediation"]],
    },
}  # 8 points x 3 seeds = 24 runs


@pytest.fixture(scope="module")
def cluster():
    """A dask LocalCluster on this machine: 2 worker processes, 1 thread each."""
    import distributed
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as local, distributed.Client(local) as client:
        yield client


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    return simulator.sweep(SMALL, workers=1, progress=False)


def write(path: Path, design: dict) -> Path:
    path.write_text(yaml.safe_dump(design, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# -- results --------------------------------------------------------------------------------


def test_one_row_per_run_with_parameters_seed_and_flat_summary(reference):
    plan = load_design(SMALL)
    assert plan.runs == len(reference) == 24
    assert reference["run_id"].tolist() == list(range(24))
    assert list(reference.columns[:8]) == ["run_id", "point", "replicate", "seed", *SMALL["parameters"], "error"]
    assert reference["error"].isna().all()
    for column in ("consensus", "representation_gap", "groups.tenant.voice_share", "person_hours", "audit.failed",
                   "audit.failed_articles", "elderly_voice_share", "decision"):
        assert column in reference.columns
    assert set(reference["procedure.rounds.between"]) == {"[home_visits]", "[revised_proposal, township_mediation]"}
    assert (reference.groupby("point")["seed"].nunique() == 3).all()  # each replicate its own seed


def test_a_row_is_the_run_that_xieshang_run_gives(reference):
    plan = load_design(SMALL)
    row = reference.iloc[17]
    summary = simulator.run("parking", int(row["seed"]), list(plan.overrides(int(row["point"])))).summary
    flat = sweeps.flatten(summary)
    for key, value in flat.items():
        assert row[key] == value or (value is None and pd.isna(row[key])), key


def test_same_results_whatever_the_executor_workers_and_order(reference, cluster, tmp_path):
    two = simulator.sweep(SMALL, workers=2, batch=1, progress=False)
    on_dask = simulator.sweep(SMALL, scheduler=cluster, batch=2, progress=False)
    plan = load_design(SMALL)
    store = sweeps.Store.open(tmp_path / "shuffled", plan)
    ids = list(range(plan.runs))
    random.Random(3).shuffle(ids)
    sweeps.execute(plan, store, ids, workers=2, batch=3, chunk=5, progress=False)
    store.merge()
    shuffled = store.read()
    for other in (two, on_dask, shuffled):
        pd.testing.assert_frame_equal(other, reference, check_exact=True)
    pd.testing.assert_frame_equal(sweeps.read(tmp_path / "shuffled"), reference, check_exact=True)


def test_seeds_come_from_the_design():
    plan = load_design(SMALL)
    again = load_design(dict(SMALL))
    other = load_design({**SMALL, "seed": 8})
    seeds = [plan.seed(i) for i in range(plan.runs)]
    assert seeds == [again.seed(i) for i in range(plan.runs)]
    assert len(set(seeds)) == plan.runs
    assert not set(seeds) & {other.seed(i) for i in range(plan.runs)}
    assert all(0 <= s < 2**63 for s in seeds)


def seeds_by_point_and_replicate(plan) -> dict[tuple[int, int], int]:
    table = {}
    for run_id in range(plan.runs):
        meta = plan.meta(run_id)
        assert (meta["point"], meta["replicate"]) == divmod(run_id, plan.design.seeds) and meta["seed"] == plan.seed(run_id)
        table[meta["point"], meta["replicate"]] = plan.seed(run_id)
    return table


def test_common_seeds_give_every_point_the_same_seed_for_a_replicate():
    plan = load_design({**SMALL, "common_seeds": True})
    points, replicates = len(plan.points), plan.design.seeds
    assert points > replicates > 1  # so a seed keyed by the point instead of the replicate shows
    seeds = seeds_by_point_and_replicate(plan)
    for replicate in range(replicates):
        assert {seeds[point, replicate] for point in range(points)} == {plan.seed(replicate)}
    assert len({seeds[0, replicate] for replicate in range(replicates)}) == replicates  # replicates differ


def test_without_common_seeds_every_run_has_its_own_seed():
    plan = load_design({**SMALL, "common_seeds": False})
    seeds = seeds_by_point_and_replicate(plan)
    for replicate in range(plan.design.seeds):
        assert len({seeds[point, replicate] for point in range(len(plan.points))}) == len(plan.points)  # points differ
    assert len(set(seeds.values())) == plan.runs


@pytest.mark.parametrize("sample", ["random", "latin", "sobol", "morris"])
def test_sampled_designs_stay_in_range_and_repeat(sample):
    design = {"scenario": "parking", "sample": sample, "n": 8, "parameters": {
        "procedure.selection.rule": ["open_call", "quota", "stratified_random"],
        "procedure.rounds.max": {"low": 1, "high": 5, "integer": True},
        "behaviour.attendance.offline": {"low": 0.5, "high": 0.95},
    }}
    plan = load_design(design)
    assert plan.points == load_design(design).points
    expected = {"random": 8, "latin": 8, "sobol": 8 * (3 + 2), "morris": 8 * (3 + 1)}[sample]
    assert len(plan.points) == expected
    rules, rounds, offline = zip(*plan.points)
    assert set(rules) <= {"open_call", "quota", "stratified_random"}
    assert all(isinstance(r, int) and 1 <= r <= 5 for r in rounds)
    assert all(0.5 <= x <= 0.95 for x in offline)
    if sample == "latin":  # one point in each eighth of the range
        assert sorted(int((x - 0.5) / 0.45 * 8) for x in offline) == list(range(8))


def test_values_read_back_as_set_values():
    for value in (1e-05, 0.1, 3, "yes", "open_call", None, True, ["home_visits"], 1e20):
        assert yaml.safe_load(text(value)) == value


def test_round_level_data_on_request(tmp_path):
    design = {**SMALL, "parameters": {"procedure.rounds.max": [1, 2]}, "seeds": 2, "rounds": True}
    runs = simulator.sweep(design, tmp_path / "out", workers=1, progress=False)
    rounds = sweeps.read(tmp_path / "out", "rounds")
    assert (tmp_path / "out" / "rounds.parquet").is_file()
    assert rounds.groupby("run_id")["round"].max().tolist() == runs["rounds"].tolist()
    assert rounds.columns[:2].tolist() == ["run_id", "round"]


# -- failures -------------------------------------------------------------------------------


def test_a_run_that_cannot_be_built_is_recorded_and_the_sweep_goes_on():
    # each value is valid on its own; objection 0.4 above accept 0.3 is not
    design = {"scenario": "parking", "seeds": 2, "parameters": {
        "procedure.consensus.accept": [0.5, 0.3], "procedure.consensus.objection": [0.2, 0.4]}}
    runs = simulator.sweep(design, workers=2, progress=False)
    failed = runs[runs["error"].notna()]
    assert failed["run_id"].tolist() == [6, 7]
    assert "objection" in failed["error"].iloc[0] and "accept" in failed["error"].iloc[0]
    assert failed["consensus"].isna().all()
    assert runs.loc[runs["error"].isna(), "consensus"].notna().all() and len(runs) == 8


def _explode(meeting):
    raise RuntimeError("boom in the meeting")


def test_a_run_that_raises_is_recorded_on_dask(cluster):
    deliberation.register_rule("explode_for_test", _explode, replace=True)
    cluster.run(deliberation.register_rule, "explode_for_test", _explode, replace=True)  # on every worker
    try:
        design = {"scenario": "parking", "seeds": 2, "parameters": {"dynamics.rule": ["degroot", "explode_for_test"]}}
        runs = simulator.sweep(design, scheduler=cluster, progress=False)
    finally:
        deliberation.unregister_rule("explode_for_test")
    assert runs["error"].isna().tolist() == [True, True, False, False]
    assert runs["error"].iloc[2] == "RuntimeError: boom in the meeting"


# -- resume ---------------------------------------------------------------------------------


def _runs_in(folder: Path) -> list[int]:
    files = [*folder.glob("runs.parquet"), *folder.glob("chunks/runs-*.parquet")]
    return [i for f in files for i in pq.read_table(f, columns=["run_id"]).column("run_id").to_pylist()]


def test_resume_after_sigkill_runs_only_what_is_missing(tmp_path, capsys):
    design = write(tmp_path / "long.yaml", {"scenario": "parking", "seed": 1, "seeds": 100,
                                            "parameters": {"procedure.rounds.max": [1, 2]}})
    out = tmp_path / "out"
    args = [sys.executable, "-m", "simulator.cli", "sweep", str(design), "--out", str(out), "--workers", "2",
            "--batch", "5", "--chunk", "10", "--no-progress", "--lang", "en"]
    first = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(list(out.glob("chunks/runs-*.parquet"))) < 3 and time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.05)
    workers = psutil.Process(first.pid).children(recursive=True)
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    assert not (out / "runs.parquet").exists(), "the sweep finished before it could be killed"
    psutil.wait_procs(workers, timeout=10)  # orphaned workers notice and stop
    assert not [w for w in workers if w.is_running() and w.status() != psutil.STATUS_ZOMBIE]
    done = _runs_in(out)
    assert 30 <= len(done) < 200 and len(done) == len(set(done))
    (out / "chunks" / ".runs-000999.parquet.half.tmp").write_bytes(b"PAR1 half written")  # as a kill mid-write leaves

    second = subprocess.run(args, check=False, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert f"resuming: {len(done)} runs done, {200 - len(done)} to go" in second.stdout
    final = pq.read_table(out / "runs.parquet").to_pandas()
    assert final["run_id"].tolist() == list(range(200))
    assert final["error"].isna().all()
    assert not list(out.glob("chunks/*")) and not list(out.glob(".*.tmp"))
    assert main(args[3:]) == 0
    assert "all 200 runs were already done" in capsys.readouterr().out


def test_resume_after_a_kill_while_the_folder_was_made(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".design.json.x1y2.tmp").write_text('{"hash": "12')  # a kill before the manifest's os.replace leaves this
    runs = simulator.sweep({"scenario": "parking", "seeds": 2}, out, workers=1, progress=False)
    assert len(runs) == 2 and not list(out.glob(".*.tmp"))


def test_read_while_the_sweep_merges_its_chunks(tmp_path, monkeypatch):
    design = {"scenario": "parking", "seeds": 4}
    store = sweeps.Store.open(tmp_path / "out", load_design(design))
    sweeps.execute(load_design(design), store, range(4), workers=1, batch=1, chunk=1, progress=False)
    read_table = pq.read_table

    def merged_meanwhile(*args, **kwargs):  # the sweep finishes between listing the files and reading them
        monkeypatch.setattr(pq, "read_table", read_table)
        store.merge()
        return read_table(*args, **kwargs)

    monkeypatch.setattr(pq, "read_table", merged_meanwhile)
    assert sweeps.read(tmp_path / "out")["run_id"].tolist() == [0, 1, 2, 3]
    with pytest.raises(BilingualError, match="design.json"):
        sweeps.read(tmp_path / "typo")


def test_one_sweep_at_a_time_writes_to_a_folder(tmp_path):
    plan = load_design(SMALL)
    with sweeps.Store.open(tmp_path / "out", plan):
        with pytest.raises(DesignError) as refused:
            sweeps.Store.open(tmp_path / "out", plan)
        assert "另一个扫描正在写这个文件夹" in refused.value.message("zh")
        assert "another sweep is writing" in refused.value.message("en")
    with sweeps.Store.open(tmp_path / "out", plan) as store:  # released: the next one may resume
        assert store.missing(plan.runs) == list(range(plan.runs))


def test_refuses_to_resume_into_another_designs_folder(tmp_path, capsys):
    simulator.sweep({**SMALL, "parameters": {"procedure.rounds.max": [1]}, "seeds": 1}, tmp_path / "out",
                    workers=1, progress=False)
    before = sorted(p.name for p in (tmp_path / "out").iterdir())
    with pytest.raises(DesignError) as err:
        simulator.sweep({**SMALL, "parameters": {"procedure.rounds.max": [2]}, "seeds": 1}, tmp_path / "out", progress=False)
    assert "另一个设计" in err.value.zh and "another design" in err.value.en
    other = write(tmp_path / "other.yaml", {"scenario": "parking", "parameters": {"procedure.rounds.max": [2]}})
    assert main(["sweep", str(other), "--out", str(tmp_path / "out"), "--lang", "en"]) == 2
    assert "holds the results of another design" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == before
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine")
    assert main(["sweep", str(other), "--out", str(tmp_path / "full")]) == 2
    assert "不是空的" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "full").iterdir()] == ["notes.txt"]


# -- bad design files -----------------------------------------------------------------------

GOOD = """\
scenario: parking
seed: 1
seeds: 2
sample: grid
parameters:
  procedure.selection.rule: [open_call, quota]
  procedure.rounds.max: [1, 3]
"""

BAD = [  # (what to replace in GOOD, with what, field path, line)
    ("seeds: 2", "seeds: two", "seeds", 3, "整数", "an integer"),
    ("seeds: 2", "seeds: 0", "seeds", 3, "不小于 1", ">= 1"),
    ("sample: grid", "sample: sobolev", "sample", 4, "以下之一", "one of"),
    ("sample: grid", "sample: latin", "sample", 4, "需要 n", "needs n"),
    ("sample: grid", "sample: sobol\nn: 10", "n", 5, "2 的幂", "power of 2"),
    ("seed: 1", "seed: 1\nseeed: 2", "seeed", 3, "未知字段", "no such field"),
    ("procedure.rounds.max: [1, 3]", "procedure.rounds.max: [1, 0]", "parameters.procedure.rounds.max.1", 7, "不小于 1", ">= 1"),
    ("procedure.rounds.max: [1, 3]", "procedure.rounds.maxx: [1, 3]", "parameters.procedure.rounds.maxx", 7,
     "未知字段", "no such field"),
    ("procedure.rounds.max: [1, 3]", "procedure.rounds.max: []", "parameters.procedure.rounds.max", 7, "不能为空", "must not be empty"),
    ("procedure.rounds.max: [1, 3]", "procedure.rounds.max: 3", "parameters.procedure.rounds.max", 7, "取值列表", "a list of values"),
    ("procedure.rounds.max: [1, 3]", "procedure.rounds.max: {low: 1, high: 4}", "parameters.procedure.rounds.max", 7, "steps", "steps"),
    ("procedure.rounds.max: [1, 3]", "procedure.rounds.max: {low: 1, high: 4, steps: 4}", "parameters.procedure.rounds.max", 7,
     "integer: true", "integer: true"),
    ("procedure.rounds.max: [1, 3]", "procedure.rounds.max: {low: 4, high: 1, steps: 4}", "parameters.procedure.rounds.max", 7,
     "low 应小于 high", "low must be below high"),
    ("procedure.rounds.max: [1, 3]", "procedure.rounds.max: {low: 1.5, high: 3.5, steps: 3, integer: true}",
     "parameters.procedure.rounds.max", 7, "应为整数", "whole numbers"),
    ("procedure.selection.rule: [open_call, quota]", "procedure.selection.rule: [open_call, lottery]",
     "parameters.procedure.selection.rule.1", 6, "以下之一", "one of"),
    ("scenario: parking", "scenario: parkinglot", "scenario", 1, "找不到", "no such file"),
    ("seed: 1", "seed: 1\nfixed:\n  procedure.form.mode: zoom", "fixed.procedure.form.mode", 4, "以下之一", "one of"),
    ("  procedure.rounds.max: [1, 3]", " procedure.rounds.max: [1, 3]", "", 7, "YAML", "YAML"),
]


@pytest.mark.parametrize(("old", "new", "path", "line", "zh", "en"), BAD, ids=[b[1].split("\n")[-1] for b in BAD])
def test_bad_design_names_file_field_and_expectation(tmp_path, old, new, path, line, zh, en):
    assert old in GOOD
    design = tmp_path / "bad.yaml"
    design.write_text(GOOD.replace(old, new), encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_design(design)
    e = err.value
    assert e.zh.startswith("bad.yaml") and e.en.startswith("bad.yaml")
    assert e.path == path and e.line == line
    if path:
        assert f"字段 {path}" in e.zh and f"field {path}" in e.en
    assert zh in e.zh and en in e.en and re.search(r"[\u4e00-\u9fff]", e.zh)


def test_cli_bad_design_exits_2_without_traceback_or_output(tmp_path, capsys):
    design = tmp_path / "bad.yaml"
    design.write_text(GOOD.replace("seeds: 2", "seeds: two"), encoding="utf-8")
    out = cli("sweep", str(design), "--out", str(tmp_path / "out"))  # a real process, as a researcher runs it
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.strip() == "bad.yaml，第 3 行，字段 seeds：应为整数，实际为 'two'" and not out.stdout
    assert not (tmp_path / "out").exists()
    good = tmp_path / "ok.yaml"
    good.write_text(GOOD, encoding="utf-8")
    for args, expected in (
        ([str(design), "--lang", "en"], "bad.yaml, line 3, field seeds: expected an integer, got 'two'"),
        ([str(tmp_path / "missing.yaml")], "找不到文件"),
        ([str(good), "--workers", "0"], "workers 应为正整数"),
        ([str(good), "--workers", "0", "--lang", "en"], "workers must be a positive integer"),
        ([str(good), "--dask", "local", "--scheduler", "tcp://127.0.0.1:1"], "不能与"),
    ):
        assert main(["sweep", *args, "--out", str(tmp_path / "out")]) == 2
        err = capsys.readouterr().err
        assert expected in err and "Traceback" not in err
        assert not (tmp_path / "out").exists()


def test_cli_unusable_scheduler_exits_2_with_a_bilingual_message(tmp_path, capsys):
    design = write(tmp_path / "ok.yaml", {"scenario": "parking"})
    assert main(["sweep", str(design), "--out", str(tmp_path / "out"), "--scheduler", "10.0.0.5", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "无法连接 dask 调度器 10.0.0.5" in err and "Traceback" not in err


MUTANTS = st.one_of(st.none(), st.booleans(), st.integers(-3, 10**7), st.floats(allow_nan=True), st.text(max_size=8),
                    st.lists(st.integers(-2, 3), max_size=3), st.dictionaries(st.sampled_from(["low", "high", "x", "steps"]),
                                                                                 st.integers(-2, 3), max_size=3))
FIELDS = [("scenario",), ("seed",), ("seeds",), ("sample",), ("n",), ("parameters",), ("fixed",), ("rounds",), ("lang",),
          ("parameters", "procedure.rounds.max"), ("parameters", "procedure.selection.rule"), ("parameters", "population.households"),
          ("parameters", "nonsense.path"), ("fixed", "procedure.rounds.gap_days"), ("fixed", "procedure.rounds")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), value=MUTANTS, drop=st.booleans())
def test_mutated_designs_load_or_explain_themselves(tmp_path, field, value, drop):
    data = yaml.safe_load(GOOD)
    node = data
    for key in field[:-1]:
        node = node.setdefault(key, {})
    if drop:
        node.pop(field[-1], None)
    else:
        node[field[-1]] = value
    design = tmp_path / "mutant.yaml"
    design.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        plan = load_design(design)
    except ScenarioError as e:
        assert e.zh.startswith("mutant.yaml") and e.en.startswith("mutant.yaml")
        assert e.path.split(".")[0] in {f[0] for f in FIELDS} or (not e.path and e.line)
        assert e.what[0] and e.what[1] and e.what[0] != e.what[1]
    else:
        assert plan.runs >= 1
