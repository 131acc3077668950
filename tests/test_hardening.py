"""Inputs and sweeps that cannot blow up: memory, limits, the user's own situation told as such."""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
import signal
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import dask
import distributed
import numpy as np
import psutil
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import simulator
from simulator.cli import main
from simulator.consultation import deliberation
from simulator.dynamics import bounded, hegselmann_krause
from simulator.research import sweeps
from simulator.research.design import DesignError, load_design
from simulator.research.store import Store
from simulator.scenario import ScenarioError

from .conftest import ROOT, SCENARIOS

PARKING = (SCENARIOS / "parking.yaml").read_text(encoding="utf-8")


def scenario(tmp_path: Path, text: str, name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def design(tmp_path: Path, data: dict, name: str = "design.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def line_of(text: str, piece: str) -> int:
    return text[: text.index(piece)].count("\n") + 1


# -- Hegselmann–Krause on option vectors: O(N·block) memory, the same numbers ------------------


OPINIONS = st.sampled_from([0.0, 0.1, 0.25, 0.3, 0.5, 0.7, 1.0]) | st.floats(0, 1)


@settings(max_examples=200, deadline=None)
@given(x=st.tuples(st.integers(1, 80), st.integers(1, 4)).flatmap(lambda shape: hnp.arrays(float, shape, elements=OPINIONS)),
       eps=st.sampled_from([0.0, 0.05, 0.2, 0.35, 1.0]) | st.floats(0, 1), block=st.integers(1, 90))
def test_blocked_hk_step_equals_the_dense_step(x, eps, block):
    dense, dense_fixed = bounded._hk_dense_step(x, eps)
    blocked, blocked_fixed = bounded._hk_blocked_step(x, eps, block)
    assert dense_fixed == blocked_fixed and np.array_equal(dense, blocked)


def test_hk_on_option_vectors_needs_memory_linear_in_households():
    x = np.random.default_rng(3).random((6000, 3))
    tracemalloc.start()
    try:
        hegselmann_krause(x, eps=0.3, steps=2)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 120e6  # a dense 6000 x 6000 step needs 290 MB


# -- sweeps: counted before they are drawn, a dead worker is one failed run ----------------------


@pytest.mark.parametrize("data", [
    {"scenario": "parking", "parameters": {f"population.groups.{i}.speaking": {"low": 0.1, "high": 0.9, "steps": 10} for i in range(5)}
     | {"procedure.rounds.max": list(range(1, 11)), "procedure.rounds.gap_days": list(range(12))}},  # 1.2e7 points
    {"scenario": "parking", "parameters": {f"population.groups.{i}.speaking": {"low": 0.1, "high": 0.9, "steps": 1000} for i in range(4)}},  # 1e12
    {"scenario": "parking", "sample": "sobol", "n": 2**23, "parameters": {"procedure.consensus.q": {"low": 0.6, "high": 0.9}}},
    {"scenario": "parking", "sample": "morris", "n": 6_000_000, "parameters": {"procedure.consensus.q": {"low": 0.6, "high": 0.9}}},
    {"scenario": "parking", "sample": "random", "n": 10_000_000, "seeds": 2, "parameters": {"procedure.consensus.q": {"low": 0.6, "high": 0.9}}},
])
def test_too_many_runs_are_refused_before_anything_is_drawn(tmp_path, data):
    tracemalloc.start()
    try:
        with pytest.raises(DesignError) as info:
            load_design(design(tmp_path, data))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "超过上限 10,000,000" in info.value.zh and "more than the limit of 10,000,000" in info.value.en
    assert peak < 50e6


@settings(max_examples=25, deadline=None)
@given(sample=st.sampled_from(["random", "latin", "sobol", "morris"]), n=st.sampled_from([2, 4, 8]), dims=st.integers(1, 3))
def test_counted_points_are_the_points_drawn(sample, n, dims):
    params = {name: {"low": 0.1, "high": 0.9} for name in ["procedure.consensus.q", "behaviour.attendance.offline",
                                                          "population.groups.tenant.speaking"][:dims]}
    params = {k: ({"low": 0.55, "high": 0.9} if "q" in k else v) for k, v in params.items()}
    plan = load_design({"scenario": "parking", "sample": sample, "n": n, "parameters": params})
    assert plan.size == len(plan.points)


def _kill_a_worker(stop: threading.Event, killed: list) -> None:
    """Kill one of the sweep's worker processes (a child of the forkserver, which is our child) once it has work."""
    me = psutil.Process()
    while not stop.is_set():
        servers = [p for p in me.children() if "forkserver" in " ".join(p.cmdline())]
        workers = [w for s in servers for w in s.children()]
        if workers:
            time.sleep(0.2)  # let it take a batch
            try:
                workers[0].send_signal(signal.SIGKILL)
            except (psutil.NoSuchProcess, ProcessLookupError):
                continue  # it finished first: try the next one
            killed.append(workers[0].pid)
            return
        time.sleep(0.02)


def test_a_killed_worker_process_does_not_end_the_sweep(tmp_path):
    data = {"scenario": "parking", "seed": 2, "seeds": 60, "parameters": {"procedure.rounds.max": [1, 2]}}  # long enough to kill a worker mid-sweep
    stop, killed = threading.Event(), []
    killer = threading.Thread(target=_kill_a_worker, args=(stop, killed))
    killer.start()
    try:
        runs = simulator.sweep(data, tmp_path / "out", workers=2, batch=3, progress=False)
    finally:
        stop.set()
        killer.join()
    assert killed, "no worker was killed: the sweep ended too soon"
    assert runs["run_id"].tolist() == list(range(120)) and runs["error"].isna().all()
    assert runs.equals(simulator.sweep(data, workers=1, progress=False))


def _die(meeting):
    os.kill(os.getpid(), signal.SIGKILL)


class _Dying(distributed.WorkerPlugin):
    """A worker plugin: every dask worker, restarted ones too, knows the rule that kills it."""

    name = "dying-rule"

    def setup(self, worker):
        deliberation.register_rule("die_for_test", _die, replace=True)


def test_a_run_that_kills_its_dask_worker_is_a_failed_run(tmp_path):
    deliberation.register_rule("die_for_test", _die, replace=True)
    try:
        with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
                distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                         dashboard_address=None) as local, distributed.Client(local) as client:
            client.register_plugin(_Dying())
            data = {"scenario": "parking", "seeds": 2, "parameters": {"dynamics.rule": ["degroot", "die_for_test"]}}
            runs = simulator.sweep(data, tmp_path / "out", scheduler=client, progress=False)
    finally:
        deliberation.unregister_rule("die_for_test")
    assert runs["error"].isna().tolist() == [True, True, False, False]
    assert runs["error"].iloc[2] == sweeps.LOST("zh") and runs["consensus"].iloc[:2].notna().all()


def test_local_dask_cluster_has_no_dashboard_and_speaks_tls():
    with sweeps._pool("dask", 1, None) as (pool, slots):
        assert pool.submit(sum, [1, 2]).result() == 3
        me = psutil.Process()
        listening = [c.laddr for p in [me, *me.children(recursive=True)] for c in p.net_connections("inet") if c.status == "LISTEN"]
        address = distributed.default_client().scheduler.address
    assert address.startswith("tls://127.0.0.1:")
    assert listening and all(a.ip == "127.0.0.1" for a in listening) and 8787 not in [a.port for a in listening]


# -- the user's own situation, told as such -------------------------------------------------------


def _sweep_cli(*args: str, limit: int | None = None) -> subprocess.CompletedProcess:
    """``xieshang sweep`` in its own process, optionally unable to write files larger than ``limit`` bytes."""
    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "simulator.cli", "sweep", *args, "--no-progress", "--workers", "1"],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=300,
                          preexec_fn=small_files if limit else None)


def test_a_disk_that_cannot_take_the_results_is_told_and_leaves_no_folder(tmp_path):
    good = design(tmp_path, {"scenario": "parking", "seeds": 2})
    out = _sweep_cli(str(good), "--out", str(tmp_path / "out"), limit=4096)  # design.json is larger
    assert out.returncode == 2, out.stderr
    assert "无法写入" in out.stderr and str(tmp_path / "out") in out.stderr and "内部错误" not in out.stderr
    assert not (tmp_path / "out").exists()


def test_a_damaged_design_json_is_not_another_design(tmp_path, capsys):
    good = design(tmp_path, {"scenario": "parking", "seeds": 2})
    assert main(["sweep", str(good), "--out", str(tmp_path / "out"), "--no-progress", "--workers", "1"]) == 0
    (tmp_path / "out" / "design.json").write_text('{"hash": "12', encoding="utf-8")
    assert main(["sweep", str(good), "--out", str(tmp_path / "out"), "--no-progress", "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert "design.json：文件已损坏" in err and "None" not in err


def test_a_damaged_chunk_is_named(tmp_path, capsys):
    good = design(tmp_path, {"scenario": "parking", "seeds": 4})
    plan = load_design(good)
    with Store.open(tmp_path / "out", plan) as store:
        store.write([{**plan.meta(0), "error": None}], [])
    chunk = next((tmp_path / "out" / "chunks").glob("runs-*.parquet"))
    chunk.write_bytes(b"PAR1 not really")
    assert main(["sweep", str(good), "--out", str(tmp_path / "out"), "--no-progress", "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert f"{chunk}：结果文件已损坏" in err and "内部错误" not in err


def test_an_unreachable_scheduler_is_told_at_once_and_leaves_no_folder(tmp_path, capsys):
    good = design(tmp_path, {"scenario": "parking"})
    assert main(["sweep", str(good), "--out", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:9", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "无法连接 dask 调度器 tcp://127.0.0.1:9" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def _race(root: str, data: dict, rounds: int, barrier, results) -> None:
    plan = load_design(data)
    for i in range(rounds):
        barrier.wait()
        try:
            store = Store.open(Path(root) / f"out{i}", plan)
        except DesignError:
            store = None
        barrier.wait()  # both have opened, or been refused
        if store is not None:
            results.put(json.loads(store.manifest.read_text(encoding="utf-8"))["hash"] == plan.hash)
            store.__exit__()
        barrier.wait()


def test_two_sweeps_opening_one_new_folder_never_mix_designs(tmp_path):
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    rounds = 12
    racers = [context.Process(target=_race, args=(str(tmp_path), {"scenario": "parking", "seed": seed}, rounds, barrier, results))
              for seed in (1, 2)]
    for p in racers:
        p.start()
    for p in racers:
        p.join(timeout=120)
    held = [results.get(timeout=30) for _ in range(rounds)]  # one of the two holds each folder
    assert all(p.exitcode == 0 for p in racers)
    assert all(held)  # and finds its own design there


# -- files and --set values within limits ---------------------------------------------------------


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    path = scenario(tmp_path, PARKING + ("# " + "x" * 98 + "\n") * 60_000)  # 6 MB of comments
    with pytest.raises(ScenarioError) as info:
        simulator.load(path)
    size = f"{path.stat().st_size / 2**20:.1f} MB"
    assert f"文件过大（{size}，上限 5 MB）" in info.value.zh and f"{size}, the limit is 5 MB" in info.value.en


def _chain(depth: int) -> str:
    anchors = ["&a0 [1, 1, 1, 1, 1, 1, 1, 1, 1]"] + [f"&a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, depth)]
    return f"[{', '.join(anchors)}]"


@pytest.mark.parametrize("value, zh", [
    (_chain(7), "内容展开后过大"),
    ("[" * 3000 + "]" * 3000, "嵌套层数过多"),
    ("{a: " * 150 + "1" + "}" * 150, "嵌套层数过多"),
    ("1" * 5000, "数字位数过多"),
])
def test_set_values_have_the_limits_of_files(value, zh):
    with pytest.raises(ScenarioError) as info:
        simulator.load(SCENARIOS / "parking.yaml", [f"population.groups={value}"])
    assert zh in info.value.zh and info.value.source.startswith("--set population.groups=")


def test_a_huge_integer_in_a_file_is_an_input_error(tmp_path):
    path = scenario(tmp_path, PARKING.replace("households: 1200", "households: " + "9" * 5000))
    with pytest.raises(ScenarioError) as info:
        simulator.load(path)
    assert info.value.line == line_of(PARKING, "households: 1200") and "数字位数过多" in info.value.zh


@pytest.mark.parametrize("old, new, got", [
    ("buildings: 24", "buildings: true", "True"),
    ("households: 1200", "households: 20:00", "'20:00'"),
    ("households: 1200", "households: 01200", "'01200'"),
    ("households: 1200", "households: '1200'", "'1200'"),
    ("procedure:\n", "procedure:\n  record: yes\n", "'yes'"),
])
def test_yaml_1_1_surprises_are_errors(tmp_path, old, new, got):
    assert old in PARKING
    text = PARKING.replace(old, new, 1)
    with pytest.raises(ScenarioError) as info:
        simulator.load(scenario(tmp_path, text))
    assert info.value.line == line_of(text, new.split("\n")[-2] if "\n" in new else new) and f"实际为 {got}" in info.value.zh


def test_a_bool_in_a_set_value_or_design_is_not_a_number(tmp_path):
    with pytest.raises(ScenarioError, match="应为整数，实际为 True"):
        simulator.load(SCENARIOS / "parking.yaml", ["population.buildings=true"])
    with pytest.raises(DesignError, match="seeds"):
        load_design({"scenario": "parking", "seeds": True})


def test_numbers_as_yaml_1_2_reads_them(tmp_path):
    text = PARKING.replace("households: 1200", "households: 1_200").replace("buildings: 24", "buildings: 0x18")
    spec = simulator.load(scenario(tmp_path, text.replace("    q: 0.75", "    q: 75e-2")))
    assert spec.population.households == 1200 and spec.population.buildings == 24 and spec.procedure.consensus.q == 0.75


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(char=st.sampled_from([chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), *range(127, 160), 0x202E, 0x2066]]))
def test_control_characters_in_texts_are_refused_and_never_printed(tmp_path, char, capsys):
    text = PARKING.replace("{zh: 租户,", f'{{zh: "租\\u{ord(char):04x}[2J户",')
    path = scenario(tmp_path, text)
    with pytest.raises(ScenarioError) as info:
        simulator.load(path)
    assert info.value.line == line_of(text, "租") and info.value.path.endswith("name.zh") and "控制字符" in info.value.zh
    assert main(["validate", str(path)]) == 2
    assert char not in capsys.readouterr().err
    assert main(["validate", f"bad{char}name.yaml"]) == 2
    assert char not in capsys.readouterr().err


def test_a_control_character_in_a_set_value_is_refused():
    with pytest.raises(ScenarioError, match="控制字符"):
        simulator.load(SCENARIOS / "parking.yaml", ["population.groups.tenant.name.zh=租\x1b[2J户"])


# -- errors at the real line --------------------------------------------------------------------


@pytest.mark.parametrize("old, new, at, path", [
    ("    mandatory: [residents_committee, owners_committee, property_company, nearby_unit, deputies]",
     "    mandatory:\n      - residents_committee\n      - mayor", "      - mayor", "procedure.selection.mandatory.1"),
    ("      gains: [multi_car_owner]\n", "      gains:\n        - multi_car_owner\n        - drivers\n", "        - drivers",
     "issue.options.0.gains.1"),
    ("stance: {status_quo: 0.65, fixed_spaces: 0.15, green_conversion: 0.75, time_share: 0.55}",
     "stance: {status_quo: 0.65, fixed_spaces: 0.15, green_conversion: 0.75, time_share: 0.55,\n              free_parking: 0.2}",
     "free_parking", "population.groups.1.stance.free_parking"),
    ("stance: {status_quo: 0.65, fixed_spaces: 0.15, green_conversion: 0.75, time_share: 0.55}",
     "stance:\n        status_quo: 0.65\n        fixed_spaces: 0.15\n        green_conversion: 0.75",
     "        status_quo: 0.65", "population.groups.1.stance"),
])
def test_cross_reference_errors_point_at_the_line(tmp_path, old, new, at, path):
    assert old in PARKING
    text = PARKING.replace(old, new, 1)
    with pytest.raises(ScenarioError) as info:
        simulator.load(scenario(tmp_path, text))
    assert (info.value.path, info.value.line) == (path, line_of(text, at))


@pytest.mark.parametrize("old, new, zh, en", [
    ("households: 1200", "households：1200", "全角冒号“：”，YAML 需要半角冒号“:”", "full-width colon “：”; YAML needs the half-width colon “:”"),
    ("  households: 1200", "　households: 1200", "全角空格", "full-width space"),
    ("gains: [multi_car_owner]", "gains: [multi_car_owner】", "全角方括号", "full-width bracket"),
])
def test_full_width_punctuation_is_named(tmp_path, old, new, zh, en):
    text = PARKING.replace(old, new, 1)
    with pytest.raises(ScenarioError) as info:
        simulator.load(scenario(tmp_path, text))
    assert info.value.line == line_of(text, new) and zh in info.value.zh and en in info.value.en


def test_a_whole_number_range_without_integer_true_is_refused(tmp_path):
    with pytest.raises(DesignError) as info:
        load_design({"scenario": "parking", "sample": "random", "n": 8, "parameters": {"procedure.rounds.max": {"low": 1, "high": 5}}})
    assert "integer: true" in info.value.zh and info.value.path == "parameters.procedure.rounds.max"
