"""The shipped scenarios, and finding a scenario by file or by name."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .errors import ScenarioError


def scenarios_dir() -> Path:
    """The folder of shipped scenarios."""
    return Path(str(resources.files("simulator.scenarios")))


def shipped() -> dict[str, Path]:
    """Shipped scenario ids and their files."""
    return {p.stem: p for p in sorted(scenarios_dir().glob("*.yaml"))}


def resolve(name: str | Path) -> Path:
    """A scenario file from a path or a shipped scenario's id (``parking``)."""
    path = Path(name)
    if path.is_file():
        return path
    scenarios = shipped()
    found = scenarios.get(str(name))
    nested = scenarios_dir() / f"{name}.yaml"  # a shipped scenario in a folder, e.g. cases/tianjin_parking_r1
    if found is None and "/" in str(name) and ".." not in path.parts and nested.is_file():
        found = nested
    if found is None:
        names = ", ".join(scenarios)
        raise ScenarioError(
            f"{name}：找不到这个文件或内置情景（内置情景：{names}）",
            f"{name}: no such file or shipped scenario (shipped: {names})",
            source=str(name),
        )
    return found
