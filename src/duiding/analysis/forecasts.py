"""A forecast of one series, with a prediction interval, a backtest and the reason in Dutch.

The rule, per series of ``n`` consecutive known values (years, half years, quarters or months):

1. ``n < MIN_POINTS`` (4): no forecast.
2. Every value identical: a flat forecast at that value with a zero-width interval, model
   ``"lineair"`` (the least-squares line through a constant series is flat with no scatter).
3. ``n >= ets_min_points(m)`` with ``m = season_length``: ``ETS_MIN_POINTS`` (10) without a
   season, ``max(10, 10 + 2·⌊m/2⌋)`` for ``m > 1`` (12 for half years, 14 for quarters, 22
   for months): exponential smoothing, statsmodels ``ETSModel`` with additive error and
   additive damped trend, plus additive seasonality of ``m`` periods when ``m > 1`` and the
   series holds two full seasons (``n >= 2m``; only months, at 22 or 23 values, reach the
   threshold without them and are smoothed without a season). The initial states always
   come from statsmodels' heuristic (Hyndman et al. 2008, §2.6.1), which the threshold is
   the minimum of; the optimizer estimates only the smoothing parameters. The interval is
   statsmodels' (``get_prediction().summary_frame``, normal quantile z, in-sample MSE = SSE /
   n) widened around the point forecast by √(n / (n − k)), so that the step-1 interval is
   ŷ ± z · √(SSE / (n − k)). ``k`` counts everything estimated from the series: statsmodels'
   ``df_model`` − 1 (its free parameters without the error variance: α, β, φ, and γ with a
   season) plus the heuristic's initial states, which statsmodels leaves out because they
   are not optimised: level, trend and, with a season, m − 1 seasonal states (they sum to
   zero). So k = 5 without a season and m + 5 with one (9 for quarters, 17 for months).
   Should the fit fail or give non-finite numbers, the linear rule below is used instead.
4. Otherwise a straight line by ordinary least squares on the period index 0 … n−1, with
   the textbook interval ŷ ± t(1 − a/2; n − 2) · s · √(1 + 1/n + (x₀ − x̄)² / Sxx).
5. Backtest: rolling origin, one step ahead, over the last ``min(BACKTEST_ORIGINS, n −
   MIN_POINTS + 1)`` origins. At origin ``t`` rules 1–4 are applied to the first ``t``
   values and their step-1 forecast (clipped to ``bounds``) is compared with value ``t``;
   the naive forecast is value ``t − 1``. Origins where rule 1 applies are skipped (for
   ``n <= 7`` the earliest one always is, so ``n − 4`` origins are evaluated and a series of
   four values has none). ``backtest_mae`` and ``naive_mae`` are the mean absolute errors
   over the same origins, ``None`` when no origin was evaluated.
6. Not shown when ``backtest_mae > NAIVE_TOLERANCE × naive_mae`` (1.5: more than 50 %
   worse) and ``naive_mae > 0``. Model, points and backtest figures are still filled in so
   the analist can see what was held back; readers' views must check ``shown``.
7. ``bounds``: value, low and high are clipped to ``[lower, upper]`` where given.

The function is pure and deterministic: the optimizer starts from fixed values and the
intervals are analytic, not simulated. When an exponential-smoothing fit can occur (``n >=
ets_min_points(m)``) BLAS is limited to one thread for the duration of the call
(``threadpoolctl``): these small problems run several times slower on more threads. The
limit is process-wide while it lasts, so other threads' BLAS calls are single-threaded too.
"""

from __future__ import annotations

import contextlib
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]  # no py.typed in 3.8.0

MIN_POINTS = 4
ETS_MIN_POINTS = 10
BACKTEST_ORIGINS = 4
NAIVE_TOLERANCE = 1.5
ETS_MAXITER = 200
"""L-BFGS iterations per fit; from the heuristic initial states it converges in well under 50."""

Array = npt.NDArray[np.float64]
Bounds = tuple[float | None, float | None]

TOO_FEW = "Te weinig perioden ({n}) voor een voorspelling; nodig zijn er minstens {min}."
NOT_BETTER = (
    "De voorspelling was in het verleden minder goed dan 'gelijk aan de laatste periode'; daarom tonen we haar niet."
)
FLAT = "Alle {n} perioden hebben dezelfde waarde; de voorspelling is die waarde, zonder marge."
LINEAR = (
    "Rechte trendlijn door de {n} perioden, omdat er minder dan {min} zijn; "
    "vanaf {min} perioden gebruiken we exponentiële afvlakking."
)
LINEAR_FALLBACK = "Rechte trendlijn door de {n} perioden, omdat exponentiële afvlakking voor deze reeks niet lukte."
ETS = (
    "Exponentiële afvlakking met een uitdovende trend over {n} perioden, "
    "omdat er genoeg zijn (minstens {min}) om die trend te schatten."
)
ETS_SEASONAL = (
    "Exponentiële afvlakking met een uitdovende trend en een seizoenspatroon van {m} perioden over {n} perioden, "
    "omdat er genoeg zijn (minstens {min}) om trend en seizoen te schatten."
)


@dataclass(frozen=True)
class ForecastPoint:
    step: int
    """1 = the first period after the last observed one."""
    value: float
    low: float
    """Lower end of the prediction interval at the forecast's ``level``."""
    high: float


@dataclass(frozen=True)
class Forecast:
    shown: bool
    """False: no forecast is shown to readers (``reason`` says why)."""
    model: str
    """``"ets"``, ``"lineair"`` or ``""`` (no model): what produced ``points``."""
    reason: str
    """Dutch, one sentence for readers: which model and why, or why there is no forecast."""
    points: tuple[ForecastPoint, ...]
    points_used: int
    """Length of the series."""
    backtest_mae: float | None
    """Mean absolute one-step-ahead error of the model in the rolling-origin backtest."""
    naive_mae: float | None
    """The same for the naive forecast (the last value) on the same origins."""
    level: float = 0.95


@dataclass(frozen=True)
class _Fit:
    model: str
    reason: str
    mean: Array
    low: Array
    high: Array


def ets_min_points(season_length: int) -> int:
    """How many values exponential smoothing needs: 10, or ``max(10, 10 + 2·⌊m/2⌋)`` with a season of ``m > 1``."""
    if season_length > 1:
        return max(ETS_MIN_POINTS, 10 + 2 * (season_length // 2))
    return ETS_MIN_POINTS


def _linear(y: Array, horizon: int, level: float, reason: str) -> _Fit:
    n = len(y)
    x = np.arange(n, dtype=np.float64)
    x_mean, y_mean = x.mean(), y.mean()
    sxx = float(np.sum((x - x_mean) ** 2))
    slope = float(np.sum((x - x_mean) * (y - y_mean))) / sxx
    intercept = y_mean - slope * x_mean
    s = math.sqrt(float(np.sum((y - intercept - slope * x) ** 2)) / (n - 2))
    x0 = np.arange(n, n + horizon, dtype=np.float64)
    mean = intercept + slope * x0
    half = float(stats.t.ppf(0.5 + level / 2, n - 2)) * s * np.sqrt(1 + 1 / n + (x0 - x_mean) ** 2 / sxx)
    return _Fit("lineair", reason, mean, mean - half, mean + half)


def _ets(y: Array, season_length: int, horizon: int, level: float) -> _Fit | None:
    n, seasonal = len(y), season_length > 1 and len(y) >= 2 * season_length
    model = ETSModel(
        pd.Series(y),  # an ndarray breaks get_prediction in statsmodels 0.15 (no .index)
        error="add",
        trend="add",
        damped_trend=True,
        seasonal="add" if seasonal else None,
        seasonal_periods=season_length if seasonal else None,
        initialization_method="heuristic",  # n >= ets_min_points(m) is the heuristic's minimum
    )
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            fitted = model.fit(disp=False, maxiter=ETS_MAXITER)
            frame = fitted.get_prediction(start=n, end=n + horizon - 1).summary_frame(alpha=1 - level)
        except (ValueError, ArithmeticError, np.linalg.LinAlgError):
            return None
    mean, low, high = (frame[c].to_numpy(dtype=np.float64) for c in ("mean", "pi_lower", "pi_upper"))
    initial_states = 2 + (season_length - 1 if seasonal else 0)  # level, trend, seasonal summing to 0
    k = int(fitted.df_model) - 1 + initial_states  # df_model counts the error variance, not the states
    widen = math.sqrt(n / (n - k))
    low, high = mean - widen * (mean - low), mean + widen * (high - mean)
    if not all(np.isfinite(c).all() for c in (mean, low, high)):
        return None
    minimum = ets_min_points(season_length)
    if seasonal:  # a season also needs two full seasons: 24 months, more than the threshold of 22
        text = ETS_SEASONAL.format(m=season_length, n=n, min=max(minimum, 2 * season_length))
    else:
        text = ETS.format(n=n, min=minimum)
    return _Fit("ets", text, mean, low, high)


def _fit(y: Array, season_length: int, horizon: int, level: float) -> _Fit | None:
    """Rules 1–4 of the module docstring: the forecast of ``y``, or None when it is too short."""
    n = len(y)
    if n < MIN_POINTS:
        return None
    if np.ptp(y) == 0:
        flat = np.full(horizon, y[0])
        return _Fit("lineair", FLAT.format(n=n), flat, flat, flat)
    minimum = ets_min_points(season_length)
    if n >= minimum:
        fit = _ets(y, season_length, horizon, level)
        return fit or _linear(y, horizon, level, LINEAR_FALLBACK.format(n=n))
    return _linear(y, horizon, level, LINEAR.format(n=n, min=minimum))


def _clip(values: Array, bounds: Bounds) -> Array:
    lower, upper = bounds
    return np.clip(values, -np.inf if lower is None else lower, np.inf if upper is None else upper)


def _backtest(y: Array, season_length: int, bounds: Bounds) -> tuple[float | None, float | None]:
    """Rule 5: mean absolute one-step error of the model and of the naive forecast."""
    n = len(y)
    model_errors: list[float] = []
    naive_errors: list[float] = []
    for origin in range(n - min(BACKTEST_ORIGINS, n - MIN_POINTS + 1), n):
        fit = _fit(y[:origin], season_length, 1, 0.95)
        if fit is None:
            continue
        model_errors.append(abs(float(_clip(fit.mean, bounds)[0]) - float(y[origin])))
        naive_errors.append(abs(float(y[origin - 1]) - float(y[origin])))
    if not model_errors:
        return None, None
    return float(np.mean(model_errors)), float(np.mean(naive_errors))


def _check(values: Array, season_length: int, horizon: int, level: float, bounds: Bounds) -> None:
    if not np.isfinite(values).all():
        raise ValueError("values must all be finite (pass only series whose values are all known)")
    if season_length < 1 or horizon < 1:
        raise ValueError("season_length and horizon must be at least 1")
    if not 0 < level < 1:
        raise ValueError("level must lie strictly between 0 and 1")
    lower, upper = bounds
    if lower is not None and upper is not None and lower > upper:
        raise ValueError("bounds must be (lower, upper) with lower <= upper")


def series_forecast(
    values: Sequence[float],
    *,
    season_length: int = 1,
    horizon: int = 2,
    level: float = 0.95,
    bounds: Bounds = (None, None),
) -> Forecast:
    """The forecast of ``values`` for ``horizon`` periods, following the rule in the module docstring."""
    y = np.asarray(values, dtype=np.float64)
    _check(y, season_length, horizon, level, bounds)
    n = len(y)
    # Setting the limit costs about 5 ms; a series too short for exponential smoothing takes under 1.
    one_thread = threadpool_limits(limits=1) if n >= ets_min_points(season_length) else contextlib.nullcontext()
    with one_thread:
        fit = _fit(y, season_length, horizon, level)
        if fit is None:
            return Forecast(False, "", TOO_FEW.format(n=n, min=MIN_POINTS), (), n, None, None, level)
        backtest_mae, naive_mae = _backtest(y, season_length, bounds)
    hidden = (
        backtest_mae is not None
        and naive_mae is not None
        and naive_mae > 0
        and backtest_mae > NAIVE_TOLERANCE * naive_mae
    )
    mean, low, high = (_clip(a, bounds) for a in (fit.mean, fit.low, fit.high))
    points = tuple(
        ForecastPoint(step + 1, float(mean[step]), float(low[step]), float(high[step])) for step in range(horizon)
    )
    reason = NOT_BETTER if hidden else fit.reason
    return Forecast(not hidden, fit.model, reason, points, n, backtest_mae, naive_mae, level)
