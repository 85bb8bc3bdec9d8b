"""Tests for differences between two published figures, and control of false discoveries.

Every test returns a two-sided p-value per cell, vectorised: arguments are broadcast against
each other as float arrays. A cell that cannot be tested (NaN, empty group, a share above
100%) gives NaN; nothing raises on data.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from duiding.analysis.intervals import as_floats


def whole_counts(counts: NDArray[np.float64]) -> NDArray[np.float64]:
    """Counts rounded to the nearest integer, halves up (a rounded CBS figure may be a float)."""
    return np.floor(counts + 0.5)


def two_proportions_test(x1: ArrayLike, n1: ArrayLike, x2: ArrayLike, n2: ArrayLike) -> NDArray[np.float64]:
    """Pooled two-proportion z-test of x1/n1 against x2/n2 (two-sided p-value).

    NaN where a group size is <= 0, a count is negative or above its group size, or any
    input is NaN. Where the pooled proportion is 0 or 1 (no variation at all) the p-value
    is 1.0: the two shares are equal.
    """
    a, na, b, nb = as_floats(x1, n1, x2, n2)
    valid = (na > 0) & (nb > 0) & (a >= 0) & (b >= 0) & (a <= na) & (b <= nb)
    na_safe, nb_safe = np.where(valid, na, 1.0), np.where(valid, nb, 1.0)
    a_safe, b_safe = np.where(valid, a, 0.0), np.where(valid, b, 0.0)
    pooled = (a_safe + b_safe) / (na_safe + nb_safe)
    variance = pooled * (1 - pooled) * (1 / na_safe + 1 / nb_safe)
    degenerate = variance <= 0
    se = np.sqrt(np.where(degenerate, 1.0, variance))
    z = (a_safe / na_safe - b_safe / nb_safe) / se
    p = np.where(degenerate, 1.0, 2 * stats.norm.sf(np.abs(z)))
    return np.where(valid, p, np.nan)


def two_poisson_test(x1: ArrayLike, e1: ArrayLike, x2: ArrayLike, e2: ArrayLike) -> NDArray[np.float64]:
    """Exact conditional test of the rates x1/e1 and x2/e2 (two-sided p-value, central method).

    Under H0 (equal rates) x1 given x1 + x2 is Binomial(x1 + x2, e1 / (e1 + e2)); the p-value
    is min(1, 2 · min(P(X <= x1), P(X >= x1))). For two counts without exposure pass
    e1 = e2 = 1. Counts are rounded to whole numbers first (halves up). Two zero counts give
    1.0. NaN where an exposure is <= 0, a count is negative, or any input is NaN.
    """
    a, ea, b, eb = as_floats(x1, e1, x2, e2)
    a, b = whole_counts(a), whole_counts(b)
    valid = (ea > 0) & (eb > 0) & (a >= 0) & (b >= 0)
    ea_safe, eb_safe = np.where(valid, ea, 1.0), np.where(valid, eb, 1.0)
    a_safe, total = np.where(valid, a, 0.0), np.where(valid, a + b, 0.0)
    share = ea_safe / (ea_safe + eb_safe)
    lower_tail = stats.binom.cdf(a_safe, total, share)
    upper_tail = stats.binom.sf(a_safe - 1, total, share)
    p = np.minimum(1.0, 2 * np.minimum(lower_tail, upper_tail))
    return np.where(valid, p, np.nan)


def two_means_test(
    m1: ArrayLike, s1: ArrayLike, n1: ArrayLike, m2: ArrayLike, s2: ArrayLike, n2: ArrayLike
) -> NDArray[np.float64]:
    """Welch's t-test of two means from their summary figures (two-sided p-value).

    ``s1``/``s2`` are sample standard deviations, ``n1``/``n2`` group sizes; the degrees of
    freedom are Welch–Satterthwaite's. NaN where a group has fewer than 2 values, a spread
    is negative, any input is NaN, or both spreads are 0 (no variation to test against).
    """
    ma, sa, na, mb, sb, nb = as_floats(m1, s1, n1, m2, s2, n2)
    valid = (na >= 2) & (nb >= 2) & (sa >= 0) & (sb >= 0) & np.isfinite(ma) & np.isfinite(mb)
    na_safe, nb_safe = np.where(valid, na, 2.0), np.where(valid, nb, 2.0)
    va = np.where(valid, sa, 0.0) ** 2 / na_safe
    vb = np.where(valid, sb, 0.0) ** 2 / nb_safe
    variance = va + vb
    valid &= variance > 0
    variance_safe = np.where(valid, variance, 1.0)
    t = (np.where(valid, ma - mb, 0.0)) / np.sqrt(variance_safe)
    df = variance_safe**2 / np.where(valid, va**2 / (na_safe - 1) + vb**2 / (nb_safe - 1), 1.0)
    p = 2 * stats.t.sf(np.abs(t), df)
    return np.where(valid, p, np.nan)


def benjamini_hochberg(p_values: ArrayLike, q: float = 0.05) -> NDArray[np.bool_]:
    """Which hypotheses the Benjamini–Hochberg step-up procedure rejects at false discovery rate q.

    Returns a boolean array of the shape of ``p_values``. NaN p-values are never rejected
    and do not count in the number of tests m.
    """
    if not 0.0 < q < 1.0:
        raise ValueError(f"q must lie strictly between 0 and 1, got {q!r}")
    p = np.asarray(p_values, dtype=np.float64)
    flat = p.ravel()
    tested = np.flatnonzero(~np.isnan(flat))
    rejected = np.zeros(flat.shape, dtype=np.bool_)
    m = tested.size
    if m == 0:
        return rejected.reshape(p.shape)
    order = tested[np.argsort(flat[tested], kind="stable")]
    below = flat[order] <= q * np.arange(1, m + 1) / m
    if below.any():
        k = int(np.flatnonzero(below)[-1]) + 1
        rejected[order[:k]] = True
    return rejected.reshape(p.shape)
