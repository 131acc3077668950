"""The project's own files agree with each other."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement

from .conftest import ROOT


def _name(spec: str) -> str:
    return re.split(r"[<>=!~\[ ]", spec, maxsplit=1)[0].strip().lower().replace("_", "-")


def test_environment_yml_agrees_with_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {Requirement(r).name.lower(): str(Requirement(r).specifier) for r in
              project["dependencies"] + project["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    listed = {}
    for dep in env["dependencies"]:
        for spec in dep["pip"] if isinstance(dep, dict) else [dep]:
            name = _name(spec)
            if name in ("python", "pip"):
                continue
            listed[name] = str(Requirement(spec.replace("=", "==", 1) if re.fullmatch(r"[\w.-]+=[\d.]+", spec) else spec).specifier)
    assert listed == wanted


def test_python_versions_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert (ROOT / ".python-version").read_text().strip() == "3.12"
    assert project["requires-python"] == ">=3.12"
    assert "python=3.12" in env["dependencies"]


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.search(r"```bash\n# 1\..*?\n(.+?)\n\n# 2\..*?\n(.+?)\n```", readme, re.S)
    install, tests = commands.group(1).strip(), commands.group(2).strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert install in ci and tests in ci


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "xieshang"  # the venv's console script
    out = subprocess.run([str(script), "list"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "parking" in out.stdout
