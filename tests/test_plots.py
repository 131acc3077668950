"""Charts render Chinese with the shipped font, in both languages, with no missing glyphs."""

from __future__ import annotations

import io
import logging
import re
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
from fontTools.ttLib import TTFont
from matplotlib.figure import Figure

import simulator
from simulator.workshop import plots

from .conftest import ROOT

CHARTS = [plots.stance_distribution, plots.groups, plots.trajectory, plots.vote]


def _render(figure: Figure) -> None:
    """Draw to PNG, turning any missing-glyph warning into an error."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing")
        warnings.filterwarnings("error", message=".*missing from font")
        figure.savefig(io.BytesIO(), format="png")


def test_chinese_renders_with_no_missing_glyph_in_a_fresh_process():
    """A fresh interpreter, as on a new machine: no font set up beforehand, warnings are errors."""
    code = """
import io, warnings
warnings.simplefilter("error")
from simulator.workshop import plots
plots.use_chinese_font()
from matplotlib.figure import Figure
from matplotlib import font_manager
fig = Figure()
ax = fig.subplots()
ax.set_title("协商沙盘：业主大会表决与法定门槛")
ax.set_xlabel("轮次（第一轮、第二轮）")
ax.legend(handles=ax.plot([0, 1], label="老年业主发言占比 ≥ 三分之二"))
fig.savefig(io.BytesIO(), format="png")
assert font_manager.findfont(font_manager.FontProperties(family=["sans-serif"])).endswith("XieshangSansSC-Regular.otf")
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok" and "missing" not in out.stderr


def test_a_missing_glyph_is_caught():
    """The check above can fail: a character outside the font raises."""
    plots.use_chinese_font()
    with plots.style("screen"):
        figure = Figure()
        figure.subplots().set_title("\U0001f600 \U00030000")  # an emoji and a CJK extension G character
    with pytest.raises(UserWarning):
        _render(figure)


def test_the_font_covers_every_character_the_kit_shows():
    cmap = TTFont(plots.FONT_FILE).getBestCmap()
    text = set()
    for pattern in ("scenarios/**/*.yaml", "simulator/**/*.py", "notebooks/*.ipynb"):  # the code is in subpackages
        paths = list(ROOT.glob(pattern))
        assert paths, pattern
        for path in paths:
            text |= {c for c in path.read_text(encoding="utf-8") if ord(c) > 0x2E7F}  # CJK and beyond
    assert "协" in text and "第" in text  # the scan found the kit's Chinese
    missing = sorted(c for c in text if ord(c) not in cmap and not 0x1F000 <= ord(c) <= 0x1FFFF)
    assert not missing, f"rebuild the font with simulator/fonts/make_subset.py; missing: {''.join(missing)}"


@pytest.mark.parametrize("scenario", ["parking", "asset_disposal", "elevator_retrofit", "cross_village_road"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_renders_in_both_languages(scenario, lang):
    result = simulator.run(scenario, seed=3, lang=lang)
    for chart in CHARTS:
        figure = chart(result, lang=lang, preset="screen")
        _render(figure)
        ax = figure.axes[0]
        texts = [ax.get_title(), ax.get_xlabel(), *(t.get_text() for t in ax.texts)]  # a chart without a vote says so in a text
        han = any("\u4e00" <= c <= "\u9fff" for t in texts for c in t)
        assert han == (lang == "zh"), (chart.__name__, texts)
        if lang == "en":  # the labels too: the vote chart names requirements, local rules and villages
            labels = [t.get_text() for t in (*ax.get_yticklabels(), *ax.get_xticklabels())]
            assert not any(_HAN.search(t) for t in labels), (chart.__name__, labels)


_HAN = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def _voted(scenario: str, lang: str = "zh", overrides=()):
    """The first run (seed 0, 1, ...) that went to a vote."""
    for seed in range(30):
        result = simulator.run(scenario, seed, overrides, lang=lang)
        if result.summary["vote"] is not None:
            return result
    raise AssertionError(f"{scenario}: no run in 30 seeds went to a vote")


def _labels(ax, lang: str = "zh") -> list[str]:
    """The bars' labels, unwrapped (Chinese wraps between characters, English between words)."""
    return [t.get_text().replace("\n", "" if lang == "zh" else " ") for t in ax.get_yticklabels()]


def test_the_vote_chart_shows_each_legal_requirement_against_its_threshold():
    result = simulator.run("asset_disposal", seed=1)
    ax = plots.vote(result).axes[0]
    assert _labels(ax) == ["到会成员人数占全体成员三分之二以上", "同意的成员人数占全体成员三分之二以上"]
    bars = [p.get_width() for p in ax.patches]
    tally = result.summary["vote"]["tally"]
    assert bars == pytest.approx([tally["present"] / tally["entitled"], tally["yes"] / tally["entitled"]])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_vote_chart_shows_the_local_rule_with_its_tally(lang):
    result = _voted("elevator_retrofit", lang)
    vote = result.summary["vote"]
    ax = plots.vote(result, lang=lang, preset="screen").axes[0]
    (rule,) = vote["local_rules"]  # the stairwell's unanimity
    households, consent = rule["tally"]["households"], rule["tally"]["consent"]
    statute = [c for c in result.model.vote.checks if c.share is not None]
    labels = _labels(ax, lang)
    assert len(labels) == len(statute) + 1
    assert labels[-1] == ("地方规则：全体住户一致同意" if lang == "zh" else "local rule: every household consents")
    assert [p.get_width() for p in ax.patches] == pytest.approx([c.share for c in statute] + [consent / households])
    note = next(t.get_text() for t in ax.texts if f"{consent}/{households}" in t.get_text())
    met = {"zh": ("达到", "未达到"), "en": ("met", "not met")}[lang]
    assert note.endswith(met[0] if rule["met"] else met[1])
    verdict = {"zh": ("通过", "未通过"), "en": ("passed", "not passed")}[lang]
    assert ax.get_xlabel().replace("\n", " ").endswith(verdict[0] if vote["passed"] else verdict[1])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_vote_chart_shows_each_village(lang):
    result = _voted("cross_village_road", lang)
    villages = result.summary["vote"]["villages"]
    names = [v.name(lang) for v in result.model.spec.population.villages]
    assert [v["village"] for v in villages] == names and len(names) == 2
    ax = plots.vote(result, lang=lang, preset="screen").axes[0]
    labels, widths = _labels(ax, lang), [p.get_width() for p in ax.patches]
    for name, (_, part) in zip(names, result.model.vote.parts):
        mine = [w for label, w in zip(labels, widths) if label.startswith(name)]
        assert mine == pytest.approx([c.share for c in part.checks if c.share is not None]), name
        assert mine[-1] == pytest.approx(part.tally["yes"] / part.tally["entitled"])  # two thirds of ALL representatives
    assert sum(label.startswith(tuple(names)) for label in labels) == len(labels)


def test_no_vote_says_so():
    result = simulator.run("parking", seed=1)
    assert result.summary["vote"] is None
    said = plots.vote(result).axes[0].texts[0].get_text()
    assert said.startswith("本次协商没有提交表决")
    # parking is a matter the table may settle: an agreement is the decision, with no vote
    expected = "可以议定，无需表决" if result.summary["decision"] else "没有作出决定"
    assert expected in said.replace("\n", "")


def test_projector_type_is_larger_than_screen_type():
    result = simulator.run("parking", seed=1)
    big, small = (plots.trajectory(result, preset=p).axes[0] for p in ("projector", "screen"))
    assert big.title.get_fontsize() > small.title.get_fontsize() >= 12


def test_compare_shows_means_with_intervals():
    table = pd.DataFrame({"design": ["甲"] * 4 + ["乙"] * 4,
                          "consensus": [1, 1, 0, 1, 0, 0, 0, 1], "hours": [10, 12, 11, 13, 30, 31, 29, 30]})
    figure = plots.compare(table, "design", {"consensus": "共识比例", "hours": "人时"}, title="对比")
    _render(figure)
    consensus, hours = figure.axes
    assert [p.get_width() for p in consensus.patches] == pytest.approx([0.75, 0.25])
    assert [p.get_width() for p in hours.patches] == pytest.approx([11.5, 30])
    assert [t.get_text() for t in consensus.get_yticklabels()] == ["甲", "乙"]
    assert consensus.get_xlim()[1] <= 1.05 and np.ptp(hours.get_xlim()) > 30
    whiskers = [seg for c in consensus.collections for seg in c.get_segments()]
    assert whiskers and max(x for seg in whiskers for x, _ in seg) <= 1.0, "a share's interval stays within 100%"


def test_matplotlib_logs_no_font_fallback(caplog):
    with caplog.at_level(logging.WARNING, logger="matplotlib.font_manager"):
        _render(plots.groups(simulator.run("dog_walking", seed=2)))
    assert not caplog.records


def test_labels_wrap_between_words_and_never_strand_punctuation():
    assert plots._wrap("Person-hours", 9) == "Person-hours"  # was "Person-ho\nurs" in the English comparison
    assert plots._wrap("老年人发言占比", 6) == "老年人发\n言占比"  # even lines, no lone character
    assert plots._wrap("按楼栋（小组）定额抽选", 6) == "按楼栋（小组）\n定额抽选"


def test_group_names_wrap_so_english_labels_do_not_overlap():
    ax = plots.groups(simulator.run("parking", seed=0, lang="en"), lang="en", preset="screen").axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert "owners with\nseveral cars" in labels
    assert all(len(line) <= 12 for label in labels for line in label.split("\n"))
