"""The presentation layer: typed page models with their Dutch wording, below every rendering.

A web page, a report chapter and an API response are three renderings of the same model:
a figure with its meaning, source, certainty, comparisons, target and forecast (``pages``,
``findings``, ``outlook``, ``signals``), worded once (``wording``). Models read through the
privacy gate and the stored analysis, never run the suppression solver, and know nothing of
Django: a missing object raises ``NotFound``, a bad choice ``BadParameter``, figures whose
protection is being worked out ``ProtectionPending``, each with a Dutch sentence.
"""

from __future__ import annotations

from duiding.presentation.pages import (
    BadParameter,
    IndicatorPage,
    IndicatorSummary,
    MonitorSummary,
    NotFound,
    Period,
    indicator_page,
    monitor_summary_list,
    signal_page,
)
from duiding.presentation.signals import SignalItem, SignalPage
from duiding.privacy import ProtectionPending

__all__ = [
    "BadParameter",
    "IndicatorPage",
    "IndicatorSummary",
    "MonitorSummary",
    "NotFound",
    "Period",
    "ProtectionPending",
    "SignalItem",
    "SignalPage",
    "indicator_page",
    "monitor_summary_list",
    "signal_page",
]
