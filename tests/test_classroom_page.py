"""``xieshang class SCENARIO`` serves the class-result form as a page with no code (real Voilà, real
Chromium): the trainer enters what the class decided by clicks and sees where it stood among the
model's runs, in the shipped font, on a 1024×768 projector; the page keeps the served pages' guards."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlparse
from urllib.request import Request, urlopen

import pytest
from fontTools.ttLib import TTFont
from playwright.sync_api import expect

from simulator.roleplay.classroom import ClassResult, place
from simulator.workshop import plots

from .conftest import ROOT, cli, local_page, serve, stop

SHOTS = Path(os.environ.get("XIESHANG_SCREENSHOTS") or ROOT / "test-output" / "classroom")
WAIT = 180_000
SEEDS = 40
PAGE = """async () => {
    await document.fonts.ready;
    const ours = [...document.fonts].filter(f => f.family.replace(/["']/g, '') === 'Xieshang Sans SC');
    const root = document.documentElement;
    return {status: ours.map(f => f.status), text: document.querySelector('.xs-classroom').innerText,
            family: getComputedStyle(document.querySelector('.xs-class-said li')).fontFamily,
            smallest: Math.min(...[...document.querySelectorAll('.xs-class-said li, .xs-class-table td')].map(
                e => parseFloat(getComputedStyle(e).fontSize))),
            overflow: root.scrollWidth - root.clientWidth};
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process, first, address = serve("class", tmp_path_factory.mktemp("classroom"), "parking",
                                    "--set", "procedure.selection.rule=open_call")
    assert first.startswith("课堂结果页面已启动："), first
    yield address
    stop(process)


@pytest.mark.slow
def test_the_trainer_enters_the_class_result_by_clicks_and_sees_where_it_stood(browser, server):
    page, outside = local_page(browser, 1024, 768)
    page.goto(server, timeout=WAIT)
    expect(page.locator(".xs-class-compare")).to_be_visible(timeout=WAIT)
    assert page.locator(".jp-InputArea, .jp-CodeMirrorEditor, .cm-editor").count() == 0
    page.locator(".xs-class-option select").select_option(label="固定车位、一户一位、按月收费")
    page.locator(".xs-class-rounds input").fill("2")
    page.locator(".xs-class-vote").get_by_role("button", name="通过", exact=True).click()
    page.locator(".xs-classroom label", has_text="租户").locator("input").check()
    page.locator(".xs-class-seeds input").fill(str(SEEDS))
    page.locator(".xs-class-compare").click()
    expect(page.locator(".xs-class-said li").first).to_be_visible(timeout=WAIT)
    expect(page.locator("img.xs-class-chart")).to_be_visible()

    # what the page says is what the kit computes for the same design, entry and seeds
    said = page.locator(".xs-class-said li").all_inner_texts()
    expected = place("parking", ClassResult("fixed_spaces", 2, "passed", None, ("tenant",)), seeds=SEEDS,
                     overrides=["procedure.selection.rule=open_call"])
    assert said == [s("zh") for s in expected.sentences]
    report = page.evaluate(PAGE)
    assert report["status"] == ["loaded"] and report["family"].startswith('"Xieshang Sans SC"')
    cmap = TTFont(plots.FONT_FILE).getBestCmap()
    glyphs = {c for c in report["text"] if not c.isspace() and unicodedata.category(c) != "Cf"}
    assert "班" in glyphs and not sorted(c for c in glyphs if ord(c) not in cmap)
    assert report["overflow"] <= 0 and "Traceback" not in report["text"]
    assert report["smallest"] >= 14  # read from the back of a room
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".xs-class-said").evaluate("e => e.scrollIntoView({block: 'start'})")
    page.screenshot(path=SHOTS / "classroom-result.png")

    # a wrong entry is a sentence on the page, not a traceback, and the page goes on
    page.locator(".xs-class-rounds input").fill("0")
    page.locator(".xs-class-compare").click()
    expect(page.locator(".xs-message .xs-error")).to_contain_text("轮", timeout=WAIT)
    assert not outside, f"the page asked for outside addresses: {outside}"


def test_the_class_page_keeps_the_served_pages_guards(server):
    port = urlparse(server).port
    for headers in ({"Host": f"evil.example:{port}"}, {}):
        with pytest.raises(HTTPError) as refused:
            urlopen(Request(f"http://127.0.0.1:{port}/", headers=headers), timeout=60)
        body = refused.value.read().decode("utf-8")
        assert refused.value.code == 403 and "拒绝访问" in body and "xieshang class" in body, body


def test_entry_flags_without_an_option_are_a_clear_message(tmp_path):
    out = cli("class", "parking", "--rounds", "2", "--objected", "tenant")
    assert out.returncode == 2 and "--rounds --objected" in out.stderr and "--option" in out.stderr
    assert "Traceback" not in out.stderr
    out = cli("class", "parking", "--option", "fixed_spaces")
    assert out.returncode == 2 and "--rounds" in out.stderr
