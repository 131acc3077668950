"""Calibration against documented cases: does each case scenario reproduce its stylised facts?

    >>> from simulator.research import calibration
    >>> table = calibration.calibrate(workers=2)  # doctest: +SKIP
    >>> kept = calibration.history_match(workers=2)  # doctest: +SKIP

A targets file (``scenarios/cases/targets.yaml``, see ``docs/calibration.md``) lists the cases, each
a scenario, a base seed and a number of seeds, and its targets: a field of the run summary (a
column of :func:`~simulator.research.sweeps.flatten`) or a named statistic, the statistic over seeds
and the band the source supports. Cases run through the sweep engine, so on local processes or
dask. :func:`history_match` rules out behaviour parameters that cannot reproduce the targets
(Craig/Vernon implausibility), over a Latin-hypercube or Sobol' sample of their ranges.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import numpy as np
import pandas as pd
from pydantic import Field, ValidationError, model_validator

from ..i18n import check_lang, texts
from ..scenario import ScenarioError, load, resolve
from ..scenario.base import Data, fail
from ..scenario.base import Text as Bilingual
from ..scenario.errors import explained, located
from ..scenario.reading import read
from ..scenario.shipped import scenarios_dir
from .design import Parameter, load_design
from .sweeps import sweep

CONFIDENCE = 0.90  # the model's interval
BOOTSTRAP = 2000  # resamples for a mean's or a median's interval


class TargetsError(ScenarioError):
    """A targets file that cannot be used, explained for a person."""


# -- named statistics: one value per run, from the flattened summary ---------------------------


def _rates(runs: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    """Each group's presence rate: its share of participants over its share of households."""
    return pd.DataFrame({g: runs[f"groups.{g}.presence_share"] / runs[f"groups.{g}.population_share"] for g in groups})


def _presence_ratio(runs: pd.DataFrame, groups: list[str]) -> pd.Series:
    rates = _rates(runs, groups)
    return rates[groups[-1]] / rates[groups[0]].where(rates[groups[0]] > 0)


def _presence_rises(runs: pd.DataFrame, groups: list[str]) -> pd.Series:
    return (_rates(runs, groups).diff(axis=1).iloc[:, 1:] > 0).all(axis=1)


def _least_compliant_in(runs: pd.DataFrame, groups: list[str]) -> pd.Series:
    columns = [c for c in runs.columns if c.startswith("compliance_by_group.")]
    values = runs[columns].apply(pd.to_numeric, errors="coerce")
    decided = values.notna().any(axis=1)  # no decision, no compliance
    lowest = values[decided].idxmin(axis=1).str.removeprefix("compliance_by_group.")
    return lowest.isin(groups).reindex(runs.index)  # NaN where nothing was decided


NAMED: dict[str, tuple[Callable[[pd.DataFrame, list[str]], pd.Series], int]] = {
    "presence_ratio": (_presence_ratio, 2),  # the function, and how many groups it needs
    "presence_rises": (_presence_rises, 2),
    "least_compliant_in": (_least_compliant_in, 1),
}

# -- the targets file --------------------------------------------------------------------------


Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]


class Target(Data):
    """One stylised fact: a statistic of a summary field over seeds, and the band it should fall in."""

    id: Id
    row: str = Field(pattern=r"^[A-Z][0-9]+$", description="calibration-facts.md 的行号，如 R2 / the row, e.g. R2")
    text: Bilingual
    field: str = Field(min_length=1, description="摘要的列或命名统计量 / a summary column or a named statistic")
    statistic: Literal["share", "mean", "median"]
    band: tuple[float, float]
    reason: Bilingual
    equals: bool | int | float | str | None = Field(None, description="share：等于此值的比例 / share of seeds with this value")
    where: dict[str, bool | int | float | str] = Field({}, description="只计这些字段取这些值的种子 / only seeds with these values")
    groups: list[str] = Field([], description="命名统计量的群体 / the groups of a named statistic")

    @model_validator(mode="after")
    def _check(self) -> Target:
        low, high = self.band
        if not (math.isfinite(low) and math.isfinite(high) and low <= high):
            raise fail(f"band 应为 [下限, 上限] 且下限不大于上限，实际为 [{low:g}, {high:g}]",
                       f"band must be [low, high] with low <= high, got [{low:g}, {high:g}]", at=("band",))
        if self.field in NAMED and len(self.groups) < NAMED[self.field][1]:
            need = NAMED[self.field][1]
            raise fail(f"{self.field} 需要至少 {need} 个群体（groups）", f"{self.field} needs at least {need} groups", at=("groups",))
        if self.equals is not None and self.statistic != "share":
            raise fail("equals 只用于 statistic: share", "equals goes with statistic: share only", at=("equals",))
        return self


class Case(Data):
    """A case scenario, its seeds and its targets."""

    id: Id
    scenario: str = Field(min_length=1, description="情景文件（相对本文件）或内置名，如 cases/tianjin_parking_r1 / file or shipped id")
    seed: Annotated[int, Field(ge=0, le=2**63 - 1)] = Field(description="根种子 / base seed")
    seeds: Annotated[int, Field(ge=30, le=100_000)] = Field(description="种子数（至少 30） / seeds (at least 30)")
    set: dict[str, str | int | float | bool] = Field(
        {}, description="本案例对情景的固定修改，同 --set（如只看第一次会议：procedure.rounds.max: 1） / fixed changes to the scenario, as --set"
    )
    targets: list[Target] = Field(min_length=1)


class Matching(Data):
    """History matching: which behaviour parameters, over which ranges, how sampled."""

    cases: list[str] = Field([], description="参与的案例（缺省：全部） / cases used (default: all)")
    targets: list[str] = Field([], description="参与的目标（缺省：这些案例的全部目标） / targets used (default: all of those cases')")
    sample: Literal["latin", "sobol", "random"] = "latin"
    n: Annotated[int, Field(ge=2, le=100_000)]
    seeds: Annotated[int, Field(ge=2, le=10_000)]
    seed: Annotated[int, Field(ge=0, le=2**63 - 1)] = 0
    cut_off: Annotated[float, Field(gt=0)] = 3.0
    parameters: dict[str, Parameter] = Field(min_length=1)

    @model_validator(mode="after")
    def _ranges(self) -> Matching:
        for name, p in self.parameters.items():
            if p.values is not None:
                raise fail("历史匹配的参数应为范围 {low, high}", "a history-matching parameter must be a range {low, high}", at=("parameters", name))
        return self


class TargetsFile(Data):
    cases: list[Case] = Field(min_length=1)
    history_matching: Matching | None = None


@dataclass(frozen=True)
class Targets:
    """A checked targets file: its cases with their scenario files."""

    data: TargetsFile
    source: str
    scenarios: dict[str, str]  # case id -> scenario file


def targets_file() -> Path:
    """The shipped targets file."""
    return scenarios_dir() / "cases" / "targets.yaml"


def load_targets(targets: str | Path | dict | Targets | None = None) -> Targets:
    """Read and check a targets file (the shipped one by default, or a mapping)."""
    if isinstance(targets, Targets):
        return targets
    path = targets_file() if targets is None else targets
    if isinstance(path, dict):
        data, root, source, home = path, None, "targets", Path.cwd()
    else:
        data, root = read(path)
        source, home = Path(path).name, Path(path).parent

    def error(loc: tuple, zh: str, en: str) -> TargetsError:
        return located(source, root, loc, zh, en, TargetsError)

    if not isinstance(data, dict):
        raise error((), "文件内容应为键值映射（YAML mapping）", "the file must hold a mapping")
    try:
        checked = TargetsFile.model_validate(data)
    except ValidationError as exc:
        raise error(*explained(exc)) from None
    scenarios: dict[str, str] = {}
    for i, case in enumerate(checked.cases):
        if case.id in scenarios:
            raise error(("cases", i, "id"), f"案例 id {case.id} 重复", f"case id {case.id} appears twice")
        beside = home / case.scenario
        try:
            path = beside if beside.is_file() else resolve(case.scenario)
            spec = load(path)
        except ScenarioError as exc:
            raise error(("cases", i, "scenario"), exc.zh, exc.en) from None
        scenarios[case.id] = str(Path(path).resolve())
        known = [g.id for g in spec.population.groups]
        for j, target in enumerate(case.targets):
            bad = [g for g in target.groups if g not in known]
            if bad:
                raise error(("cases", i, "targets", j, "groups"), f"未知群体 {bad}（群体：{known}）", f"unknown groups {bad} (groups: {known})")
    ids = [t.id for c in checked.cases for t in c.targets]
    if len(set(ids)) != len(ids):
        raise error(("cases",), "目标 id 不能重复", "target ids must be unique")
    matching = checked.history_matching
    for key, known in (("cases", list(scenarios)), ("targets", ids)):
        for k, name in enumerate(getattr(matching, key) if matching else []):
            if name not in known:
                raise error(("history_matching", key, k), f"未知的 {name}（可选：{known}）", f"unknown {name} (expected one of: {known})")
    return Targets(checked, source, scenarios)


# -- measuring -----------------------------------------------------------------------------------


def per_seed(runs: pd.DataFrame, target: Target, source: str = "targets") -> np.ndarray:
    """The target's field, one value per seed (seeds left out by ``where`` or with no value dropped)."""
    rows = runs[runs["error"].isna()] if "error" in runs else runs
    for name in [*target.where, *([] if target.field in NAMED else [target.field])]:
        if name not in rows:
            raise TargetsError(f"{source}：目标 {target.id} 的字段 {name} 不在运行摘要中（见 docs/sweeps.md 第 3 节）",
                               f"{source}: target {target.id}: field {name} is not in the run summary (see docs/sweeps.md, section 3)")
    for name, value in target.where.items():
        rows = rows[rows[name] == value]
    if target.field in NAMED:
        values = NAMED[target.field][0](rows, target.groups) if len(rows) else pd.Series(dtype=float)
    else:
        values = rows[target.field]
    values = values.dropna() if target.equals is None else values == target.equals  # a seed without the value is not equal
    return values.astype(float).to_numpy()


def estimate(x: np.ndarray, statistic: str, seed: int = 0) -> tuple[float, float, float, float]:
    """The statistic over seeds, its 90% interval and its variance.

    A share has a Jeffreys interval; a mean or a median a bootstrap percentile interval.
    """
    n = len(x)
    if n == 0:
        return (math.nan,) * 4
    if statistic == "share":
        from scipy.stats import beta

        a, b = x.sum() + 0.5, n - x.sum() + 0.5
        low, high = beta.ppf([(1 - CONFIDENCE) / 2, (1 + CONFIDENCE) / 2], a, b)
        low, high = (0.0 if x.sum() == 0 else low), (1.0 if x.sum() == n else high)  # Jeffreys at the ends
        return float(x.mean()), float(low), float(high), float(a * b / ((a + b) ** 2 * (a + b + 1)))
    f = np.mean if statistic == "mean" else np.median
    draws = f(x[np.random.default_rng(seed).integers(0, n, (BOOTSTRAP, n))], axis=1)
    low, high = np.quantile(draws, [(1 - CONFIDENCE) / 2, (1 + CONFIDENCE) / 2])
    return float(f(x)), float(low), float(high), float(draws.var())


def _design(targets: Targets, case: Case, **extra) -> dict:
    fixed = {path: [value] for path, value in case.set.items()}
    parameters = {**fixed, **extra.pop("parameters", {})}
    return {"scenario": targets.scenarios[case.id], "seed": case.seed, "seeds": case.seeds, **extra,
            **({"parameters": parameters} if parameters else {})}


def calibrate(targets: str | Path | dict | Targets | None = None, *, cases: list[str] | None = None,
              lang: str = "zh", **options) -> pd.DataFrame:
    """Run every case over its seeds and compare each target with its band.

    Returns one row per target: the model's value, its 90% interval, the band, whether the value
    is inside, and ``miss`` (how far outside the band: 0 inside). ``options`` go to
    :func:`simulator.sweep` (``workers``, ``executor``, ``scheduler``, ``progress``...).
    """
    check_lang(lang)
    targets = load_targets(targets)
    options.setdefault("progress", False)
    rows, per = [], {}
    for case in targets.data.cases:
        if cases is not None and case.id not in cases:
            continue
        runs = sweep(load_design(_design(targets, case)), **options, lang=lang)
        for target in case.targets:
            x = per_seed(runs, target, targets.source)
            per[target.id] = x
            value, low, high, _ = estimate(x, target.statistic)
            a, b = target.band
            rows.append({
                "case": case.id, "target": target.id, "row": target.row, "text": target.text(lang),
                "field": target.field, "statistic": target.statistic, "value": value, "low": low, "high": high,
                "band_low": a, "band_high": b, "inside": bool(a <= value <= b),
                "miss": float(max(a - value, value - b, 0)) if not math.isnan(value) else math.nan,
                "seeds": len(x), "reason": target.reason(lang),
            })
    table = pd.DataFrame(rows)
    table.attrs["values"] = per  # each target's per-seed values, for charts
    return table


# -- history matching ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """History matching's result: every point with its implausibility, and what each parameter keeps."""

    points: pd.DataFrame  # one row per point: parameter values, I per target, max_I, kept
    kept: pd.DataFrame  # one row per parameter: low, high, kept_low, kept_high, share_kept
    targets: pd.DataFrame  # one row per target: its smallest I, and the share of points where I <= cut_off
    cut_off: float


def implausibility(value: float, var_model: float, band: tuple[float, float]) -> float:
    """|model − target| / sqrt(var_model + var_target): the target is the band's middle, its SD a quarter of its width."""
    low, high = band
    var = var_model + ((high - low) / 4) ** 2
    distance = abs(value - (low + high) / 2)
    return math.nan if math.isnan(value) else (distance / math.sqrt(var) if var > 0 else (0.0 if distance == 0 else math.inf))


def _check_points(n: int | None) -> None:
    if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 2):
        raise TargetsError(f"参数点数应为不小于 2 的整数，实际为 {n!r}", f"the number of points must be a whole number >= 2, got {n!r}")


def history_match(targets: str | Path | dict | Targets | None = None, *, n: int | None = None, **options) -> Match:
    """Rule out behaviour-parameter points that cannot reproduce the targets (Craig/Vernon).

    Every case in ``history_matching.cases`` runs at the same sampled points; a point is kept when
    no target's implausibility exceeds the cut-off. ``n`` overrides the file's sample size;
    ``options`` go to :func:`simulator.sweep`.
    """
    targets = load_targets(targets)
    m = targets.data.history_matching
    if m is None:
        raise TargetsError(f"{targets.source}：没有 history_matching 一节", f"{targets.source}: no history_matching section")
    _check_points(n)
    options.setdefault("progress", False)
    params = {name: p.model_dump(exclude_none=True) for name, p in m.parameters.items()}
    chosen = [c for c in targets.data.cases if not m.cases or c.id in m.cases]
    used = [t for c in chosen for t in c.targets if not m.targets or t.id in m.targets]
    chosen = [c for c in chosen if any(t in used for t in c.targets)]
    points: pd.DataFrame | None = None
    for case in chosen:
        design = _design(targets, case, seed=m.seed, seeds=m.seeds, sample=m.sample, n=n or m.n, parameters=params)
        runs = sweep(load_design(design), **options)
        if points is None:
            points = runs.groupby("point")[list(params)].first()
        for target in (t for t in case.targets if t in used):
            scores = {}
            for point, group in runs.groupby("point"):
                value, _, _, var = estimate(per_seed(group, target, targets.source), target.statistic)
                scores[point] = implausibility(value, var, target.band)
            points[target.id] = pd.Series(scores)
    ids = [t.id for t in used]
    points["max_I"] = points[ids].max(axis=1)  # NaN (not measured) counts as no evidence
    points["kept"] = ~(points["max_I"] > m.cut_off)
    kept = points[points["kept"]]
    shares = []
    for name, p in m.parameters.items():
        lo, hi = (kept[name].min(), kept[name].max()) if len(kept) else (math.nan, math.nan)
        shares.append({"parameter": name, "low": p.low, "high": p.high, "kept_low": lo, "kept_high": hi,
                       "share_kept": float((hi - lo) / (p.high - p.low)) if len(kept) else 0.0})
    reach = pd.DataFrame({"target": ids, "min_I": points[ids].min().to_numpy(),
                          "share_plausible": (points[ids] <= m.cut_off).mean().to_numpy()})
    return Match(points.reset_index(), pd.DataFrame(shares), reach, m.cut_off)


# -- reading the results -------------------------------------------------------------------------

WORDS = texts({
    "title": ("校准：模型与有据可查的案例对照（{n} 个目标，{inside} 个在范围内）", "Calibration against documented cases ({n} targets, {inside} inside their band)"),
    "row": ("{mark} [{row}] {case}｜{text}：模型 {value}（90% 区间 {low}–{high}，{seeds} 个种子），目标范围 {a}–{b}",
            "{mark} [{row}] {case} | {text}: model {value} (90% interval {low}-{high}, {seeds} seeds), band {a}-{b}"),
    "miss": ("    差 {miss}；理由：{reason}", "    off by {miss}; reason: {reason}"),
    "match": ("历史匹配：{n} 个参数点中保留 {kept} 个（隐含度不超过 {cut}）", "History matching: {kept} of {n} points kept (implausibility at most {cut})"),
    "param": ("  {name}：保留范围 {lo}–{hi}，占原范围 {share}", "  {name}: kept {lo}-{hi}, {share} of its range"),
    "unreached": ("  没有一个参数点能达到目标 {target}（最小隐含度 {value}）", "  no point reaches target {target} (smallest implausibility {value})"),
})


def _num(x: float) -> str:
    if x is None or math.isnan(x):
        return "—"
    return f"{x:.3g}" if abs(x) < 1000 else f"{x:.0f}"


def render(table: pd.DataFrame, lang: str = "zh", match: Match | None = None) -> str:
    """The target table (and history matching's result) as text for a terminal."""
    lines = [WORDS["title"](lang, n=len(table), inside=int(table["inside"].sum()))]
    for r in table.itertuples():
        lines.append(WORDS["row"](lang, mark="✓" if r.inside else "✗", row=r.row, case=r.case, text=r.text, value=_num(r.value),
                                  low=_num(r.low), high=_num(r.high), seeds=r.seeds, a=_num(r.band_low), b=_num(r.band_high)))
        if not r.inside:
            lines.append(WORDS["miss"](lang, miss=_num(r.miss), reason=r.reason))
    if match is not None:
        lines.append(WORDS["match"](lang, n=len(match.points), kept=int(match.points["kept"].sum()), cut=_num(match.cut_off)))
        for r in match.kept.itertuples() if match.points["kept"].any() else ():
            lines.append(WORDS["param"](lang, name=r.parameter, lo=_num(r.kept_low), hi=_num(r.kept_high), share=f"{r.share_kept:.0%}"))
        for r in match.targets[match.targets["min_I"] > match.cut_off].itertuples():
            lines.append(WORDS["unreached"](lang, target=r.target, value=_num(r.min_I)))
    return "\n".join(lines)


def report(targets: str | Path | dict | Targets | None = None, *, match: int | None = None, lang: str = "zh", **options) -> str:
    """What ``xieshang calibrate`` prints: the target table, and history matching over ``match`` points if asked."""
    targets = load_targets(targets)  # a bad file stops here, before any run
    _check_points(match)
    table = calibrate(targets, lang=lang, **options)
    return render(table, lang, None if match is None else history_match(targets, n=match, **options))
