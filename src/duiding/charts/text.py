"""Dutch number wording inside chart descriptions (screen readers read these, not the axes)."""

from __future__ import annotations

import math


def nl_number(value: float, digits: int = 1) -> str:
    """``1234.56`` → ``'1.234,6'``: a thousands point and a decimal comma."""
    if not math.isfinite(value):
        return "–"
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def with_unit(value: float, unit: str, digits: int = 1) -> str:
    """A value with its unit as a reader says it: ``'4,1%'``, ``'28,3 per 1.000 inwoners'``."""
    number = nl_number(value, digits)
    return f"{number}{unit}" if unit.startswith("%") else f"{number} {unit}".strip()
