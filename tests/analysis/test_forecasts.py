"""Forecasts checked against independent calculations: statsmodels OLS for the linear interval,
a separate ETS fit and z·√(SSE / (n − k)) for the smoothing interval, a hand-written
rolling-origin loop for the backtest, simulated series for coverage and season."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from threadpoolctl import threadpool_info, threadpool_limits

import duiding.analysis.forecasts as forecasts
from duiding.analysis.forecasts import (
    ETS_MIN_POINTS,
    MIN_POINTS,
    NAIVE_TOLERANCE,
    Forecast,
    ets_min_points,
    series_forecast,
)

RNG_SEED = 20250601
LINEAR_SERIES = [12.1, 13.4, 13.0, 14.8, 15.2, 15.1, 16.9]
LEVEL_SHIFT = [10, 10.1, 10, 10.1, 20, 20.1, 20, 20.1, 20]
"""A level shift just before the backtest origins: the line keeps chasing it, the last value does not."""


def _seasonal(t: np.ndarray) -> np.ndarray:
    return 100 + 0.8 * t + 10 * np.sin(2 * np.pi * t / 4)


def _noisy_trend(n: int, seed: int = RNG_SEED) -> list[float]:
    rng = np.random.default_rng(seed)
    return list(20 + 0.7 * np.arange(n) + rng.normal(0, 1, n))


@pytest.mark.parametrize("level", [0.8, 0.95])
def test_linear_points_and_intervals_match_statsmodels_ols(level: float) -> None:
    horizon = 3
    result = series_forecast(LINEAR_SERIES, horizon=horizon, level=level)
    n = len(LINEAR_SERIES)
    ols = sm.OLS(np.asarray(LINEAR_SERIES), sm.add_constant(np.arange(n, dtype=float))).fit()
    future = sm.add_constant(np.arange(n, n + horizon, dtype=float), has_constant="add")
    frame = ols.get_prediction(future).summary_frame(alpha=1 - level)
    assert result.model == "lineair"
    assert result.level == level
    assert [p.step for p in result.points] == [1, 2, 3]
    assert [p.value for p in result.points] == pytest.approx(frame["mean"].tolist(), rel=1e-12)
    assert [p.low for p in result.points] == pytest.approx(frame["obs_ci_lower"].tolist(), rel=1e-12)
    assert [p.high for p in result.points] == pytest.approx(frame["obs_ci_upper"].tolist(), rel=1e-12)


def _hand_backtest(values: list[float], one_step: Callable[[np.ndarray], float]) -> tuple[float, float]:
    """The last min(4, n - 3) origins with at least 4 values before them (the rule's range minus the skipped one)."""
    y = np.asarray(values, dtype=float)
    n = len(y)
    model, naive = [], []
    for origin in range(max(MIN_POINTS, n - 4), n):
        model.append(abs(one_step(y[:origin]) - y[origin]))
        naive.append(abs(y[origin - 1] - y[origin]))
    return float(np.mean(model)), float(np.mean(naive))


def _line_one_step(y: np.ndarray) -> float:
    slope, intercept = np.polyfit(np.arange(len(y)), y, 1)
    return float(intercept + slope * len(y))


def _ets_one_step(y: np.ndarray) -> float:
    model = ETSModel(pd.Series(y), error="add", trend="add", damped_trend=True, initialization_method="heuristic")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(model.fit(disp=False, maxiter=1000).forecast(1).iloc[0])


@pytest.mark.parametrize("n", [5, 6, 9])
def test_linear_backtest_matches_a_hand_written_loop(n: int) -> None:
    values = _noisy_trend(n)
    result = series_forecast(values)
    backtest, naive = _hand_backtest(values, _line_one_step)
    assert result.backtest_mae == pytest.approx(backtest, rel=1e-9)
    assert result.naive_mae == pytest.approx(naive, rel=1e-12)


def test_ets_backtest_matches_a_hand_written_loop() -> None:
    """Origins 10..13 of a 14-value yearly series each refit exponential smoothing on the values before them."""
    values = _noisy_trend(14, seed=7)
    result = series_forecast(values)
    backtest, naive = _hand_backtest(values, _ets_one_step)
    assert result.model == "ets"
    assert result.backtest_mae == pytest.approx(backtest, rel=1e-4)
    assert result.naive_mae == pytest.approx(naive, rel=1e-12)


def test_four_values_have_no_backtest_origin() -> None:
    """The one origin of a four-value series leaves three values before it: skipped, so no figures."""
    result = series_forecast(_noisy_trend(4))
    assert (result.shown, result.model, result.backtest_mae, result.naive_mae) == (True, "lineair", None, None)


def test_ets_min_points() -> None:
    """10 without a season, max(10, 10 + 2·⌊m/2⌋) with one."""
    assert ETS_MIN_POINTS == 10
    assert [ets_min_points(m) for m in (1, 2, 3, 4, 12)] == [10, 12, 12, 14, 22]


def test_three_values_give_no_forecast() -> None:
    result = series_forecast([1.0, 2.0, 3.0])
    assert result == Forecast(
        False, "", "Te weinig perioden (3) voor een voorspelling; nodig zijn er minstens 4.", (), 3, None, None
    )


@pytest.mark.parametrize(
    ("season_length", "minimum", "seasonal"),
    [(1, 10, False), (2, 12, True), (4, 14, True), (12, 22, False)],  # 22 months are short of two seasons
)
def test_rule_boundaries(season_length: int, minimum: int, seasonal: bool) -> None:
    """A trend without a season, so that every forecast beats the naive one and its reason is shown."""
    assert ets_min_points(season_length) == minimum
    rng = np.random.default_rng(RNG_SEED)
    values = list(50 + 0.5 * np.arange(minimum) + rng.normal(0, 1, minimum))
    four = series_forecast(values[:MIN_POINTS], season_length=season_length)
    below = series_forecast(values[: minimum - 1], season_length=season_length)
    at = series_forecast(values, season_length=season_length)
    assert (four.model, four.shown, len(four.points)) == ("lineair", True, 2)
    assert (below.model, below.shown, at.shown) == ("lineair", True, True)
    assert below.reason.startswith("Rechte trendlijn")
    assert f"minder dan {minimum}" in below.reason
    assert at.model == "ets"
    assert at.reason.startswith("Exponentiële afvlakking")
    assert ("seizoenspatroon" in at.reason) == seasonal
    assert f"minstens {minimum})" in at.reason


def test_months_get_a_season_from_two_full_years() -> None:
    """22 or 23 months are smoothed without a season (a damped trend: monotone), 24 with one."""
    rng = np.random.default_rng(RNG_SEED)
    t = np.arange(36, dtype=float)
    truth = 50 + 0.3 * t + 8 * np.sin(2 * np.pi * t / 12)
    values = (truth + rng.normal(0, 1, 36)).tolist()
    below, at, later = (series_forecast(values[:n], season_length=12, horizon=6) for n in (23, 24, 30))
    assert below.model == at.model == later.model == "ets"
    steps = np.diff([p.value for p in below.points])
    assert (steps >= 0).all() or (steps <= 0).all()
    assert np.corrcoef([p.value for p in at.points], truth[24:30])[0, 1] > 0.9
    assert later.shown
    assert "seizoenspatroon van 12 perioden over 30 perioden" in later.reason
    assert "minstens 24)" in later.reason


def test_linear_interval_covers_the_next_value_95_percent_of_the_time() -> None:
    rng = np.random.default_rng(RNG_SEED)
    covered = 0
    for _ in range(300):
        series = 10 + rng.normal(0, 2) * np.arange(9) + rng.normal(0, 2, 9)
        result = series_forecast(series[:8].tolist(), horizon=1)
        assert result.model == "lineair"
        covered += result.points[0].low <= series[8] <= result.points[0].high
    assert 0.90 <= covered / 300 <= 0.99


def _ets_sse_and_prediction(y: np.ndarray, season_length: int, level: float) -> tuple[float, pd.DataFrame]:
    seasonal = season_length > 1
    model = ETSModel(
        pd.Series(y),
        error="add",
        trend="add",
        damped_trend=True,
        seasonal="add" if seasonal else None,
        seasonal_periods=season_length if seasonal else None,
        initialization_method="heuristic",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitted = model.fit(disp=False, maxiter=1000)
    frame = fitted.get_prediction(start=len(y), end=len(y) + 2).summary_frame(alpha=1 - level)
    return float(np.sum(np.asarray(fitted.resid) ** 2)), frame


@pytest.mark.parametrize(
    ("n", "season_length", "k"),
    [(14, 1, 5), (24, 4, 9)],  # alpha, beta, phi (+ gamma), initial level, trend (+ m - 1 seasonal states)
)
@pytest.mark.parametrize("level", [0.8, 0.95])
def test_ets_interval_uses_sse_over_n_minus_k(n: int, season_length: int, k: int, level: float) -> None:
    """Step 1: ŷ ± z·√(SSE / (n − k)); every step: statsmodels' half width times √(n / (n − k))."""
    rng = np.random.default_rng(RNG_SEED)
    t = np.arange(n, dtype=float)
    y = 40 + 0.6 * t + (6 * np.sin(2 * np.pi * t / 4) if season_length > 1 else 0) + rng.normal(0, 1.5, n)
    sse, frame = _ets_sse_and_prediction(y, season_length, level)
    step_one = float(frame["mean"].iloc[0])
    half = float(stats.norm.ppf(0.5 + level / 2)) * np.sqrt(sse / (n - k))
    points = series_forecast(y.tolist(), season_length=season_length, horizon=3, level=level).points
    assert points[0].value == pytest.approx(step_one, rel=1e-6)
    assert (points[0].low, points[0].high) == pytest.approx((step_one - half, step_one + half), rel=1e-4)
    statsmodels_half = (frame["pi_upper"] - frame["mean"]).to_numpy()
    assert [p.value for p in points] == pytest.approx(frame["mean"].tolist(), rel=1e-6)
    assert [p.high - p.value for p in points] == pytest.approx(statsmodels_half * np.sqrt(n / (n - k)), rel=1e-4)
    assert [p.value - p.low for p in points] == pytest.approx(statsmodels_half * np.sqrt(n / (n - k)), rel=1e-4)


def _quarterly_with_season(rng: np.random.Generator, n: int) -> np.ndarray:
    t = np.arange(n, dtype=float)
    season = rng.uniform(3, 12) * np.sin(2 * np.pi * (t + rng.integers(4)) / 4)
    return 100 + rng.normal(0, 1) * t + season + rng.normal(0, 2, n)


def _yearly_with_trend(rng: np.random.Generator, n: int) -> np.ndarray:
    return 10 + rng.normal(0, 2) * np.arange(n) + rng.normal(0, 2, n)


@pytest.mark.parametrize(
    ("simulate", "season_length", "lengths"),
    [(_quarterly_with_season, 4, range(16, 25)), (_yearly_with_trend, 1, range(12, 13))],
    ids=["quarterly-16-24", "yearly-12"],
)
def test_ets_interval_covers_the_next_value_95_percent_of_the_time(
    simulate: Callable[[np.random.Generator, int], np.ndarray], season_length: int, lengths: range
) -> None:
    """150 series of each kind. statsmodels' own interval covers about 85 % of the time, widened by
    √(n / (n − k)) with only the smoothing parameters in k (statsmodels' count) about 89 %."""
    rng = np.random.default_rng(RNG_SEED)
    covered = 0
    for i in range(150):
        n = lengths[i % len(lengths)]
        series = simulate(rng, n + 1)
        result = series_forecast(series[:n].tolist(), season_length=season_length, horizon=1)
        assert result.model == "ets"
        covered += result.points[0].low <= series[n] <= result.points[0].high
    assert 0.88 <= covered / 150 <= 0.99


def test_ets_fits_run_on_one_blas_thread() -> None:
    seen: list[int] = []

    class Recording(ETSModel):  # type: ignore[misc]
        def fit(self, *args: object, **kwargs: object) -> object:
            seen.append(min(lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"))
            return super().fit(*args, **kwargs)

    with threadpool_limits(limits=2, user_api="blas"), pytest.MonkeyPatch.context() as patch:
        patch.setattr(forecasts, "ETSModel", Recording)
        result = series_forecast(_noisy_trend(14))
        after = [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]
    assert result.model == "ets"
    assert seen == [1] * 5  # the forecast and four backtest origins
    assert after and all(threads == 2 for threads in after)  # restored afterwards


def test_ets_follows_the_season_and_beats_the_naive_forecast() -> None:
    rng = np.random.default_rng(RNG_SEED)
    t = np.arange(28, dtype=float)
    observed = _seasonal(t[:24]) + rng.normal(0, 1, 24)
    with warnings.catch_warnings(record=True) as leaked:
        warnings.simplefilter("always")
        result = series_forecast(observed.tolist(), season_length=4, horizon=4)
    assert leaked == []
    assert (result.model, result.shown) == ("ets", True)
    assert "seizoenspatroon van 4 perioden" in result.reason
    values = [p.value for p in result.points]
    assert np.corrcoef(values, _seasonal(t[24:]))[0, 1] > 0.9
    assert all(p.low < p.value < p.high for p in result.points)
    assert result.backtest_mae is not None
    assert result.naive_mae is not None
    assert result.backtest_mae < result.naive_mae


def test_shortest_seasonal_fits_leak_no_warnings() -> None:
    """No statsmodels warning reaches the caller (there were many when initial states were estimated)."""
    rng = np.random.default_rng(RNG_SEED)
    t = np.arange(30, dtype=float)
    values = 50 + 0.3 * t + 8 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 1, 30)
    with warnings.catch_warnings(record=True) as leaked:
        warnings.simplefilter("always")
        results = [
            series_forecast(values.tolist(), season_length=12, horizon=6),
            series_forecast(values[:22].tolist(), season_length=12, horizon=6),
            series_forecast(values[:14].tolist(), season_length=4, horizon=4),
            series_forecast(values[:12].tolist(), season_length=2, horizon=2),
        ]
    assert leaked == []
    assert all(r.model == "ets" for r in results)


@pytest.mark.parametrize("values", [LEVEL_SHIFT, [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 10, 10.1, 10, 10.1]])
def test_not_shown_when_the_naive_forecast_was_much_better(values: list[float]) -> None:
    result = series_forecast(values)
    assert result.backtest_mae is not None
    assert result.naive_mae is not None
    assert result.backtest_mae > NAIVE_TOLERANCE * result.naive_mae > 0
    assert result.shown is False
    assert result.reason == (
        "De voorspelling was in het verleden minder goed dan 'gelijk aan de laatste periode'; "
        "daarom tonen we haar niet."
    )
    assert result.model in ("lineair", "ets")
    assert len(result.points) == 2  # kept for the analist


def test_constant_series_gives_a_flat_forecast() -> None:
    result = series_forecast([7.0] * 12, horizon=3)
    assert (result.shown, result.model, result.backtest_mae, result.naive_mae) == (True, "lineair", 0.0, 0.0)
    assert all((p.value, p.low, p.high) == (7.0, 7.0, 7.0) for p in result.points)
    assert result.reason.startswith("Alle 12 perioden hebben dezelfde waarde")


@pytest.mark.parametrize(
    ("values", "bounds"),
    [
        ([90.0, 93.0, 95.0, 97.5, 98.0, 99.5], (0.0, 100.0)),
        ([20.0, 14.0, 9.0, 5.0, 2.0, 1.0], (0.0, None)),
        ([92.0 + 0.6 * k + (-1) ** k for k in range(12)], (0.0, 100.0)),
    ],
)
def test_bounds_clip_value_and_interval(values: list[float], bounds: tuple[float | None, float | None]) -> None:
    free = series_forecast(values, horizon=4)
    bound = series_forecast(values, horizon=4, bounds=bounds)
    lower = -np.inf if bounds[0] is None else bounds[0]
    upper = np.inf if bounds[1] is None else bounds[1]
    for f, b in zip(free.points, bound.points, strict=True):
        assert (b.value, b.low, b.high) == tuple(float(np.clip(x, lower, upper)) for x in (f.value, f.low, f.high))
    assert any(f.low < lower or f.high > upper for f in free.points)  # the case really clips


def test_same_input_same_output() -> None:
    rng = np.random.default_rng(RNG_SEED)
    observed = (_seasonal(np.arange(24, dtype=float)) + rng.normal(0, 1, 24)).tolist()
    assert series_forecast(observed, season_length=4, horizon=4) == series_forecast(
        observed, season_length=4, horizon=4
    )
    assert series_forecast(LINEAR_SERIES) == series_forecast(LINEAR_SERIES)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"values": [1.0, float("nan"), 2.0, 3.0]},
        {"values": [1.0, 2.0, 3.0, 4.0], "level": 1.0},
        {"values": [1.0, 2.0, 3.0, 4.0], "horizon": 0},
        {"values": [1.0, 2.0, 3.0, 4.0], "season_length": 0},
        {"values": [1.0, 2.0, 3.0, 4.0], "bounds": (5.0, 1.0)},
    ],
)
def test_invalid_input_is_refused(kwargs: dict[str, object]) -> None:
    values = kwargs.pop("values")
    with pytest.raises(ValueError):
        series_forecast(values, **kwargs)  # type: ignore[arg-type]
