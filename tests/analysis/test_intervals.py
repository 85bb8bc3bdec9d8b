"""Intervals checked against independent implementations: statsmodels for Wilson and the exact
Poisson interval, scipy for the t interval; properties by hypothesis; edge cells give NaN."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.rates import confint_poisson

from duiding.analysis.intervals import (
    METHOD_LABELS,
    IntervalMethod,
    garwood_interval,
    observation_interval,
    t_interval,
    wilson_interval,
)

LEVELS = (0.8, 0.9, 0.95, 0.99, 0.998)
RNG_SEED = 20250101


def _shares(size: int = 300) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(RNG_SEED)
    trials = rng.integers(1, 5000, size)
    successes = rng.integers(0, trials + 1)
    # the edges on purpose: none and all
    trials[:4] = [1, 7, 7, 2000]
    successes[:4] = [0, 0, 7, 2000]
    return successes.astype(float), trials.astype(float)


@pytest.mark.parametrize("level", LEVELS)
def test_wilson_matches_statsmodels(level: float) -> None:
    successes, trials = _shares()
    low, high = wilson_interval(successes, trials, level)
    ref_low, ref_high = proportion_confint(successes, trials, alpha=1 - level, method="wilson")
    np.testing.assert_allclose(low, ref_low, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(high, ref_high, rtol=1e-10, atol=1e-12)


def test_wilson_edges() -> None:
    low, high = wilson_interval([0, 10, 0, 5, 11, -1, np.nan, 3], [10, 10, 0, -4, 10, 10, 10, np.nan])
    assert low[0] == 0.0 and 0 < high[0] < 1
    assert high[1] == 1.0 and 0 < low[1] < 1
    assert np.isnan(low[2:]).all() and np.isnan(high[2:]).all()


def test_wilson_broadcasts_and_keeps_scalars_as_arrays() -> None:
    low, high = wilson_interval(np.array([[1.0], [2.0]]), np.array([10.0, 20.0, 30.0]))
    assert low.shape == high.shape == (2, 3)
    low0, _ = wilson_interval(3, 10)
    assert low0.shape == ()


@given(
    trials=st.integers(min_value=1, max_value=10**7),
    fraction=st.floats(min_value=0, max_value=1),
    level=st.sampled_from(LEVELS),
)
def test_wilson_within_unit_interval_and_contains_share(trials: int, fraction: float, level: float) -> None:
    successes = round(fraction * trials)
    low, high = wilson_interval(successes, trials, level)
    share = successes / trials
    assert 0.0 <= low <= share <= high <= 1.0


@given(trials=st.integers(min_value=1, max_value=10**5), fraction=st.floats(min_value=0, max_value=1))
def test_wilson_wider_at_higher_level(trials: int, fraction: float) -> None:
    successes = round(fraction * trials)
    low90, high90 = wilson_interval(successes, trials, 0.90)
    low99, high99 = wilson_interval(successes, trials, 0.99)
    assert low99 <= low90 + 1e-15 and high90 <= high99 + 1e-15


@pytest.mark.parametrize("level", LEVELS)
def test_garwood_matches_statsmodels_exact_central(level: float) -> None:
    counts = np.concatenate([np.arange(0, 60), [99.0, 250.5, 1234.0, 98765.0, 0.4]])
    low, high = garwood_interval(counts, level)
    ref_low, ref_high = confint_poisson(counts, np.ones_like(counts), method="exact-c", alpha=1 - level)
    np.testing.assert_allclose(low, ref_low, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(high, ref_high, rtol=1e-10)


def test_garwood_matches_poisson_tail_definition() -> None:
    """The bounds are the means at which the observed count sits in an exact 2.5% tail."""
    for k in (1, 4, 17, 200):
        low, high = garwood_interval(k)
        assert stats.poisson.sf(k - 1, low) == pytest.approx(0.025, rel=1e-8)
        assert stats.poisson.cdf(k, high) == pytest.approx(0.025, rel=1e-8)
    _, high0 = garwood_interval(0)
    assert stats.poisson.cdf(0, high0) == pytest.approx(0.025, rel=1e-8)


def test_garwood_edges() -> None:
    low, high = garwood_interval([0, -1, np.nan])
    assert low[0] == 0.0 and high[0] == pytest.approx(-np.log(0.025))
    assert np.isnan(low[1:]).all() and np.isnan(high[1:]).all()


@given(count=st.floats(min_value=0, max_value=1e7), level=st.sampled_from(LEVELS))
def test_garwood_contains_count(count: float, level: float) -> None:
    low, high = garwood_interval(count, level)
    assert 0.0 <= low <= count <= high


@pytest.mark.parametrize("level", LEVELS)
def test_t_matches_scipy(level: float) -> None:
    rng = np.random.default_rng(RNG_SEED)
    means = rng.normal(50, 20, 200)
    spreads = rng.uniform(0, 30, 200)
    n = rng.integers(2, 2000, 200).astype(float)
    low, high = t_interval(means, spreads, n, level)
    ref_low, ref_high = stats.t.interval(level, n - 1, loc=means, scale=spreads / np.sqrt(n))
    np.testing.assert_allclose(low, ref_low, rtol=1e-10)
    np.testing.assert_allclose(high, ref_high, rtol=1e-10)


def test_t_edges() -> None:
    low, high = t_interval([5, 5, 5, 5, np.nan, 5], [1, 1, np.nan, -1, 1, 0], [1, 0, 10, 10, 10, 10])
    assert np.isnan(low[:5]).all() and np.isnan(high[:5]).all()
    assert low[5] == high[5] == 5.0


@given(
    mean=st.floats(min_value=-1e6, max_value=1e6),
    spread=st.floats(min_value=0, max_value=1e4),
    n=st.integers(min_value=2, max_value=10**6),
)
def test_t_symmetric_around_mean(mean: float, spread: float, n: int) -> None:
    low, high = t_interval(mean, spread, n)
    assert low <= mean <= high
    assert (mean - low) == pytest.approx(high - mean, rel=1e-9, abs=1e-9)


def test_observation_interval_wilson_is_on_the_percentage_scale() -> None:
    low, high = observation_interval(
        IntervalMethod.WILSON, numerator=[12, 0], denominator=[80, 40], value=[15, 0], spread=None, per=100
    )
    ref_low, ref_high = proportion_confint(np.array([12, 0]), np.array([80, 40]), alpha=0.05, method="wilson")
    np.testing.assert_allclose(low, 100 * ref_low, atol=1e-12)
    np.testing.assert_allclose(high, 100 * ref_high, atol=1e-12)


def test_observation_interval_garwood_count_and_rate() -> None:
    numerator = np.array([7.0, 7.0, 0.0, 7.0, 7.0])
    denominator = np.array([np.nan, 2500.0, 2500.0, 0.0, -3.0])
    low, high = observation_interval(
        IntervalMethod.GARWOOD, numerator=numerator, denominator=denominator, value=None, spread=None, per=1000
    )
    # a count: the interval of the count itself, per not applied
    count_low, count_high = confint_poisson(7, 1, method="exact-c", alpha=0.05)
    assert low[0] == pytest.approx(count_low) and high[0] == pytest.approx(count_high)
    # a rate per 1,000: statsmodels divides by the exposure itself
    rate_low, rate_high = confint_poisson(numerator[1:3], denominator[1:3], method="exact-c", alpha=0.05)
    np.testing.assert_allclose(low[1:3], 1000 * rate_low, atol=1e-12)
    np.testing.assert_allclose(high[1:3], 1000 * rate_high)
    assert np.isnan(low[3:]).all() and np.isnan(high[3:]).all()


def test_observation_interval_t_uses_denominator_as_n() -> None:
    low, high = observation_interval(
        IntervalMethod.T, numerator=None, denominator=[25, 1], value=[3.2, 3.2], spread=[1.1, 1.1], per=1, level=0.9
    )
    ref_low, ref_high = stats.t.interval(0.9, 24, loc=3.2, scale=1.1 / 5)
    assert low[0] == pytest.approx(ref_low) and high[0] == pytest.approx(ref_high)
    assert np.isnan(low[1]) and np.isnan(high[1])


def test_observation_interval_none_has_no_bounds() -> None:
    low, high = observation_interval(
        IntervalMethod.NONE, numerator=[1, 2, 3], denominator=[4, 5, 6], value=[7, 8, 9], spread=None, per=100
    )
    assert low.shape == high.shape == (3,)
    assert np.isnan(low).all() and np.isnan(high).all()


def test_every_method_has_a_dutch_label() -> None:
    assert set(METHOD_LABELS) == set(IntervalMethod)
    assert all(label and "\n" not in label for label in METHOD_LABELS.values())
    assert "Wilson" in METHOD_LABELS[IntervalMethod.WILSON]
    assert "mediaan" in METHOD_LABELS[IntervalMethod.NONE]


@pytest.mark.parametrize("level", [0.0, 1.0, -0.5, 95.0])
def test_impossible_level_raises(level: float) -> None:
    with pytest.raises(ValueError, match="level"):
        wilson_interval(1, 10, level)
