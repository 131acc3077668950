"""Benchmark: vectorised ``simulator.dynamics`` against idiomatic Mesa 3.5 models.

Run ``python benchmarks/bench_dynamics.py``; a benchmark runner can import this
module and call :func:`main`, which returns the measurements as a dict.  Nothing
is asserted: the output states the target (vectorised at least 25x faster) and
whether it was met, plus cluster counts showing both sides run the same model.
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import mesa
import numpy as np

try:
    from simulator import dynamics
except ModuleNotFoundError:  # running from a source checkout without install
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from simulator import dynamics

TARGET = 25.0
N = 1000
SEED = 2024

DEFFUANT = {"d": 0.2, "mu": 0.5, "sweeps": 200}
HK = {"eps": 0.2, "tol": 1e-12, "max_steps": 200}
MAJOR = 0.02  # a "major" cluster holds at least 2% of the agents
CLUSTER_TOL = 1e-3


# --------------------------------------------------------------------------
# Idiomatic Mesa models
# --------------------------------------------------------------------------


class Person(mesa.Agent):
    """One person with a scalar opinion."""

    def __init__(self, model: mesa.Model, opinion: float):
        super().__init__(model)
        self.opinion = opinion
        self.next_opinion = opinion

    def compute(self) -> None:
        """Hegselmann–Krause: mean opinion of everyone within eps (self included)."""
        eps = self.model.eps
        near = [o.opinion for o in self.model.agents if abs(o.opinion - self.opinion) <= eps]
        self.next_opinion = sum(near) / len(near)

    def commit(self) -> None:
        self.model.moved = max(self.model.moved, abs(self.next_opinion - self.opinion))
        self.opinion = self.next_opinion


class DeffuantModel(mesa.Model):
    """Deffuant–Weisbuch on complete mixing: one step = N random pair encounters."""

    def __init__(self, opinions, d: float, mu: float, rng=None):
        super().__init__(rng=rng)
        self.d, self.mu = d, mu
        Person.create_agents(self, len(opinions), opinion=list(map(float, opinions)))

    def step(self) -> None:
        agents = self.agents.to_list()
        for _ in range(len(agents)):
            a, b = self.random.sample(agents, 2)
            if abs(a.opinion - b.opinion) < self.d:
                shift = self.mu * (b.opinion - a.opinion)
                a.opinion += shift
                b.opinion -= shift

    def opinions(self) -> np.ndarray:
        return np.array(self.agents.get("opinion"))


class HKModel(mesa.Model):
    """Hegselmann–Krause: everyone computes, then everyone commits."""

    def __init__(self, opinions, eps: float, rng=None):
        super().__init__(rng=rng)
        self.eps = eps
        self.moved = 0.0
        Person.create_agents(self, len(opinions), opinion=list(map(float, opinions)))

    def step(self) -> None:
        self.moved = 0.0
        self.agents.do("compute")
        self.agents.do("commit")

    def opinions(self) -> np.ndarray:
        return np.array(self.agents.get("opinion"))


# --------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------


def _timed(fn, repeats: int):
    """Median wall time of ``repeats`` calls and the last result."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bench_deffuant(fast_repeats: int = 7, mesa_repeats: int = 2) -> dict:
    x0 = np.random.default_rng(SEED).random(N)
    d, mu, sweeps = DEFFUANT["d"], DEFFUANT["mu"], DEFFUANT["sweeps"]

    fast_t, fast_x = _timed(
        lambda: dynamics.deffuant(x0, d=d, mu=mu, sweeps=sweeps, rng=SEED), fast_repeats
    )

    def run_mesa():
        model = DeffuantModel(x0, d, mu, rng=SEED)
        for _ in range(sweeps):
            model.step()
        return model.opinions()

    mesa_t, mesa_x = _timed(run_mesa, mesa_repeats)
    return {
        "model": "deffuant",
        "n": N,
        **DEFFUANT,
        "vectorised_s": fast_t,
        "mesa_s": mesa_t,
        "ratio": mesa_t / fast_t,
        "vectorised_major_clusters": dynamics.clusters(fast_x, tol=CLUSTER_TOL, min_share=MAJOR),
        "mesa_major_clusters": dynamics.clusters(mesa_x, tol=CLUSTER_TOL, min_share=MAJOR),
        "mean_drift_vectorised": abs(fast_x.mean() - x0.mean()),
        "mean_drift_mesa": abs(mesa_x.mean() - x0.mean()),
    }


def bench_hk(fast_repeats: int = 7, mesa_repeats: int = 1) -> dict:
    x0 = np.random.default_rng(SEED).random(N)
    eps, tol, cap = HK["eps"], HK["tol"], HK["max_steps"]

    fast_t, (fast_x, fast_steps) = _timed(
        lambda: dynamics.hegselmann_krause_run(x0, eps=eps, tol=tol, max_steps=cap), fast_repeats
    )

    def run_mesa():
        model = HKModel(x0, eps, rng=SEED)
        steps = 0
        while steps < cap:
            model.step()
            steps += 1
            if model.moved <= tol:
                break
        return model.opinions(), steps

    mesa_t, (mesa_x, mesa_steps) = _timed(run_mesa, mesa_repeats)
    fast_per_step, mesa_per_step = fast_t / fast_steps, mesa_t / mesa_steps
    return {
        "model": "hegselmann_krause",
        "n": N,
        **HK,
        "vectorised_s": fast_t,
        "mesa_s": mesa_t,
        "ratio": mesa_t / fast_t,
        "vectorised_steps": fast_steps,
        "mesa_steps": mesa_steps,
        "vectorised_per_step_s": fast_per_step,
        "mesa_per_step_s": mesa_per_step,
        "ratio_per_step": mesa_per_step / fast_per_step,
        "vectorised_clusters": dynamics.clusters(fast_x, tol=CLUSTER_TOL),
        "mesa_clusters": dynamics.clusters(mesa_x, tol=CLUSTER_TOL),
        "max_abs_difference": float(np.max(np.abs(fast_x - mesa_x))),
    }


def _peak(fn):
    """Peak memory (bytes, as tracemalloc sees numpy's arrays) and result of ``fn()``."""
    tracemalloc.start()
    try:
        result = fn()
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


def bench_hk_memory(both: int = 4000, alone: tuple[int, ...] = (20_000, 50_000), options: int = 3) -> dict:
    """One HK step on option vectors: the blocked step against the dense N x N one, then the
    blocked one alone at sizes the dense one cannot hold (20k households: 1.2 GB RSS for a run, 50k: 12.7 GB)."""
    from simulator.dynamics import bounded

    x = np.random.default_rng(SEED).random((both, options))
    dense_mem, (dense_x, dense_fixed) = _peak(lambda: bounded._hk_dense_step(x, 0.3))
    blocked_mem, (blocked_x, blocked_fixed) = _peak(lambda: bounded._hk_blocked_step(x, 0.3))
    dense_t, _ = _timed(lambda: bounded._hk_dense_step(x, 0.3), 3)
    blocked_t, _ = _timed(lambda: bounded._hk_blocked_step(x, 0.3), 3)
    out = {
        "n": both, "options": options,
        "dense_peak_mb": dense_mem / 1e6, "blocked_peak_mb": blocked_mem / 1e6, "memory_ratio": dense_mem / blocked_mem,
        "dense_s": dense_t, "blocked_s": blocked_t,
        "identical": bool(np.array_equal(dense_x, blocked_x) and dense_fixed == blocked_fixed),
    }
    for n in alone:
        y = np.random.default_rng(SEED).random((n, options))
        start = time.perf_counter()
        mem, _ = _peak(lambda: bounded._hk_blocked_step(y, 0.3))
        out[f"blocked_peak_mb_{n}"] = mem / 1e6
        out[f"blocked_s_{n}"] = time.perf_counter() - start
        out[f"dense_would_need_mb_{n}"] = n * n * (8 + 1) / 1e6  # the float distances and the mask of one option
    print(f"HK step on {options} options, N = {both}: dense {out['dense_peak_mb']:.0f} MB, blocked "
          f"{out['blocked_peak_mb']:.0f} MB ({out['memory_ratio']:.1f}x less), {dense_t:.2f} s vs {blocked_t:.2f} s, "
          f"identical: {out['identical']}")
    for n in alone:
        print(f"  N = {n}: blocked {out[f'blocked_peak_mb_{n}']:.0f} MB in {out[f'blocked_s_{n}']:.1f} s "
              f"(dense would need at least {out[f'dense_would_need_mb_{n}']:.0f} MB)")
    return out


def _print_table(results: list[dict]) -> None:
    print(f"Opinion dynamics benchmark (N = {N}; target: vectorised >= {TARGET:.0f}x faster)")
    head = (
        f"{'model':<18}{'vectorised':>12}{'mesa':>12}{'ratio':>9}  "
        f"{'clusters (vec/mesa)':<20}target"
    )
    print(head)
    print("-" * len(head))
    for r in results:
        vec_c = r.get("vectorised_major_clusters", r.get("vectorised_clusters"))
        mesa_c = r.get("mesa_major_clusters", r.get("mesa_clusters"))
        met = "met" if r["ratio"] >= TARGET else "MISSED"
        print(
            f"{r['model']:<18}{r['vectorised_s'] * 1e3:>10.1f}ms{r['mesa_s'] * 1e3:>10.0f}ms"
            f"{r['ratio']:>8.0f}x  {f'{vec_c} / {mesa_c}':<20}{met}"
        )
    for r in results:
        if "vectorised_steps" in r:
            print(
                f"HK steps to converge: vectorised {r['vectorised_steps']}, mesa {r['mesa_steps']}; "
                f"per step {r['vectorised_per_step_s'] * 1e6:.0f} us vs "
                f"{r['mesa_per_step_s'] * 1e3:.0f} ms ({r['ratio_per_step']:.0f}x); "
                f"max |difference| of final opinions {r['max_abs_difference']:.1e}"
            )
        else:
            print(
                f"Deffuant ({r['sweeps']} sweeps, d={r['d']}, mu={r['mu']}): major clusters are "
                f"those with >= {MAJOR:.0%} of agents; |mean drift| "
                f"{r['mean_drift_vectorised']:.1e} vs {r['mean_drift_mesa']:.1e}"
            )


def main() -> dict:
    """Run both benchmarks, print a table and return the measurements."""
    results = [bench_deffuant(), bench_hk()]
    _print_table(results)
    return {
        "target_ratio": TARGET,
        "met": all(r["ratio"] >= TARGET for r in results),
        **{r["model"]: r for r in results},
        "hk_option_vectors_memory": bench_hk_memory(),
    }


if __name__ == "__main__":
    main()
