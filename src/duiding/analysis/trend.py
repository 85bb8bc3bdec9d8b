"""The trend over a whole series: a weighted straight line through its known values.

Per series (indicator × area × group, at least ``MIN_POINTS`` known periods) the slope per
year comes from weighted least squares, each period weighted by 1 / se², with se taken
from its 95% interval (width / (2 × 1.96)); figures without an interval get equal weights.
The slope's standard error is the larger of the one the intervals imply and the one the
scatter around the line implies (so a noisy series is not called a trend on the strength
of narrow intervals alone); the p-value comes from the t-distribution with n − 2 degrees
of freedom when the scatter decides, else from the normal distribution. Rolling
twelve-month figures overlap, so only the windows ending in the same month as the last
one are used (one per year).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from duiding.analysis.frame import SERIES
from duiding.definitions.models import PeriodGrain

MIN_POINTS = 3
Z95 = float(stats.norm.ppf(0.975))
DAYS_PER_YEAR = 365.25


def _points(frame: pd.DataFrame, grains: dict[str, PeriodGrain]) -> pd.DataFrame:
    known = frame[frame["known"]].copy()
    rolling = [i for i, g in grains.items() if g is PeriodGrain.ROLLING_12_MONTHS]
    if rolling:
        last_month = known.groupby("indicator")["period_end"].transform("max").dt.month
        keep = ~known["indicator"].isin(rolling) | (known["period_end"].dt.month == last_month)
        known = known[keep]
    first = known.groupby("indicator")["period_start"].transform("min")
    known["t"] = (known["period_start"] - first).dt.days / DAYS_PER_YEAR
    se = (known["ci_high"] - known["ci_low"]) / (2 * Z95)
    known["w"] = 1.0 / se**2
    return known


def series_trends(frame: pd.DataFrame, grains: dict[str, PeriodGrain]) -> pd.DataFrame:
    """One row per series with at least ``MIN_POINTS`` known values: slope per year, its 95% interval, p."""
    points = _points(frame, grains)
    group = points.groupby(SERIES)
    points["n"] = group["value"].transform("size")
    points = points[points["n"] >= MIN_POINTS].copy()
    if points.empty:
        return pd.DataFrame(columns=[*SERIES, "area_level", "first_start", "last_start", "points", "slope"])
    # equal weights for a series where any point lacks a usable interval
    usable = np.isfinite(points["w"]) & (points["w"] > 0)
    weighted = usable.groupby([points[c] for c in SERIES]).transform("all")
    points["w"] = np.where(weighted, points["w"], 1.0)
    points["weighted"] = weighted
    group = points.groupby(SERIES)
    sw = group["w"].transform("sum")
    t_bar = (points["w"] * points["t"]).groupby([points[c] for c in SERIES]).transform("sum") / sw
    y_bar = (points["w"] * points["value"]).groupby([points[c] for c in SERIES]).transform("sum") / sw
    points["dt"], points["dy"] = points["t"] - t_bar, points["value"] - y_bar
    points["sxx"] = points["w"] * points["dt"] ** 2
    points["sxy"] = points["w"] * points["dt"] * points["dy"]
    sums = points.groupby(SERIES).agg(
        sxx=("sxx", "sum"),
        sxy=("sxy", "sum"),
        points=("value", "size"),
        weighted=("weighted", "first"),
        area_level=("area_level", "first"),
        first_start=("period_start", "min"),
        last_start=("period_start", "max"),
    )
    sums["slope"] = sums["sxy"] / sums["sxx"]
    points = points.join(sums[["slope"]], on=SERIES)
    points["r2"] = points["w"] * (points["dy"] - points["slope"] * points["dt"]) ** 2
    sums["rss"] = points.groupby(SERIES)["r2"].sum()
    df = sums["points"] - 2
    scale = sums["rss"] / df
    model = sums["weighted"].astype(bool)
    # unweighted: the scatter is all there is; weighted: the larger of the two
    phi = np.where(model, np.maximum(scale, 1.0), scale)
    scatter_decides = ~model | (scale > 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.sqrt(phi / sums["sxx"])
        statistic = sums["slope"] / se
    quantile = np.where(scatter_decides, stats.t.ppf(0.975, df), Z95)
    p = np.where(scatter_decides, 2 * stats.t.sf(np.abs(statistic), df), 2 * stats.norm.sf(np.abs(statistic)))
    p = np.where(se > 0, p, np.where(sums["slope"] == 0, 1.0, 0.0))
    sums["slope_low"] = sums["slope"] - quantile * se
    sums["slope_high"] = sums["slope"] + quantile * se
    sums["p_value"] = p
    sums["significant"] = sums["p_value"] < 0.05
    return sums.reset_index()[
        [
            *SERIES,
            "area_level",
            "first_start",
            "last_start",
            "points",
            "slope",
            "slope_low",
            "slope_high",
            "p_value",
            "significant",
        ]
    ]
