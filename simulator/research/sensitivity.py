"""Sensitivity analysis with SALib: which parameters move an outcome, and how much.

A design with ``sample: sobol`` or ``sample: morris`` is sampled by SALib, run by
:func:`simulator.sweep`, and analysed here:

    >>> from simulator import sensitivity
    >>> indices = sensitivity.analyse("design.yaml", ["consensus", "representation_gap"])  # doctest: +SKIP

Each point's outcome is the mean over its seeds. A parameter given as a list of
choices is one SALib variable over [0, number of choices): its indices say how much
the choice matters, not in which direction.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .design import DesignError, Plan, load_design
from .sweeps import sweep

INDICES = {
    "sobol": ["ST", "ST_conf", "S1", "S1_conf"],
    "morris": ["mu_star", "mu_star_conf", "mu", "sigma"],
}


def analyse(
    design: str | Path | dict | Plan,
    outputs: list[str],
    out: str | Path | None = None,
    *,
    runs: pd.DataFrame | None = None,
    **options,
) -> pd.DataFrame:
    """Sensitivity indices of ``outputs`` (result columns) to the design's parameters.

    Runs the design with :func:`simulator.sweep` (``out`` and ``options`` as there), unless
    its results are given as ``runs``. Returns one row per output and parameter: Sobol'
    ``ST``, ``S1`` (with 95% confidence) or Morris ``mu_star``, ``mu``, ``sigma``.
    """
    plan = design if isinstance(design, Plan) else load_design(design)
    method = plan.design.sample
    if method not in INDICES:
        raise DesignError(f"{plan.source}：敏感性分析需要 sample: sobol 或 sample: morris，实际为 {method}",
                          f"{plan.source}: sensitivity analysis needs sample: sobol or sample: morris, got {method}",
                          source=plan.source, path="sample")
    if runs is None:
        runs = sweep(plan, out, **options)
    missing = [name for name in outputs if name not in runs.columns]
    if missing:
        raise DesignError(f"结果中没有这些列：{', '.join(missing)}", f"no such result columns: {', '.join(missing)}")
    per_point = outcomes(runs, outputs).reindex(range(len(plan.points)))
    empty = per_point.index[per_point.isna().any(axis=1)].tolist()
    if empty:  # SALib would quietly return no indices
        shown = ", ".join(map(str, empty[:10])) + (" …" if len(empty) > 10 else "")
        raise DesignError(f"这些参数点没有一次成功的运行（或结果为空），无法计算敏感性指数：{shown}；见结果的 error 列",
                          f"these points have no successful run (or an empty result), so no indices can be computed: "
                          f"{shown}; see the error column", source=plan.source)
    problem = plan.salib_problem()
    seed = int(plan.root.generate_state(2)[1])
    frames = []
    for name in outputs:
        y = per_point[name].to_numpy()
        if method == "sobol":
            from SALib.analyze import sobol

            found = sobol.analyze(problem, y, calc_second_order=False, seed=seed)
            table = pd.concat(found.to_df(), axis=1)
        else:
            from SALib.analyze import morris

            found = morris.analyze(problem, plan.salib_sample(), y, num_levels=plan.design.levels, seed=seed)
            table = found.to_df()
        frames.append(table[INDICES[method]].rename_axis("parameter").reset_index().assign(output=name))
    indices = pd.concat(frames, ignore_index=True)
    return indices[["output", "parameter", *INDICES[method]]]


def outcomes(runs: pd.DataFrame, outputs: list[str]) -> pd.DataFrame:
    """Each point's mean outcome over its seeds (true/false as a share); failed runs are left out."""
    text = [name for name in outputs if runs[name].map(lambda v: isinstance(v, str)).any()]
    if text:
        raise DesignError(f"这些列不是数值，不能做敏感性分析：{', '.join(text)}",
                          f"these columns are not numeric, so cannot be analysed: {', '.join(text)}")
    return runs[outputs].astype(float).groupby(runs["point"]).mean()


def ranking(indices: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """The indices as a table: one row per parameter, one column per output; first the parameters
    that matter most across the outputs (each output scaled by its largest index)."""
    by = by or ("ST" if "ST" in indices.columns else "mu_star")
    table = indices.pivot(index="parameter", columns="output", values=by)
    table = table[list(dict.fromkeys(indices["output"]))]
    return table.loc[(table / table.abs().max()).mean(axis=1).sort_values(ascending=False).index]

