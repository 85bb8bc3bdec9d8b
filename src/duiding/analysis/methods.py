"""Which statistics fit an indicator: its interval, its test for a difference, its bounds.

The choice follows the formula kind, so every indicator of the library gets one without
extra settings:

| formula | figure | interval | tests |
|---|---|---|---|
| rate per 100, stapeling, share within a norm or scoring at least | share | Wilson | two proportions; exact binomial |
| rate per 1.000 and other rates | rate | exact Poisson (Garwood) | two Poisson rates (exact); funnel: exact Poisson |
| count of rows or of distinct values | count | exact Poisson (Garwood) | two Poisson counts (exact); no funnel |
| mean (statistic, duration, score) | mean | t | Welch t; funnel: normal |
| median, percentile, sum | other | none | not tested |
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from duiding.analysis.intervals import IntervalMethod
from duiding.definitions.models import (
    Aggregation,
    CountFormula,
    DurationFormula,
    Indicator,
    RateFormula,
    ScoreFormula,
    StapelingFormula,
    StatisticFormula,
)


class Figure(StrEnum):
    """What kind of number an indicator's value is."""

    SHARE = "share"
    RATE = "rate"
    COUNT = "count"
    MEAN = "mean"
    OTHER = "other"


@dataclass(frozen=True)
class Method:
    figure: Figure
    interval: IntervalMethod
    per: float
    """The value is numerator / denominator × ``per`` (100 for a percentage); 1 otherwise."""
    bounds: tuple[float | None, float | None]
    """Where the value can lie (a share between 0 and ``per``, a count at least 0)."""

    @property
    def comparable_between_areas(self) -> bool:
        """Counts depend on an area's size, so only shares, rates and means are set against the gemeente."""
        return self.figure in (Figure.SHARE, Figure.RATE, Figure.MEAN)


_SHARE_STATISTICS = ("share_within", "share_at_least")


def indicator_method(indicator: Indicator) -> Method:
    """The statistics that fit ``indicator`` (see the table in this module's docstring)."""
    formula = indicator.formula
    match formula:
        case RateFormula() if formula.per == 100:
            return Method(Figure.SHARE, IntervalMethod.WILSON, 100, (0.0, 100.0))
        case RateFormula():
            return Method(Figure.RATE, IntervalMethod.GARWOOD, float(formula.per), (0.0, None))
        case StapelingFormula():
            return Method(Figure.SHARE, IntervalMethod.WILSON, float(formula.per), (0.0, float(formula.per)))
        case CountFormula() if formula.measure.aggregation is not Aggregation.SUM:
            return Method(Figure.COUNT, IntervalMethod.GARWOOD, 1, (0.0, None))
        case DurationFormula() | ScoreFormula() if formula.statistic in _SHARE_STATISTICS:
            return Method(Figure.SHARE, IntervalMethod.WILSON, 100, (0.0, 100.0))
        case DurationFormula() | ScoreFormula() | StatisticFormula() if formula.statistic == "mean":
            lower = 0.0 if isinstance(formula, DurationFormula) else None
            return Method(Figure.MEAN, IntervalMethod.T, 1, (lower, None))
    return Method(Figure.OTHER, IntervalMethod.NONE, 1, (None, None))
