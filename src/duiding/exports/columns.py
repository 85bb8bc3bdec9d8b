"""The export columns, defined once, and what an export holds.

The column layout is part of the contract in docs/design.md: one row per protected
observation, in this order, whatever the format.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from duiding.privacy import ProtectedObservation
from duiding.warehouse import OBSERVATION_FIGURES, OBSERVATION_SUBJECT

COLUMNS: Final = (*OBSERVATION_SUBJECT, *OBSERVATION_FIGURES, "suppressed")
"""``monitor``, ``indicator``, ``period_start``, ``period_end``, ``area_level``, ``area_code``,
``area_name``, ``breakdown``, ``breakdown_value``, ``numerator``, ``denominator``, ``value``,
``ci_low``, ``ci_high``, ``suppressed``: the names users see (the warehouse's observation columns)."""

Cell = str | float | date | bool | None
"""One value of a row: text, a number, an ISO date, the suppression flag, or empty."""


@dataclass(frozen=True)
class ExportTable:
    """Everything a format writer needs; the writers never read the warehouse themselves."""

    monitor: str
    observations: tuple[ProtectedObservation, ...]
    """Protected observations, in the order of ``observation_list``."""
    attribution: tuple[str, ...]
    """Credit lines of the sources the monitor uses, e.g. ``("Bron: CBS",)``."""
    suppression_note: str
    """One Dutch line saying what an empty value with ``suppressed`` true means."""


def cells(observation: ProtectedObservation) -> tuple[Cell, ...]:
    """The observation's values in ``COLUMNS`` order; suppressed and missing figures are None."""
    return tuple(getattr(observation, column) for column in COLUMNS)


WHOLE_LIMIT: Final = 2**53
"""Above this a float no longer holds every whole number, so it stays a float."""


def number(figure: float) -> int | float:
    """A whole number as an int (``2680``, not ``2680.0``); any other float unchanged."""
    return int(figure) if figure.is_integer() and abs(figure) < WHOLE_LIMIT else figure
