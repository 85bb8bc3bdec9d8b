"""Values as a definition writes them, and the "bedoelde je …?" hint for a near miss."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(value: object, options: Iterable[object]) -> str:
    """``" (bedoelde je 'x'?)"`` for the option closest to ``value``, or ``""`` when none is close."""
    names = [str(option) for option in options]
    close = difflib.get_close_matches(str(value), names, n=1, cutoff=0.7)
    if not close:
        lowered = {name.lower(): name for name in names}
        close = [lowered[str(value).lower()]] if str(value).lower() in lowered else []
    if not close:  # a word in common: 'huishoudelijke_hulp' → 'hulp_bij_het_huishouden'
        stems = _stems(str(value))
        close = [name for name in names if stems & _stems(name)][:1] if stems else []
    return f" (bedoelde je '{close[0]}'?)" if close else ""


def _stems(text: str) -> set[str]:
    """The first five letters of each word of at least five letters (words split on '_', '-', ' ')."""
    words = text.lower().replace("-", "_").replace(" ", "_").split("_")
    return {word[:5] for word in words if len(word) >= 5}


def shown(value: object) -> str:
    """A value as it is written in YAML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)


def choices(options: Iterable[object]) -> str:
    return ", ".join(shown(option) for option in options)
