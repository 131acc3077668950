"""Tests for simulator.dynamics: closed forms, published regularities, contracts."""

from __future__ import annotations

import numpy as np
import pytest

from simulator import dynamics as dy
from simulator.dynamics import bounded
from simulator.i18n import BilingualError

SEEDS = range(10)


def random_stochastic(n: int, seed: int) -> np.ndarray:
    """A random positive (hence irreducible and aperiodic) row-stochastic matrix."""
    W = np.random.default_rng(seed).random((n, n)) + 1e-3
    return W / W.sum(axis=1, keepdims=True)


def uniform(n: int, seed: int, k: int | None = None) -> np.ndarray:
    return np.random.default_rng(seed).random(n if k is None else (n, k))


# --------------------------------------------------------------------------
# DeGroot
# --------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("k", [None, 3])
def test_degroot_iteration_reaches_closed_form_consensus(seed, k):
    n = 25
    W = random_stochastic(n, seed)
    x0 = uniform(n, seed + 100, k)
    limit = dy.degroot(x0, W, steps=300)
    expected = dy.degroot_consensus(x0, W)
    assert np.shape(expected) == (() if k is None else (k,))
    assert np.max(np.abs(limit - expected)) < 1e-9
    # Everyone agrees, and the value is a convex combination of x0.
    assert np.ptp(limit, axis=0).max() < 1e-9
    assert np.all(x0.min(axis=0) <= expected) and np.all(expected <= x0.max(axis=0))


@pytest.mark.parametrize("seed", range(5))
def test_degroot_weights_are_stationary(seed):
    W = random_stochastic(30, seed)
    pi = dy.degroot_weights(W)
    assert np.all(pi > 0)
    assert abs(pi.sum() - 1) < 1e-12
    assert np.max(np.abs(pi @ W - pi)) < 1e-12


def test_degroot_single_step_is_matrix_product():
    W = random_stochastic(8, 1)
    x = uniform(8, 2)
    assert np.allclose(dy.degroot(x, W), W @ x, atol=1e-15)
    assert np.array_equal(dy.degroot(x, W, steps=0), x)


def test_degroot_consensus_rejects_disconnected_network():
    W = np.eye(4)  # four isolated agents: no unique stationary distribution
    with pytest.raises(BilingualError):
        dy.degroot_consensus(np.arange(4.0), W)


# --------------------------------------------------------------------------
# Friedkin–Johnsen
# --------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("k", [None, 2])
def test_friedkin_johnsen_iteration_reaches_equilibrium(seed, k):
    n = 20
    W = random_stochastic(n, seed)
    lam = np.random.default_rng(seed + 7).uniform(0.0, 0.9, n)
    x0 = uniform(n, seed + 100, k)
    limit = dy.friedkin_johnsen(x0, W, lam, steps=500)
    expected = dy.friedkin_johnsen_equilibrium(x0, W, lam)
    assert np.max(np.abs(limit - expected)) < 1e-9
    # The equilibrium is a fixed point of one more step anchored at x0.
    again = dy.friedkin_johnsen(expected, W, lam, x0=x0)
    assert np.max(np.abs(again - expected)) < 1e-12


def test_friedkin_johnsen_limits():
    W = random_stochastic(10, 3)
    x, x0 = uniform(10, 4), uniform(10, 5)
    # lam = 0: fully stubborn, everyone returns to their anchor.
    assert np.array_equal(dy.friedkin_johnsen(x, W, 0.0, x0=x0), x0)
    assert np.allclose(dy.friedkin_johnsen_equilibrium(x0, W, 0.0), x0, atol=1e-12)
    # lam = 1: fully susceptible, it is a DeGroot step.
    assert np.allclose(dy.friedkin_johnsen(x, W, 1.0, x0=x0, steps=3), dy.degroot(x, W, steps=3))
    # Per-agent lam broadcasts as a diagonal.
    lam = np.linspace(0, 1, 10)
    manual = lam * (W @ x) + (1 - lam) * x0
    assert np.allclose(dy.friedkin_johnsen(x, W, lam, x0=x0), manual, atol=1e-15)


def test_friedkin_johnsen_equilibrium_singular():
    W = random_stochastic(6, 0)
    with pytest.raises(BilingualError):
        dy.friedkin_johnsen_equilibrium(uniform(6, 1), W, 1.0)  # I - W is singular


# --------------------------------------------------------------------------
# Deffuant–Weisbuch
# --------------------------------------------------------------------------


def deffuant_major_clusters(d: float, seed: int, n: int = 1000, sweeps: int = 300) -> int:
    gen = np.random.default_rng(seed)
    x = dy.deffuant(gen.random(n), d=d, mu=0.5, sweeps=sweeps, rng=gen)
    return dy.clusters(x, tol=1e-3, min_share=0.02)


@pytest.mark.parametrize(
    "d, low, high",
    [(0.1, 4.0, 6.0), (0.15, 2.5, 3.5), (0.25, 1.5, 2.5), (0.3, 1.0, 2.0)],
)
def test_deffuant_major_clusters_follow_one_over_2d(d, low, high):
    counts = [deffuant_major_clusters(d, seed) for seed in SEEDS]
    assert low <= np.mean(counts) <= high, counts
    assert min(counts) >= 1


def test_deffuant_wide_confidence_gives_consensus():
    assert all(deffuant_major_clusters(0.6, seed, sweeps=100) == 1 for seed in SEEDS)


@pytest.mark.parametrize("k", [None, 3])
def test_deffuant_conserves_mean_each_sweep(k):
    gen = np.random.default_rng(11)
    x = uniform(1001, 12, k)  # odd N: one agent sits out of each matching
    for _ in range(20):
        y = dy.deffuant(x, d=0.3, mu=0.37, rng=gen)
        assert np.max(np.abs(y.mean(axis=0) - x.mean(axis=0))) < 1e-9
        assert not np.array_equal(y, x)
        x = y


def test_deffuant_only_close_pairs_interact():
    x = np.array([0.0, 1.0, 2.0, 3.0])
    assert np.array_equal(dy.deffuant(x, d=1.0, mu=0.5, sweeps=50, rng=0), x)
    # mu = 0.5 with two agents: they meet in the middle at the first encounter.
    assert np.array_equal(dy.deffuant([0.25, 0.75], d=0.6, mu=0.5, rng=0), [0.5, 0.5])


# --------------------------------------------------------------------------
# Hegselmann–Krause
# --------------------------------------------------------------------------


def hk_clusters(eps: float, seed: int, n: int = 1000) -> int:
    final, _ = dy.hegselmann_krause_run(uniform(n, seed), eps=eps)
    return dy.clusters(final, tol=1e-6)


def test_hk_consensus_for_wide_confidence():
    assert all(hk_clusters(0.3, seed) == 1 for seed in SEEDS)


def test_hk_fragmentation_for_narrow_confidence():
    assert all(hk_clusters(0.1, seed) > 1 for seed in SEEDS)


def test_hk_consensus_threshold_near_one_fifth():
    def share(eps):
        return np.mean([hk_clusters(eps, seed) == 1 for seed in SEEDS])

    low, high = share(0.15), share(0.25)
    assert low <= 0.3 and high >= 0.7 and high > low


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("eps", [0.05, 0.2, 0.5])
def test_hk_sorted_trick_equals_dense_mask(seed, eps):
    x = uniform(500, seed)
    fast = dy.hegselmann_krause(x, eps=eps, steps=3)
    dense = dy.hegselmann_krause(x.reshape(-1, 1), eps=eps, steps=3)
    assert np.max(np.abs(fast - dense[:, 0])) < 1e-12
    # and both equal the textbook definition for one step
    near = np.abs(x[:, None] - x[None, :]) <= eps
    textbook = (near @ x) / near.sum(axis=1)
    assert np.max(np.abs(dy.hegselmann_krause(x, eps=eps) - textbook)) < 1e-12


def test_hk_fixed_point_detection_matches_definition():
    # The early stop fires iff the confidence graph is a union of disjoint cliques.
    gen = np.random.default_rng(0)
    seen = set()
    for _ in range(1000):
        x = gen.integers(0, 10, gen.integers(1, 8)) / 4  # grid values: ties and exact eps gaps
        near = np.abs(x[:, None] - x[None, :]) <= 0.5
        cliques = all(np.array_equal(near[i], near[j]) for i, j in zip(*np.nonzero(near)))
        assert bounded._hk_sorted_step(np.sort(x), 0.5)[1] == cliques
        assert bounded._hk_dense_step(x.reshape(-1, 1), 0.5)[1] == cliques
        seen.add(cliques)
    assert seen == {True, False}


def test_hk_run_reports_steps_and_reaches_fixed_point():
    x = uniform(300, 3)
    final, steps = dy.hegselmann_krause_run(x, eps=0.15)
    assert 1 <= steps < 10_000
    assert np.array_equal(dy.hegselmann_krause(x, eps=0.15, until_converged=True), final)
    assert np.array_equal(dy.hegselmann_krause(x, eps=0.15, steps=steps), final)
    assert np.max(np.abs(dy.hegselmann_krause(final, eps=0.15) - final)) <= 1e-12
    # Clusters end more than eps apart.
    centres = np.unique(np.round(final, 9))
    assert np.all(np.diff(centres) > 0.15)
    # Capped runs stop at the cap.
    assert dy.hegselmann_krause_run(x, eps=0.15, max_steps=1)[1] == 1


@pytest.mark.parametrize("shape", [(-1,), (-1, 1)])
def test_hk_confidence_bound_is_inclusive(shape):
    x = np.array([0.5, 0.0, 0.25, 0.25]).reshape(shape)  # unsorted, with a tie
    y = dy.hegselmann_krause(x, eps=0.25).reshape(-1)
    assert np.allclose(y, [1 / 3, 1 / 6, 0.25, 0.25], rtol=0, atol=1e-15)


def test_hk_two_dimensional_uses_linf_distance():
    x = np.array([[0.0, 0.0], [0.1, 0.25], [0.2, 0.0]])
    # Agents 0 and 2 are 0.2 apart; agent 1 is 0.25 away from both (L-infinity).
    y = dy.hegselmann_krause(x, eps=0.2)
    assert np.allclose(y, [[0.1, 0.0], [0.1, 0.25], [0.1, 0.0]])


# --------------------------------------------------------------------------
# Clusters
# --------------------------------------------------------------------------


def test_clusters_one_and_two_dimensional():
    x = np.array([0.0, 0.0005, 0.5, 0.5, 0.5, 0.9])
    assert dy.clusters(x) == 3
    assert list(dy.cluster_sizes(x)) == [3, 2, 1]
    assert dy.clusters(x, min_share=0.3) == 2
    assert dy.clusters(x.reshape(-1, 1)) == 3
    # Single linkage chains points closer than tol.
    assert dy.clusters(np.arange(10) * 1e-4) == 1
    xy = np.array([[0, 0], [0, 0.5], [0.0005, 0.5005], [0.5, 0]])
    assert dy.clusters(xy) == 3
    labels = dy.cluster_labels(xy)
    assert labels[1] == labels[2] and len({labels[0], labels[1], labels[3]}) == 3


@pytest.mark.parametrize("seed", range(3))
def test_cluster_labels_two_dimensional_agree_with_one_dimensional(seed):
    x = uniform(60, seed)
    one = dy.cluster_labels(x, tol=0.02)
    two = dy.cluster_labels(np.column_stack([x, np.zeros_like(x)]), tol=0.02)
    assert 3 < one.max() + 1 < 60
    # Same partition (labels may be numbered differently).
    assert np.array_equal(one[:, None] == one[None, :], two[:, None] == two[None, :])


# --------------------------------------------------------------------------
# Argument exchange (Mäs & Flache 2013)
# --------------------------------------------------------------------------


def test_argument_exchange_invariants():
    args, ages = dy.init_arguments(40, pool=10, held=4, rng=1)
    a0, r0 = args.copy(), ages.copy()
    new_args, new_ages = dy.argument_exchange(args, ages, steps=3000, homophily=3, rng=2)
    assert np.array_equal(args, a0) and np.array_equal(ages, r0)  # inputs untouched
    assert np.all(new_args.sum(axis=1) == 4)
    o = dy.argument_opinions(new_args)
    assert np.all((-1 <= o) & (o <= 1))
    assert np.allclose(o * 4, np.round(o * 4))


@pytest.mark.parametrize("seed", range(40))
def test_argument_exchange_single_step_semantics(seed):
    args, ages = dy.init_arguments(3, pool=3, held=2, rng=seed)
    new_args, new_ages = dy.argument_exchange(args, ages, homophily=1.5, rng=seed + 1)
    changed_ages = np.flatnonzero(np.any((new_ages != ages) & new_args, axis=1))
    assert len(changed_ages) == 1  # exactly one receiver
    i = changed_ages[0]
    others = [j for j in range(3) if j != i]
    assert np.array_equal(new_args[others], args[others])
    # The receiver's most recent argument came from another agent.
    newest = np.flatnonzero(new_args[i])[np.argmax(new_ages[i][new_args[i]])]
    assert args[others, newest].any()
    dropped = np.flatnonzero(args[i] & ~new_args[i])
    if args[i, newest]:
        assert len(dropped) == 0
    else:  # a new argument replaced the least recent one
        held = np.flatnonzero(args[i])
        assert list(dropped) == [held[np.argmin(ages[i, held])]]


def test_argument_exchange_homophily_bipolarises():
    def variance(h, seed):
        args, ages = dy.init_arguments(50, pool=10, held=4, rng=seed)
        final, _ = dy.argument_exchange(args, ages, steps=5000, homophily=h, rng=seed + 1000)
        return dy.argument_opinions(final).var()

    mixed = np.mean([variance(0, seed) for seed in range(6)])
    homophilous = np.mean([variance(9, seed) for seed in range(6)])
    assert homophilous > 2 * mixed


# --------------------------------------------------------------------------
# Determinism, purity, validation, registry
# --------------------------------------------------------------------------


def test_same_seed_same_result_and_generator_equals_seed():
    x = uniform(200, 0)
    a = dy.deffuant(x, d=0.3, mu=0.3, sweeps=5, rng=42)
    assert np.array_equal(a, dy.deffuant(x, d=0.3, mu=0.3, sweeps=5, rng=42))
    assert np.array_equal(a, dy.deffuant(x, d=0.3, mu=0.3, sweeps=5, rng=np.random.default_rng(42)))
    seq = np.random.SeedSequence(42)
    assert np.array_equal(a, dy.deffuant(x, d=0.3, mu=0.3, sweeps=5, rng=seq))
    assert not np.array_equal(a, dy.deffuant(x, d=0.3, mu=0.3, sweeps=5, rng=43))
    state = dy.init_arguments(20, rng=5)
    one = dy.argument_exchange(*state, steps=200, homophily=2, rng=7)
    two = dy.argument_exchange(*state, steps=200, homophily=2, rng=np.random.default_rng(7))
    assert all(np.array_equal(p, q) for p, q in zip(one, two))


def test_inputs_are_not_mutated():
    x = uniform(50, 1)
    W = random_stochastic(50, 2)
    keep_x, keep_W = x.copy(), W.copy()
    dy.degroot(x, W, steps=2)
    dy.friedkin_johnsen(x, W, 0.5, steps=2)
    dy.deffuant(x, d=0.5, mu=0.5, sweeps=2, rng=0)
    dy.hegselmann_krause(x, eps=0.2, steps=2)
    dy.hegselmann_krause_run(x, eps=0.2)
    assert np.array_equal(x, keep_x) and np.array_equal(W, keep_W)


@pytest.mark.parametrize(
    "call",
    [
        lambda: dy.degroot(np.ones(3), np.ones((3, 3))),  # rows sum to 3
        lambda: dy.degroot(np.ones(3), np.full((3, 3), 1 / 3) + [[1e-6, -1e-6, 0]] * 3 + 1e-6),
        lambda: dy.degroot(np.ones(3), np.array([[2.0, -1.0, 0], [0, 1, 0], [0, 0, 1]])),
        lambda: dy.degroot(np.ones(4), np.eye(3)),  # wrong shape
        lambda: dy.degroot(np.ones((2, 2, 2)), np.eye(2)),
        lambda: dy.degroot(np.array([0.0, np.nan]), np.eye(2)),
        lambda: dy.degroot(np.ones(2), np.eye(2), steps=-1),
        lambda: dy.degroot(np.ones(2), np.eye(2), steps=1.5),
        lambda: dy.friedkin_johnsen(np.ones(2), np.eye(2), 1.2),
        lambda: dy.friedkin_johnsen(np.ones(2), np.eye(2), [0.5, 0.5, 0.5]),
        lambda: dy.friedkin_johnsen(np.ones(2), np.eye(2), 0.5, x0=np.ones(3)),
        lambda: dy.deffuant(np.ones(4), d=0.2, mu=0.6),
        lambda: dy.deffuant(np.ones(4), d=0.2, mu=0.0),
        lambda: dy.deffuant(np.ones(4), d=-0.1, mu=0.3),
        lambda: dy.deffuant(np.array([0.1, np.inf]), d=0.2, mu=0.3),
        lambda: dy.deffuant(np.array([]), d=0.2, mu=0.3),
        lambda: dy.deffuant(np.ones(4), d=0.2, mu=0.3, rng="seed"),
        lambda: dy.hegselmann_krause(np.ones(4), eps=-1),
        lambda: dy.hegselmann_krause(np.ones(4), eps=float("nan")),
        lambda: dy.clusters(np.ones(4), tol=-1),
        lambda: dy.argument_exchange(np.ones((3, 4), bool), np.zeros((3, 4), int), homophily=-1),
        lambda: dy.argument_exchange(np.eye(3, 4, dtype=bool) | np.eye(3, 4, 1, dtype=bool)
                                     | np.eye(3, 4, 2, dtype=bool), np.zeros((3, 4), int)),
        lambda: dy.argument_exchange(np.ones((3, 4), bool), np.zeros((3, 4))),
        lambda: dy.init_arguments(10, pool=2, held=5),
    ],
)
def test_invalid_inputs_raise_bilingual_value_error(call):
    with pytest.raises(ValueError) as info:
        call()
    assert isinstance(info.value, BilingualError)
    assert info.value.zh and info.value.en
