"""Canonical opinion dynamics as pure, vectorised functions over numpy arrays.

Opinions ``x`` are floats of shape ``(N,)`` or ``(N, K)`` (one column per issue
option).  The distance between two agents is the largest absolute difference
over columns (L-infinity), i.e. ``|xi - xj|`` in 1-D.  Every function returns new
arrays, never mutates its inputs, and accepts ``rng`` (``None``, an int seed, a
``numpy.random.SeedSequence`` or a ``numpy.random.Generator``) so that all rules
share one call style; deterministic rules simply ignore it.  Invalid input
raises :class:`simulator.i18n.BilingualError` (a ``ValueError``).

Models
------
- DeGroot, M. H. (1974). Reaching a consensus. *JASA* 69(345), 118-121.
- Friedkin, N. E. & Johnsen, E. C. (1990). Social influence and opinions.
  *J. Math. Sociology* 15(3-4), 193-206.
- Deffuant, G., Neau, D., Amblard, F. & Weisbuch, G. (2000). Mixing beliefs
  among interacting agents. *Advances in Complex Systems* 3, 87-98.
- Hegselmann, R. & Krause, U. (2002). Opinion dynamics and bounded confidence:
  models, analysis and simulation. *JASSS* 5(3).
- Mäs, M. & Flache, A. (2013). Differentiation without distancing. Explaining
  bi-polarization of opinions without negative influence. *PLoS ONE* 8(11),
  e74516.
"""

from __future__ import annotations

import operator

import numpy as np

from simulator.i18n import BilingualError

__all__ = [
    "RULES",
    "argument_exchange",
    "argument_opinions",
    "cluster_labels",
    "cluster_sizes",
    "clusters",
    "deffuant",
    "degroot",
    "degroot_consensus",
    "degroot_weights",
    "friedkin_johnsen",
    "friedkin_johnsen_equilibrium",
    "hegselmann_krause",
    "hegselmann_krause_run",
    "init_arguments",
]

_STOCHASTIC_TOL = 1e-9


# --------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------


def _rng(rng) -> np.random.Generator:
    try:
        return np.random.default_rng(rng)
    except (TypeError, ValueError) as exc:
        raise BilingualError(
            f"无法由 {rng!r} 创建随机数生成器：{exc}",
            f"cannot build a random generator from {rng!r}: {exc}",
        ) from None


def _no_rng(rng) -> None:
    """Validate ``rng`` for deterministic functions without seeding anything."""
    if rng is not None and not isinstance(rng, np.random.Generator):
        _rng(rng)


def _opinions(x, name: str = "x") -> np.ndarray:
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


def _stochastic(W, n: int) -> np.ndarray:
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


def _susceptibility(lam, n: int) -> np.ndarray:
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


def _count(value, name: str) -> int:
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


def _real(value, name: str, lo: float, hi: float, *, lo_open=False, hi_open=False):
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


def _column(v: np.ndarray, ndim: int) -> np.ndarray:
    """Reshape a per-agent vector so it broadcasts against opinions of ``ndim``."""
    return v.reshape(v.shape + (1,) * (ndim - 1))


def _within(x: np.ndarray, radius: float) -> np.ndarray:
    """Dense (N, N) mask of pairs at L-infinity distance <= radius."""
    cols = x.reshape(len(x), -1)
    mask = np.ones((len(x), len(x)), dtype=bool)
    for c in cols.T:
        mask &= np.abs(c[:, None] - c[None, :]) <= radius
    return mask


# --------------------------------------------------------------------------
# DeGroot
# --------------------------------------------------------------------------


def degroot(x, W, *, steps: int = 1, rng=None) -> np.ndarray:
    """DeGroot averaging: ``x <- W x``, repeated ``steps`` times (synchronous)."""
    _no_rng(rng)
    x = _opinions(x)
    W = _stochastic(W, len(x))
    x = x.copy()
    for _ in range(_count(steps, "steps")):
        x = W @ x
    return x


def degroot_weights(W, *, rng=None) -> np.ndarray:
    """Social-power weights ``pi`` with ``pi W = pi`` and ``sum(pi) = 1``.

    ``pi`` is the normalised left eigenvector of ``W`` for eigenvalue 1, found by
    solving ``pi (I - W) = 0`` with one equation replaced by ``sum(pi) = 1``.
    It is unique when ``W`` has a single closed communication class.
    """
    _no_rng(rng)
    W = _stochastic(W, len(W) if np.ndim(W) == 2 else 0)
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
    x0 = _opinions(x0, "x0")
    W = _stochastic(W, len(x0))
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
    _no_rng(rng)
    x = _opinions(x)
    x0 = x if x0 is None else _opinions(x0, "x0")
    if x0.shape != x.shape:
        raise BilingualError(
            f"x0 的形状 {x0.shape} 与 x 的形状 {x.shape} 不一致。",
            f"x0 has shape {x0.shape} but x has shape {x.shape}.",
        )
    W = _stochastic(W, len(x))
    lam = _column(_susceptibility(lam, len(x)), x.ndim)
    anchor = (1.0 - lam) * x0
    x = x.copy()
    for _ in range(_count(steps, "steps")):
        x = lam * (W @ x) + anchor
    return x


def friedkin_johnsen_equilibrium(x0, W, lam, *, rng=None) -> np.ndarray:
    """Closed-form Friedkin–Johnsen limit ``(I - Λ W)^{-1} (I - Λ) x0``."""
    _no_rng(rng)
    x0 = _opinions(x0, "x0")
    W = _stochastic(W, len(x0))
    lam = _susceptibility(lam, len(x0))
    A = np.eye(len(x0)) - lam[:, None] * W
    try:
        singular = np.linalg.cond(A, 1) > 1e12
        out = None if singular else np.linalg.solve(A, _column(1.0 - lam, x0.ndim) * x0)
    except np.linalg.LinAlgError:
        out = None
    if out is None:
        raise BilingualError(
            "I − ΛW 不可逆：每个人都必须直接或间接地听取某位固执者（lam < 1）的意见。",
            "I - ΛW is singular: every agent must listen, directly or "
            "indirectly, to some stubborn agent (lam < 1).",
        )
    return out


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
    gen = _rng(rng)
    x = _opinions(x).copy()
    d = _real(d, "d", 0.0, np.inf, lo_open=True)
    mu = _real(mu, "mu", 0.0, 0.5, lo_open=True)
    n = len(x)
    half = n // 2
    for _ in range(2 * _count(sweeps, "sweeps")):
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


def _hk_dense_step(x: np.ndarray, eps: float) -> tuple[np.ndarray, bool]:
    """One HK step with a dense (N, N) L-infinity confidence mask."""
    mask = _within(x, eps)
    new = (mask.astype(float) @ x.reshape(len(x), -1)) / mask.sum(axis=1)[:, None]
    new = new.reshape(x.shape)
    first = mask.argmax(axis=1)
    fixed = bool(np.array_equal(mask, mask[first]))
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
    step = _hk_dense_step if order is None else _hk_sorted_step
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
    _no_rng(rng)
    x = _opinions(x)
    eps = _real(eps, "eps", 0.0, np.inf)
    tol = _real(tol, "tol", 0.0, np.inf)
    return _hk(x, eps, _count(max_steps, "max_steps"), tol)


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
    (O(N log N) per step); (N, K) opinions use a dense N×N mask. With
    ``until_converged`` iterate as :func:`hegselmann_krause_run` (which also
    returns the number of steps) instead of ``steps`` times.
    """
    if until_converged:
        return hegselmann_krause_run(x, eps=eps, tol=tol, max_steps=max_steps, rng=rng)[0]
    _no_rng(rng)
    x = _opinions(x)
    eps = _real(eps, "eps", 0.0, np.inf)
    return _hk(x, eps, _count(steps, "steps"), None)[0]


# --------------------------------------------------------------------------
# Clusters
# --------------------------------------------------------------------------


def cluster_labels(x, *, tol: float = 1e-3, rng=None) -> np.ndarray:
    """Single-linkage cluster labels: agents within ``tol`` (L-infinity) chain.

    1-D labels grow with opinion; (N, K) labels follow first appearance.
    """
    _no_rng(rng)
    x = _opinions(x)
    tol = _real(tol, "tol", 0.0, np.inf)
    n = len(x)
    labels = np.empty(n, dtype=np.intp)
    if x.ndim == 1:
        order = np.argsort(x, kind="stable")
        labels[order] = np.concatenate(([0], np.cumsum(np.diff(x[order]) > tol)))
        return labels
    near = _within(x, tol)
    labels.fill(-1)
    count = 0
    for i in range(n):
        if labels[i] >= 0:
            continue
        frontier = np.zeros(n, dtype=bool)
        frontier[i] = True
        while frontier.any():  # breadth-first search over the dense mask
            labels[frontier] = count
            frontier = near[frontier].any(axis=0) & (labels < 0)
        count += 1
    return labels


def cluster_sizes(x, *, tol: float = 1e-3, rng=None) -> np.ndarray:
    """Sizes of the opinion clusters (see :func:`cluster_labels`), largest first."""
    return np.sort(np.bincount(cluster_labels(x, tol=tol, rng=rng)))[::-1]


def clusters(x, *, tol: float = 1e-3, min_share: float = 0.0, rng=None) -> int:
    """Number of opinion clusters holding at least ``min_share`` of the agents."""
    min_share = _real(min_share, "min_share", 0.0, 1.0)
    sizes = cluster_sizes(x, tol=tol, rng=rng)
    return int(np.sum(sizes >= min_share * sizes.sum()))


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
    gen = _rng(rng)
    n = _count(n, "n")
    pool = _count(pool, "pool")
    held = _count(held, "held")
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
    gen = _rng(rng)
    arguments, ages, s = _argument_state(arguments, ages)
    steps = _count(steps, "steps")
    h = _real(homophily, "homophily", 0.0, np.inf)
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


RULES = {
    "degroot": degroot,
    "friedkin_johnsen": friedkin_johnsen,
    "deffuant": deffuant,
    "hegselmann_krause": hegselmann_krause,
    "argument_exchange": argument_exchange,
}
