"""Shared fixtures: shipped scenarios and a way to call the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import simulator
from simulator import scenario as validation  # reading, validating and finding scenario files

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
SHIPPED = sorted(p.stem for p in SCENARIOS.glob("*.yaml"))


@pytest.fixture(scope="session")
def parking() -> simulator.Scenario:
    return simulator.load(SCENARIOS / "parking.yaml")


@pytest.fixture(scope="session")
def parking_data() -> dict:
    return validation.read(SCENARIOS / "parking.yaml")[0]


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``xieshang`` in a fresh process, as a trainer would."""
    env = {k: v for k, v in os.environ.items() if k != "XIESHANG_DEBUG"}
    return subprocess.run(
        [sys.executable, "-m", "simulator.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd or ROOT,
        env=env,
        timeout=120,
    )
