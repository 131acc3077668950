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
CHROMIUM = "/usr/bin/chromium"  # Debian's browser; the end-to-end tests never download one
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_collection_finish(session: pytest.Session) -> None:
    """Browser tests need Debian's Chromium: without it, stop at once with one line saying how to
    get it (rather than one Playwright error per test, or a skip that would look like a pass)."""
    needed = {getattr(item.module, "CHROMIUM", CHROMIUM) for item in session.items
              if "browser" in getattr(item, "fixturenames", ()) and getattr(item, "module", None) is not None}
    missing = sorted(path for path in needed if not os.access(path, os.X_OK))
    if missing:
        pytest.exit(f"缺少 {missing[0]}，浏览器测试需要 Debian 的 Chromium / {missing[0]} not found: the browser tests need "
                    f"Debian's Chromium. tests/run installs it, or: sudo apt-get install chromium fonts-noto-cjk", returncode=pytest.ExitCode.USAGE_ERROR)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, for one test module (a module may define its own)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def serve(command: str, folder: Path, *args: str, stop_after: int = 600) -> tuple[subprocess.Popen, str, str]:
    """Start ``xieshang COMMAND`` as a trainer does (it stops by itself after ``stop_after`` seconds), its
    exports in ``folder``: the process, the first line it prints and the address in that line."""
    command = [str(Path(sys.executable).parent / "xieshang"), command, "--stop-after", str(stop_after), *args]
    env = {**os.environ, "XIESHANG_EXPORT_DIR": str(folder)}  # exports in the test's folder, not the tester's home
    server = subprocess.Popen(command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True, start_new_session=True, env=env)
    first = server.stdout.readline()
    return server, first, first.split("：" if "：" in first else " at ", 1)[-1].strip()


def stop(server: subprocess.Popen) -> None:
    """Stop a served page (and its Voilà) as Ctrl+C would."""
    import signal

    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


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


def local_page(browser, width: int, height: int):
    """A browser page that refuses, and records, any request that leaves 127.0.0.1: ``(page, outside)``."""
    from urllib.parse import urlparse

    page = browser.new_page(viewport={"width": width, "height": height})
    outside = []

    def only_local(route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    return page, outside


def docx_text(data: bytes) -> str:
    """Every paragraph and table cell of a Word file (its bytes), in order, one per line."""
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)
