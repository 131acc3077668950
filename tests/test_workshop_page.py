"""End to end: ``xieshang workshop`` served by Voilà, driven in Debian's headless Chromium."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from .conftest import ROOT, SHIPPED, cli, docx_text, local_page, serve, stop

OUTPUT = ROOT / "test-output" / "workshop"


def _serve(folder: Path, *args: str):
    """Start ``xieshang workshop`` (stops by itself after 10 minutes); return the process and address."""
    server, first, address = serve("workshop", folder, *args)
    assert first.startswith(("工作坊页面已启动：", "The workshop page is running at ")), first
    return server, address


def _page(browser, address):
    """A page that refuses, and records, any request that leaves 127.0.0.1."""
    page, outside = local_page(browser, 1400, 1000)
    return page, outside


def test_trainer_changes_the_selection_rule_and_reruns(browser, tmp_path):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    server, address = _serve(tmp_path)
    startup = time.perf_counter() - started
    try:
        page, outside = _page(browser, address)
        started = time.perf_counter()
        # 1. load the page: the dashboard and its first run appear, and no code is shown
        page.goto(address, timeout=120_000)
        summary = page.locator(".xs-summary")
        expect(summary).to_contain_text("达成共识", timeout=120_000)
        chart = page.locator("img.xs-chart-stances")
        expect(chart).to_be_visible()
        loaded = time.perf_counter() - started
        assert page.locator(".jp-InputArea, .jp-CodeMirrorEditor, .cm-editor").count() == 0
        before_text, before_chart = summary.inner_text(), chart.screenshot()

        # 2. change the selection rule; 3. run
        page.locator(".xs-selection select").select_option(label="公开报名（自愿参加）")
        page.locator(".xs-rounds input, .xs-rounds .slider-container").first.wait_for()
        clicked = time.perf_counter()
        page.locator("button.xs-run-button").click()

        # 4. the summary and a chart changed
        page.wait_for_function(
            "before => document.querySelector('.xs-summary').innerText !== before", arg=before_text, timeout=60_000)
        expect(chart).not_to_have_attribute("src", "", timeout=10_000)
        page.wait_for_timeout(300)  # let the new image paint
        rerun = time.perf_counter() - clicked
        assert summary.inner_text() != before_text
        assert chart.screenshot() != before_chart

        # export: PNG images and a one-page handout, offered for download too
        page.locator("button.xs-export-button").click()
        expect(page.locator("a.xs-download")).to_be_visible(timeout=60_000)
        folders = list(tmp_path.glob("xieshang-*"))
        assert len(folders) == 1
        assert {p.name for p in folders[0].iterdir()} >= {"stances.png", "trajectory.png", "handout.html"}

        # the 协商记录 of the run shown, downloaded from the page as a Word file
        page.locator("button.xs-record-button").click()
        expect(page.locator("a.xs-record-docx")).to_be_visible(timeout=60_000)
        with page.expect_download() as download:
            page.locator("a.xs-record-docx").click()
        assert download.value.suggested_filename == "协商记录-parking-种子0.docx"
        text = docx_text(Path(download.value.path()).read_bytes())
        assert "公开报名" in text  # the run after the trainer's change

        # 5. a screenshot for people to look at
        page.screenshot(path=OUTPUT / "workshop.png", full_page=True)
        assert not outside, f"the page asked for outside addresses: {outside}"
        (OUTPUT / "timings.json").write_text(json.dumps(
            {"startup_s": round(startup, 2), "load_s": round(loaded, 2), "rerun_s": round(rerun, 2)}))
    finally:
        stop(server)


def test_the_page_in_english(browser, tmp_path):
    server, address = _serve(tmp_path, "asset_disposal", "--lang", "en")
    try:
        page, outside = _page(browser, address)
        page.goto(address, timeout=120_000)
        expect(page.locator(".xs-summary")).to_contain_text("Outcome", timeout=120_000)
        expect(page.locator(".xs-dashboard h2")).to_contain_text("xieshang")
        page.get_by_role("tab", name="Vote").click()  # the table recommends, the body the law names decides
        expect(page.locator(".xs-vote")).to_be_visible()
        expect(page.locator(".xs-vote")).to_contain_text("The table recommends; the body the law names decides")
        expect(page.locator(".xs-vote")).to_contain_text("collective members' meeting")
        assert not outside
    finally:
        stop(server)


def test_a_broken_scenario_is_refused_before_serving(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\npopulation: [1, 2\n", encoding="utf-8")
    out = cli("workshop", str(bad), "--stop-after", "1")
    assert out.returncode == 2
    assert "bad.yaml" in out.stderr and "Traceback" not in out.stderr


def test_a_port_in_use_is_a_clear_message(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = cli("workshop", "--port", str(port), "--stop-after", "1")
    assert out.returncode == 2
    assert f"端口 {port}" in out.stderr and "Traceback" not in out.stderr


def test_terminating_the_command_stops_the_page(tmp_path):
    """``kill`` or a closed terminal window must not leave Voilà serving on its own."""
    import socket

    server, address = _serve(tmp_path)
    port = urlparse(address).port
    os.kill(server.pid, signal.SIGTERM)  # the command only, not its process group
    server.wait(timeout=30)
    try:
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0, "Voilà still serves after the command stopped"
    finally:
        with contextlib.suppress(ProcessLookupError):  # never leave a server behind, even when the test fails
            os.killpg(server.pid, signal.SIGKILL)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("scenario", SHIPPED)
def test_the_handout_prints_on_one_a4_page(browser, tmp_path, scenario, lang):
    from simulator.workshop import Dashboard
    from simulator.workshop.text import TEXT

    board = Dashboard(scenario, lang=lang, seeds=3)
    board.keep()
    board.rounds.value, board.form.value = 1, "online"
    board.compare()
    board.run()
    board.export(tmp_path / "out")
    page = browser.new_page()
    page.goto((tmp_path / "out" / "handout.html").as_uri())
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    # the legal result is printed, not hidden: the verdict and the tally
    verdict = page.locator(".xs-verdict").inner_text()
    assert verdict.startswith(TEXT["lesson"](lang))
    vote = board.result.summary["vote"]
    if vote is not None:
        assert TEXT["passed" if vote["passed"] else "failed"](lang) in verdict
        for tally in [v["tally"] for v in vote["villages"]] or [vote["tally"]]:
            assert TEXT["tally"](lang, **tally) in verdict
    page.close()
