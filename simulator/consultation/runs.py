"""One run of a scenario: what it gives back."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from ..i18n import BilingualError, check_lang
from ..scenario import Scenario, load, resolve, with_overrides
from . import legacy, metrics, records
from .model import ConsultationModel
from .procedure import ConvenerPolicy


@dataclass
class Run:
    """A finished run: the summary, per-round data, per-agent stances and the record."""

    model: ConsultationModel
    seed: int | None
    lang: str = "zh"

    @cached_property
    def summary(self) -> dict:
        return {**metrics.summary(self.model, self.seed, self.lang), "legacy": legacy.summary(self.model, self.lang)}

    @property
    def rounds(self) -> pd.DataFrame:
        return self.model.rounds_frame()

    @property
    def stances(self) -> pd.DataFrame:
        return self.model.stances()

    @property
    def record(self) -> dict:
        return records.record(self.model, self.lang)

    def text(self) -> str:
        return records.render(self.summary, self.model.spec.option_names(self.lang), self.lang)


def check_seed(seed) -> None:
    """A seed is a non-negative whole number, or None (fresh entropy); else a bilingual error."""
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0):
        raise BilingualError(f"随机种子应为非负整数，实际为 {seed!r}", f"the seed must be a non-negative integer, got {seed!r}")


def scenario_of(scenario: Scenario | str | Path, overrides: list[str] | tuple[str, ...] = ()) -> Scenario:
    """A :class:`Scenario`: the one given, or the one a YAML path or shipped id names, with ``overrides``
    (``path=value`` strings) applied."""
    if not isinstance(scenario, Scenario):
        return load(resolve(scenario), list(overrides))
    return with_overrides(scenario.model_dump(mode="json"), list(overrides), source=scenario.id) if overrides else scenario


def run(
    scenario: Scenario | str | Path,
    seed: int | None = 0,
    overrides: list[str] | tuple[str, ...] = (),
    *,
    policy: ConvenerPolicy | None = None,
    lang: str = "zh",
) -> Run:
    """Run one consultation to the end.

    ``scenario`` is a :class:`Scenario`, a YAML path or a shipped scenario id;
    ``overrides`` are ``path=value`` strings as for ``xieshang run --set``.
    """
    check_lang(lang)
    check_seed(seed)
    model = ConsultationModel(scenario_of(scenario, overrides), rng=seed, policy=policy)
    return Run(model.run(), seed, lang)
