"""Notebook 04 (who is at the table) takes any shipped scenario through its SCENARIO variable."""

from __future__ import annotations

import re

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "04_who_is_at_the_table.ipynb"


def _code(nb) -> list[str]:
    return [cell.source for cell in nb.cells if cell.cell_type == "code"]


def test_the_scenario_is_named_once_in_the_first_code_cell():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = _code(nb)
    assert re.search(r'^SCENARIO = "parking"', code[0], re.M)
    named = [line for cell in code for line in cell.splitlines() if '"parking"' in line]
    assert named == ['SCENARIO = "parking"  # 内置情景名（xieshang list）/ a shipped scenario (xieshang list)',
                     'LESSONS = SCENARIO == "parking"  # 本讲的结论就停车情景而写 / the lessons below are about parking']


@pytest.mark.slow
def test_the_notebook_runs_with_another_shipped_scenario():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    first = next(cell for cell in nb.cells if cell.cell_type == "code")
    first.source = first.source.replace('SCENARIO = "parking"', 'SCENARIO = "elevator_retrofit"')
    nb.cells.append(nbformat.v4.new_code_cell("print(SPEC.id, FOCUS, len(table), len(forms))"))
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    assert nb.cells[-1].outputs[0]["text"].split() == ["elevator_retrofit", "first_floor", "75", "45"]
