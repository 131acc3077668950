"""Opinion clusters: single-linkage groups of agents within a tolerance."""

from __future__ import annotations

import numpy as np

from .inputs import as_opinions, as_real, ignore_rng, within


# --------------------------------------------------------------------------
# Clusters
# --------------------------------------------------------------------------


def cluster_labels(x, *, tol: float = 1e-3, rng=None) -> np.ndarray:
    """Single-linkage cluster labels: agents within ``tol`` (L-infinity) chain.

    1-D labels grow with opinion; (N, K) labels follow first appearance.
    """
    ignore_rng(rng)
    x = as_opinions(x)
    tol = as_real(tol, "tol", 0.0, np.inf)
    n = len(x)
    labels = np.empty(n, dtype=np.intp)
    if x.ndim == 1:
        order = np.argsort(x, kind="stable")
        labels[order] = np.concatenate(([0], np.cumsum(np.diff(x[order]) > tol)))
        return labels
    near = within(x, tol)
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
    min_share = as_real(min_share, "min_share", 0.0, 1.0)
    sizes = cluster_sizes(x, tol=tol, rng=rng)
    return int(np.sum(sizes >= min_share * sizes.sum()))
