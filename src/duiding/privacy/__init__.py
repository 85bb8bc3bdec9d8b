"""Disclosure control: the one gate through which aggregates leave the warehouse.

Pages, exports, charts and reports read observations with ``observation_list``;
nothing else reads the ``observations`` table. Small cells are withheld (primary rule) and
so are the cells that would give them away (secondary suppression, ``protect``), with the
pattern stored by ``protection_compute`` after every compute. Pages pass ``solve=False``: with a
stale pattern they get ``ProtectionPending`` rather than run the solver inside a request.
"""

from __future__ import annotations

from duiding.privacy.gate import (
    SUPPRESSED_MARK,
    SUPPRESSION_EXPLANATION,
    ProtectedObservation,
    ProtectionPending,
    observation_latest,
    observation_list,
    observation_list_unprotected,
    observation_periods,
    observation_stamp,
)
from duiding.privacy.protect import protection_compute
from duiding.privacy.rules import PrimaryRule, indicator_min_count

__all__ = [
    "SUPPRESSED_MARK",
    "SUPPRESSION_EXPLANATION",
    "PrimaryRule",
    "ProtectedObservation",
    "ProtectionPending",
    "indicator_min_count",
    "observation_latest",
    "observation_list",
    "observation_list_unprotected",
    "observation_periods",
    "observation_stamp",
    "protection_compute",
]
