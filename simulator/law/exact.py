"""Exact floor-area sums, so that a share of exactly 2/3 or 3/4 is judged correctly.

Floor areas come from the property register as decimals (e.g. 89.37 m²).
A float such as 0.1 is only close to the decimal it stands for, so adding
floats and comparing shares could judge an exact 2/3 wrongly. Each area is
therefore read as the decimal it stands for: if a decimal with at most
AREA_DECIMALS (6) decimal places rounds to the float -- there is at most one
while the area is below 2**50 / 10**6 (about 1.1e9 m²) -- that decimal is the
area; any other float (e.g. 1/3, 1e-9, 5e12) is taken at its exact binary
value. All sums are exact rational numbers; no rounding happens anywhere.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

AREA_DECIMALS = 6
_SCALE = 10**AREA_DECIMALS
_MANTISSA_CAP = 1 << 50  # keeps the decimal reading unique and the int64 sums safe
_CHUNK = 1 << 25  # keeps every float partial sum in bincount below 2**53 (exact)


def _int_group_sums(ints: np.ndarray, keys: np.ndarray, n_keys: int, bits: int) -> list[int]:
    """Exact per-key sums of non-negative ints below ``2**(2*bits)``.

    The ints are split into two ``bits``-bit halves summed by ``bincount``
    (float64 partial sums below 2**53, hence exact) and recombined in Python.
    """
    hi = (ints >> bits).astype(np.float64)
    lo = (ints & ((1 << bits) - 1)).astype(np.float64)
    totals = [0] * n_keys
    for start in range(0, len(ints), _CHUNK):
        sl = slice(start, start + _CHUNK)
        s_hi = np.bincount(keys[sl], weights=hi[sl], minlength=n_keys)
        s_lo = np.bincount(keys[sl], weights=lo[sl], minlength=n_keys)
        for k in np.flatnonzero((s_hi != 0) | (s_lo != 0)):
            totals[int(k)] += (int(s_hi[k]) << bits) + int(s_lo[k])
    return totals


def _binary_group_sums(values: np.ndarray, groups: np.ndarray, n_groups: int) -> list[Fraction]:
    """Exact sums of the binary values of positive finite floats, per group."""
    if values.size == 0:
        return [Fraction(0)] * n_groups
    m, e = np.frexp(values)
    mant = np.ldexp(m, 53).astype(np.int64)  # exact: 0.5 <= m < 1 has <= 53 bits
    e_min = int(e.min())
    shift = (e - e_min).astype(np.int64)
    n_shift = int(shift.max()) + 1
    sums = _int_group_sums(mant, groups.astype(np.int64) * n_shift + shift, n_groups * n_shift, 27)
    out = [0] * n_groups
    for k, v in enumerate(sums):
        if v:
            g, sh = divmod(k, n_shift)
            out[g] += v << sh
    scale = Fraction(2) ** (e_min - 53)
    return [Fraction(v) * scale for v in out]


def exact_area_sums(values: np.ndarray, groups: np.ndarray, n_groups: int) -> list[Fraction]:
    """Exact per-group sums of positive finite floor areas read as decimals (see above).

    ``m = rint(a * 10**6)`` is the only candidate: when some 6-decimal rounds
    to ``a`` (and ``a < 2**50 / 10**6``), ``a * 10**6`` lies within 0.25 of it
    and the float product within a further 0.125, so ``rint`` finds it; the
    test ``m / 10**6 == a`` (IEEE division rounds correctly) then confirms it.
    """
    groups = groups.astype(np.int64)
    with np.errstate(over="ignore", invalid="ignore"):
        m = np.rint(values * float(_SCALE))
        dec = (m < _MANTISSA_CAP) & (m / float(_SCALE) == values)
    if dec.all():
        sums = _int_group_sums(m.astype(np.int64), groups, n_groups, 25)
        return [Fraction(v, _SCALE) for v in sums]
    sums = _int_group_sums(m[dec].astype(np.int64), groups[dec], n_groups, 25)
    rest = ~dec
    binary = _binary_group_sums(values[rest], groups[rest], n_groups)
    return [Fraction(v, _SCALE) + b for v, b in zip(sums, binary)]


def to_float(x: Fraction) -> float:
    try:
        return float(x)
    except OverflowError:
        return math.inf
