"""Checks of the inputs of the opinion models: every problem is a bilingual error."""

from __future__ import annotations

import operator

import numpy as np

from ..i18n import BilingualError

_STOCHASTIC_TOL = 1e-9


# --------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------


def generator(rng) -> np.random.Generator:
    try:
        return np.random.default_rng(rng)
    except (TypeError, ValueError) as exc:
        raise BilingualError(
            f"无法由 {rng!r} 创建随机数生成器：{exc}",
            f"cannot build a random generator from {rng!r}: {exc}",
        ) from None


def ignore_rng(rng) -> None:
    """Validate ``rng`` for deterministic functions without seeding anything."""
    if rng is not None and not isinstance(rng, np.random.Generator):
        generator(rng)


def as_opinions(x, name: str = "x") -> np.ndarray:
    """``x`` as a float array of shape (N,) or (N, K), finite, N >= 1."""
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise BilingualError(
            f"{name} 必须是数值数组。", f"{name} must be a numeric array."
        ) from None
    if a.ndim not in (1, 2) or a.shape[0] == 0 or (a.ndim == 2 and a.shape[1] == 0):
        raise BilingualError(
            f"{name} 的形状应为 (N,) 或 (N, K) 且非空，实际为 {a.shape}。",
            f"{name} must have shape (N,) or (N, K) and be non-empty; got {a.shape}.",
        )
    if not np.all(np.isfinite(a)):
        raise BilingualError(
            f"{name} 含有 NaN 或无穷值。", f"{name} contains NaN or infinite values."
        )
    return a


def as_stochastic(W, n: int) -> np.ndarray:
    """``W`` as a non-negative, row-stochastic (n, n) float matrix."""
    try:
        W = np.asarray(W, dtype=float)
    except (TypeError, ValueError):
        raise BilingualError("W 必须是数值矩阵。", "W must be a numeric matrix.") from None
    if W.shape != (n, n):
        raise BilingualError(
            f"W 的形状应为 ({n}, {n})，实际为 {W.shape}。",
            f"W must have shape ({n}, {n}); got {W.shape}.",
        )
    if not np.all(np.isfinite(W)) or np.any(W < 0):
        raise BilingualError(
            "W 的元素必须是有限的非负数。", "W entries must be finite and non-negative."
        )
    err = np.max(np.abs(W.sum(axis=1) - 1.0))
    if err > _STOCHASTIC_TOL:
        raise BilingualError(
            f"W 的每行之和必须为 1（偏差 {err:.2e}）。",
            f"every row of W must sum to 1 (deviation {err:.2e}).",
        )
    return W


def as_susceptibility(lam, n: int) -> np.ndarray:
    """``lam`` (scalar or (n,)) as an (n,) array in [0, 1]."""
    try:
        lam = np.asarray(lam, dtype=float)
    except (TypeError, ValueError):
        raise BilingualError("lam 必须是数值。", "lam must be numeric.") from None
    if lam.ndim > 1 or (lam.ndim == 1 and lam.shape != (n,)):
        raise BilingualError(
            f"lam 应为标量或长度 {n} 的向量，实际形状 {lam.shape}。",
            f"lam must be a scalar or a vector of length {n}; got shape {lam.shape}.",
        )
    if not np.all(np.isfinite(lam)) or np.any((lam < 0) | (lam > 1)):
        raise BilingualError(
            "lam（易受影响程度）必须在 [0, 1] 内。",
            "lam (susceptibility) must lie in [0, 1].",
        )
    return np.broadcast_to(lam, (n,))


def as_count(value, name: str) -> int:
    """A non-negative integer parameter."""
    try:
        v = operator.index(value)
    except TypeError:
        v = -1
    if isinstance(value, bool) or v < 0:
        raise BilingualError(
            f"{name} 必须是非负整数，实际为 {value!r}。",
            f"{name} must be a non-negative integer; got {value!r}.",
        )
    return v


def as_real(value, name: str, lo: float, hi: float, *, lo_open=False, hi_open=False):
    """A real parameter in the interval (lo|[lo, hi]|hi)."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        v = float("nan")
    ok = (lo < v if lo_open else lo <= v) and (v < hi if hi_open else v <= hi)
    if not ok:
        interval = f"{'(' if lo_open else '['}{lo}, {hi}{')' if hi_open else ']'}"
        raise BilingualError(
            f"{name} 必须在 {interval} 内，实际为 {value!r}。",
            f"{name} must lie in {interval}; got {value!r}.",
        )
    return v


def as_column(v: np.ndarray, ndim: int) -> np.ndarray:
    """Reshape a per-agent vector so it broadcasts against opinions of ``ndim``."""
    return v.reshape(v.shape + (1,) * (ndim - 1))


def within(x: np.ndarray, radius: float) -> np.ndarray:
    """Dense (N, N) mask of pairs at L-infinity distance <= radius."""
    cols = x.reshape(len(x), -1)
    mask = np.ones((len(x), len(x)), dtype=bool)
    for c in cols.T:
        mask &= np.abs(c[:, None] - c[None, :]) <= radius
    return mask
