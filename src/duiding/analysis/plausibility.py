"""Rounded counts and implausible figures: widen intervals for a publisher's rounding, mark what cannot be trusted.

CBS rounds wijk and buurt counts to multiples of 5 (declared on the source as ``rounding``), so
a published 35 stands for any count from 33 to 37, and a sum of k rounded variables is off by at
most 2k. The interval of a figure on such counts is widened to cover every count the published
ones can stand for: the lowest lower bound (numerator at its lowest, denominator at its highest)
to the highest upper bound (numerator highest, denominator lowest). Both the Wilson and the
Garwood bounds rise with the numerator and fall with the denominator, so the extremes lie at
these corners (the tests check this against every consistent pair of counts).

A figure is marked *onbetrouwbaar*, with a Dutch reason, when

- it is **impossible**: a share above 100 %, or a value above the indicator's ``maximum`` (a rate
  per 1.000 of persons who are part of the denominator cannot exceed 1.000); or
- its widened 95%-interval is **too wide** to mean anything: for a share wider than half the
  scale (50 procentpunt), for a rate or count wider than twice the value itself (a relative
  standard error above about 50 %, where statistical offices stop publishing a figure), or
  wider than half the indicator's ``maximum`` (the interval cut off at that maximum).

Marked figures stay visible (with the word and the reason), but get no funnel verdict, no
comparison verdict and no signal (``comparisons_without_unreliable``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from duiding.analysis.frame import KEY
from duiding.analysis.intervals import Bounds, IntervalMethod, as_floats, garwood_interval, wilson_interval
from duiding.analysis.methods import Figure
from duiding.definitions.models import CountFormula, Measure, Monitor, RateFormula, Source, SourceKind
from duiding.numbers import nl_number
from duiding.warehouse import TOTAL

IMPOSSIBLE = "impossible"
TOO_WIDE = "too_wide"
SHARE_WIDTH = 0.5
"""A share's interval wider than this part of the scale (50 procentpunt of 100 %) is too wide."""
RELATIVE_WIDTH = 2.0
"""A rate's or count's interval wider than this many times its value is too wide (RSE above ~50 %)."""

MARK_COLUMNS = [*KEY, "period_end", "area_level", "area_name", "value", "ci_low", "ci_high", "rule", "reason"]


@dataclass(frozen=True)
class MeasureRounding:
    """How the counts behind one measure are rounded: ``terms`` variables, each to ``multiple`` at ``levels``."""

    multiple: int
    levels: tuple[str, ...]
    terms: int


def measure_rounding(measure: Measure, sources: dict[str, Source]) -> MeasureRounding | None:
    """The rounding of a published measure (None for microdata or a source without ``rounding``)."""
    source = sources.get(measure.source)
    if source is None or source.kind is not SourceKind.AGGREGATE or source.rounding is None:
        return None
    terms = len(measure.variables)
    if terms == 0:
        return None
    return MeasureRounding(source.rounding.multiple, tuple(source.rounding.levels), terms)


def rounding_slack(values: NDArray[np.float64], rounding: MeasureRounding | None) -> NDArray[np.float64]:
    """How far each published sum can lie from the true one: ``multiple // 2`` per rounded term.

    A sum that is not a multiple of ``multiple`` holds at least one term that was not rounded.
    """
    if rounding is None:
        return np.zeros(values.shape)
    half = rounding.multiple // 2
    with np.errstate(invalid="ignore"):
        on_grid = np.isclose(np.mod(values, rounding.multiple), 0.0) | np.isclose(
            np.mod(values, rounding.multiple), rounding.multiple
        )
    terms = np.where(on_grid, rounding.terms, rounding.terms - 1)
    return np.where(np.isfinite(values), half * terms, 0.0).astype(np.float64)


def rounded_interval(
    method: IntervalMethod,
    *,
    numerator: NDArray[np.float64],
    denominator: NDArray[np.float64],
    numerator_slack: NDArray[np.float64],
    denominator_slack: NDArray[np.float64],
    per: NDArray[np.float64],
    level: float = 0.95,
) -> Bounds:
    """The widened interval over every numerator within ± its slack and denominator within ± its slack.

    WILSON: from the Wilson lower bound at (x − s, n + t) to the upper bound at (x + s, n − t), or
    100 % when a numerator can reach its denominator. GARWOOD: a rate from Garwood's lower bound
    of x − s over n + t to the upper bound of x + s over n − t (infinite when n − t ≤ 0); a count
    (no denominator) from Garwood at x − s to Garwood at x + s. Other methods: NaN.
    """
    x, n, s, t, scale = as_floats(numerator, denominator, numerator_slack, denominator_slack, per)
    x_low, x_high = np.maximum(x - s, 0.0), x + s
    n_low, n_high = n - t, n + t
    match method:
        case IntervalMethod.WILSON:
            feasible = x_low <= n_high
            low, _ = wilson_interval(np.where(feasible, x_low, np.nan), n_high, level)
            reaches = x_high >= n_low
            _, high = wilson_interval(x_high, np.where(reaches, np.nan, n_low), level)
            high = np.where(feasible & reaches, 1.0, high)
            return np.where(feasible, low, np.nan) * scale, np.where(feasible, high, np.nan) * scale
        case IntervalMethod.GARWOOD:
            low, _ = garwood_interval(x_low, level)
            _, high = garwood_interval(x_high, level)
            is_count = np.isnan(n)
            with np.errstate(divide="ignore", invalid="ignore"):
                low_rate = np.where(n_high > 0, low / n_high * scale, np.nan)
                high_rate = np.where(n_low > 0, high / n_low * scale, np.where(n_high > 0, np.inf, np.nan))
            return np.where(is_count, low, low_rate), np.where(is_count, high, high_rate)
    nothing = np.full(x.shape, np.nan)
    return nothing, nothing.copy()


def _roundings(monitor: Monitor, sources: dict[str, Source]) -> dict[str, tuple[MeasureRounding | None, ...]]:
    """Per indicator the rounding of its numerator and denominator (count: the measure, no denominator)."""
    found: dict[str, tuple[MeasureRounding | None, ...]] = {}
    for indicator in monitor.indicators:
        formula = indicator.formula
        if isinstance(formula, RateFormula):
            found[indicator.id] = (
                measure_rounding(formula.numerator, sources),
                measure_rounding(formula.denominator, sources),
            )
        elif isinstance(formula, CountFormula):
            found[indicator.id] = (measure_rounding(formula.measure, sources), None)
    return found


def _level_rounded(levels: pd.Series, rounding: MeasureRounding | None) -> NDArray[np.bool_]:
    if rounding is None:
        return np.zeros(len(levels), dtype=bool)
    found: NDArray[np.bool_] = levels.isin(list(rounding.levels)).to_numpy(bool)
    return found


def widen_for_rounding(frame: pd.DataFrame, monitor: Monitor, sources: dict[str, Source]) -> pd.DataFrame:
    """``frame`` (with ``ci_low``/``ci_high``) with the intervals of figures on rounded counts widened;
    adds ``numerator_slack`` and ``denominator_slack``."""
    frame = frame.assign(numerator_slack=0.0, denominator_slack=0.0)
    if frame.empty:
        return frame
    for indicator, (num_rounding, den_rounding) in _roundings(monitor, sources).items():
        rows = (frame["indicator"] == indicator).to_numpy() & frame["known"].to_numpy(bool)
        if not rows.any() or (num_rounding is None and den_rounding is None):
            continue
        part = frame[rows]
        num, den = part["numerator"].to_numpy(float), part["denominator"].to_numpy(float)
        s = np.where(_level_rounded(part["area_level"], num_rounding), rounding_slack(num, num_rounding), 0.0)
        t = np.where(_level_rounded(part["area_level"], den_rounding), rounding_slack(den, den_rounding), 0.0)
        frame.loc[rows, "numerator_slack"], frame.loc[rows, "denominator_slack"] = s, t
        widened = (s > 0) | (t > 0)
        if not widened.any():
            continue
        method = IntervalMethod(str(part["interval"].iloc[0]))
        low, high = rounded_interval(
            method,
            numerator=num,
            denominator=den,
            numerator_slack=s,
            denominator_slack=t,
            per=part["per"].to_numpy(float),
        )
        index = part.index[widened]
        frame.loc[index, "ci_low"], frame.loc[index, "ci_high"] = low[widened], high[widened]
    return frame


def _count(value: float) -> str:
    return nl_number(value, 0)


def _rounding_note(row: pd.Series) -> str:
    if row["numerator_slack"] > 0 or row["denominator_slack"] > 0:
        return (
            " CBS rondt aantallen per wijk en buurt af op vijftallen;"
            " bij zulke kleine aantallen zegt de verhouding weinig."
        )
    return ""


def _impossible_reason(row: pd.Series, maximum: float) -> str:
    figure = "een aandeel boven 100%" if row["figure"] == Figure.SHARE.value else f"meer dan {nl_number(maximum, 0)}"
    return (
        f"onmogelijk cijfer ({figure}): de teller ({_count(row['numerator'])}) is groter dan kan bij de noemer "
        f"({_count(row['denominator'])}).{_rounding_note(row)}"
    )


def _wide_reason(row: pd.Series) -> str:
    high = "onbegrensd" if not np.isfinite(row["ci_high"]) else nl_number(row["ci_high"])
    return (
        f"te onzeker: het 95%-interval loopt van {nl_number(row['ci_low'])} tot {high}, te breed om iets over "
        f"het gebied te zeggen (teller {_count(row['numerator'])}"
        + (f", noemer {_count(row['denominator'])}" if np.isfinite(row["denominator"]) else "")
        + f").{_rounding_note(row)}"
    )


def unreliable_marks(frame: pd.DataFrame, monitor: Monitor) -> pd.DataFrame:
    """One row per figure marked *onbetrouwbaar*: its key, value, interval, ``rule`` and Dutch ``reason``."""
    if frame.empty:
        return pd.DataFrame(columns=MARK_COLUMNS)
    maxima = {i.id: i.maximum for i in monitor.indicators}
    known = frame[frame["known"] & frame["figure"].isin([Figure.SHARE.value, Figure.RATE.value, Figure.COUNT.value])]
    declared = known["indicator"].map(maxima).astype("float64")
    share = (known["figure"] == Figure.SHARE.value).to_numpy()
    maximum = np.where(share, known["per"].to_numpy(float), declared.to_numpy(float))
    value, low, high = (known[c].to_numpy(float) for c in ("value", "ci_low", "ci_high"))
    impossible = np.isfinite(maximum) & (value > maximum * (1 + 1e-9))
    # a figure that cannot exceed its maximum has no uncertainty above it
    width = np.where(np.isfinite(maximum), np.minimum(high, maximum), high) - low
    with np.errstate(invalid="ignore"):
        wide_share = share & (width > SHARE_WIDTH * maximum)
        wide_relative = ~share & (value > 0) & (width > RELATIVE_WIDTH * value)
        wide_scale = ~share & np.isfinite(maximum) & (width > SHARE_WIDTH * maximum)
    too_wide = ~impossible & (wide_share | wide_relative | wide_scale)
    marked = known[impossible | too_wide].copy()
    if marked.empty:
        return pd.DataFrame(columns=MARK_COLUMNS)
    marked["rule"] = np.where(impossible[impossible | too_wide], IMPOSSIBLE, TOO_WIDE)
    limits = dict(zip(known.index, maximum, strict=True))
    marked["reason"] = [
        _impossible_reason(row, limits[i]) if row["rule"] == IMPOSSIBLE else _wide_reason(row)
        for i, row in marked.iterrows()
    ]
    return marked[MARK_COLUMNS].reset_index(drop=True)


def _marked(keys: pd.DataFrame, marks: pd.DataFrame) -> NDArray[np.bool_]:
    """True for each row of ``keys`` (columns KEY) that is among ``marks``."""
    if marks.empty or keys.empty:
        return np.zeros(len(keys), dtype=bool)
    flagged = marks[KEY].assign(_marked=True)
    flagged["period_start"] = pd.to_datetime(flagged["period_start"])
    probe = keys.assign(period_start=pd.to_datetime(keys["period_start"])).reset_index(drop=True)
    joined = probe.merge(flagged.drop_duplicates(KEY), on=KEY, how="left")
    found: NDArray[np.bool_] = joined["_marked"].eq(True).to_numpy(bool)
    return found


def _reference_keys(comparisons: pd.DataFrame) -> pd.DataFrame:
    """The KEY of the figure each comparison sets its figure against."""
    reference = comparisons[KEY].assign(period_start=comparisons["reference_start"])
    against_total = comparisons["kind"].isin(["gemeente", "group"]).to_numpy()
    by_area = (comparisons["kind"] == "gemeente").to_numpy()
    reference.loc[by_area, "area_code"] = comparisons.loc[by_area, "reference_code"]
    reference.loc[against_total, "breakdown"] = TOTAL
    reference.loc[against_total, "breakdown_value"] = TOTAL
    return reference


def comparisons_without_unreliable(comparisons: pd.DataFrame, marks: pd.DataFrame) -> pd.DataFrame:
    """``comparisons`` without a verdict where the figure or its reference is marked *onbetrouwbaar*:
    no band, not significant, no p-value, not relevant (so no funnel verdict and no signal)."""
    if comparisons.empty or marks.empty:
        return comparisons
    hit = _marked(comparisons[KEY], marks) | _marked(_reference_keys(comparisons), marks)
    out = comparisons.copy()
    out.loc[hit, "band"] = ""
    out.loc[hit, "significant"] = False
    out.loc[hit, "p_value"] = np.nan
    if "relevant" in out.columns:
        out.loc[hit, "relevant"] = False
    return out
