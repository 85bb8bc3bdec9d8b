"""Vega-Lite chart specifications (built with Altair), shared by web pages and reports."""

from __future__ import annotations

from duiding.charts.funnel import funnel_chart, funnel_points, position_word
from duiding.charts.indicator import area_bar_chart

__all__ = ["area_bar_chart", "funnel_chart", "funnel_points", "position_word"]
