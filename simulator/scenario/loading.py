"""Loading a scenario: read the file, apply ``--set`` overrides, validate, and say clearly what is wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from . import catalogue
from .errors import ScenarioError, error
from .overrides import apply_override, named
from .reading import read, validated
from .schema import Scenario


def from_data(data: Any, *, source: str = "", root: yaml.Node | None = None) -> Scenario:
    """Validate plain data as a :class:`Scenario`, or raise :class:`ScenarioError`."""
    return validated(Scenario, data, source=source, root=root)


def load(path: str | Path, overrides: list[str] | tuple[str, ...] = ()) -> Scenario:
    """Load and validate a scenario file, applying ``--set path=value`` overrides, and hold it to the
    catalogue entry it names (:mod:`.catalogue`)."""
    data, root = read(path)
    source, folder = Path(path).name, Path(path).parent
    scenario = with_overrides(data, overrides, source=source, root=root)
    try:
        catalogue.check(scenario, folder, source=source, root=root)
    except ScenarioError as exc:  # blame the file, or the first --set after which the scenario departs from its entry
        for done in range(len(overrides) + 1):
            try:
                catalogue.check(with_overrides(data, overrides[:done], source=source, root=root), folder, source=source, root=root)
            except ScenarioError as first:
                if first.path == exc.path:
                    raise (exc if done == 0 else error(named(overrides[done - 1]), None, exc.path, *exc.what)) from None
        raise
    return scenario


def with_overrides(data: Any, overrides: list[str] | tuple[str, ...] = (), *, source: str = "", root: yaml.Node | None = None) -> Scenario:
    """Validate ``data`` with ``path=value`` overrides applied; an error names the file or the --set to blame."""
    if not overrides or not isinstance(data, dict):
        return from_data(data, source=source, root=root)
    states = [data]
    for item in overrides:
        states.append(apply_override(states[-1], item))
    try:
        return from_data(states[-1], source=source, root=root)
    except ScenarioError as exc:
        final = exc
    # Blame the file if it fails this way on its own, else the first --set after which it does.
    for item, state in zip([None, *overrides], states):
        try:
            from_data(state, source=source, root=root)
        except ScenarioError as exc:
            if exc.path == final.path:
                if item is None:
                    raise final from None
                raise error(named(item), None, final.path, *final.what) from None
    raise final from None
