"""Charts for workshops: Chinese labels, a shipped CJK font, readable on a projector.

Every chart takes a finished :class:`~simulator.runs.Run` (or a table of runs)
and returns a :class:`matplotlib.figure.Figure`; ``lang="en"`` gives English.
"""

from __future__ import annotations

import io
import re
import textwrap
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib import pyplot as plt
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter

from ..i18n import texts
from ..law import BODIES
from . import legal

FONT_FILE = Path(__file__).parents[1] / "fonts" / "XieshangSansSC-Regular.otf"
FONT = "Xieshang Sans SC"

#: Font sizes (points) for a projector at the back of a meeting room, and for a screen.
PRESETS = {
    "projector": {"font.size": 18, "axes.titlesize": 22, "axes.labelsize": 18, "xtick.labelsize": 16,
                  "ytick.labelsize": 16, "legend.fontsize": 15, "lines.linewidth": 3.5,
                  "lines.markersize": 10, "figure.figsize": (12, 6.75), "figure.dpi": 80},
    "screen": {"font.size": 11, "axes.titlesize": 13, "axes.labelsize": 11, "xtick.labelsize": 10,
               "ytick.labelsize": 10, "legend.fontsize": 10, "lines.linewidth": 2,
               "lines.markersize": 6, "figure.figsize": (8, 4.5), "figure.dpi": 100},
}
COLOURS = ["#1f5fa8", "#d9622b", "#2e8b57", "#8c4fb3", "#b8860b", "#c0392b", "#4a4a4a"]
PASS, FAIL = "#2e8b57", "#c0392b"

WORDS = texts({
    "round": ("轮次", "round"),
    "before": ("协商前", "before"),
    "share": ("比例", "share"),
    "households": ("人数（住户和组织代表）", "participants (households and organisations)"),
    "elderly": ("有60岁以上\n成员的住户\n（各群体合计）", "households\nwith someone\naged 60+\n(all groups)"),
    "stance": ("对方案“{option}”的接受度", "acceptance of “{option}”"),
    "stance_title": ("各轮参与者的态度分布", "Participants' stances, round by round"),
    "accept_line": ("接受线", "acceptance line"),
    "population": ("占全体住户", "share of all households"),
    "presence": ("占到场住户", "share of households present"),
    "voice": ("占住户发言", "share of households' speaking turns"),
    "household_share": ("比例（以住户计）", "share (of households)"),
    "groups_title": ("各群体的到场与发言", "Attendance and voice by group"),
    "acceptance": ("接受当前方案的比例", "accepting the proposal"),
    "objection": ("强烈反对的比例", "strongly objecting"),
    "needed": ("共识规则要求的接受比例", "acceptance the rule needs"),
    "objection_zero": ("强烈反对的比例（须为零）", "strongly objecting (must be none)"),
    "trajectory_title": ("共识是怎样形成的", "How consensus formed"),
    "vote_title": ("{body}表决与法定门槛", "{body}: the vote against its legal threshold"),
    "vote_title_local": ("{body}表决：法定门槛与地方规则", "{body}: legal threshold and local rules"),
    "village": ("{village}：", "{village}: "),
    "local": ("地方规则：{rule}", "local rule: {rule}"),
    "local_rule": ("地方规则", "local rule"),
    "rule_note": ("{brief}：{met}", "{brief}: {met}"),
    "agreed": ("协商会议达成共识，提出建议 → {body}表决决定：{verdict}", "The table agreed and recommends → the {body} decides: {verdict}"),
    "split": ("协商会议未达成共识，最后的方案提交表决 → {body}表决决定：{verdict}",
              "The table did not agree; its last proposal goes to the vote → the {body} decides: {verdict}"),
    "no_vote": ("本次协商没有提交表决", "No vote was needed in this consultation"),
    "threshold": ("法定门槛", "legal threshold"),
    "met": ("达到", "met"),
    "unmet": ("未达到", "not met"),
    "mean_ci": ("平均值（误差线：95% 置信区间；每组 {n} 次运行）", "mean (error bars: 95% interval; {n} runs each)"),
})


@cache
def use_chinese_font() -> str:
    """Register the shipped CJK font and make it matplotlib's default; returns its name."""
    font_manager.fontManager.addfont(str(FONT_FILE))
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["font.sans-serif"] = [FONT, "DejaVu Sans"]
    _show_in_jupyter()
    return FONT


def _show_in_jupyter() -> None:
    """Let Jupyter show a chart as a picture, with or without ``%matplotlib inline``."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["image/png"].for_type(Figure, png)


def png(figure: Figure, dpi: int = 100) -> bytes:
    """A figure as PNG bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


@contextmanager
def style(preset: str = "projector"):
    """Chart settings for ``projector`` (large type) or ``screen``."""
    use_chinese_font()
    rc = {**PRESETS[preset], "axes.spines.top": False, "axes.spines.right": False,
          "axes.grid": True, "grid.alpha": 0.3, "axes.prop_cycle": plt.cycler(color=COLOURS),
          "font.sans-serif": [FONT, "DejaVu Sans"], "font.family": "sans-serif"}
    with plt.rc_context(rc):
        yield


@contextmanager
def _chart(preset: str, *grid, **options):
    """A new figure and its axes (``Figure.subplots`` arguments), drawn in the preset's style."""
    with style(preset):
        fig = Figure(layout="constrained")
        yield fig, fig.subplots(*grid, **options)


def stance_distribution(run, lang: str = "zh", preset: str = "projector") -> Figure:
    """How participants' acceptance of the final proposal spreads out, before and after each round."""
    model = run.model
    option = run.summary["proposal"] or model.spec.option_ids()[0]
    history = np.stack(model.stance_history)[:, model.participants, model.spec.option_ids().index(option)]
    accept = run.model.spec.procedure.consensus.accept
    with _chart(preset) as (fig, ax):
        bins = np.linspace(0, 1, 21)
        for r, stances in enumerate(history):
            label = WORDS["before"](lang) if r == 0 else f"{WORDS['round'](lang)} {r}"
            ax.hist(stances, bins=bins, histtype="step",
                    linewidth=plt.rcParams["lines.linewidth"], label=label, color=COLOURS[r % len(COLOURS)])
        ax.axvline(accept, color="#4a4a4a", linestyle="--", label=WORDS["accept_line"](lang))
        ax.set_xlabel(WORDS["stance"](lang, option=model.spec.option_names(lang)[option]))
        ax.set_ylabel(WORDS["households"](lang))
        ax.set_title(WORDS["stance_title"](lang))
        ax.legend(loc="upper left")
    return fig


def elderly_shares(run) -> dict[str, float]:
    """Households with someone aged 60+, in every group: their share of all households, of the households
    present and of households' speaking turns (the bases of :func:`groups`)."""
    s, people = run.summary, run.model.people
    present = run.model.participants & people.is_household
    return {"population_share": s["elderly_population_share"],
            "presence_share": float(people.elderly[present].mean()) if present.any() else 0.0,
            "voice_share": s["elderly_voice_share"]}


def groups(run, lang: str = "zh", preset: str = "projector") -> Figure:
    """Each group's share of all households, of the households present, and of speaking turns; then
    the households with someone aged 60+ across the groups, on the same bases (set apart, hatched)."""
    table = pd.DataFrame(run.summary["groups"]).T
    table.loc["elderly"] = {"name": WORDS["elderly"](lang), **elderly_shares(run)}
    measures = [("population_share", "population"), ("presence_share", "presence"), ("voice_share", "voice")]
    with _chart(preset) as (fig, ax):
        x = np.arange(len(table)) + np.r_[np.zeros(len(table) - 1), 0.4]  # a gap before the 60+ households
        width = 0.8 / len(measures)
        for i, (column, key) in enumerate(measures):
            bars = ax.bar(x + (i - 1) * width, table[column].astype(float), width, label=WORDS[key](lang))
            bars[-1].set_hatch("//")
            bars[-1].set_edgecolor("white")
        ax.axvline(x[-1] - 0.7, color="#4a4a4a", linewidth=1)
        ax.set_xticks(x, [_wrap(name, max(5, 30 // len(table))) for name in table["name"][:-1]] + [WORDS["elderly"](lang)])
        ax.set_ylabel(WORDS["household_share"](lang))
        ax.yaxis.set_major_formatter(percent())
        ax.set_title(WORDS["groups_title"](lang))
        ax.legend()
    return fig


def trajectory(run, lang: str = "zh", preset: str = "projector") -> Figure:
    """Acceptance and strong objection round by round, against what the consensus rule needs."""
    rounds = run.rounds
    rule = run.model.spec.procedure.consensus
    with _chart(preset) as (fig, ax):
        ax.plot(rounds["round"], rounds["acceptance"], marker="o", label=WORDS["acceptance"](lang))
        objection = WORDS["objection_zero" if rule.rule == "no_strong_objection" else "objection"](lang)
        ax.plot(rounds["round"], rounds["strong_objection"], marker="s", label=objection)
        if rule.rule != "no_strong_objection":  # a share of acceptance to reach
            need = 1.0 if rule.rule == "unanimity" else rule.q
            ax.axhline(need, color="#4a4a4a", linestyle="--", linewidth=2, label=WORDS["needed"](lang))
        ax.set_ylim(0, 1.02)
        ax.set_xticks(rounds["round"])
        ax.set_xlabel(WORDS["round"](lang))
        ax.set_ylabel(WORDS["share"](lang))
        ax.yaxis.set_major_formatter(percent())
        ax.set_title(WORDS["trajectory_title"](lang))
        ax.legend(loc="best")
    return fig


class _Bar(NamedTuple):
    label: str
    share: float
    need: float
    met: bool
    note: str
    local: bool  # a local rule, not the statute


def _bars(run, lang: str) -> list[_Bar]:
    """The vote's requirements, body by body (each village's, where several vote): the statute's, then local rules."""
    body, met = BODIES[run.model.vote.body], lambda ok: WORDS["met" if ok else "unmet"](lang)  # noqa: E731
    bars = []
    for part in legal.parts(run, lang):
        prefix = "" if part.village is None else WORDS["village"](lang, village=part.village)
        bars += [_Bar(prefix + c.requirement.text(body, lang), c.share, float(c.requirement.fraction), c.met,
                      f"{c.share:.0%} {met(c.met)}", False) for c in part.decision.checks if c.share is not None]
        bars += [_Bar(prefix + WORDS["local"](lang, rule=r.label), r.share, r.need, r.met,
                      WORDS["rule_note"](lang, brief=r.brief, met=met(r.met)), True) for r in part.rules]
    return bars


def vote(run, lang: str = "zh", preset: str = "projector") -> Figure:
    """The table recommends, the body the law names decides: each statutory requirement's actual share
    against its threshold (each village's, where several vote), then each local rule; the verdict below."""
    decision = run.model.vote
    with _chart(preset) as (fig, ax):
        if decision is None:
            ax.axis("off")
            said = f"{WORDS['no_vote'](lang)}\n{_wrap(legal.no_vote(run, lang), 24)}"
            ax.text(0.5, 0.5, said, ha="center", va="center", fontsize=plt.rcParams["axes.titlesize"])
            return fig
        body = BODIES[decision.body].name(lang)
        bars = _bars(run, lang)
        local = any(b.local for b in bars)
        y = np.arange(len(bars))[::-1]
        ax.barh(y, [b.share for b in bars], color=[PASS if b.met else FAIL for b in bars], height=0.6,
                hatch=["//" if b.local else "" for b in bars], edgecolor="white")
        for yi, b in zip(y, bars):
            ax.plot([b.need, b.need], [yi - 0.4, yi + 0.4], color="black", linewidth=3)
            ax.text(max(min(b.share, 1.0), b.need) + 0.02, yi, b.note, va="center")  # clear of the bar and its threshold
        handles = ax.plot([], [], color="black", linewidth=3, label=WORDS["threshold"](lang))
        if local:
            handles.append(Patch(facecolor="white", edgecolor="#4a4a4a", hatch="//", label=WORDS["local_rule"](lang)))
        ax.set_yticks(y, [_wrap(b.label, 16) for b in bars])
        ax.set_xlim(0, 1.6 if local else 1.25)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
        ax.xaxis.set_major_formatter(percent())
        ax.set_title(_wrap(WORDS["vote_title_local" if local else "vote_title"](lang, body=body), 30))
        said = WORDS["agreed" if run.summary["consensus"] else "split"](lang, body=body, verdict=legal.passed(decision.passed, lang))
        ax.set_xlabel(_wrap(said, 40))
        ax.legend(handles=handles, loc="upper right")
    return fig


def compare(table: pd.DataFrame, by: str, values: dict[str, str], *, order: list | None = None,
            names: dict | None = None, title: str = "", shares: tuple[str, ...] | None = None,
            lang: str = "zh", preset: str = "projector") -> Figure:
    """Compare designs over seeds: one panel per measure, the mean with a 95% interval.

    ``table`` has one row per run; ``by`` names the design column; ``values`` maps
    measure columns to their titles. ``shares`` (by default every column within 0–1
    whose name is not a gap or distance) are drawn as percentages.
    """
    if shares is None:
        shares = tuple(c for c in values if table[c].dropna().between(0, 1).all() and "gap" not in c)
    order = order or list(dict.fromkeys(table[by]))
    labels = [(names or {}).get(k, str(k)) for k in order]
    with _chart(preset, 1, len(values), sharey=True) as (fig, axes):
        axes = np.atleast_1d(axes)
        for ax, (column, heading) in zip(axes, values.items()):
            stats = table.groupby(by)[column].agg(["mean", "std", "count"]).reindex(order)
            half = 1.96 * stats["std"].fillna(0) / np.sqrt(stats["count"])
            low, high = stats["mean"] - half, stats["mean"] + half
            share = column in shares
            if share:  # a share's interval stays within 0–100%
                low, high = low.clip(0, 1), high.clip(0, 1)
            ax.barh(range(len(order)), stats["mean"], xerr=[stats["mean"] - low, high - stats["mean"]], capsize=6,
                    color=COLOURS[: len(order)], height=0.6)
            ax.set_title(_wrap(heading, max(6, 36 // len(values))))
            ax.grid(axis="y", visible=False)
            if share:
                ax.set_xlim(0, 1.05)
                ax.set_xticks([0, 0.5, 1])
                ax.xaxis.set_major_formatter(percent())
            else:
                ax.xaxis.set_major_locator(plt.MaxNLocator(3))
        axes[0].set_yticks(range(len(order)), [_wrap(label, 10) for label in labels])
        axes[0].invert_yaxis()  # the first design on top
        n = int(table.groupby(by).size().max())
        fig.suptitle(title, fontsize=plt.rcParams["axes.titlesize"])
        fig.supxlabel(WORDS["mean_ci"](lang, n=n), fontsize=plt.rcParams["legend.fontsize"])
    return fig


def _wrap(text: str, width: int) -> str:
    """Break a label about every ``width`` Chinese characters; other text only between words."""
    if not re.search(r"[\u3000-\u9fff\uff00-\uffef]", text):  # no Chinese: never split a word
        return "\n".join(textwrap.wrap(text, max(width * 2, 12), break_long_words=False, break_on_hyphens=False))
    lines = -(-len(text) // width)
    width = -(-len(text) // lines)  # lines of even length: no single character left on a line of its own
    lines = [text[i:i + width] for i in range(0, len(text), width)]
    for i in range(len(lines) - 1, 0, -1):  # closing punctuation stays with what it closes
        while lines[i] and lines[i][0] in "）)】」』，。、：；！？":
            lines[i - 1], lines[i] = lines[i - 1] + lines[i][0], lines[i][1:]
    for i in range(len(lines) - 1):  # and opening punctuation with what it opens
        while lines[i] and lines[i][-1] in "（(【「『":
            lines[i], lines[i + 1] = lines[i][:-1], lines[i][-1] + lines[i + 1]
    return "\n".join(line for line in lines if line)


def percent() -> PercentFormatter:
    """Axis labels as whole percentages of 1 (0.25 → 25%); one per axis, as matplotlib expects."""
    return PercentFormatter(xmax=1, decimals=0)
