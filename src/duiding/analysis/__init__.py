"""Analysis of protected observations: intervals, comparisons, signals, targets, forecasts.

Reads only what duiding.privacy lets out; ``analysis_compute`` stores its results in the
warehouse, the readers in ``read`` give them to pages and reports.
"""

from __future__ import annotations

from duiding.analysis.read import (
    Comparison,
    ForecastModel,
    ForecastRow,
    NationalFigure,
    PeerStanding,
    Signal,
    Status,
    Trend,
    Unreliable,
    UnreliableGroup,
    comparison_list,
    forecast_list,
    interval_method_get,
    national_list,
    peer_group_list,
    peer_standing_get,
    signal_latest,
    signal_list,
    target_status_list,
    trend_list,
    unreliable_list,
    unreliable_summary,
)
from duiding.analysis.service import AnalysisSummary, analysis_compute

__all__ = [
    "AnalysisSummary",
    "Comparison",
    "ForecastModel",
    "ForecastRow",
    "NationalFigure",
    "PeerStanding",
    "Signal",
    "Status",
    "Trend",
    "Unreliable",
    "UnreliableGroup",
    "analysis_compute",
    "comparison_list",
    "forecast_list",
    "interval_method_get",
    "national_list",
    "peer_group_list",
    "peer_standing_get",
    "signal_latest",
    "signal_list",
    "target_status_list",
    "trend_list",
    "unreliable_list",
    "unreliable_summary",
]
