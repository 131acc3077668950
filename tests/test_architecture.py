"""The package's layers, as the tree shows them: each layer imports only those below it, no
module imports itself back through others, and no module grows past about 400 lines."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from .conftest import ROOT

PACKAGE = ROOT / "simulator"

#: Each part of the package and the parts it may import (besides itself).
LAYERS = {
    "i18n": set(),
    "files": set(),
    "law": {"i18n"},
    "dynamics": {"i18n"},
    "scenario": {"i18n", "law"},
    "consultation": {"i18n", "files", "law", "dynamics", "scenario"},
    "research": {"i18n", "files", "law", "dynamics", "scenario", "consultation"},
    "practice": {"i18n", "files", "law", "dynamics", "scenario", "consultation"},
    "documents": {"i18n", "files", "law", "dynamics", "scenario", "consultation", "practice"},
    "roleplay": {"i18n", "files", "law", "dynamics", "scenario", "consultation", "documents"},
    "workshop": {"i18n", "files", "law", "dynamics", "scenario", "consultation", "practice", "documents", "roleplay"},
    "cli": {"i18n", "files", "law", "dynamics", "scenario", "consultation", "research", "workshop", "practice",
            "documents", "roleplay"},
}
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "fonts" in path.parts:  # a maintainer's script, not part of the package
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(name: str, path: Path, modules: set[str]) -> set[str]:
    """The package's own modules that ``name`` imports, anywhere in its code (``from . import x``
    imports the module ``x``; ``from .x import y`` the module ``x``, or ``x.y`` if that is one)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            target = (f"{base}.{node.module}" if node.module else base) if node.level else node.module
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                out.add(sub if sub in modules else target)
        elif isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
    return {t for t in out if t == "simulator" or t.startswith("simulator.")}


@pytest.fixture(scope="module")
def graph() -> nx.DiGraph:
    modules = _modules()
    g = nx.DiGraph()
    g.add_nodes_from(modules)
    for name, path in modules.items():
        g.add_edges_from((name, t) for t in _imports(name, path, set(modules)) if t in modules and t != name)
    return g


def _part(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def test_every_part_has_a_layer(graph):
    assert {_part(m) for m in graph if m != "simulator"} == set(LAYERS)


def test_no_import_circles(graph):
    cycles = list(nx.simple_cycles(graph))
    assert not cycles, f"import circles: {cycles}"


def test_each_layer_imports_only_those_below_it(graph):
    wrong = [(a, b) for a, b in graph.edges if _part(a) != _part(b) and b != "simulator" and _part(b) not in LAYERS[_part(a)]]
    assert not wrong, f"imports against the layers: {wrong}"
    assert not any(b == "simulator" for _, b in graph.edges), "a module imports the package's own lazy front door"


def test_no_module_is_too_long():
    long = {str(p.relative_to(ROOT)): n for p in _modules().values() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines (split them by domain idea): {long}"


def test_the_checks_see_the_package(graph):
    assert len(graph) > 30 and graph.number_of_edges() > 50
    assert graph.has_edge("simulator.consultation.model", "simulator.law")  # the engine applies the law


def test_import_simulator_stays_light():
    code = "import sys, simulator; print(sorted(m for m in sys.modules if m.split('.')[0] in ('simulator', 'mesa', 'pandas', 'matplotlib', 'pydantic')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['simulator']"


def test_every_name_a_scenario_may_use_has_its_rule():
    """The schema's vocabularies (what a scenario may name) and the engine's registries (what runs) agree."""
    from simulator.consultation import deliberation, procedure, selection
    from simulator.scenario import base

    assert set(selection.SELECTION_RULES) == set(base.SELECTION_RULES)
    assert set(procedure.ACTIONS) == set(base.ACTIONS)
    assert set(deliberation.UPDATE_RULES) == base.UPDATE_RULES
