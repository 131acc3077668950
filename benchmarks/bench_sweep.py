"""Benchmark: sweep throughput with 1 and 2 workers, and peak memory as the number of runs grows.

Run ``python benchmarks/bench_sweep.py`` (add ``--full`` for the 10,000-run sweep, about
a minute and a half on 2 cores). Nothing is asserted; the report gives the targets.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import yaml

try:
    import simulator
except ModuleNotFoundError:  # a source checkout without install
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import simulator

SPEEDUP_TARGET = 1.7  # runs/s with 2 workers over 1 worker
TEN_THOUSAND_TARGET_S = 100.0  # 10,000 runs of default parking on 2 cores


def parking(runs: int) -> dict:
    """Default parking, ``runs`` seeds."""
    return {"scenario": "parking", "seed": 1, "seeds": runs}


def throughput(workers: int, runs: int) -> float:
    """Runs per second of an in-process sweep, its workers already started once."""
    simulator.sweep(parking(4 * workers), workers=workers, progress=False)  # warm up: start the forkserver
    start = time.perf_counter()
    simulator.sweep(parking(runs), workers=workers, progress=False)
    return runs / (time.perf_counter() - start)


LOOP = """
import sys, time, simulator
scenario = simulator.load(simulator.shipped()["parking"])
simulator.run(scenario, 0)
start = time.perf_counter()
for seed in range({runs}):
    simulator.run(scenario, seed).summary
print({runs} / (time.perf_counter() - start))
"""


def machine(runs: int = 300) -> float:
    """The machine's own ceiling: two independent plain loops over one, in runs per second.

    On a shared VM two processes rarely get 2x; the sweep's ratio is judged against this.
    """
    def loops(k: int) -> float:
        procs = [subprocess.Popen([sys.executable, "-c", LOOP.format(runs=runs)], stdout=subprocess.PIPE, text=True)
                 for _ in range(k)]
        return sum(float(p.communicate()[0]) for p in procs)

    return loops(2) / loops(1)


def command(runs: int, workers: int = 2) -> dict:
    """``xieshang sweep`` on ``runs`` runs in a fresh process: wall time and the peak RSS of it and its workers."""
    with tempfile.TemporaryDirectory() as tmp:
        design = Path(tmp) / "parking.yaml"
        design.write_text(yaml.safe_dump(parking(runs)), encoding="utf-8")
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "simulator.cli", "sweep", str(design), "--out", str(Path(tmp) / "out"),
                                 "--workers", str(workers), "--no-progress"], stdout=subprocess.DEVNULL)
        peak = {"rss": 0, "parent": 0}
        watcher = threading.Thread(target=_watch, args=(proc, peak), daemon=True)
        watcher.start()
        proc.wait()
        seconds = time.perf_counter() - start
        watcher.join()
        return {"runs": runs, "seconds": seconds, "runs_per_s": runs / seconds, "peak_rss_mb": peak["rss"] / 2**20,
                "peak_parent_rss_mb": peak["parent"] / 2**20, "ok": proc.returncode == 0}


def _watch(proc: subprocess.Popen, peak: dict) -> None:
    """Sample the summed RSS of the sweep's process and all its descendants until it ends."""
    try:
        parent = psutil.Process(proc.pid)
        while proc.poll() is None:
            total = 0
            for p in [parent, *parent.children(recursive=True)]:
                try:
                    rss = p.memory_info().rss
                except psutil.Error:
                    continue
                total += rss
                if p.pid == proc.pid:
                    peak["parent"] = max(peak["parent"], rss)
            peak["rss"] = max(peak["rss"], total)
            time.sleep(0.1)
    except psutil.Error:
        pass


def main(full: bool = False) -> dict:
    one, two = throughput(1, 300), throughput(2, 600)
    ceiling = machine()
    print(f"\nSweep throughput, default parking (target: 2 workers >= {SPEEDUP_TARGET}x 1 worker)")
    print(f"  1 worker  {one:7.1f} runs/s\n  2 workers {two:7.1f} runs/s   ratio {two / one:.2f}"
          f" ({'met' if two / one >= SPEEDUP_TARGET else 'NOT met'})")
    print(f"  reference: two independent plain loops give {ceiling:.2f}x one on this machine now;"
          f" the sweep reaches {two / one / ceiling:.0%} of that")
    sizes = (1_000, 10_000) if full else (1_000,)
    commands = [command(n) for n in sizes]
    print("\nxieshang sweep, 2 workers (target: memory does not grow with runs; 10,000 runs < 100 s)")
    print(f"{'runs':>8}{'seconds':>10}{'runs/s':>9}{'peak RSS MB':>13}{'parent MB':>11}")
    for row in commands:
        print(f"{row['runs']:>8}{row['seconds']:>10.1f}{row['runs_per_s']:>9.1f}{row['peak_rss_mb']:>13.0f}{row['peak_parent_rss_mb']:>11.0f}")
    if not full:
        print("  (10,000 runs: python benchmarks/bench_sweep.py --full)")
    return {"runs_per_s_1_worker": one, "runs_per_s_2_workers": two, "speedup": two / one,
            "machine_speedup": ceiling, "commands": commands}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="also sweep 10,000 runs")
    main(parser.parse_args().full)
