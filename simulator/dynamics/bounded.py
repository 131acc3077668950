"""Bounded confidence: Deffuant et al. (2000) pairwise and Hegselmann & Krause (2002) synchronous."""

from __future__ import annotations

import numpy as np

from .inputs import as_count, as_opinions, as_real, generator, ignore_rng, within


# --------------------------------------------------------------------------
# Deffuant–Weisbuch
# --------------------------------------------------------------------------


def deffuant(x, *, d: float, mu: float, sweeps: int = 1, rng=None) -> np.ndarray:
    """Deffuant–Weisbuch pairwise bounded confidence on complete mixing.

    When two agents at distance ``< d`` meet, both move towards each other:
    ``xi += mu (xj - xi)`` and ``xj += mu (xi - xj)`` with pre-encounter values.
    One sweep is N encounters, drawn as two random perfect matchings (a shuffled
    index list paired consecutively; with odd N one agent sits out). Pairs in a
    matching are disjoint, so updating them all at once in numpy is exactly the
    same as updating them one after another. ``mu`` lies in (0, 0.5].
    """
    gen = generator(rng)
    x = as_opinions(x).copy()
    d = as_real(d, "d", 0.0, np.inf, lo_open=True)
    mu = as_real(mu, "mu", 0.0, 0.5, lo_open=True)
    n = len(x)
    half = n // 2
    for _ in range(2 * as_count(sweeps, "sweeps")):
        perm = gen.permutation(n)
        a, b = perm[0 : 2 * half : 2], perm[1 : 2 * half : 2]
        diff = x[b] - x[a]
        gap = np.abs(diff)
        close = (gap if gap.ndim == 1 else gap.max(axis=1)) < d
        a, b, shift = a[close], b[close], mu * diff[close]
        x[a] += shift
        x[b] -= shift
    return x


# --------------------------------------------------------------------------
# Hegselmann–Krause
# --------------------------------------------------------------------------


def _hk_sorted_step(s: np.ndarray, eps: float) -> tuple[np.ndarray, bool]:
    """One HK step on sorted 1-D opinions: contiguous windows + prefix sums.

    Also reports whether the confidence graph is a union of disjoint cliques,
    in which case the new state is an exact fixed point.
    """
    lo = np.searchsorted(s, s - eps, side="left")
    hi = np.searchsorted(s, s + eps, side="right")
    shift = s[len(s) // 2]  # centring keeps the prefix sums (and their rounding) small
    csum = np.concatenate(([0.0], np.cumsum(s - shift)))
    new = shift + (csum[hi] - csum[lo]) / (hi - lo)
    # Windows are contiguous and confidence is symmetric, so the graph is a
    # union of cliques iff every window ends where its first member's does.
    return new, bool(np.array_equal(hi[lo], hi))


def _means(mask: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Each row's mean of the opinions its mask selects. Summed row by row (numpy's pairwise sum
    along a row), so a row's result does not depend on how many rows are computed at once."""
    sums = np.stack([np.where(mask, c, 0.0).sum(axis=1) for c in cols.T], axis=1)
    return sums / mask.sum(axis=1)[:, None]


def _hk_dense_step(x: np.ndarray, eps: float) -> tuple[np.ndarray, bool]:
    """One HK step with a dense (N, N) L-infinity confidence mask."""
    mask = within(x, eps)
    new = _means(mask, x.reshape(len(x), -1)).reshape(x.shape)
    first = mask.argmax(axis=1)
    fixed = bool(np.array_equal(mask, mask[first]))
    return (new[first] if fixed else new), fixed


BLOCK_CELLS = 1 << 22  # pairs compared at once by the blocked step: about 32 MB of floats


def _near(rows: np.ndarray, x: np.ndarray, eps: float) -> np.ndarray:
    """(len(rows), N) mask of pairs at L-infinity distance <= eps."""
    mask = np.ones((len(rows), len(x)), dtype=bool)
    gap = np.empty(mask.shape)
    for r, c in zip(rows.T, x.T):
        np.abs(np.subtract(r[:, None], c[None, :], out=gap), out=gap)
        mask &= gap <= eps
    return mask


def _hk_blocked_step(x: np.ndarray, eps: float, block: int | None = None) -> tuple[np.ndarray, bool]:
    """:func:`_hk_dense_step` a block of rows at a time: the same numbers in O(N·block) memory."""
    n = len(x)
    cols = x.reshape(n, -1)
    block = block or max(1, BLOCK_CELLS // max(n, 1))
    new, first, sign = np.empty_like(cols), np.empty(n, dtype=np.intp), np.empty(n)
    weights = np.sqrt(np.arange(1.0, n + 1))  # equal neighbourhoods give equal signatures
    for start in range(0, n, block):
        rows = slice(start, start + block)
        mask = _near(cols[rows], cols, eps)
        new[rows] = _means(mask, cols)
        first[rows] = mask.argmax(axis=1)
        sign[rows] = np.where(mask, weights, 0.0).sum(axis=1)
    # A union of disjoint cliques iff each row's neighbourhood is that of its first neighbour:
    # surely not if their signatures differ; if none does, compare the neighbourhoods themselves.
    fixed = bool(np.array_equal(sign, sign[first])) and all(
        np.array_equal(_near(cols[start:start + block], cols, eps), _near(cols[first[start:start + block]], cols, eps))
        for start in range(0, n, block))
    new = new.reshape(x.shape)
    return (new[first] if fixed else new), fixed


def _hk(x: np.ndarray, eps: float, max_steps: int, tol: float | None):
    """Up to ``max_steps`` HK updates; stop early at an exact fixed point or,
    unless ``tol`` is None, once nobody moves more than ``tol``.

    1-D opinions are sorted once: HK preserves the order of opinions, so they
    stay sorted (re-sorted only if rounding ever swaps two neighbours).
    """
    order = None
    if x.ndim == 1:
        order = np.argsort(x, kind="stable")
        x = x[order]
    else:
        x = x.copy()
    step = _hk_blocked_step if order is None else _hk_sorted_step
    t = 0
    while t < max_steps:
        new, fixed = step(x, eps)
        t += 1
        moved = np.max(np.abs(new - x))
        x = new
        if order is not None and np.any(x[1:] < x[:-1]):
            resort = np.argsort(x, kind="stable")
            x, order = x[resort], order[resort]
        if fixed or (tol is not None and moved <= tol):
            break
    if order is not None:
        out = np.empty_like(x)
        out[order] = x
        x = out
    return x, t


def hegselmann_krause_run(
    x, *, eps: float, tol: float = 1e-12, max_steps: int = 10_000, rng=None
) -> tuple[np.ndarray, int]:
    """Iterate Hegselmann–Krause to convergence; return ``(final, steps)``.

    Stops when no agent moves more than ``tol``, when the confidence graph is a
    union of disjoint cliques (the new state is then an exact fixed point), or
    after ``max_steps`` updates.
    """
    ignore_rng(rng)
    x = as_opinions(x)
    eps = as_real(eps, "eps", 0.0, np.inf)
    tol = as_real(tol, "tol", 0.0, np.inf)
    return _hk(x, eps, as_count(max_steps, "max_steps"), tol)


def hegselmann_krause(
    x,
    *,
    eps: float,
    steps: int = 1,
    rng=None,
    until_converged: bool = False,
    tol: float = 1e-12,
    max_steps: int = 10_000,
) -> np.ndarray:
    """Hegselmann–Krause synchronous bounded confidence.

    Every agent moves to the mean opinion of all agents within distance
    ``<= eps`` (itself included). 1-D uses sorting and prefix sums
    (O(N log N) per step); (N, K) opinions compare every pair, a block of rows
    at a time (O(N²) time, O(N) memory). With
    ``until_converged`` iterate as :func:`hegselmann_krause_run` (which also
    returns the number of steps) instead of ``steps`` times.
    """
    if until_converged:
        return hegselmann_krause_run(x, eps=eps, tol=tol, max_steps=max_steps, rng=rng)[0]
    ignore_rng(rng)
    x = as_opinions(x)
    eps = as_real(eps, "eps", 0.0, np.inf)
    return _hk(x, eps, as_count(steps, "steps"), None)[0]
