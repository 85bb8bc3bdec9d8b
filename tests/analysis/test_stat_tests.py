"""Tests for differences checked against independent implementations.

- two proportions: statsmodels ``proportions_ztest`` (pooled z-test);
- two Poisson rates: scipy ``binomtest`` with one-sided alternatives, combined as
  min(1, 2·min(less, greater)), which is our "central" definition. scipy's and statsmodels'
  own two-sided exact tests (``binomtest`` two-sided, ``test_poisson_2indep(method="exact-cond")``)
  use the "minlike" definition instead; the two agree only when the conditional binomial is
  symmetric (equal exposures), so statsmodels is the reference for that case only;
- Welch: scipy ``ttest_ind_from_stats(equal_var=False)``;
- Benjamini–Hochberg: statsmodels ``multipletests(method="fdr_bh")``.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest
from statsmodels.stats.rates import test_poisson_2indep as sm_test_poisson_2indep

from duiding.analysis.tests import benjamini_hochberg, two_means_test, two_poisson_test, two_proportions_test

RNG_SEED = 20250202


def test_two_proportions_matches_statsmodels() -> None:
    rng = np.random.default_rng(RNG_SEED)
    n1 = rng.integers(1, 3000, 200)
    n2 = rng.integers(1, 3000, 200)
    x1 = rng.binomial(n1, 0.3)
    x2 = rng.binomial(n2, rng.uniform(0.2, 0.4, 200))
    keep = (x1 + x2 > 0) & (x1 + x2 < n1 + n2)
    p = two_proportions_test(x1, n1, x2, n2)
    reference = [proportions_ztest([a, b], [na, nb])[1] for a, na, b, nb in zip(x1, n1, x2, n2, strict=True)]
    np.testing.assert_allclose(p[keep], np.array(reference)[keep], rtol=1e-10)


def test_two_proportions_edges() -> None:
    p = two_proportions_test([0, 10, 3, 11, np.nan, -1, 3], [10, 10, 0, 10, 10, 10, 10], [0, 20, 3, 3, 3, 3, 3], 20)
    assert p[0] == 1.0  # nobody in either group: no difference
    assert p[1] == 1.0  # everybody in both groups
    assert np.isnan(p[2:6]).all()  # an empty group, a count above its group, NaN, negative
    assert p[6] == pytest.approx(proportions_ztest([3, 3], [10, 20])[1])


@given(
    n1=st.integers(min_value=1, max_value=10**5),
    n2=st.integers(min_value=1, max_value=10**5),
    f1=st.floats(min_value=0, max_value=1),
    f2=st.floats(min_value=0, max_value=1),
)
def test_two_proportions_is_a_symmetric_probability(n1: int, n2: int, f1: float, f2: float) -> None:
    x1, x2 = round(f1 * n1), round(f2 * n2)
    p = two_proportions_test(x1, n1, x2, n2)
    assert 0.0 <= p <= 1.0
    assert p == pytest.approx(two_proportions_test(x2, n2, x1, n1), rel=1e-12)


def _central_reference(x1: int, e1: float, x2: int, e2: float) -> float:
    share = e1 / (e1 + e2)
    less = stats.binomtest(x1, x1 + x2, share, alternative="less").pvalue
    greater = stats.binomtest(x1, x1 + x2, share, alternative="greater").pvalue
    return float(min(1.0, 2 * min(less, greater)))


def test_two_poisson_matches_one_sided_binomtests() -> None:
    rng = np.random.default_rng(RNG_SEED)
    e1 = rng.uniform(100, 50_000, 150)
    e2 = rng.uniform(100, 50_000, 150)
    x1 = rng.poisson(e1 * 0.002)
    x2 = rng.poisson(e2 * rng.uniform(0.001, 0.004, 150))
    keep = x1 + x2 > 0
    p = two_poisson_test(x1, e1, x2, e2)
    reference = [_central_reference(*cell) for cell in zip(x1[keep], e1[keep], x2[keep], e2[keep], strict=True)]
    np.testing.assert_allclose(p[keep], reference, rtol=1e-10)


@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning")  # statsmodels' ratio estimate for x2 = 0
@pytest.mark.parametrize(("x1", "x2"), [(3, 10), (0, 7), (12, 12), (40, 61), (1, 0), (250, 198)])
def test_two_poisson_counts_match_statsmodels_exact_cond(x1: int, x2: int) -> None:
    """With equal exposures the conditional binomial is symmetric and minlike equals central."""
    reference = sm_test_poisson_2indep(x1, 1, x2, 1, method="exact-cond").pvalue
    assert two_poisson_test(x1, 1, x2, 1) == pytest.approx(min(1.0, reference), rel=1e-10)


def test_two_poisson_is_central_not_minlike() -> None:
    """With unequal exposures the definitions differ; ours is the central one."""
    ours = two_poisson_test(2, 1000, 20, 4000)
    minlike = sm_test_poisson_2indep(2, 1000, 20, 4000, method="exact-cond").pvalue
    assert ours == pytest.approx(_central_reference(2, 1000, 20, 4000))
    assert ours != pytest.approx(minlike)


def test_two_poisson_rounds_counts_first() -> None:
    assert two_poisson_test(3.4, 1, 9.6, 1) == two_poisson_test(3, 1, 10, 1)
    assert two_poisson_test(2.5, 1, 7.5, 1) == two_poisson_test(3, 1, 8, 1)


def test_two_poisson_edges() -> None:
    p = two_poisson_test([0, 3, 3, 3, -1, np.nan], [5, 0, 5, 5, 5, 5], [0, 3, 3, np.nan, 3, 3], [5, 5, -2, 5, 5, 5])
    assert p[0] == 1.0  # two zero counts: nothing to tell apart
    assert np.isnan(p[1:]).all()


@given(
    x1=st.integers(min_value=0, max_value=5000),
    x2=st.integers(min_value=0, max_value=5000),
    e1=st.floats(min_value=1e-3, max_value=1e6),
    e2=st.floats(min_value=1e-3, max_value=1e6),
)
def test_two_poisson_is_a_symmetric_probability(x1: int, x2: int, e1: float, e2: float) -> None:
    p = two_poisson_test(x1, e1, x2, e2)
    assert 0.0 <= p <= 1.0
    assert p == pytest.approx(two_poisson_test(x2, e2, x1, e1), rel=1e-8, abs=1e-300)


def test_two_means_matches_scipy_welch() -> None:
    rng = np.random.default_rng(RNG_SEED)
    m1, m2 = rng.normal(10, 3, 200), rng.normal(10.5, 3, 200)
    s1, s2 = rng.uniform(0.1, 6, 200), rng.uniform(0.1, 6, 200)
    n1, n2 = rng.integers(2, 500, 200), rng.integers(2, 500, 200)
    p = two_means_test(m1, s1, n1, m2, s2, n2)
    reference = stats.ttest_ind_from_stats(m1, s1, n1, m2, s2, n2, equal_var=False).pvalue
    np.testing.assert_allclose(p, reference, rtol=1e-10)


def test_two_means_edges() -> None:
    p = two_means_test([1, 1, 1, 1, np.nan, 1], [1, 0, 1, -1, 1, 1], [1, 10, 10, 10, 10, 10], 2, [1, 0, 1, 1, 1, 1], 10)
    assert np.isnan(p[[0, 1, 3, 4]]).all()  # n < 2, no spread at all, negative spread, NaN
    assert 0 < p[2] < 1
    assert p[5] == pytest.approx(stats.ttest_ind_from_stats(1, 1, 10, 2, 1, 10, equal_var=False).pvalue)


def _bh_reference(p: np.ndarray, q: float) -> np.ndarray:
    tested = ~np.isnan(p)
    rejected = np.zeros(p.shape, dtype=bool)
    if tested.any():
        rejected[tested] = multipletests(p[tested], alpha=q, method="fdr_bh")[0]
    return rejected


@given(
    p=st.lists(st.one_of(st.floats(min_value=0, max_value=1), st.just(float("nan"))), max_size=60),
    q=st.sampled_from([0.01, 0.05, 0.1, 0.25]),
)
def test_benjamini_hochberg_matches_statsmodels(p: list[float], q: float) -> None:
    values = np.array(p, dtype=float)
    np.testing.assert_array_equal(benjamini_hochberg(values, q), _bh_reference(values, q))


def test_benjamini_hochberg_on_a_known_example() -> None:
    p = np.array([0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, np.nan, 0.212, 0.216])
    rejected = benjamini_hochberg(p)
    # m = 10 (the NaN is not a test): 0.008 <= 2/10 × 0.05, 0.039 > 3/10 × 0.05 and no later p qualifies
    assert rejected.tolist() == [True, True] + [False] * 9
    np.testing.assert_array_equal(rejected, _bh_reference(p, 0.05))


def test_benjamini_hochberg_keeps_shape_and_handles_empty() -> None:
    assert benjamini_hochberg(np.array([[0.001, np.nan], [0.5, 0.002]])).tolist() == [[True, False], [False, True]]
    assert benjamini_hochberg([]).shape == (0,)
    assert not benjamini_hochberg([np.nan, np.nan]).any()
