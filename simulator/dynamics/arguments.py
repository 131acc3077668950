"""Argument exchange in the style of Mäs & Flache (2013): opinions from the arguments one holds."""

from __future__ import annotations

import numpy as np

from ..i18n import BilingualError
from .inputs import as_count, as_real, generator


# --------------------------------------------------------------------------
# Argument exchange (Mäs & Flache 2013)
# --------------------------------------------------------------------------


def init_arguments(
    n: int, *, pool: int = 10, held: int = 4, rng=None
) -> tuple[np.ndarray, np.ndarray]:
    """Random initial state for :func:`argument_exchange`.

    There are ``pool`` pro arguments (columns ``0..pool-1``) and ``pool`` con
    arguments (columns ``pool..2*pool-1``); each of ``n`` agents holds ``held``
    distinct arguments drawn uniformly, in random recency order. Returns
    ``(arguments, ages)``: a bool (n, 2*pool) membership matrix and an int
    matrix of recency stamps (larger = adopted more recently; ignored where an
    argument is not held).
    """
    gen = generator(rng)
    n = as_count(n, "n")
    pool = as_count(pool, "pool")
    held = as_count(held, "held")
    if n < 2 or pool < 1 or not 1 <= held <= 2 * pool:
        raise BilingualError(
            "需要 n ≥ 2、pool ≥ 1 且 1 ≤ held ≤ 2·pool。",
            "need n >= 2, pool >= 1 and 1 <= held <= 2*pool.",
        )
    picks = np.argsort(gen.random((n, 2 * pool)), axis=1)[:, :held]
    arguments = np.zeros((n, 2 * pool), dtype=bool)
    np.put_along_axis(arguments, picks, True, axis=1)
    ages = np.full((n, 2 * pool), -1, dtype=np.int64)
    np.put_along_axis(ages, picks, np.arange(held)[None, :], axis=1)
    return arguments, ages


def _argument_state(arguments, ages) -> tuple[np.ndarray, np.ndarray, int]:
    a = np.asarray(arguments)
    if a.dtype != bool or a.ndim != 2 or a.shape[0] < 2 or a.shape[1] < 2 or a.shape[1] % 2:
        raise BilingualError(
            "arguments 应为形状 (N, 2P) 的布尔矩阵，N ≥ 2。",
            "arguments must be a boolean matrix of shape (N, 2P) with N >= 2.",
        )
    s = a.sum(axis=1)
    if s[0] < 1 or np.any(s != s[0]):
        raise BilingualError(
            "每个人持有的论据数量必须相同且至少为 1。",
            "every agent must hold the same number (>= 1) of arguments.",
        )
    r = np.asarray(ages)
    if r.shape != a.shape or not np.issubdtype(r.dtype, np.integer):
        raise BilingualError(
            f"ages 应为与 arguments 同形状 {a.shape} 的整数矩阵。",
            f"ages must be an integer matrix with the shape of arguments {a.shape}.",
        )
    return a.copy(), r.astype(np.int64), int(s[0])


def argument_opinions(arguments) -> np.ndarray:
    """Opinions ``(pro - con) / S`` in [-1, 1] from the membership matrix."""
    a, _, s = _argument_state(arguments, np.zeros(np.shape(arguments), dtype=np.int64))
    p = a.shape[1] // 2
    return (a[:, :p].sum(axis=1) - a[:, p:].sum(axis=1)) / s


def argument_exchange(
    arguments, ages, *, steps: int = 1, homophily: float = 0.0, rng=None
) -> tuple[np.ndarray, np.ndarray]:
    """Argument exchange after Mäs & Flache (2013); returns new ``(arguments, ages)``.

    Each step a uniformly random agent i picks a partner j != i with probability
    proportional to ``(1 - |oi - oj| / 2) ** homophily`` (uniform if all weights
    vanish) and hears one of j's arguments, chosen uniformly. A new argument
    replaces i's least recent one; one i already holds becomes its most recent.
    State is as in :func:`init_arguments`. Steps are sequential by nature, so
    this is a plain loop over small arrays.
    """
    gen = generator(rng)
    arguments, ages, s = _argument_state(arguments, ages)
    steps = as_count(steps, "steps")
    h = as_real(homophily, "homophily", 0.0, np.inf)
    n, p = arguments.shape[0], arguments.shape[1] // 2
    sign = [1] * p + [-1] * p
    # Each agent's S held arguments ("slots") and their recency stamps.
    slots = np.nonzero(arguments)[1].reshape(n, s)
    stamps = np.take_along_axis(ages, slots, axis=1)
    next_stamp = int(stamps.max()) + 1
    slots_l, stamps_l = slots.tolist(), stamps.tolist()
    # Opinions are net / S with net = pro - con in [-S, S]; homophily weights
    # depend only on the two nets, so they are tabulated once.
    net = arguments[:, :p].sum(axis=1) - arguments[:, p:].sum(axis=1)
    level = net + s
    gaps = np.abs(np.arange(2 * s + 1)[:, None] - np.arange(2 * s + 1)[None, :])
    table = (1.0 - gaps / (2.0 * s)) ** h
    receivers = gen.integers(n, size=steps).tolist()
    u_partner, u_argument = gen.random(steps).tolist(), gen.random(steps).tolist()
    for t in range(steps):
        i = receivers[t]
        w = table[level[i]][level]
        w[i] = 0.0
        cum = w.cumsum()
        total = cum[-1]
        if total > 0:  # inverse-CDF draw; zero-weight agents are never picked
            j = int(cum.searchsorted(u_partner[t] * total, side="right"))
            if j >= n:
                j = int(cum.searchsorted(total, side="left"))
        else:
            j = int(u_partner[t] * (n - 1))
            j += j >= i
        arg = slots_l[j][int(u_argument[t] * s)]
        mine, ranks = slots_l[i], stamps_l[i]
        if arg in mine:
            ranks[mine.index(arg)] = next_stamp + t
        else:
            k = ranks.index(min(ranks))
            level[i] += sign[arg] - sign[mine[k]]
            mine[k], ranks[k] = arg, next_stamp + t
    slots, stamps = np.array(slots_l, dtype=np.intp), np.array(stamps_l, dtype=np.int64)
    arguments = np.zeros_like(arguments)
    np.put_along_axis(arguments, slots, True, axis=1)
    np.put_along_axis(ages, slots, stamps, axis=1)
    return arguments, ages
