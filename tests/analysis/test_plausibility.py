"""Rounded CBS counts: widened intervals and figures marked *onbetrouwbaar*, on Utrecht's real KWB."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from duiding.analysis import comparison_list, signal_list, unreliable_list
from duiding.analysis.intervals import IntervalMethod
from duiding.analysis.plausibility import rounded_interval
from duiding.privacy import observation_list
from duiding.workspace import Workspace
from tests.analysis.plausible import IMPOSSIBLE_BUURT, kwb, plausible_workspace


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return plausible_workspace(tmp_path_factory.mktemp("plausibel") / "werkruimte")


# --- the widened interval against brute force over every unrounded count -------------------


def _wilson(x: int, n: int) -> tuple[float, float]:
    ci = stats.binomtest(x, n).proportion_ci(confidence_level=0.95, method="wilson")
    return float(ci.low), float(ci.high)


def _garwood(x: int) -> tuple[float, float]:
    low = 0.0 if x == 0 else stats.chi2.ppf(0.025, 2 * x) / 2
    return float(low), float(stats.chi2.ppf(0.975, 2 * x + 2) / 2)


CASES = [(60, 35, 2, 4), (20, 15, 2, 2), (0, 10, 2, 2), (5, 5, 2, 2), (35, 40, 2, 2), (120, 400, 4, 2), (3, 8, 0, 2)]


@pytest.mark.parametrize(("x", "n", "s", "t"), CASES)
def test_widened_share_contains_every_consistent_count(x: int, n: int, s: int, t: int) -> None:
    low, high = rounded_interval(
        IntervalMethod.WILSON,
        numerator=np.array([x], float),
        denominator=np.array([n], float),
        numerator_slack=np.array([s], float),
        denominator_slack=np.array([t], float),
        per=np.array([100.0]),
    )
    consistent = [(a, b) for a in range(max(x - s, 0), x + s + 1) for b in range(n - t, n + t + 1) if b > 0 and a <= b]
    if not consistent:  # no true share of at most 100% fits the published counts
        assert np.isnan(low[0]) and np.isnan(high[0])
        return
    bounds = [_wilson(a, b) for a, b in consistent]
    assert low[0] == pytest.approx(min(b[0] for b in bounds) * 100, abs=1e-9)
    assert high[0] == pytest.approx(max(b[1] for b in bounds) * 100, abs=1e-9)


@pytest.mark.parametrize(("x", "n", "s", "t"), CASES)
def test_widened_rate_contains_every_consistent_count(x: int, n: int, s: int, t: int) -> None:
    low, high = rounded_interval(
        IntervalMethod.GARWOOD,
        numerator=np.array([x], float),
        denominator=np.array([n], float),
        numerator_slack=np.array([s], float),
        denominator_slack=np.array([t], float),
        per=np.array([1000.0]),
    )
    bounds = [
        (g[0] / b * 1000, g[1] / b * 1000)
        for a in range(max(x - s, 0), x + s + 1)
        for b in range(n - t, n + t + 1)
        if b > 0
        for g in [_garwood(a)]
    ]
    assert low[0] == pytest.approx(min(v[0] for v in bounds), rel=1e-12)
    assert high[0] == pytest.approx(max(v[1] for v in bounds), rel=1e-12)


# --- the real Utrecht KWB -----------------------------------------------------------------


def test_impossible_buurt_rate_is_marked_and_gets_no_verdict_or_signal(workspace: Workspace) -> None:
    code = IMPOSSIBLE_BUURT
    aow, old = kwb(2023, code, "aow_uitkering_personen"), kwb(2023, code, "leeftijd_65plus")
    assert aow / old * 1000 > 1000  # the published counts themselves give an impossible figure
    marks = [
        m for m in unreliable_list(workspace, monitor="plausibel", indicator="aow_per_1000") if m.area_code == code
    ]
    mark = next(m for m in marks if m.period_start.year == 2023)
    assert mark.rule == "impossible"
    assert mark.value == pytest.approx(aow / old * 1000)
    assert "onmogelijk" in mark.reason and "vijftallen" in mark.reason
    compared = comparison_list(workspace, monitor="plausibel", indicator="aow_per_1000", area_code=code)
    this_year = [c for c in compared if c.period_start == mark.period_start]
    assert this_year and all(c.band == "" and not c.significant for c in this_year)
    signals = signal_list(workspace, monitor="plausibel", indicator="aow_per_1000")
    assert not [s for s in signals if s.area_code == code and s.period_start == mark.period_start]


def test_every_share_is_at_most_100_or_marked(workspace: Workspace) -> None:
    marked = {
        (m.indicator, m.period_start, m.area_code)
        for m in unreliable_list(workspace, monitor="plausibel")
        if m.rule == "impossible"
    }
    for o in observation_list(workspace, monitor="plausibel"):
        if o.value is None or o.suppressed:
            continue
        limit = 100 if o.indicator == "eenpersoons" else 1000
        if o.value > limit:
            assert (o.indicator, o.period_start, o.area_code) in marked


def test_gemeente_figure_is_plausible_and_its_interval_is_not_widened(workspace: Workspace) -> None:
    marks = unreliable_list(workspace, monitor="plausibel")
    assert not [m for m in marks if m.area_level == "gemeente"]
    aow, old = kwb(2023, "GM0344", "aow_uitkering_personen"), kwb(2023, "GM0344", "leeftijd_65plus")
    row = next(
        o
        for o in observation_list(workspace, monitor="plausibel")
        if o.indicator == "aow_per_1000" and o.area_code == "GM0344" and o.period_start.year == 2023
    )
    low, high = _garwood(round(aow))
    assert row.ci_low == pytest.approx(low / old * 1000)
    assert row.ci_high == pytest.approx(high / old * 1000)


def test_buurt_interval_covers_the_rounding_of_both_counts(workspace: Workspace) -> None:
    row = next(
        o
        for o in observation_list(workspace, monitor="plausibel")
        if o.indicator == "eenpersoons" and o.area_level == "buurt" and o.period_start.year == 2023 and o.value
    )
    x = kwb(2023, row.area_code, "eenpersoonshuishoudens")
    n = kwb(2023, row.area_code, "huishoudens")
    assert x % 5 == 0 and n % 5 == 0
    bounds = [_wilson(int(a), int(b)) for a in (x - 2, x + 2) for b in (n - 2, n + 2) if a <= b]
    assert row.ci_low is not None and row.ci_high is not None
    assert row.ci_low <= min(b[0] for b in bounds) * 100 + 1e-9
    assert row.ci_high >= max(b[1] for b in bounds) * 100 - 1e-9
    assert math.isfinite(row.ci_high)
