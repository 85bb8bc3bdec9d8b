"""Funnel limits checked against a brute-force reference written here (walk r upwards, add up
the probabilities, interpolate as Spiegelhalter 2005 does), against scipy's normal interval,
and by simulation: about 5% of binomial draws fall outside the 95% limits."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy import stats

from duiding.analysis.funnel import (
    COVERAGES,
    funnel_band,
    funnel_direction,
    funnel_limits_normal,
    funnel_limits_poisson,
    funnel_limits_proportion,
)

RNG_SEED = 20250303


def _interpolate(p: float, pmfs: list[float]) -> float:
    """r_p − α for the first r where the running total of ``pmfs`` reaches p (clipped at 0)."""
    total = 0.0
    for r, pmf in enumerate(pmfs):
        if pmf == 0.0:
            continue
        total += pmf
        if total >= p:
            alpha = (total - p) / pmf
            return max(r - alpha, 0.0)
    return float(len(pmfs) - 1)


def _binomial_pmfs(n: int, p0: float) -> list[float]:
    return [
        math.exp(
            math.lgamma(n + 1)
            - math.lgamma(r + 1)
            - math.lgamma(n - r + 1)
            + r * math.log(p0)
            + (n - r) * math.log1p(-p0)
        )
        for r in range(n + 1)
    ]


def _poisson_pmfs(mu: float) -> list[float]:
    top = int(mu + 20 * math.sqrt(mu) + 30)
    return [math.exp(-mu + r * math.log(mu) - math.lgamma(r + 1)) for r in range(top + 1)]


def _brute_proportion(p0: float, n: int, coverage: float) -> tuple[float, float]:
    pmfs = _binomial_pmfs(n, p0)
    tail = (1 - coverage) / 2
    return _interpolate(tail, pmfs) / n, _interpolate(1 - tail, pmfs) / n


def _brute_poisson(rate0: float, exposure: float, coverage: float) -> tuple[float, float]:
    pmfs = _poisson_pmfs(rate0 * exposure)
    tail = (1 - coverage) / 2
    return _interpolate(tail, pmfs) / exposure, _interpolate(1 - tail, pmfs) / exposure


@pytest.mark.parametrize("coverage", COVERAGES)
@pytest.mark.parametrize("p0", [0.02, 0.2, 0.5, 0.93])
def test_proportion_limits_match_brute_force(p0: float, coverage: float) -> None:
    sizes = np.array([1, 2, 5, 20, 50, 333, 2000])
    low, high = funnel_limits_proportion(p0, sizes, coverage)
    reference = [_brute_proportion(p0, int(n), coverage) for n in sizes]
    np.testing.assert_allclose(low, [r[0] for r in reference], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(high, [r[1] for r in reference], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("coverage", COVERAGES)
@pytest.mark.parametrize("rate0", [0.001, 0.05, 2.0])
def test_poisson_limits_match_brute_force(rate0: float, coverage: float) -> None:
    exposures = np.array([10.0, 500.0, 12345.6, 80_000.0])
    low, high = funnel_limits_poisson(rate0, exposures, coverage)
    reference = [_brute_poisson(rate0, float(e), coverage) for e in exposures]
    np.testing.assert_allclose(low, [r[0] for r in reference], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(high, [r[1] for r in reference], rtol=1e-9, atol=1e-12)


def test_proportion_limits_cover_simulated_draws() -> None:
    rng = np.random.default_rng(RNG_SEED)
    shares = rng.binomial(50, 0.2, 20_000) / 50
    low95, high95 = funnel_limits_proportion(0.2, 50, 0.95)
    low998, high998 = funnel_limits_proportion(0.2, 50, 0.998)
    outside95 = np.mean((shares < low95) | (shares > high95))
    outside998 = np.mean((shares < low998) | (shares > high998))
    assert 0.035 < outside95 < 0.065
    assert outside998 < 0.005
    bands = funnel_band(shares, low95, high95, low998, high998)
    assert np.mean(bands != "binnen") == pytest.approx(outside95)
    assert np.mean(bands == "99.8") == pytest.approx(outside998)


def test_poisson_limits_cover_simulated_draws() -> None:
    rng = np.random.default_rng(RNG_SEED)
    rates = rng.poisson(0.004 * 5000, 20_000) / 5000
    low, high = funnel_limits_poisson(0.004, 5000, 0.95)
    assert 0.035 < np.mean((rates < low) | (rates > high)) < 0.065


@pytest.mark.parametrize("coverage", COVERAGES)
def test_exact_limits_approach_the_normal_ones_for_large_groups(coverage: float) -> None:
    n = 200_000
    low, high = funnel_limits_proportion(0.2, n, coverage)
    ref_low, ref_high = stats.norm.interval(coverage, loc=0.2, scale=math.sqrt(0.2 * 0.8 / n))
    assert low == pytest.approx(ref_low, abs=2e-5) and high == pytest.approx(ref_high, abs=2e-5)


def test_proportion_limit_edges() -> None:
    low, high = funnel_limits_proportion([0.2, 0.2, 0.2, np.nan, 1.2, 0.0, 1.0], [0, -5, np.nan, 50, 50, 50, 50], 0.95)
    assert np.isnan(low[:5]).all() and np.isnan(high[:5]).all()
    assert low[5] == high[5] == 0.0  # nobody can score: the limits are the target
    assert low[6] == high[6] == 1.0
    rounded = funnel_limits_proportion(0.2, [49.6, 50.4], 0.95)
    whole = funnel_limits_proportion(0.2, 50, 0.95)
    np.testing.assert_array_equal(rounded[0], [whole[0], whole[0]])
    np.testing.assert_array_equal(rounded[1], [whole[1], whole[1]])


def test_interpolation_is_spiegelhalters_even_where_odd() -> None:
    """The mass at r is spread over (r − 1, r], so with one person and a target of 99.9% the
    upper 95% limit (r = 1, α = 0.025 / 0.999) lies below the target; a lower limit that the
    interpolation would put below 0 is clipped at 0."""
    low, high = funnel_limits_proportion(0.999, 1, 0.95)
    assert high == pytest.approx(1 - 0.025 / 0.999)
    assert low == pytest.approx(1 - (1 - 0.025) / 0.999)
    low_small, _ = funnel_limits_proportion(0.01, 10, 0.95)
    assert low_small == 0.0


def test_poisson_limit_edges() -> None:
    low, high = funnel_limits_poisson([0.01, 0.01, np.nan, -0.1, 0.0], [0, -1, 100, 100, 100], 0.998)
    assert np.isnan(low[:4]).all() and np.isnan(high[:4]).all()
    assert low[4] == high[4] == 0.0


@given(
    p0=st.floats(min_value=0.001, max_value=0.999),
    n=st.integers(min_value=1, max_value=100_000),
)
def test_proportion_funnels_are_nested_and_within_unit_interval(p0: float, n: int) -> None:
    low95, high95 = funnel_limits_proportion(p0, n, 0.95)
    low998, high998 = funnel_limits_proportion(p0, n, 0.998)
    assert 0.0 <= low998 <= low95 <= high95 <= high998 <= 1.0


@given(
    p0=st.floats(min_value=0.001, max_value=0.999),
    n=st.integers(min_value=1, max_value=100_000),
)
def test_proportion_funnel_contains_target_when_not_degenerate(p0: float, n: int) -> None:
    assume(n * p0 * (1 - p0) >= 1)  # see test_interpolation_is_spiegelhalters_even_where_odd
    low, high = funnel_limits_proportion(p0, n, 0.95)
    assert low <= p0 <= high


@given(rate0=st.floats(min_value=1e-4, max_value=10), exposure=st.floats(min_value=1, max_value=1e6))
def test_poisson_funnels_are_nested(rate0: float, exposure: float) -> None:
    low95, high95 = funnel_limits_poisson(rate0, exposure, 0.95)
    low998, high998 = funnel_limits_poisson(rate0, exposure, 0.998)
    assert 0.0 <= low998 <= low95 <= high95 <= high998
    if rate0 * exposure >= 1:
        assert low95 <= rate0 <= high95


@pytest.mark.parametrize("coverage", COVERAGES)
def test_normal_limits_match_scipy(coverage: float) -> None:
    sd = np.array([1.0, 2.5, 0.3])
    n = np.array([4.0, 100.0, 9.0])
    low, high = funnel_limits_normal(7.0, sd, n, coverage)
    ref_low, ref_high = stats.norm.interval(coverage, loc=7.0, scale=sd / np.sqrt(n))
    np.testing.assert_allclose(low, ref_low)
    np.testing.assert_allclose(high, ref_high)
    # no spread at all: both limits are the target (scipy gives NaN for scale 0)
    assert funnel_limits_normal(7.0, 0.0, 9, coverage) == (7.0, 7.0)


def test_normal_limit_edges() -> None:
    low, high = funnel_limits_normal([7, 7, 7, np.nan], [1, -1, np.nan, 1], [0, 10, 10, 10], 0.95)
    assert np.isnan(low).all() and np.isnan(high).all()


def test_band_and_direction() -> None:
    values = np.array([0.5, 0.25, 0.8, 0.9, 0.1, 0.3, np.nan, 0.5])
    bands = funnel_band(values, 0.3, 0.7, [0.2] * 7 + [np.nan], 0.8)
    assert bands.tolist() == ["binnen", "95", "95", "99.8", "99.8", "binnen", "", ""]
    directions = funnel_direction([0.6, 0.4, 0.5, np.nan, 0.5], [0.5, 0.5, 0.5, 0.5, np.nan])
    assert directions.tolist() == ["hoger", "lager", "gelijk", "", ""]


@pytest.mark.parametrize("coverage", [0.0, 1.0, 99.8])
def test_impossible_coverage_raises(coverage: float) -> None:
    with pytest.raises(ValueError, match="coverage"):
        funnel_limits_proportion(0.2, 50, coverage)
