"""Benchmark: one consultation run against the engine at an earlier revision.

Run ``python benchmarks/bench_behaviour.py [REVISION]``. The reference is the package as it was at
``REVISION`` (default: each of :data:`REFERENCES`: before the calibrated behaviour, issue 10; before
places, micro-consultation, the five haves and the series, issue 12), checked out with
``git worktree`` into a temporary folder and timed in its own process, alternating with the current
package, so that both are measured on the same machine in the same minutes. Target: the ratio
(current / reference) at most 1.5. Nothing is asserted.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = "e8a940d"  # the last commit before persuasion, participation and costs entered the model
REFERENCES = {
    "behaviour (issue 10)": REFERENCE,
    "places, haves, series (issue 12)": "3de9118",  # the last commit before them
}
TARGET = 1.5
TIMER = """
import gc, json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from simulator import ConsultationModel, load
from simulator.consultation import metrics
scenario = load(Path(sys.argv[1]) / "scenarios" / "parking.yaml")  # each revision's own file (the installed package maps its scenarios elsewhere)
def once(seed):
    gc.collect()
    start = time.perf_counter()
    metrics.summary(ConsultationModel(scenario, rng=seed).run(), seed)
    return time.perf_counter() - start
once(0)
print(json.dumps(statistics.median(once(s) for s in range(1, int(sys.argv[2]) + 1))))
"""


def median_ms(source: Path, repeats: int) -> float:
    out = subprocess.run([sys.executable, "-c", TIMER, str(source), str(repeats)], capture_output=True, text=True, check=True)
    return 1000 * json.loads(out.stdout)


def main(revision: str = REFERENCE, rounds: int = 3, repeats: int = 21) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        reference = Path(folder) / "reference"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(reference), revision], check=True)
        try:
            now, before = [], []
            for _ in range(rounds):  # alternate, so that a busy minute hits both
                before.append(median_ms(reference, repeats))
                now.append(median_ms(ROOT, repeats))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(reference)], check=True)
    report = {"reference": revision, "reference_ms": statistics.median(before), "current_ms": statistics.median(now)}
    report["ratio"] = report["current_ms"] / report["reference_ms"]
    report["target"] = TARGET
    print(f"parking run: {report['current_ms']:.1f} ms now, {report['reference_ms']:.1f} ms at {revision}; "
          f"ratio {report['ratio']:.2f} (target ≤ {TARGET})")
    return report


def all_references() -> dict:
    """The ratio against each of :data:`REFERENCES`."""
    return {name: main(revision) for name, revision in REFERENCES.items()}


if __name__ == "__main__":
    main(sys.argv[1]) if len(sys.argv) > 1 else all_references()
