"""Neighbours: who talks to whom outside the meetings (P3), so views spread beyond the table.

Households that talk to neighbours at all (P3: 27.5% almost never do) have a few ties, most in
their own building (a random graph with buildings as blocks), kept as a row-normalised sparse
matrix so that a round's talk is one sparse product.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from ..scenario.behaviour import Persuasion


def neighbourhood(building: np.ndarray, size: int, p: Persuasion, rng: np.random.Generator) -> sparse.csr_array:
    """Row-normalised ties among the ``len(building)`` households (``size`` rows; organisations have none).

    Each household that talks to neighbours makes ``ties / 2`` ties on average (Poisson), each to a
    random talker of its own building or, with chance ``across_buildings``, of any building; ties go
    both ways, so the mean number of neighbours is about ``ties``. O(households) in time and memory.
    """
    talkers = np.flatnonzero(rng.random(len(building)) >= p.isolated)
    order = talkers[np.argsort(building[talkers], kind="stable")]
    b = building[order]
    stubs = rng.poisson(p.ties / 2, len(order))
    source = np.repeat(np.arange(len(order)), stubs)
    start = np.searchsorted(b, b[source], side="left")
    count = np.searchsorted(b, b[source], side="right") - start
    across = rng.random(len(source)) < p.across_buildings
    pick = rng.random(len(source))
    target = np.where(across, np.floor(pick * len(order)), start + np.floor(pick * count)).astype(int)
    keep = target != source
    rows, cols = order[source[keep]], order[target[keep]]
    ties = sparse.csr_array((np.ones(2 * len(rows)), (np.r_[rows, cols], np.r_[cols, rows])), shape=(size, size))
    ties.sum_duplicates()
    ties.data[:] = 1.0  # a pair tied twice is still one tie
    degree = np.diff(ties.indptr)
    ties.data /= np.repeat(degree, degree)  # each row sums to 1
    return ties


def talk(utility: np.ndarray, neighbours: sparse.csr_array, openness: np.ndarray, pull: float) -> None:
    """Between rounds each household moves ``pull × openness`` of the way to its neighbours' mean view."""
    has = np.diff(neighbours.indptr) > 0  # rows are normalised: a household with ties has a row summing to 1
    if pull == 0 or not has.any():
        return
    heard = neighbours @ utility
    step = pull * openness[:, None] * (heard - utility)
    utility[has] += step[has]
