"""Numbers as Dutch readers write them: a thousands point, a decimal comma, a count without
decimals. The one formatter of the CLI, the analysis sentences and the chart descriptions
(pages use Django's ``floatformat`` with the same number of decimals)."""

from __future__ import annotations

import math


def nl_number(value: float, digits: int = 1) -> str:
    """``1234.56`` → ``'1.234,6'``; ``nl_number(5389.0, 0)`` → ``'5.389'``; ``'–'`` for no number."""
    if not math.isfinite(value):
        return "–"
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def with_unit(value: float, unit: str, digits: int = 1) -> str:
    """A value as a reader says it: ``'4,1%'``, ``'28,3 per 1.000 inwoners'``, ``'12 dagen'``."""
    number = nl_number(value, digits)
    if unit.startswith("%"):
        return f"{number}{unit}"  # '4,1%', '80,0% van de scholen'
    if unit == "procent":
        return f"{number}%"
    return f"{number} {unit}".strip()
