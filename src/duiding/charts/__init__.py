"""Vega-Lite chart specifications (built with Altair), shared by web pages and reports."""

from __future__ import annotations

from duiding.charts.funnel import funnel_chart, funnel_points, position_word
from duiding.charts.indicator import area_bar_chart, group_bar_chart
from duiding.charts.map import area_map_chart
from duiding.charts.series import SeriesPoint, time_series_chart

__all__ = [
    "SeriesPoint",
    "area_bar_chart",
    "area_map_chart",
    "funnel_chart",
    "funnel_points",
    "group_bar_chart",
    "position_word",
    "time_series_chart",
]
