"""Suppression rules applied to single cells."""

from __future__ import annotations

from dataclasses import dataclass

from duiding.definitions.models import (
    DurationFormula,
    Indicator,
    Monitor,
    RateFormula,
    ScoreFormula,
    StapelingFormula,
)
from duiding.workspace import Workspace


@dataclass(frozen=True)
class PrimaryRule:
    """Primary suppression: a cell resting on fewer than ``min_count`` persons is not shown.

    Applies to the numerator and, for ratios, to the denominator as well: a rate in
    a population of 6 discloses about those 6 whatever its numerator.
    """

    min_count: int

    def suppresses(self, numerator: float | None, denominator: float | None) -> bool:
        return any(count is not None and count < self.min_count for count in (numerator, denominator))


def count_round(value: float | None, step: int) -> float | None:
    """``value`` rounded to the nearest multiple of ``step`` (halves up, as CBS does); None stays None."""
    if value is None or step <= 1:
        return value
    return float(int(value / step + 0.5) * step) if value >= 0 else -float(int(-value / step + 0.5) * step)


def indicator_min_count(workspace: Workspace, indicator: Indicator, monitor: Monitor | None = None) -> int:
    """The primary-suppression threshold of an indicator: its own, else its monitor's, else the workspace's."""
    own = indicator.disclosure.min_count
    return own or (monitor.disclosure.min_count if monitor else None) or workspace.settings.privacy.min_count


def ratio_per(indicator: Indicator) -> float | None:
    """For an indicator whose value is numerator / denominator × per (a rate, a share within a norm,
    a share scoring at least a threshold, stapeling): that ``per``; None for counts and statistics."""
    formula = indicator.formula
    match formula:
        case RateFormula() | StapelingFormula():
            return float(formula.per)
        case DurationFormula():
            return 100.0 if formula.statistic == "share_within" else None
        case ScoreFormula():
            return 100.0 if formula.statistic == "share_at_least" else None
        case _:
            return None
