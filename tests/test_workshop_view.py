"""What a trainer sees on the served workshop page, in Debian's headless Chromium at 1024×768."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

import simulator
from simulator.workshop import Design
from simulator.workshop.text import TEXT

from .conftest import stop
from .test_workshop_page import _page, _serve

SMALL_SCREEN = {"width": 1024, "height": 768}


@pytest.fixture(scope="module")
def address(tmp_path_factory):
    """One served page for the module; each test opens it afresh (a new kernel)."""
    server, address = _serve(tmp_path_factory.mktemp("view"))
    yield address
    stop(server)


@pytest.fixture
def page(browser, address):  # noqa: F811
    page, outside = _page(browser, address)
    page.set_viewport_size(SMALL_SCREEN)
    page.goto(address, timeout=120_000)
    expect(page.locator(".xs-summary")).to_contain_text("达成共识", timeout=120_000)
    yield page
    assert not outside, f"the page asked for outside addresses: {outside}"
    page.close()


def _compare_with_open_call(page) -> None:
    """Keep the scenario's design as A, switch to an open call, compare."""
    page.locator("button.xs-keep-button").click()
    expect(page.locator(".xs-message")).to_contain_text("已记下方案甲", timeout=60_000)
    page.locator(".xs-selection select").select_option(label="公开报名（自愿参加）")
    page.locator("button.xs-compare-button").click()
    expect(page.locator(".xs-compare")).to_contain_text("公开报名", timeout=120_000)


def _card(page, label: str):
    return page.locator(".xs-summary .xs-card", has=page.locator(".xs-label", has_text=label)).locator(".xs-value")


def test_run_compare_and_export_are_visible_at_1024_by_768(page):
    for name in ("run", "keep", "compare", "export"):
        expect(page.locator(f"button.xs-{name}-button")).to_be_in_viewport(ratio=1)
    assert page.evaluate("[window.scrollX, window.scrollY]") == [0, 0]


def test_no_broken_image_before_or_after_a_comparison(page):
    broken = """() => [...document.querySelectorAll('.xs-dashboard img')]
                     .filter(i => i.getClientRects().length && !(i.complete && i.naturalWidth > 0)).length"""
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    assert page.evaluate(broken) == 0
    _compare_with_open_call(page)
    chart = page.locator("img.xs-chart-compare")
    expect(chart).to_be_visible()
    page.wait_for_function("() => document.querySelector('img.xs-chart-compare').naturalWidth > 0")
    assert page.evaluate(broken) == 0


def test_cards_and_comparison_describe_the_same_design(page):
    p = simulator.load(simulator.shipped()["parking"]).procedure
    shipped = Design(p.selection.rule, p.form.mode, p.form.notice_days, p.rounds.max, p.consensus.rule, tuple(p.rounds.between))
    now = Design(**{**shipped.__dict__, "selection": "open_call"})
    before, after = (simulator.run("parking", 0, d.overrides()).summary for d in (shipped, now))
    assert before["participants"] != after["participants"]  # the cards can tell the two designs apart
    participants = _card(page, TEXT["participants"]("zh"))
    expect(participants).to_have_text(str(before["participants"]))

    page.locator("button.xs-keep-button").click()
    page.locator(".xs-selection select").select_option(label="公开报名（自愿参加）")
    page.locator("button.xs-compare-button").click()
    table = page.locator(".xs-compare")
    expect(table).to_contain_text("公开报名", timeout=120_000)
    expect(participants).to_have_text(str(after["participants"]), timeout=30_000)
    current = table.locator("tr", has_text=TEXT["design_row"]("zh")).locator("td").nth(2)
    expect(current).to_have_text(now.describe("zh"))
    expect(page.locator(".xs-run-label")).to_contain_text(now.describe("zh"))

    # a control changed since: the cards say they are out of date, until the next run
    page.locator(".xs-form select").select_option(label="线上")
    expect(page.locator(".xs-stale")).to_be_visible(timeout=30_000)
    page.locator("button.xs-run-button").click()
    expect(page.locator(".xs-stale")).to_be_hidden(timeout=60_000)


def test_shares_are_percentages_on_the_cards_and_in_the_comparison(page):
    _compare_with_open_call(page)
    share = re.compile(r"^\d+%|^无法计算")
    for key in ("gap", "support", "elderly"):
        expect(_card(page, TEXT[key]("zh"))).to_have_text(share)
    table = page.locator(".xs-compare")
    for key in ("consensus_rate", "gap", "elderly_voice", "support"):
        row = table.locator("tr", has=page.locator("td", has_text=re.compile(f"^{re.escape(TEXT[key]('zh'))}$")))
        expect(row).to_have_count(1)
        for cell in row.locator("td").all()[1:]:
            assert share.search(cell.inner_text()), (key, cell.inner_text())
    shown = page.locator(".xs-dashboard").inner_text()
    assert not re.search(r"\d\.\d", shown), re.findall(r".{0,20}\d\.\d.{0,5}", shown)
