"""Benchmark: latency of one consultation run, and how it grows with the community.

Run ``python benchmarks/bench_runs.py``. Nothing is asserted; the report gives
medians, the targets, and ratios measured in the same run (absolute times on a
shared machine are noisy).
"""

from __future__ import annotations

import gc
import math
import statistics
import sys
import time
from pathlib import Path

try:
    import simulator
except ModuleNotFoundError:  # a source checkout without install
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import simulator

from simulator import ConsultationModel
from simulator.consultation import metrics
from simulator.scenario import apply_override, from_data

LATENCY_TARGET_MS = 100.0  # parking.yaml
SCALING_TARGET = 2.2  # time(2N) / time(N)
SIZES = (1_250, 2_500, 5_000, 10_000, 20_000)  # each a doubling of the one before


def one_run(scenario, seed: int) -> float:
    gc.collect()  # the previous run's garbage is not this run's cost
    start = time.perf_counter()
    model = ConsultationModel(scenario, rng=seed).run()
    metrics.summary(model, seed)
    return time.perf_counter() - start


def median_ms(scenario, repeats: int) -> float:
    one_run(scenario, 0)  # warm up
    return 1000 * statistics.median(one_run(scenario, seed) for seed in range(1, repeats + 1))


def bench_latency(repeats: int = 31) -> dict:
    """Median latency per shipped scenario: the run itself, and with loading the file."""
    out = {}
    for name, path in simulator.shipped().items():
        scenario = simulator.load(path)
        loads = []
        for _ in range(10):
            start = time.perf_counter()
            simulator.load(path)
            loads.append(time.perf_counter() - start)
        out[name] = {"run_ms": median_ms(scenario, repeats), "load_ms": 1000 * statistics.median(loads)}
    return out


def bench_scaling(repeats: int = 15) -> list[dict]:
    """Parking with 1,250 to 20,000 households: time per run and the ratio per doubling.

    Sizes are timed in turn within each repetition, so a slow spell of a shared machine
    falls on all of them alike; the median and the minimum per size are reported.
    """
    base = simulator.load(simulator.shipped()["parking"]).model_dump(mode="json")
    scenarios = []
    for households in SIZES:
        data = apply_override(base, f"population.households={households}")
        scenarios.append(from_data(apply_override(data, f"population.buildings={households // 50}")))
    times: list[list[float]] = [[] for _ in SIZES]
    for seed in range(repeats + 1):
        for i, scenario in enumerate(scenarios):
            elapsed = one_run(scenario, seed)
            if seed:  # the first pass warms up
                times[i].append(elapsed)
    rows = [
        {"households": n, "run_ms": 1000 * statistics.median(t), "min_ms": 1000 * min(t)} for n, t in zip(SIZES, times)
    ]
    for before, row in zip([None, *rows], rows):
        row["ms_per_1000"] = 1000 * row["run_ms"] / row["households"]
        row["doubling_cost"] = None if before is None else row["run_ms"] / before["run_ms"]
    return rows


def main() -> dict:
    latency = bench_latency()
    scaling = bench_scaling()
    print("\nOne run, median (target: parking <= %.0f ms)" % LATENCY_TARGET_MS)
    print(f"{'scenario':<22}{'run ms':>10}{'load ms':>10}")
    for name, row in latency.items():
        print(f"{name:<22}{row['run_ms']:>10.1f}{row['load_ms']:>10.1f}")
    print("\nGrowth with households (parking; target: doubling costs <= %.1fx)" % SCALING_TARGET)
    print(f"{'households':>10}{'median ms':>11}{'min ms':>9}{'ms/1000 hh':>12}{'x previous':>12}")
    for row in scaling:
        ratio = "" if row["doubling_cost"] is None else f"{row['doubling_cost']:.2f}"
        print(f"{row['households']:>10}{row['run_ms']:>11.1f}{row['min_ms']:>9.1f}{row['ms_per_1000']:>12.2f}{ratio:>12}")
    # exponent b in time ~ N^b from the two ends; doubling costs 2^b


    first, last = scaling[0], scaling[-1]
    b = math.log(last["run_ms"] / first["run_ms"]) / math.log(last["households"] / first["households"])
    doubling = 2**b
    worst = max(row["doubling_cost"] for row in scaling[1:])
    print(f"growth over the range: time ~ N^{b:.2f}, i.e. {doubling:.2f}x per doubling on average, "
          f"{worst:.2f}x at worst ({'met' if worst <= SCALING_TARGET else 'NOT met'}: target {SCALING_TARGET}x)")
    parking_ms = latency["parking"]["run_ms"]
    print(f"parking median {parking_ms:.1f} ms ({'met' if parking_ms <= LATENCY_TARGET_MS else 'NOT met'})")
    return {"latency": latency, "scaling": scaling, "growth_exponent": b, "doubling_cost": doubling,
            "worst_doubling_cost": worst, "met": parking_ms <= LATENCY_TARGET_MS and worst <= SCALING_TARGET}


if __name__ == "__main__":
    main()
