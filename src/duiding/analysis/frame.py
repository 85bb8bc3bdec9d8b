"""Protected observations as one table (pandas) with what the analysis needs per row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, fields

import numpy as np
import pandas as pd

from duiding.analysis.methods import indicator_method
from duiding.definitions.models import Monitor
from duiding.privacy import ProtectedObservation

KEY = ["indicator", "period_start", "area_code", "breakdown", "breakdown_value"]
"""Identifies one observation within a monitor."""
SERIES = ["indicator", "area_code", "breakdown", "breakdown_value"]
"""Identifies one series: the same figure for the same area and group over time."""


def observation_frame(observations: Sequence[ProtectedObservation], monitor: Monitor) -> pd.DataFrame:
    """One row per observation; suppressed and missing figures are NaN. Adds per row the
    indicator's method (``figure``, ``interval``, ``per``) and ``period_index``, the
    period's position among the indicator's periods (0 = first)."""
    names = [f.name for f in fields(ProtectedObservation)]
    frame = pd.DataFrame([astuple(o) for o in observations], columns=names)
    if frame.empty:
        frame = pd.DataFrame(columns=[*names, "figure", "interval", "per", "period_index"])
        return frame
    for column in ("numerator", "denominator", "value", "ci_low", "ci_high", "spread"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    frame["period_start"] = pd.to_datetime(frame["period_start"])
    frame["period_end"] = pd.to_datetime(frame["period_end"])
    methods = {i.id: indicator_method(i) for i in monitor.indicators}
    frame = frame[frame["indicator"].isin(list(methods))].copy()
    frame["figure"] = frame["indicator"].map({k: m.figure.value for k, m in methods.items()})
    frame["interval"] = frame["indicator"].map({k: m.interval.value for k, m in methods.items()})
    frame["per"] = frame["indicator"].map({k: m.per for k, m in methods.items()}).astype("float64")
    periods = frame[["indicator", "period_start"]].drop_duplicates().sort_values(["indicator", "period_start"])
    periods["period_index"] = periods.groupby("indicator").cumcount()
    frame = frame.merge(periods, on=["indicator", "period_start"], how="left")
    frame["known"] = ~frame["suppressed"] & np.isfinite(frame["value"])
    return frame.reset_index(drop=True)
