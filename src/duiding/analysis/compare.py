"""Comparisons, each answering "is this difference real?".

- over time (``previous``: the period before with figures; ``year_ago``: the same period a
  year earlier, which takes out the season in quarters, half years and months): a test for
  two independent figures (``tests``); significant at p < 0.05;
- between areas (``gemeente``): each wijk and buurt against the whole gemeente with funnel
  limits (``funnel``: 95% and 99.8%, exact binomial or Poisson, Spiegelhalter), so a small
  area is not flagged for noise; significant outside the 95% limits;
- between groups (``group``): each breakdown value (age, gender, aanbieder, voorziening)
  against the total of its area, with the same funnel limits.

Every comparison carries the two values, their difference and a two-sided p-value; signals
are chosen from them (``signals``). Only figures that passed disclosure control are compared.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import stats

from duiding.analysis.frame import SERIES
from duiding.analysis.funnel import (
    funnel_band,
    funnel_limits_normal,
    funnel_limits_poisson,
    funnel_limits_proportion,
)
from duiding.analysis.methods import Figure
from duiding.analysis.tests import two_means_test, two_poisson_test, two_proportions_test
from duiding.definitions.models import PeriodGrain
from duiding.warehouse import OBSERVATION_PLACE, TOTAL

PREVIOUS = "previous"
YEAR_AGO = "year_ago"
GEMEENTE = "gemeente"
GROUP = "group"
KINDS = (PREVIOUS, YEAR_AGO, GEMEENTE, GROUP)
SIGNIFICANCE = 0.05

_VALUES = ["numerator", "denominator", "value", "spread", "period_start", "period_end", "load_ids"]
OUTPUT = [
    "indicator",
    "kind",
    *OBSERVATION_PLACE,
    "reference_start",
    "reference_end",
    "reference_code",
    "value",
    "reference",
    "difference",
    "p_value",
    "limit95_low",
    "limit95_high",
    "limit998_low",
    "limit998_high",
    "band",
    "significant",
    "figure",
    "load_ids",
    "reference_load_ids",
]


def time_kinds(grain: PeriodGrain) -> tuple[str, ...]:
    """Which comparisons over time fit a grain: a year is compared with the year before; a
    rolling twelve months only with twelve months earlier (neighbouring windows overlap); a
    quarter, half year or month with both."""
    if grain is PeriodGrain.YEAR:
        return (PREVIOUS,)
    if grain is PeriodGrain.ROLLING_12_MONTHS:
        return (YEAR_AGO,)
    return (PREVIOUS, YEAR_AGO)


def _two_sample_p(rows: pd.DataFrame) -> NDArray[np.float64]:
    """Two-sided p-value for the difference between ``*_ref`` and the current figure."""
    p = np.full(len(rows), np.nan)
    figure = rows["figure"].to_numpy()
    x1, n1 = rows["numerator_ref"].to_numpy(float), rows["denominator_ref"].to_numpy(float)
    x2, n2 = rows["numerator"].to_numpy(float), rows["denominator"].to_numpy(float)
    share = figure == Figure.SHARE.value
    p[share] = two_proportions_test(x1[share], n1[share], x2[share], n2[share])
    rate = figure == Figure.RATE.value
    p[rate] = two_poisson_test(x1[rate], n1[rate], x2[rate], n2[rate])
    count = figure == Figure.COUNT.value
    ones = np.ones(int(count.sum()))
    p[count] = two_poisson_test(x1[count], ones, x2[count], ones)
    mean = figure == Figure.MEAN.value
    v1, s1 = rows["value_ref"].to_numpy(float), rows["spread_ref"].to_numpy(float)
    v2, s2 = rows["value"].to_numpy(float), rows["spread"].to_numpy(float)
    p[mean] = two_means_test(v1[mean], s1[mean], n1[mean], v2[mean], s2[mean], n2[mean])
    return p


def _finish_time(rows: pd.DataFrame, kind: str) -> pd.DataFrame:
    rows = rows.assign(
        kind=kind,
        reference_start=rows["period_start_ref"],
        reference_end=rows["period_end_ref"],
        reference_code=rows["area_code"],
        reference=rows["value_ref"],
        difference=rows["value"] - rows["value_ref"],
        p_value=_two_sample_p(rows),
        limit95_low=np.nan,
        limit95_high=np.nan,
        limit998_low=np.nan,
        limit998_high=np.nan,
        band="",
        reference_load_ids=rows["load_ids_ref"],
    )
    rows["significant"] = rows["p_value"] < SIGNIFICANCE
    return rows[OUTPUT]


def time_comparisons(frame: pd.DataFrame, grains: dict[str, PeriodGrain]) -> pd.DataFrame:
    """Each known figure against the previous period with figures and against a year earlier."""
    known = frame[frame["known"]]
    parts = []
    wants = {kind: [i for i, g in grains.items() if kind in time_kinds(g)] for kind in (PREVIOUS, YEAR_AGO)}
    reference = known[[*SERIES, "period_index", *_VALUES]].rename(columns={c: f"{c}_ref" for c in _VALUES})
    current = known[known["indicator"].isin(wants[PREVIOUS])]
    if not current.empty:
        shifted = reference.assign(period_index=reference["period_index"] + 1)
        parts.append(_finish_time(current.merge(shifted, on=[*SERIES, "period_index"]), PREVIOUS))
    current = known[known["indicator"].isin(wants[YEAR_AGO])]
    if not current.empty:
        shifted = reference.assign(period_start=reference["period_start_ref"] + pd.DateOffset(years=1))
        shifted = shifted.drop(columns=["period_index"])
        parts.append(_finish_time(current.merge(shifted, on=[*SERIES, "period_start"]), YEAR_AGO))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=OUTPUT)


def _central_p(lower: NDArray[np.float64], upper: NDArray[np.float64]) -> NDArray[np.float64]:
    """Two-sided p-value of an exact test from P(X ≤ x) and P(X ≥ x)."""
    p: NDArray[np.float64] = np.minimum(1.0, 2 * np.minimum(lower, upper))
    return p


def _funnel(rows: pd.DataFrame) -> pd.DataFrame:
    """Funnel limits around the reference for the current row's size, its band and p-value."""
    n = len(rows)
    limits = {name: np.full(n, np.nan) for name in ("l95", "h95", "l998", "h998")}
    p = np.full(n, np.nan)
    figure = rows["figure"].to_numpy()
    per = rows["per"].to_numpy(float)
    x, size = np.rint(rows["numerator"].to_numpy(float)), rows["denominator"].to_numpy(float)
    reference = rows["value_ref"].to_numpy(float)
    for kind, limit_of in (
        (Figure.SHARE.value, funnel_limits_proportion),
        (Figure.RATE.value, funnel_limits_poisson),
    ):
        mask = figure == kind
        if not mask.any():
            continue
        target = reference[mask] / per[mask]
        for coverage, low, high in ((0.95, "l95", "h95"), (0.998, "l998", "h998")):
            bounds = limit_of(target, size[mask], coverage)
            limits[low][mask], limits[high][mask] = bounds[0] * per[mask], bounds[1] * per[mask]
        with np.errstate(invalid="ignore"):
            if kind == Figure.SHARE.value:
                trials = np.rint(size[mask])
                below = stats.binom.cdf(x[mask], trials, target)
                above = stats.binom.sf(x[mask] - 1, trials, target)
            else:
                expected = target * size[mask]
                below = stats.poisson.cdf(x[mask], expected)
                above = stats.poisson.sf(x[mask] - 1, expected)
        p[mask] = _central_p(below, above)
    mask = figure == Figure.MEAN.value
    if mask.any():
        spread = rows["spread_ref"].to_numpy(float)[mask]
        for coverage, low, high in ((0.95, "l95", "h95"), (0.998, "l998", "h998")):
            bounds = funnel_limits_normal(reference[mask], spread, size[mask], coverage)
            limits[low][mask], limits[high][mask] = bounds
        with np.errstate(invalid="ignore", divide="ignore"):
            z = (rows["value"].to_numpy(float)[mask] - reference[mask]) / (spread / np.sqrt(size[mask]))
        p[mask] = 2 * stats.norm.sf(np.abs(z))
    value = rows["value"].to_numpy(float)
    band = funnel_band(value, limits["l95"], limits["h95"], limits["l998"], limits["h998"])
    return rows.assign(
        limit95_low=limits["l95"],
        limit95_high=limits["h95"],
        limit998_low=limits["l998"],
        limit998_high=limits["h998"],
        band=band,
        p_value=p,
        significant=np.isin(band, ["95", "99.8"]),
    )


def _finish_funnel(rows: pd.DataFrame, kind: str, reference_code: pd.Series) -> pd.DataFrame:
    rows = _funnel(rows)
    rows = rows.assign(
        kind=kind,
        reference_start=rows["period_start"],
        reference_end=rows["period_end"],
        reference_code=reference_code,
        reference=rows["value_ref"],
        difference=rows["value"] - rows["value_ref"],
        reference_load_ids=rows["load_ids_ref"],
    )
    return rows[OUTPUT]


_REFERENCE = ["numerator", "denominator", "value", "spread", "load_ids"]


def area_comparisons(frame: pd.DataFrame) -> pd.DataFrame:
    """Each wijk and buurt total against the gemeente total of the same period (funnel limits)."""
    known = frame[frame["known"] & frame["figure"].isin([Figure.SHARE.value, Figure.RATE.value, Figure.MEAN.value])]
    totals = known[known["breakdown"] == TOTAL]
    gemeente = totals[totals["area_level"] == "gemeente"]
    reference = gemeente[["indicator", "period_start", "area_code", *_REFERENCE]].rename(
        columns={"area_code": "gemeente_code", **{c: f"{c}_ref" for c in _REFERENCE}}
    )
    areas = totals[totals["area_level"] != "gemeente"].merge(reference, on=["indicator", "period_start"])
    if areas.empty:
        return pd.DataFrame(columns=OUTPUT)
    return _finish_funnel(areas, GEMEENTE, areas["gemeente_code"])


def group_comparisons(frame: pd.DataFrame) -> pd.DataFrame:
    """Each breakdown value against the total of its area and period (funnel limits)."""
    known = frame[frame["known"] & frame["figure"].isin([Figure.SHARE.value, Figure.RATE.value, Figure.MEAN.value])]
    reference = known[known["breakdown"] == TOTAL][["indicator", "period_start", "area_code", *_REFERENCE]]
    reference = reference.rename(columns={c: f"{c}_ref" for c in _REFERENCE})
    groups = known[known["breakdown"] != TOTAL].merge(reference, on=["indicator", "period_start", "area_code"])
    if groups.empty:
        return pd.DataFrame(columns=OUTPUT)
    return _finish_funnel(groups, GROUP, pd.Series(TOTAL, index=groups.index))
