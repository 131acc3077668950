"""Sweep designs: which scenario, which parameters to vary and how, how many seeds.

A design file is YAML (see ``docs/sweeps.md``). :func:`load_design` checks it and
turns it into a :class:`Plan`: the numbered runs, each with its parameter values
and seed. Every problem is a :class:`DesignError` that names the file, the line or
field path and what was expected, in Chinese and English, like a scenario error.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import product
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from ..scenario import ScenarioError, from_data, load, resolve
from ..scenario.base import fail
from ..scenario.errors import explained, located, node_at
from ..scenario.overrides import apply_override
from ..scenario.reading import CONTROL_TEXT, control_at, read
from ..scenario.shipped import scenarios_dir

SAMPLES = ("grid", "random", "latin", "sobol", "morris")
MAX_RUNS = 10_000_000


class DesignError(ScenarioError):
    """A sweep design that cannot be used, explained for a person."""


class Parameter(BaseModel):
    """One varied parameter: a list of values, or a numeric range."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    values: list[Any] | None = Field(None, description="取值列表（类别或数值） / the values to try")
    low: float | None = Field(None, description="范围下限 / lower bound")
    high: float | None = Field(None, description="范围上限 / upper bound")
    integer: bool = Field(False, description="只取整数 / whole numbers only")
    steps: Annotated[int, Field(ge=2, le=10_000)] | None = Field(None, description="网格上的等距取值数 / evenly spaced values on a grid")

    @model_validator(mode="before")
    @classmethod
    def _list_means_values(cls, data: Any) -> Any:
        if isinstance(data, list):
            return {"values": data}
        if not isinstance(data, dict):
            raise fail("应为取值列表，或范围 {low: …, high: …}", "expected a list of values, or a range {low: ..., high: ...}")
        return data

    @model_validator(mode="after")
    def _one_kind(self) -> Parameter:
        if self.values is not None:
            if not self.values:
                raise fail("取值列表不能为空", "the list of values must not be empty")
            if self.low is not None or self.high is not None or self.steps is not None:
                raise fail("取值列表与范围（low/high/steps）只能二选一", "give either values or a range (low/high/steps), not both")
        elif self.low is None or self.high is None:
            raise fail("应为取值列表，或同时给出 low 与 high", "expected a list of values, or both low and high")
        elif not (math.isfinite(self.low) and math.isfinite(self.high) and self.low < self.high):
            raise fail(f"low 应小于 high（实际 {self.low} 与 {self.high}）", f"low must be below high (got {self.low} and {self.high})")
        elif self.integer and not (self.low.is_integer() and self.high.is_integer()):
            raise fail(f"integer: true 时 low 与 high 应为整数（实际 {self.low} 与 {self.high}）",
                        f"with integer: true, low and high must be whole numbers (got {self.low} and {self.high})")
        return self

    def pick(self, u: float) -> Any:
        """The value at ``u`` in [0, 1]: a choice from the list, or a point of the range."""
        if self.values is not None:
            return self.values[min(int(u * len(self.values)), len(self.values) - 1)]
        if self.integer:
            return int(min(math.floor(self.low + u * (self.high - self.low + 1)), self.high))
        return float(self.low + u * (self.high - self.low))

    def grid(self) -> list[Any]:
        if self.values is not None:
            return list(self.values)
        values = np.linspace(self.low, self.high, self.steps)
        return sorted({round(v) for v in values}) if self.integer else values.tolist()

    def bounds(self) -> list[float]:
        """Bounds for SALib: the range, or [0, number of choices] for a list."""
        return [0.0, float(len(self.values))] if self.values is not None else [self.low, self.high]


class Design(BaseModel):
    """A sweep design file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scenario: str = Field(min_length=1, description="内置情景名或情景文件路径 / shipped scenario id or file")
    description: str = Field("", description="说明（不影响结果） / free text, does not change results")
    seed: Annotated[int, Field(ge=0, le=2**63 - 1)] = Field(0, description="整个扫描的根种子 / root seed")
    seeds: Annotated[int, Field(ge=1, le=100_000)] = Field(1, description="每个参数点的种子数 / seeds per point")
    common_seeds: bool = Field(False, description="各参数点用同一组种子（共同随机数） / the same seeds at every point (common random numbers)")
    sample: Literal[SAMPLES] = Field("grid", description="参数点的产生方式 / how points are drawn")  # type: ignore[valid-type]
    n: Annotated[int, Field(ge=1, le=MAX_RUNS)] | None = Field(None, description="抽样数 / sample size")
    levels: Annotated[int, Field(ge=2, le=100)] = Field(4, description="Morris 网格的水平数 / Morris grid levels")
    parameters: dict[str, Parameter] = Field({}, description="要变化的参数（路径同 --set） / parameters to vary (--set paths)")
    fixed: dict[str, Any] = Field({}, description="所有运行都采用的修改 / overrides for every run")
    rounds: bool = Field(False, description="同时保存每轮数据 / also keep per-round data")
    lang: Literal["zh", "en"] = Field("zh", description="结果中文字的语言 / language of texts in the results")

    @field_validator("parameters", "fixed", mode="before")
    @classmethod
    def _paths(cls, value: Any) -> Any:
        if isinstance(value, dict):
            for key in value:
                if not isinstance(key, str) or not key or any(not part for part in key.split(".")):
                    raise fail(f"参数路径 {key!r} 不完整，应如 procedure.rounds.max", f"incomplete parameter path {key!r}; expected e.g. procedure.rounds.max")
        return value


@dataclass(frozen=True)
class Plan:
    """A checked design: every run's parameter values and seed, by run id."""

    design: Design
    scenario: dict  # the validated scenario, as data
    source: str

    @cached_property
    def experiment(self) -> dict:
        """What decides the results: the scenario's content, the parameters, the sampling and seeds.

        The scenario counts by what it says, not by the fields it leaves at their defaults, so that a
        new field in a later version (off by default) does not re-seed every design."""
        d = self.design
        written = from_data(self.scenario).model_dump(mode="json", exclude_defaults=True) if self.scenario else {}
        return {
            "scenario": written,
            "parameters": [[name, p.model_dump(exclude_none=True)] for name, p in d.parameters.items()],
            "fixed": [[path, value] for path, value in d.fixed.items()],
            "sample": d.sample,
            "n": d.n,
            "levels": d.levels,
            "seeds": d.seeds,
            "common_seeds": d.common_seeds,
            "seed": d.seed,
        }

    @cached_property
    def hash(self) -> str:
        text = json.dumps(self.experiment, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @property
    def output(self) -> dict:
        """Options that change what is stored, not the numbers."""
        return {"rounds": self.design.rounds, "lang": self.design.lang}

    def with_rounds(self) -> Plan:
        """The same plan, keeping per-round data too."""
        return replace(self, design=self.design.model_copy(update={"rounds": True}))

    @property
    def names(self) -> list[str]:
        return list(self.design.parameters)

    @cached_property
    def root(self) -> np.random.SeedSequence:
        return np.random.SeedSequence([self.design.seed, int(self.hash, 16)])

    @cached_property
    def sampling(self) -> np.random.SeedSequence:
        """The seed of the sample of points: the design's own, so that editing the scenario (or a
        default of the model) changes the runs' seeds but not which points are sampled."""
        spec = {k: v for k, v in self.experiment.items() if k not in ("scenario", "seeds", "common_seeds")}
        text = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return np.random.SeedSequence([self.design.seed, int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16)])

    @cached_property
    def unit(self) -> np.ndarray | None:
        """Sampled points in the unit cube (None for a grid)."""
        d = self.design
        if d.sample == "grid":
            return None
        dims = len(d.parameters)
        if d.sample == "random":
            return np.random.default_rng(self.sampling).random((d.n, dims))
        if d.sample == "latin":
            from scipy.stats import qmc

            return qmc.LatinHypercube(dims, rng=np.random.default_rng(self.sampling)).random(d.n)
        x = self.salib_sample()
        bounds = np.array(self.salib_problem()["bounds"])
        return (x - bounds[:, 0]) / (bounds[:, 1] - bounds[:, 0])

    def salib_problem(self) -> dict:
        """The SALib problem: one variable per parameter (a list's choices are 0..k)."""
        params = self.design.parameters
        return {"num_vars": len(params), "names": self.names, "bounds": [p.bounds() for p in params.values()]}

    def salib_sample(self) -> np.ndarray:
        """SALib's sample matrix for a sobol or morris design."""
        seed = int(self.sampling.generate_state(1)[0])
        if self.design.sample == "sobol":
            from SALib.sample import sobol

            return sobol.sample(self.salib_problem(), self.design.n, calc_second_order=False, seed=seed)
        from SALib.sample import morris

        return morris.sample(self.salib_problem(), self.design.n, num_levels=self.design.levels, seed=seed)

    @cached_property
    def points(self) -> list[tuple]:
        """Parameter values of every point, in order."""
        params = list(self.design.parameters.values())
        if self.unit is None:
            return list(product(*(p.grid() for p in params)))
        return [tuple(p.pick(u) for p, u in zip(params, row)) for row in np.clip(self.unit, 0, 1).tolist()]

    @cached_property
    def size(self) -> int:
        """How many points, counted without drawing them."""
        d, dims = self.design, len(self.design.parameters)
        if d.sample == "grid":
            return math.prod(len(p.grid()) for p in d.parameters.values())
        return d.n * {"sobol": dims + 2, "morris": dims + 1}.get(d.sample, 1)

    @property
    def runs(self) -> int:
        return self.size * self.design.seeds

    def seed(self, run_id: int) -> int:
        """The run's seed: from the design's root seed and hash, and the run id (the replicate
        alone with ``common_seeds``, so every point meets the same chance events)."""
        key = run_id % self.design.seeds if self.design.common_seeds else run_id
        state = np.random.SeedSequence(self.root.entropy, spawn_key=(key,)).generate_state(1, np.uint64)[0]
        return int(state >> np.uint64(1))  # fits a signed 64-bit column

    def overrides(self, point: int) -> tuple[str, ...]:
        """The ``path=value`` overrides of one point, as for ``xieshang run --set``."""
        fixed = [f"{path}={text(value)}" for path, value in self.design.fixed.items()]
        return (*fixed, *(f"{name}={text(v)}" for name, v in zip(self.names, self.points[point])))

    def meta(self, run_id: int) -> dict:
        """The run's id, point, replicate, seed and parameter values, as stored."""
        point, replicate = divmod(run_id, self.design.seeds)
        values = {name: column(v) for name, v in zip(self.names, self.points[point])}
        return {"run_id": run_id, "point": point, "replicate": replicate, "seed": self.seed(run_id), **values}


def text(value: Any) -> str:
    """A value as YAML flow text that reads back to the same value."""
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=math.inf).removesuffix("\n...\n").strip()


def column(value: Any) -> Any:
    """A parameter value as stored in a column: scalars as they are, lists and mappings as YAML text."""
    return text(value) if isinstance(value, (list, dict)) else value


def sweeps_dir() -> Path:
    """The folder of shipped sweep designs."""
    return scenarios_dir() / "sweeps"


def load_design(design: str | Path | dict) -> Plan:
    """Read and check a design (a file, a shipped design id, or a mapping) into a :class:`Plan`."""
    if isinstance(design, dict):
        data, root, source, home = design, None, "design", Path.cwd()
    else:
        path = Path(design)
        if not path.is_file() and (sweeps_dir() / f"{design}.yaml").is_file():
            path = sweeps_dir() / f"{design}.yaml"
        data, root = read(path)
        source, home = path.name, path.parent
    where = _Where(source, root)
    if not isinstance(data, dict):
        raise where.error((), "文件内容应为键值映射（YAML mapping）", "the file must hold a mapping")
    bad = control_at(data)
    if bad is not None:
        raise where.error(bad, *CONTROL_TEXT)
    try:
        checked = Design.model_validate(data, strict=True)  # true is not 1
    except ValidationError as exc:
        raise where.error(*explained(exc)) from None
    _check_sample(checked, where)
    runs = Plan(checked, {}, source).runs  # counted before anything is drawn or read
    if runs > MAX_RUNS:
        raise where.error(("parameters",) if checked.sample == "grid" else ("n",),
                          f"共 {runs:,} 次运行，超过上限 {MAX_RUNS:,}；请减少取值、n 或 seeds",
                          f"{runs:,} runs, more than the limit of {MAX_RUNS:,}; use fewer values, a smaller n or fewer seeds")
    scenario = _scenario(checked, home, where)
    plan = Plan(checked, scenario, source)
    _check_values(plan, where)
    return plan


@dataclass
class _Where:
    """Where in the design file a problem is: builds the error."""

    source: str
    root: yaml.Node | None

    def error(self, loc: tuple, zh: str, en: str) -> DesignError:
        return located(self.source, self.root, loc, zh, en, DesignError)


def _check_sample(design: Design, where: _Where) -> None:
    """The sampling method and n fit together, and each range on a grid has steps."""
    if design.sample == "grid":
        if design.n is not None:
            raise where.error(("n",), "网格（grid）不需要 n；n 只用于抽样", "a grid takes no n; n is for sampled designs")
        for name, p in design.parameters.items():
            if p.values is None and p.steps is None:
                raise where.error(("parameters", name), "网格上的范围需要 steps（取几个值）", "a range on a grid needs steps (how many values)")
        return
    if design.n is None:
        raise where.error(("sample",), f"抽样方式 {design.sample} 需要 n（抽样数）", f"sample {design.sample} needs n (the sample size)")
    if not design.parameters:
        raise where.error(("parameters",), "抽样需要至少一个参数", "sampling needs at least one parameter")
    if design.sample == "sobol" and design.n & (design.n - 1):
        raise where.error(("n",), f"sobol 的 n 应为 2 的幂（如 8、16、32），实际为 {design.n}",
                          f"sobol needs n to be a power of 2 (e.g. 8, 16, 32), got {design.n}")


def _scenario(design: Design, home: Path, where: _Where) -> dict:
    """The scenario's validated data; a relative path is read from the design's folder."""
    beside = home / design.scenario
    try:
        path = beside if beside.is_file() else resolve(design.scenario)
    except ScenarioError as exc:
        raise where.error(("scenario",), exc.zh, exc.en) from None
    return load(path).model_dump(mode="json")


def _check_values(plan: Plan, where: _Where) -> None:
    """Each fixed override, and each parameter's values on their own, must make a valid scenario."""

    def check(data: dict, path: str, value: Any, key: tuple, at: tuple) -> dict:
        try:
            state = apply_override(data, f"{path}={text(value)}")
        except ScenarioError as exc:  # the path itself
            raise where.error(key, *exc.what) from None
        try:
            from_data(state)
        except ScenarioError as exc:  # the value
            raise where.error(at, *exc.what) from None
        return state

    base = plan.scenario
    for path, value in plan.design.fixed.items():
        base = check(base, path, value, ("fixed", path), ("fixed", path))
    for name, p in plan.design.parameters.items():
        key = ("parameters", name)
        if p.values is not None:
            listed = (*key, "values") if "values" in _keys(where, name) else key
            for i, value in enumerate(p.values):
                check(base, name, value, key, (*listed, i))
            continue
        if not p.integer:  # a value inside that is not whole: a whole-number field needs integer: true
            middle = (p.low + p.high) / 2
            middle += 0 if not middle.is_integer() else min(0.5, (p.high - p.low) / 4)
            try:
                from_data(apply_override(base, f"{name}={text(middle)}"))
            except ScenarioError as exc:
                zh, en = exc.what
                raise where.error(key, f"范围内的 {middle} 不合法（{zh}）；整数字段请加 integer: true",
                                  f"{middle}, inside the range, is not valid ({en}); add integer: true for a whole-number field") from None
        for bound in ("low", "high"):
            check(base, name, int(getattr(p, bound)) if p.integer else getattr(p, bound), key, (*key, bound))


def _keys(where: _Where, name: str) -> list[str]:
    node = node_at(where.root, ("parameters", name)) if where.root is not None else None
    return [k.value for k, _ in node.value] if isinstance(node, yaml.MappingNode) else []
