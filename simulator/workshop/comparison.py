"""Comparing designs on the same seeds: the measures of a run, the table of runs, its HTML and its chart.

A measure that cannot be computed in a run (no household took part, none spoke, nothing was
adopted) is None in :func:`measures` and NaN in the table; it is shown as "无法计算（原因）",
never as a number and never as an error.
"""

from __future__ import annotations

import html
import math

import pandas as pd
from matplotlib.figure import Figure

from ..consultation.runs import Run, run
from . import plots
from .legal import SEP, percent
from .text import MEASURES, TEXT, WHY


def measures(result: Run) -> dict:
    """One run's compared measures (None where one cannot be computed), and the option it adopted."""
    s, m = result.summary, result.model
    spoke = bool(m.turns[m.people.is_household].sum())
    return {
        "consensus": float(s["consensus"]),
        "representation_gap": s["representation_gap"],  # None when no household took part
        "elderly_voice_share": s["elderly_voice_share"] if spoke else None,
        "support": s["support_population"] if s["decision"] is not None else None,  # of the adopted option only
        "person_hours": s["person_hours"],
        "adopted": s["decision"],
    }


def compare(scenario, designs: dict, seeds: int | list[int] = 10, lang: str = "zh") -> pd.DataFrame:
    """Run each design (a :class:`~simulator.workshop.Design`) on the same seeds; one row per run with
    the compared measures (NaN where one cannot be computed) and the adopted option's id (None if none)."""
    seeds = list(range(seeds)) if isinstance(seeds, int) else list(seeds)
    rows = [{"design": name, "seed": seed, **measures(run(scenario, seed, design.overrides(), lang=lang))}
            for name, design in designs.items() for seed in seeds]
    table = pd.DataFrame(rows, columns=["design", "seed", *MEASURES, "adopted"])
    return table.astype({column: float for column in MEASURES})


def shown(value, column: str, lang: str) -> str:
    """One value as a trainer reads it: hours as a count, every share as a percentage; why, if there is none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return TEXT["not_computable"](lang, why=TEXT[WHY[column]](lang)) if column in WHY else "—"
    return f"{value:.0f}" if column == "person_hours" else percent(value)


def mean(values: pd.Series, column: str, lang: str) -> str:
    """The mean over the runs where the measure can be computed, saying how many runs it leaves out and why."""
    known = values.dropna()
    if known.empty:
        return shown(None, column, lang)
    value = shown(known.mean(), column, lang)
    missing = len(values) - len(known)
    return TEXT["partly"](lang, value=value, n=missing, why=TEXT[WHY[column]](lang)) if missing else value


def adopted(values: pd.Series, options: dict, lang: str) -> str:
    """How often each option was adopted, the most frequent first; runs that adopted none as "没有决定"."""
    counts = values.fillna("").value_counts(sort=True)
    return SEP(lang).join(TEXT["adopted_n"](lang, option=options.get(k, k) if k else TEXT["nothing"](lang), n=n)
                          for k, n in counts.items())  # option names may hold commas


def comparison_html(table: pd.DataFrame, designs: dict, lang: str, options: dict | None = None) -> str:
    """Per design: what it is, the mean of each measure, and how often each option was adopted
    (``options`` names the options by id)."""
    runs = table.groupby("design", sort=False)
    head = "".join(f"<th>{html.escape(name)}</th>" for name in designs)
    rows = [(TEXT["design_row"](lang), [d.describe(lang) for d in designs.values()])]
    rows += [(TEXT[key](lang), [mean(runs.get_group(name)[column], column, lang) for name in designs])
             for column, key in MEASURES.items()]
    n = int(runs.size().max())
    rows.append((TEXT["adopted"](lang, n=n), [adopted(runs.get_group(name)["adopted"], options or {}, lang) for name in designs]))
    body = "".join(f"<tr><td>{html.escape(label)}</td>{''.join(f'<td>{html.escape(c)}</td>' for c in cells)}</tr>"
                   for label, cells in rows)
    return f"<table class='xs-table'><tr><th></th>{head}</tr>{body}</table>"


def chart(table: pd.DataFrame, lang: str, preset: str) -> Figure:
    """The comparison chart: every share on a percentage axis, hours as a count."""
    seeds = table["seed"]
    return plots.compare(table, "design", {k: TEXT[v](lang) for k, v in MEASURES.items()},
                         shares=tuple(k for k in MEASURES if k != "person_hours"),
                         title=TEXT["compare_title"](lang, seeds=f"{seeds.min()}–{seeds.max()}"), lang=lang, preset=preset)
