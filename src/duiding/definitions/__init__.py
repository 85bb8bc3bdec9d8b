"""Monitor, indicator and source definitions: YAML in, typed and validated models out."""

from __future__ import annotations

from duiding.definitions.loader import (
    monitor_dump,
    monitor_load,
    monitors_load,
    source_dump,
    source_load,
    sources_load,
)
from duiding.definitions.models import (
    AreaLevel,
    Indicator,
    Level,
    Monitor,
    Polarity,
    Purpose,
    RateFormula,
    Source,
    SourceKind,
)

__all__ = [
    "AreaLevel",
    "Indicator",
    "Level",
    "Monitor",
    "Polarity",
    "Purpose",
    "RateFormula",
    "Source",
    "SourceKind",
    "monitor_dump",
    "monitor_load",
    "monitors_load",
    "source_dump",
    "source_load",
    "sources_load",
]
