"""A sweep's results for someone without Python: one row per parameter point with the mean
and a 95% interval of each outcome, as a CSV that Excel opens (UTF-8 with a BOM) and a chart.

Shares of runs (consensus, escalated, implemented) get a Wilson interval; other outcomes the
mean with a Student-t interval. Failed runs are counted, never averaged.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .. import files
from ..i18n import BilingualError, check_lang, listing, term, texts
from .store import Store

#: The outcomes summarised: summary field -> (Chinese, English) name. The first three are shares of runs.
OUTCOMES = texts({
    "consensus": ("达成共识的比例", "consensus rate"),
    "escalated": ("提交表决的比例", "escalation rate"),
    "implemented": ("得到实施的比例", "implementation rate"),
    "representation_gap": ("代表性差距", "representation gap"),
    "support_population": ("全体住户接受率", "support, all households"),
    "rounds": ("轮次", "rounds"),
    "days": ("天数", "days"),
    "person_hours": ("人·小时", "person-hours"),
    "cost_yuan": ("费用（元）", "cost (yuan)"),
    "participants": ("参与人数", "participants"),
    "expected_compliance": ("预计遵守率", "expected compliance"),
    "perceived_fairness": ("公平感", "perceived fairness"),
})
SHARES = ("consensus", "escalated", "implemented")
CHARTED = ("consensus", "implemented", "representation_gap", "person_hours")
MAX_CHARTED = 60  # points drawn in the chart; the CSV has them all

WORDS = texts({
    "point": ("参数点", "point"),
    "runs": ("运行次数", "runs"),
    "failed": ("出错次数", "failed runs"),
    "low": ("{name} 95%下限", "{name} 95% low"),
    "high": ("{name} 95%上限", "{name} 95% high"),
    "all": ("全部运行", "all runs"),
    "title": ("{scenario}：各参数点的结果", "{scenario}: results by parameter point"),
    "first": ("（前 {n} 个参数点，共 {total} 个；全部见 CSV）", " (first {n} of {total} points; the CSV has all)"),
    "note": ("均值；误差线为 95% 区间（比例用 Wilson 区间），每点 {n} 次运行",
             "mean; bars: 95% interval (Wilson for rates), {n} runs a point"),
    "empty": ("{folder}：还没有完成的运行，无法汇总", "{folder}: no finished runs to summarise yet"),
    "all_failed": ("{folder}：全部 {runs} 次运行都出错，没有结果可汇总；原因见结果中的 error 列",
                   "{folder}: all {runs} runs failed, so there is nothing to summarise; the error column says why"),
    "not_sweep": ("{folder}：不是扫描结果文件夹（没有 design.json）", "{folder}: not a sweep's folder (no design.json)"),
})


def _wilson(successes: int, n: int) -> tuple[float, float]:
    from scipy import stats

    if n == 0:
        return np.nan, np.nan
    ci = stats.binomtest(int(successes), int(n)).proportion_ci(0.95, method="wilson")
    return ci.low, ci.high


def _t_interval(values: pd.Series) -> tuple[float, float]:
    from scipy import stats

    values = values.dropna().astype(float)
    n, mean = len(values), values.mean()
    if n < 2:
        return np.nan, np.nan
    half = stats.t.ppf(0.975, n - 1) * values.std(ddof=1) / np.sqrt(n)
    return max(mean - half, 0.0), mean + half  # every outcome here is zero or more


def read(folder: str | Path) -> tuple[pd.DataFrame, dict]:
    """A sweep folder's runs (finished or not) and its manifest."""
    store = Store(Path(folder))
    if not store.manifest.is_file():
        raise BilingualError(*WORDS["not_sweep"].format(folder=folder))
    return store.read(), json.loads(store.manifest.read_text(encoding="utf-8"))


def table(runs: pd.DataFrame, parameters: list[str], lang: str = "zh") -> pd.DataFrame:
    """One row per parameter point: its values, runs, failed runs, then each outcome's mean and interval."""
    check_lang(lang)
    ok = runs[runs["error"].isna()] if "error" in runs else runs
    rows = []
    for point, group in runs.groupby("point", sort=True):
        good = ok[ok["point"] == point]
        row = {WORDS["point"](lang): int(point), **{p: group[p].iloc[0] for p in parameters},
               WORDS["runs"](lang): len(group), WORDS["failed"](lang): len(group) - len(good)}
        for column, name in OUTCOMES.items():
            if column not in good:
                continue
            values = good[column].dropna()
            if column in SHARES:
                values = values.astype(bool)
                low, high = _wilson(values.sum(), len(values))
            else:
                low, high = _t_interval(values)
            row[name(lang)] = values.astype(float).mean() if len(values) else np.nan
            row[WORDS["low"](lang, name=name(lang))] = low
            row[WORDS["high"](lang, name=name(lang))] = high
        rows.append(row)
    return pd.DataFrame(rows)


def csv(summary: pd.DataFrame) -> bytes:
    """The table as CSV in UTF-8 with a byte-order mark, so that Excel shows Chinese correctly."""
    return summary.to_csv(index=False, float_format="%.4g").encode("utf-8-sig")


def _label(values: list, lang: str) -> str:
    """A point's parameter values as a trainer reads them: named choices in words, lists joined."""
    def word(value):
        try:
            parsed = yaml.safe_load(value) if isinstance(value, str) else value
        except yaml.YAMLError:
            parsed = value
        if isinstance(parsed, list):
            return listing((term(str(v), lang) for v in parsed), lang) or term("none", lang)
        return term(str(value), lang)
    return " · ".join(word(v) for v in values) or WORDS["all"](lang)


def chart(summary: pd.DataFrame, parameters: list[str], scenario: str, lang: str = "zh",
          style: Callable[[], AbstractContextManager] = nullcontext):
    """One panel per key outcome, a row per point: the mean and its 95% interval.

    ``style`` sets the fonts (the command line passes :func:`simulator.workshop.plots.style`,
    which registers the shipped Chinese font)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    shown = summary.head(MAX_CHARTED)
    labels = [_label([row[p] for p in parameters], lang) for _, row in shown.iterrows()]
    panels = [c for c in CHARTED if OUTCOMES[c](lang) in shown]
    title = WORDS["title"](lang, scenario=scenario)
    if len(summary) > len(shown):
        title += WORDS["first"](lang, n=len(shown), total=len(summary))
    with style():
        fig = Figure(figsize=(4 + 3 * len(panels), 1.5 + 0.4 * len(shown)), layout="constrained")
        axes = np.atleast_1d(fig.subplots(1, len(panels), sharey=True))
        y = np.arange(len(shown))
        for ax, column in zip(axes, panels):
            name = OUTCOMES[column](lang)
            mean = shown[name].to_numpy(float)
            low = shown[WORDS["low"](lang, name=name)].to_numpy(float)
            high = shown[WORDS["high"](lang, name=name)].to_numpy(float)
            error = np.nan_to_num(np.vstack([mean - low, high - mean]))
            ax.errorbar(mean, y, xerr=error, fmt="o", capsize=4)
            ax.set_title(name)
            if column in SHARES:
                ax.set_xlim(-0.05, 1.05)
                ax.xaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
        axes[0].set_yticks(y, labels)
        axes[0].invert_yaxis()
        fig.suptitle(title)
        fig.supxlabel(WORDS["note"](lang, n=int(summary[WORDS["runs"](lang)].max())))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def summarise(folder: str | Path, out: str | Path | None = None, lang: str = "zh",
              style: Callable[[], AbstractContextManager] = nullcontext) -> list[Path]:
    """Write ``summary.csv`` and ``summary.png`` for the sweep in ``folder`` (into ``out``, by
    default the folder itself); both are made first, then written whole. Returns their paths."""
    check_lang(lang)
    runs, manifest = read(folder)
    if "point" not in runs or runs.empty:
        raise BilingualError(*WORDS["empty"].format(folder=folder))
    if not any(column in runs and runs[column].notna().any() for column in OUTCOMES):
        raise BilingualError(*WORDS["all_failed"].format(folder=folder, runs=len(runs)))
    parameters = [p for p in manifest.get("parameters", []) if p in runs]
    result = table(runs, parameters, lang)
    title = manifest.get("design", {}).get("scenario", {}).get("title", {}).get(lang) or manifest.get("scenario", "")
    made = {"summary.csv": csv(result), "summary.png": chart(result, parameters, str(title), lang, style)}
    out = Path(folder if out is None else out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BilingualError(f"{out}：无法创建文件夹（{exc.strerror}）", f"{out}: cannot create the folder ({exc.strerror})") from None
    paths = []
    for name, data in made.items():
        try:
            files.atomic(out / name, lambda tmp, data=data: Path(tmp).write_bytes(data))
        except OSError as exc:
            raise BilingualError(f"{out / name}：无法写入（{exc.strerror}）", f"{out / name}: cannot write ({exc.strerror})") from None
        paths.append(out / name)
    return paths
