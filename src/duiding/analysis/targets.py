"""Target against realisation: *behaald*, *op koers*, *niet op koers*, *geen doel* (or *onbekend*).

For each target of an indicator (the gemeente, or the area the target names):

1. no target: *geen doel*; no known figure yet: *onbekend*;
2. the latest known figure meets the target: *behaald*;
3. the target date has passed without that: *niet op koers*;
4. else the weighted straight line through the known figures (as in ``trend``) is carried
   forward to the target date. When the projected value meets the target: *op koers*,
   otherwise *niet op koers*. The projection and its 95% interval are stored with the
   status; with fewer than two known periods there is no line: *onbekend*.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from scipy import stats

from duiding.analysis.methods import Figure, indicator_method
from duiding.analysis.text import digits_for, nl_date
from duiding.definitions.models import Indicator, Target
from duiding.numbers import with_unit
from duiding.periods import period_label
from duiding.warehouse import TOTAL

BEHAALD = "behaald"
OP_KOERS = "op koers"
NIET_OP_KOERS = "niet op koers"
GEEN_DOEL = "geen doel"
ONBEKEND = "onbekend"
STATUSES = (BEHAALD, OP_KOERS, NIET_OP_KOERS, GEEN_DOEL, ONBEKEND)
Z95 = float(stats.norm.ppf(0.975))


@dataclass(frozen=True)
class TargetStatus:
    indicator: str
    area_code: str
    status: str
    explanation: str
    """Dutch: what the status rests on, with the projection when there is one."""
    target: Target | None = None
    latest_start: date | None = None
    latest_end: date | None = None
    latest_value: float | None = None
    projected: float | None = None
    projected_low: float | None = None
    projected_high: float | None = None


def _meets(value: float, target: Target) -> bool:
    return value >= target.value if target.direction == "at_least" else value <= target.value


def _goal(indicator: Indicator, target: Target) -> str:
    word = "minstens" if target.direction == "at_least" else "hoogstens"
    return f"{word} {with_unit(target.value, indicator.unit, digits_for([target.value]))} op {nl_date(target.by)}"


def projection(series: pd.DataFrame, day: date) -> tuple[float, float, float]:
    """The weighted line through ``series`` (period_end, value, ci_low, ci_high) at ``day``, with its 95% interval."""
    t = (pd.to_datetime(series["period_end"]) - pd.Timestamp("2000-01-01")).dt.days.to_numpy(float) / 365.25
    y = series["value"].to_numpy(float)
    se = (series["ci_high"].to_numpy(float) - series["ci_low"].to_numpy(float)) / (2 * Z95)
    w = 1 / se**2 if np.all(np.isfinite(se) & (se > 0)) else np.ones_like(y)
    t_bar, y_bar = np.average(t, weights=w), np.average(y, weights=w)
    sxx = float(np.sum(w * (t - t_bar) ** 2))
    slope = float(np.sum(w * (t - t_bar) * (y - y_bar)) / sxx)
    t0 = (pd.Timestamp(day) - pd.Timestamp("2000-01-01")).days / 365.25
    value = y_bar + slope * (t0 - t_bar)
    if len(y) < 3:
        return value, float("nan"), float("nan")
    scale = float(np.sum(w * (y - y_bar - slope * (t - t_bar)) ** 2) / (len(y) - 2))
    weighted = not np.all(w == 1)
    phi = max(scale, 1.0) if weighted else scale
    half = float(stats.t.ppf(0.975, len(y) - 2)) * np.sqrt(phi * (1 / np.sum(w) + (t0 - t_bar) ** 2 / sxx))
    return value, value - half, value + half


def target_status(indicator: Indicator, target: Target, series: pd.DataFrame, area_code: str) -> TargetStatus:
    """The status of one target from the known totals of its area (rows ordered by period)."""
    goal = _goal(indicator, target)
    if series.empty:
        return TargetStatus(indicator.id, area_code, ONBEKEND, f"Doel: {goal}. Er zijn nog geen cijfers.", target)
    last = series.iloc[-1]
    start, end, value = last["period_start"].date(), last["period_end"].date(), float(last["value"])
    digits = 0 if indicator_method(indicator).figure is Figure.COUNT else digits_for([value, target.value])
    now = f"{with_unit(value, indicator.unit, digits)} in {period_label(start, end)}"
    known = {"target": target, "latest_start": start, "latest_end": end, "latest_value": value}
    if _meets(value, target):
        return TargetStatus(indicator.id, area_code, BEHAALD, f"Doel: {goal}. Behaald: {now}.", **known)
    if end >= target.by:
        text = f"Doel: {goal}. De termijn is verstreken zonder dat het doel is gehaald ({now})."
        return TargetStatus(indicator.id, area_code, NIET_OP_KOERS, text, **known)
    if len(series) < 2:
        text = f"Doel: {goal}. Nu {now}; te weinig perioden om een koers te bepalen."
        return TargetStatus(indicator.id, area_code, ONBEKEND, text, **known)
    projected, low, high = projection(series, target.by)
    status = OP_KOERS if _meets(projected, target) else NIET_OP_KOERS
    first = series.iloc[0]
    span = f"{period_label(first['period_start'].date(), first['period_end'].date())}–{period_label(start, end)}"
    interval = (
        f" (95%-interval {with_unit(low, indicator.unit, digits)} tot {with_unit(high, indicator.unit, digits)})"
        if np.isfinite(low)
        else ""
    )
    text = (
        f"Doel: {goal}. Nu {now}. De lijn door de cijfers van {span}, doorgetrokken naar "
        f"{nl_date(target.by)}, komt uit op {with_unit(projected, indicator.unit, digits)}{interval}: {status}."
    )
    return TargetStatus(
        indicator.id, area_code, status, text, projected=projected, projected_low=low, projected_high=high, **known
    )


def indicator_target_statuses(indicator: Indicator, frame: pd.DataFrame, gemeente_code: str) -> list[TargetStatus]:
    """One status per target of ``indicator`` (``geen doel`` when it has none), from the monitor's frame."""
    if not indicator.targets:
        return [TargetStatus(indicator.id, gemeente_code, GEEN_DOEL, "Voor deze indicator is geen doel vastgelegd.")]
    mine = frame[(frame["indicator"] == indicator.id) & (frame["breakdown"] == TOTAL) & frame["known"]]
    statuses = []
    for target in indicator.targets:
        area = target.area or gemeente_code
        series = mine[mine["area_code"] == area].sort_values("period_start")
        statuses.append(target_status(indicator, target, series, area))
    return statuses
