"""Dutch wording of figures and findings: numbers with a decimal comma, values with their unit."""

from __future__ import annotations

import math
from datetime import date

from duiding.definitions.models import AreaLevel, Indicator
from duiding.periods import MONTH_NAMES


def digits_for(values: list[float]) -> int:
    """Decimals that keep a difference between ``values`` visible: 1 for most figures, 2 for small ones."""
    finite = [abs(v) for v in values if math.isfinite(v)]
    return 2 if finite and max(finite) < 10 else 1


def nl_date(day: date) -> str:
    """``date(2026, 12, 31)`` → ``'31 december 2026'``."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def area_phrase(level: str, name: str) -> str:
    """How a sentence names an area: 'wijk Overvecht', 'buurt Lombok', 'Utrecht (hele gemeente)'."""
    if level == AreaLevel.GEMEENTE.value:
        return f"{name} (hele gemeente)"
    if name.lower().startswith(level.lower()):
        return name  # CBS wijk names often start with the word: 'Wijk 03 Overvecht'
    return f"{level} {name}"


def breakdown_label(indicator: Indicator, breakdown: str) -> str:
    """The Dutch heading of a breakdown, e.g. 'Vorm van jeugdhulp'; its id when it has none."""
    for item in indicator.breakdowns:
        if item.id == breakdown:
            return item.label or item.id
    return breakdown
