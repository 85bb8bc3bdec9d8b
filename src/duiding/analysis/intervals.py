"""Confidence intervals for published figures: shares, counts, rates and means.

Every function is vectorised: arguments are broadcast against each other as numpy arrays
of floats and the bounds come back with the broadcast shape. A cell that cannot carry an
interval (NaN, zero or negative size, a share above 100%) gives NaN bounds; nothing raises
on data, only on an impossible ``level``.
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

Bounds = tuple[NDArray[np.float64], NDArray[np.float64]]
"""Lower and upper bounds, each an array of the broadcast shape of the inputs."""


class IntervalMethod(StrEnum):
    """How the interval of an observation is worked out, chosen by the kind of figure."""

    WILSON = "wilson"
    """A share: numerator out of denominator (Wilson score interval)."""
    GARWOOD = "garwood"
    """A count, or a rate = count / exposure (exact Poisson interval, Garwood 1936)."""
    T = "t"
    """A mean with the sample standard deviation of the values it rests on."""
    NONE = "none"
    """A median or percentile: the published figures do not allow an interval."""


METHOD_LABELS: dict[IntervalMethod, str] = {
    IntervalMethod.WILSON: "95%-betrouwbaarheidsinterval volgens Wilson (voor een aandeel)",
    IntervalMethod.GARWOOD: "exact 95%-interval voor een aantal of een rate (Poisson, Garwood)",
    IntervalMethod.T: "95%-interval voor een gemiddelde (t-verdeling)",
    IntervalMethod.NONE: (
        "geen interval: voor een mediaan of percentiel is geen interval te berekenen uit de gepubliceerde cijfers"
    ),
}
"""One Dutch line per method, for readers of a chart or export (at the default level of 95%)."""


def check_level(level: float, name: str = "level") -> float:
    """Return ``level`` if it is a probability strictly between 0 and 1; raise ValueError otherwise."""
    if not 0.0 < level < 1.0:
        raise ValueError(f"{name} must lie strictly between 0 and 1, got {level!r}")
    return float(level)


def as_floats(*values: ArrayLike) -> list[NDArray[np.float64]]:
    """The arguments as float arrays broadcast to one shape (None becomes NaN)."""
    arrays = [np.asarray(v, dtype=np.float64) for v in values]
    return [np.array(a, dtype=np.float64) for a in np.broadcast_arrays(*arrays)]


def wilson_interval(successes: ArrayLike, trials: ArrayLike, level: float = 0.95) -> Bounds:
    """Wilson score interval for the share ``successes / trials``, as proportions 0..1.

    NaN where trials <= 0, successes < 0, successes > trials or either is NaN.
    """
    z = stats.norm.ppf(0.5 + check_level(level) / 2)
    x, n = as_floats(successes, trials)
    valid = (n > 0) & (x >= 0) & (x <= n)
    n_safe = np.where(valid, n, 1.0)
    p = np.where(valid, x, 0.0) / n_safe
    z2n = z * z / n_safe
    centre = (p + z2n / 2) / (1 + z2n)
    half = z / (1 + z2n) * np.sqrt(p * (1 - p) / n_safe + z2n / (4 * n_safe))
    low = np.where(valid, np.clip(centre - half, 0.0, 1.0), np.nan)
    high = np.where(valid, np.clip(centre + half, 0.0, 1.0), np.nan)
    # exact at the edges: no rounding error makes 0 of n exclude 0 or n of n exclude 1
    low = np.where(valid & (x == 0), 0.0, low)
    high = np.where(valid & (x == n), 1.0, high)
    return low, high


def garwood_interval(counts: ArrayLike, level: float = 0.95) -> Bounds:
    """Exact (central) Poisson interval for the expected count behind an observed count ``k``.

    lower = chi2.ppf(a/2, 2k) / 2 (0 when k = 0), upper = chi2.ppf(1 - a/2, 2k + 2) / 2, with
    a = 1 - level. A non-integer count (a rounded figure) is used as is: the chi-square
    quantiles are continuous in k. NaN where k < 0 or NaN.
    """
    alpha = 1.0 - check_level(level)
    (k,) = as_floats(counts)
    valid = k >= 0
    k_safe = np.where(valid, k, 0.0)
    # below the smallest normal float the lower quantile is 0 anyway (scipy gives NaN for subnormal k)
    positive = k_safe >= np.finfo(np.float64).tiny
    low = np.where(positive, stats.chi2.ppf(alpha / 2, 2 * np.where(positive, k_safe, 1.0)) / 2, 0.0)
    high = stats.chi2.ppf(1 - alpha / 2, 2 * k_safe + 2) / 2
    return np.where(valid, low, np.nan), np.where(valid, high, np.nan)


def t_interval(means: ArrayLike, spreads: ArrayLike, n: ArrayLike, level: float = 0.95) -> Bounds:
    """Interval for a mean: mean ± t(1 - a/2, n - 1) × sd / √n.

    ``spreads`` is the sample standard deviation, ``n`` the number of values the mean rests
    on. NaN where n < 2, the spread is negative, or any input is NaN.
    """
    q = 0.5 + check_level(level) / 2
    m, s, size = as_floats(means, spreads, n)
    valid = (size >= 2) & (s >= 0) & np.isfinite(m)
    size_safe = np.where(valid, size, 2.0)
    half = stats.t.ppf(q, size_safe - 1) * np.where(valid, s, 0.0) / np.sqrt(size_safe)
    return np.where(valid, m - half, np.nan), np.where(valid, m + half, np.nan)


def observation_interval(
    method: IntervalMethod,
    *,
    numerator: ArrayLike,
    denominator: ArrayLike,
    value: ArrayLike,
    spread: ArrayLike,
    per: ArrayLike,
    level: float = 0.95,
) -> Bounds:
    """The interval of observations on the scale of their ``value``.

    - WILSON: Wilson interval of numerator out of denominator, times ``per`` (100 for a
      percentage, 1 for a proportion).
    - GARWOOD: where the denominator is NaN the figure is a count and the interval is the
      Garwood interval of the numerator (``per`` is not applied); elsewhere it is a rate and
      the interval is Garwood(numerator) / denominator × per (NaN where denominator <= 0).
    - T: t interval around ``value`` with sample standard deviation ``spread``; the
      denominator is the number of rows or respondents the mean rests on.
    - NONE: NaN bounds.

    Arguments not used by a method may be None (read as NaN).
    """
    num, den, val, sd, scale = as_floats(numerator, denominator, value, spread, per)
    match method:
        case IntervalMethod.WILSON:
            low, high = wilson_interval(num, den, level)
            return low * scale, high * scale
        case IntervalMethod.GARWOOD:
            low, high = garwood_interval(num, level)
            is_count = np.isnan(den)
            with np.errstate(divide="ignore", invalid="ignore"):
                factor = np.where(is_count, 1.0, np.where(den > 0, scale / den, np.nan))
            return low * factor, high * factor
        case IntervalMethod.T:
            return t_interval(val, sd, den, level)
        case IntervalMethod.NONE:
            nothing = np.full(num.shape, np.nan)
            return nothing, nothing.copy()
