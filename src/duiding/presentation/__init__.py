"""The presentation layer: typed page models with their Dutch wording, below every rendering.

A web page, a report chapter and an API response are three renderings of the same model:
a figure with its meaning, source, certainty, comparisons, target and forecast (``pages``,
``findings``, ``outlook``, ``signals``), worded once (``wording``). Models read through the
privacy gate and the stored analysis, never run the suppression solver, and know nothing of
Django: a missing object raises ``NotFound``, a bad choice ``BadParameter``, figures whose
protection is being worked out ``ProtectionPending``, each with a Dutch sentence.
"""

from __future__ import annotations

from duiding.presentation.breakdowns import BreakdownRow, BreakdownView
from duiding.presentation.errors import BadParameter, NotFound
from duiding.presentation.overview import MonitorOverview, OverviewItem, OverviewQuestion
from duiding.presentation.pages import (
    IndicatorPage,
    IndicatorSummary,
    MonitorSummary,
    Period,
    indicator_page,
    monitor_page,
    monitor_summary_list,
    profile_page,
    signal_page,
)
from duiding.presentation.profile import ProfileGroup, ProfileItem, WijkProfile
from duiding.presentation.signals import SignalItem, SignalPage
from duiding.privacy import ProtectionPending

__all__ = [
    "BadParameter",
    "BreakdownRow",
    "BreakdownView",
    "IndicatorPage",
    "IndicatorSummary",
    "MonitorOverview",
    "MonitorSummary",
    "NotFound",
    "OverviewItem",
    "OverviewQuestion",
    "Period",
    "ProfileGroup",
    "ProfileItem",
    "ProtectionPending",
    "SignalItem",
    "SignalPage",
    "WijkProfile",
    "indicator_page",
    "monitor_page",
    "monitor_summary_list",
    "profile_page",
    "signal_page",
]
