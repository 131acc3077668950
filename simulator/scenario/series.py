"""A series file: several consultations in one community, in the order they are held.

    id: estate_year
    title: {zh: 一个小区的一年, en: A year in one estate}
    summary: {zh: ..., en: ...}
    topics:
      - scenario: parking
      - scenario: dog_walking
        set: [population.households=1200]

``scenario`` is a shipped scenario's name or a file (relative to the series file); ``set`` are
``path=value`` overrides for that topic alone. Running it is :func:`simulator.series`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import Field

from .base import Data, Text
from .errors import ScenarioError
from .reading import read, validated
from .shipped import scenarios_dir

MAX_TOPICS = 12  # a year of monthly consultations (R7: a council meets monthly)


class SeriesError(ScenarioError):
    """A series that cannot be run, explained for a person."""


class SeriesTopic(Data):
    """One consultation of the series."""

    scenario: str = Field(min_length=1, description="内置情景名或情景文件（相对于本文件） / a shipped scenario's name, or a file relative to this one")
    set: list[str] = Field([], description="只对这一议题的修改，如 population.households=1200 / overrides for this topic alone")


class SeriesFile(Data):
    """Consultations held one after another in one community."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: Text
    summary: Text | None = None
    topics: Annotated[list[SeriesTopic], Field(min_length=1, max_length=MAX_TOPICS)]


def series_dir() -> Path:
    return scenarios_dir() / "series"


def shipped_series() -> dict[str, Path]:
    """Shipped series ids and their files."""
    return {p.stem: p for p in sorted(series_dir().glob("*.yaml"))}


def is_series(name: str | Path) -> bool:
    """Whether ``name`` is a shipped series or a file holding ``topics`` (not a scenario)."""
    if str(name) in shipped_series():
        return True
    path = Path(name)
    if path.suffix not in (".yaml", ".yml") or not path.is_file():
        return False
    data, _ = read(path)
    return isinstance(data, dict) and "topics" in data and "issue" not in data


def load_series(name: str | Path) -> tuple[SeriesFile, Path]:
    """Read and check a series file (a path or a shipped series' id); its folder resolves the topics."""
    path = shipped_series().get(str(name), Path(name))
    data, root = read(path)
    return validated(SeriesFile, data, source=path.name, root=root, kind=SeriesError), path.parent


def topic_source(topic: SeriesTopic, folder: Path) -> Any:
    """The file of a topic named in a series file in ``folder``: next to it, else a shipped scenario."""
    near = folder / topic.scenario
    return near if near.suffix in (".yaml", ".yml") and near.is_file() else topic.scenario
