"""The project's own files agree with each other."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

from .conftest import ROOT


def _name(spec: str) -> str:
    return re.split(r"[<>=!~\[ ]", spec, maxsplit=1)[0].strip().lower().replace("_", "-")


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_environment_yml_agrees_with_pyproject():
    project = _project()
    every = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    wanted = {Requirement(r).name.lower(): str(Requirement(r).specifier) for r in every
              if Requirement(r).name != "xieshang"}
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


BROWSER_TESTS = '''
import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = "/nonexistent/chromium"


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        yield p.chromium.launch(executable_path=CHROMIUM)


def test_plain():
    pass


def test_page_one(browser):
    pass


def test_page_two(browser):
    pass
'''


def test_without_chromium_the_browser_tests_stop_at_once_with_one_line(tmp_path):
    (tmp_path / "conftest.py").write_text((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "test_page.py").write_text(BROWSER_TESTS, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", str(tmp_path)], cwd=tmp_path,
                         capture_output=True, text=True, timeout=300)
    output = out.stdout + out.stderr
    assert out.returncode != 0  # a failure, never a skip that would count as passing
    assert [line for line in output.splitlines() if "/nonexistent/chromium" in line] == [
        next(line for line in output.splitlines() if "sudo apt-get install chromium fonts-noto-cjk" in line)]
    assert "Playwright" not in output and "BrowserType.launch" not in output and "passed" not in output


def test_the_test_extra_pulls_everything_and_the_base_none_of_the_web_stack():
    project = _project()
    base = {Requirement(r).name.lower() for r in project["dependencies"]}
    extras = project["optional-dependencies"]
    assert not base & {"matplotlib", "ipywidgets", "voila", "jupyterlab", "dask", "distributed", "pyarrow", "salib"}
    assert "xieshang[workshop,research]" in extras["test"] and extras["all"] == ["xieshang[workshop,research]"]


@pytest.mark.slow
def test_the_base_install_runs_the_command_line_and_names_the_missing_extra(tmp_path):
    """A real fresh venv with only ``pip install xieshang`` (and its own dependencies)."""
    source = tmp_path / "source"
    for part in ("simulator", "scenarios"):
        shutil.copytree(ROOT / part, source / part, ignore=shutil.ignore_patterns("__pycache__", "*.sweep"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    bin_ = venv / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([str(bin_ / "python"), "-m", "pip", "install", "-q", str(source)], check=True, timeout=900)

    def xieshang(*args):
        return subprocess.run([str(bin_ / "xieshang"), *args], capture_output=True, text=True, encoding="utf-8",
                              cwd=tmp_path, timeout=300)

    absent = "from importlib.util import find_spec as f; print([m for m in ('matplotlib', 'ipywidgets', 'voila', 'dask', 'pyarrow') if f(m)])"
    assert subprocess.run([str(bin_ / "python"), "-c", absent], capture_output=True, text=True).stdout.strip() == "[]"
    for args in (["run", "parking"], ["list"], ["validate", "parking"], ["schema"], ["reference"]):
        out = xieshang(*args)
        assert out.returncode == 0, (args, out.stderr)
    assert "达成共识" in xieshang("run", "parking").stdout
    for args, extra in ((["workshop", "--stop-after", "5"], "workshop"), (["sweep", "parking_rules"], "research"),
                        (["summary", "results"], "research")):
        zh, en = xieshang(*args), xieshang(*args, "--lang", "en")
        assert zh.returncode == en.returncode == 2
        assert f'pip install "xieshang[{extra}]"' in zh.stderr and "需要可选组件" in zh.stderr
        assert f"needs the {extra} extra" in en.stderr and "Traceback" not in zh.stderr + en.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["source", "venv"]  # nothing half made
