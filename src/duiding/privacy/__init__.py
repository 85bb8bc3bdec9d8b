"""Disclosure control: the one gate through which aggregates leave the warehouse.

Pages, exports, charts and reports read observations with ``observation_list``;
nothing else reads the ``observations`` table.
"""

from __future__ import annotations

from duiding.privacy.gate import (
    SUPPRESSED_MARK,
    SUPPRESSION_EXPLANATION,
    ProtectedObservation,
    indicator_min_count,
    observation_latest,
    observation_list,
    observation_periods,
)
from duiding.privacy.rules import PrimaryRule

__all__ = [
    "SUPPRESSED_MARK",
    "SUPPRESSION_EXPLANATION",
    "PrimaryRule",
    "ProtectedObservation",
    "indicator_min_count",
    "observation_latest",
    "observation_list",
    "observation_periods",
]
