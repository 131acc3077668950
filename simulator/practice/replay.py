"""Replaying choices: the scenario with the choices' overrides, and the run of a path on a seed."""

from __future__ import annotations

import json
from functools import lru_cache

from ..consultation.model import ConsultationModel
from ..scenario import Scenario, with_overrides
from . import points
from .script import Script


@lru_cache(maxsize=64)
def scenario(name: str, data_json: str, overrides: tuple[str, ...]) -> Scenario:
    """The scenario ``data_json`` with ``path=value`` overrides (cached: the debrief builds the same ones often)."""
    return with_overrides(json.loads(data_json), overrides, source=name)


def scenario_with(name: str, data_json: str, choices: list[dict]) -> Scenario:
    """The scenario with the choices' overrides applied."""
    return scenario(name, data_json, tuple(points.overrides(choices)))


def play(name: str, data_json: str, seed: int, choices: list[dict], *, strict: bool = False) -> ConsultationModel:
    """The run of ``choices`` on ``seed`` to the end; decisions never made follow the scenario's rules."""
    model = ConsultationModel(scenario_with(name, data_json, choices), rng=seed, policy=Script(choices, strict=strict))
    return model.run()
