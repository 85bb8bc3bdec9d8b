"""Funnel plot control limits: is an area's figure unusual for its size?

Exact limits with interpolation after Spiegelhalter (2005), "Funnel plots for comparing
institutional performance", Statistics in Medicine 24:1185–1202, appendix A.1.1: for a
discrete distribution with cumulative distribution F, the p-quantile limit is

    r_p = the smallest r with F(r) >= p,
    α = (F(r_p) − p) / (F(r_p) − F(r_p − 1)),
    y_p = (r_p − α) / n,

which spreads the probability mass at r_p over the interval (r_p − 1, r_p]. A lower limit
is clipped at 0, where the interpolation would reach into negative values (when
P(X = 0) >= p). Limits are vectorised: arguments are broadcast against each other; a cell
without a limit gives NaN.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from duiding.analysis.intervals import Bounds, as_floats, check_level

COVERAGES = (0.95, 0.998)
"""The two funnels drawn: about 2 and 3 standard errors."""

WITHIN = "binnen"
OUTSIDE_95 = "95"
OUTSIDE_998 = "99.8"
HIGHER = "hoger"
LOWER = "lager"
EQUAL = "gelijk"


def _tail_probabilities(coverage: float) -> tuple[float, float]:
    """The probabilities p of the lower and upper limit for a two-sided ``coverage``."""
    outside = 1.0 - check_level(coverage, "coverage")
    return outside / 2, 1.0 - outside / 2


def _interpolated_limit(p: float, dist: Any) -> NDArray[np.float64]:
    """r_p − α for the frozen discrete scipy distribution ``dist`` (Spiegelhalter's interpolation)."""
    r = dist.ppf(p)
    at_r = dist.cdf(r)
    alpha = (at_r - p) / (at_r - dist.cdf(r - 1))
    return np.maximum(np.asarray(r - alpha, dtype=np.float64), 0.0)


def funnel_limits_proportion(p0: ArrayLike, n: ArrayLike, coverage: float) -> Bounds:
    """Exact limits for a share with target proportion ``p0`` in a group of size ``n`` (proportions 0..1).

    ``n`` is rounded to a whole number (halves up). NaN where n <= 0 or p0 is outside [0, 1]
    or NaN; at p0 = 0 or 1 the binomial is degenerate and both limits equal p0.
    """
    p_low, p_high = _tail_probabilities(coverage)
    target, size = as_floats(p0, n)
    size = np.floor(size + 0.5)
    valid = (size > 0) & (target >= 0) & (target <= 1)
    inner = valid & (target > 0) & (target < 1)
    size_safe = np.where(inner, size, 1.0)
    dist = stats.binom(size_safe, np.where(inner, target, 0.5))
    limits = []
    for p in (p_low, p_high):
        y = _interpolated_limit(p, dist) / size_safe
        limits.append(np.where(inner, y, np.where(valid, target, np.nan)))
    return limits[0], limits[1]


def funnel_limits_poisson(rate0: ArrayLike, exposure: ArrayLike, coverage: float) -> Bounds:
    """Exact limits for a rate (count / exposure) with target ``rate0``, from Poisson(rate0 × exposure).

    Limits are rates. NaN where exposure <= 0 or rate0 < 0 or NaN; at rate0 = 0 both limits are 0.
    """
    p_low, p_high = _tail_probabilities(coverage)
    target, size = as_floats(rate0, exposure)
    valid = (size > 0) & (target >= 0)
    inner = valid & (target > 0)
    size_safe = np.where(inner, size, 1.0)
    dist = stats.poisson(np.where(inner, target * size_safe, 1.0))
    limits = []
    for p in (p_low, p_high):
        y = _interpolated_limit(p, dist) / size_safe
        limits.append(np.where(inner, y, np.where(valid, target, np.nan)))
    return limits[0], limits[1]


def funnel_limits_normal(mean0: ArrayLike, sd: ArrayLike, n: ArrayLike, coverage: float) -> Bounds:
    """Limits for a mean: mean0 ± z × sd / √n, with z the normal quantile for ``coverage``.

    NaN where n <= 0, sd < 0, or any input is NaN.
    """
    _, p_high = _tail_probabilities(coverage)
    z = stats.norm.ppf(p_high)
    target, spread, size = as_floats(mean0, sd, n)
    valid = (size > 0) & (spread >= 0) & np.isfinite(target)
    half = z * np.where(valid, spread, 0.0) / np.sqrt(np.where(valid, size, 1.0))
    return np.where(valid, target - half, np.nan), np.where(valid, target + half, np.nan)


def funnel_band(
    value: ArrayLike, low95: ArrayLike, high95: ArrayLike, low998: ArrayLike, high998: ArrayLike
) -> NDArray[np.str_]:
    """Where each value lies: "binnen" (within the 95% limits), "95" (outside them, within 99.8%),
    "99.8" (outside the 99.8% limits), "" when any input is NaN. A value on a limit is within it.
    """
    v, lo95, hi95, lo998, hi998 = as_floats(value, low95, high95, low998, high998)
    known = ~(np.isnan(v) | np.isnan(lo95) | np.isnan(hi95) | np.isnan(lo998) | np.isnan(hi998))
    band = np.where((v < lo95) | (v > hi95), OUTSIDE_95, WITHIN)
    band = np.where((v < lo998) | (v > hi998), OUTSIDE_998, band)
    return np.where(known, band, "")


def funnel_direction(value: ArrayLike, target: ArrayLike) -> NDArray[np.str_]:
    """Whether each value is "hoger" (higher), "lager" (lower) or "gelijk" (equal to) the target; "" for NaN."""
    v, t = as_floats(value, target)
    direction = np.where(v > t, HIGHER, np.where(v < t, LOWER, EQUAL))
    return np.where(np.isnan(v) | np.isnan(t), "", direction)
