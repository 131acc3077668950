"""Run every benchmark and save the report: ``python benchmarks/run.py`` (``--full`` adds the 10,000-run sweep).

Reports, never asserts. Results go to ``benchmarks/results/latest.json``.
"""

from __future__ import annotations

import json
import os
import platform
import sys
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_behaviour  # noqa: E402
import bench_dynamics  # noqa: E402
import bench_runs  # noqa: E402
import bench_sweep  # noqa: E402

from simulator.files import write_text  # noqa: E402  (importable once the benchmarks have set the path)


def main() -> dict:
    report = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "dynamics": bench_dynamics.main(),
        "runs": bench_runs.main(),
        "behaviour": bench_behaviour.all_references(),
        "sweep": bench_sweep.main(full="--full" in sys.argv),
    }
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    write_text(out / "latest.json", json.dumps(report, ensure_ascii=False, indent=2, default=float))
    print(f"\nsaved {out / 'latest.json'}")
    return report


if __name__ == "__main__":
    main()
