"""Forecasts per series: the gemeente and each wijk, for every indicator with enough history.

A series is forecast from its last run of consecutive known periods, and only when that run
ends in the indicator's latest period (a missing or suppressed last figure means no
forecast: the next period would not follow on from what is shown). Which model, when a
forecast is shown and how it is backtested is ``forecasts.series_forecast``'s rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from duiding.analysis.forecasts import Forecast, series_forecast
from duiding.analysis.methods import indicator_method
from duiding.definitions.models import AreaLevel, Indicator, PeriodGrain
from duiding.periods import add_months
from duiding.warehouse import TOTAL

LEVELS = (AreaLevel.GEMEENTE.value, AreaLevel.WIJK.value)
_STEP = {
    PeriodGrain.YEAR: 12,
    PeriodGrain.HALF_YEAR: 6,
    PeriodGrain.QUARTER: 3,
    PeriodGrain.MONTH: 1,
    PeriodGrain.ROLLING_12_MONTHS: 1,
}
_SEASON = {
    PeriodGrain.YEAR: 1,
    PeriodGrain.HALF_YEAR: 2,
    PeriodGrain.QUARTER: 4,
    PeriodGrain.MONTH: 12,
    PeriodGrain.ROLLING_12_MONTHS: 1,
}
_HORIZON = {
    PeriodGrain.YEAR: 2,
    PeriodGrain.HALF_YEAR: 2,
    PeriodGrain.QUARTER: 4,
    PeriodGrain.MONTH: 6,
    PeriodGrain.ROLLING_12_MONTHS: 6,
}


def next_periods(grain: PeriodGrain, last_start: date, count: int) -> list[tuple[date, date]]:
    """The ``count`` periods after the one starting on ``last_start``."""
    step, length = _STEP[grain], 12 if grain is PeriodGrain.ROLLING_12_MONTHS else _STEP[grain]
    starts = [add_months(last_start, step * k) for k in range(1, count + 1)]
    return [(start, add_months(start, length) - timedelta(days=1)) for start in starts]


@dataclass(frozen=True)
class SeriesForecast:
    indicator: str
    area_level: str
    area_code: str
    forecast: Forecast
    periods: tuple[tuple[date, date], ...]
    """The period of each forecast point, in order."""


def _last_run(series: pd.DataFrame, grain: PeriodGrain) -> pd.DataFrame:
    starts = [d.date() for d in series["period_start"]]
    begin = len(starts) - 1
    while begin > 0 and add_months(starts[begin - 1], _STEP[grain]) == starts[begin]:
        begin -= 1
    return series.iloc[begin:]


def _not_shown(indicator: Indicator, level: str, code: str, reason: str, points: int) -> SeriesForecast:
    return SeriesForecast(indicator.id, level, code, Forecast(False, "", reason, (), points, None, None), ())


def indicator_forecasts(indicator: Indicator, frame: pd.DataFrame) -> list[SeriesForecast]:
    """A forecast (or the reason there is none) for the gemeente and every wijk of ``indicator``."""
    mine = frame[(frame["indicator"] == indicator.id) & (frame["breakdown"] == TOTAL)]
    mine = mine[mine["area_level"].isin(LEVELS)]
    if mine.empty:
        return []
    grain = indicator.period_grain
    latest = mine["period_start"].max()
    bounds = indicator_method(indicator).bounds
    found = []
    for (level, code), series in mine.groupby(["area_level", "area_code"]):
        series = series.sort_values("period_start")
        known = series[series["known"]]
        if known.empty or known["period_start"].iloc[-1] != latest:
            reason = "Het cijfer van de laatste periode ontbreekt (geheim of niet gepubliceerd); geen voorspelling."
            found.append(_not_shown(indicator, str(level), str(code), reason, len(known)))
            continue
        run = _last_run(known, grain)
        result = series_forecast(
            run["value"].tolist(), season_length=_SEASON[grain], horizon=_HORIZON[grain], bounds=bounds
        )
        periods = tuple(next_periods(grain, run["period_start"].iloc[-1].date(), len(result.points)))
        found.append(SeriesForecast(indicator.id, str(level), str(code), result, periods))
    return found
