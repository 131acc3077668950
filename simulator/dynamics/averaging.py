"""DeGroot (1974) averaging and Friedkin & Johnsen (1990) stubborn anchoring, with their closed forms."""

from __future__ import annotations

import numpy as np

from ..i18n import BilingualError
from .inputs import as_column, as_count, as_opinions, as_stochastic, as_susceptibility, ignore_rng


# --------------------------------------------------------------------------
# DeGroot
# --------------------------------------------------------------------------


def degroot(x, W, *, steps: int = 1, rng=None) -> np.ndarray:
    """DeGroot averaging: ``x <- W x``, repeated ``steps`` times (synchronous)."""
    ignore_rng(rng)
    x = as_opinions(x)
    W = as_stochastic(W, len(x))
    x = x.copy()
    for _ in range(as_count(steps, "steps")):
        x = W @ x
    return x


def degroot_weights(W, *, rng=None) -> np.ndarray:
    """Social-power weights ``pi`` with ``pi W = pi`` and ``sum(pi) = 1``.

    ``pi`` is the normalised left eigenvector of ``W`` for eigenvalue 1, found by
    solving ``pi (I - W) = 0`` with one equation replaced by ``sum(pi) = 1``.
    It is unique when ``W`` has a single closed communication class.
    """
    ignore_rng(rng)
    W = as_stochastic(W, len(W) if np.ndim(W) == 2 else 0)
    n = len(W)
    A = (np.eye(n) - W).T
    A[-1] = 1.0
    b = np.zeros(n)
    b[-1] = 1.0
    try:
        pi = None if np.linalg.cond(A, 1) > 1e12 else np.linalg.solve(A, b)
    except np.linalg.LinAlgError:
        pi = None
    if pi is None or np.any(pi < -1e-9):
        raise BilingualError(
            "W 没有唯一的平稳分布（网络可能不连通），无法给出共识值。",
            "W has no unique stationary distribution (the network may be "
            "disconnected); the consensus value is undefined.",
        )
    pi = np.clip(pi, 0.0, None)
    return pi / pi.sum()


def degroot_consensus(x0, W, *, rng=None):
    """Closed-form DeGroot consensus ``pi^T x0`` (W irreducible and aperiodic).

    Returns a float for 1-D ``x0`` and a (K,) array for (N, K) ``x0``.
    """
    x0 = as_opinions(x0, "x0")
    W = as_stochastic(W, len(x0))
    value = degroot_weights(W, rng=rng) @ x0
    return float(value) if x0.ndim == 1 else value


# --------------------------------------------------------------------------
# Friedkin–Johnsen
# --------------------------------------------------------------------------


def friedkin_johnsen(x, W, lam, *, x0=None, steps: int = 1, rng=None) -> np.ndarray:
    """Friedkin–Johnsen: ``x <- Λ W x + (I - Λ) x0`` with ``Λ = diag(lam)``.

    ``lam`` in [0, 1] (scalar or per agent) is the susceptibility to others;
    ``x0`` are the anchors (prejudices), by default ``x`` itself.
    """
    ignore_rng(rng)
    x = as_opinions(x)
    x0 = x if x0 is None else as_opinions(x0, "x0")
    if x0.shape != x.shape:
        raise BilingualError(
            f"x0 的形状 {x0.shape} 与 x 的形状 {x.shape} 不一致。",
            f"x0 has shape {x0.shape} but x has shape {x.shape}.",
        )
    W = as_stochastic(W, len(x))
    lam = as_column(as_susceptibility(lam, len(x)), x.ndim)
    anchor = (1.0 - lam) * x0
    x = x.copy()
    for _ in range(as_count(steps, "steps")):
        x = lam * (W @ x) + anchor
    return x


def friedkin_johnsen_equilibrium(x0, W, lam, *, rng=None) -> np.ndarray:
    """Closed-form Friedkin–Johnsen limit ``(I - Λ W)^{-1} (I - Λ) x0``."""
    ignore_rng(rng)
    x0 = as_opinions(x0, "x0")
    W = as_stochastic(W, len(x0))
    lam = as_susceptibility(lam, len(x0))
    A = np.eye(len(x0)) - lam[:, None] * W
    try:
        singular = np.linalg.cond(A, 1) > 1e12
        out = None if singular else np.linalg.solve(A, as_column(1.0 - lam, x0.ndim) * x0)
    except np.linalg.LinAlgError:
        out = None
    if out is None:
        raise BilingualError(
            "I − ΛW 不可逆：每个人都必须直接或间接地听取某位固执者（lam < 1）的意见。",
            "I - ΛW is singular: every agent must listen, directly or "
            "indirectly, to some stubborn agent (lam < 1).",
        )
    return out
