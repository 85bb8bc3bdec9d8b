"""Dutch wording of figures and findings: numbers with a decimal comma, values with their unit."""

from __future__ import annotations

import math
from datetime import date

from duiding.definitions.models import AreaLevel, Indicator
from duiding.periods import MONTH_NAMES


def nl_number(value: float, digits: int = 1) -> str:
    """``1234.56`` → ``'1.234,6'``: a thousands point and a decimal comma, as Dutch readers write."""
    if not math.isfinite(value):
        return "–"
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def digits_for(values: list[float]) -> int:
    """Decimals that keep a difference between ``values`` visible: 1 for most figures, 2 for small ones."""
    finite = [abs(v) for v in values if math.isfinite(v)]
    return 2 if finite and max(finite) < 10 else 1


def with_unit(value: float, unit: str, digits: int = 1) -> str:
    """A value as a reader sees it: ``'4,1%'``, ``'28,3 per 1.000 inwoners'``, ``'12 dagen'``."""
    number = nl_number(value, digits)
    if unit.startswith("%"):
        return f"{number}{unit}"  # '4,1%', '80,0% van de scholen'
    if unit == "procent":
        return f"{number}%"
    return f"{number} {unit}".strip()


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
