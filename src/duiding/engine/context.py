"""What compiling an indicator needs besides its definition."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ibis.backends.duckdb import Backend as DuckDBBackend

from duiding.definitions.models import AreaLevel, Indicator, PeriodRange, Source


@dataclass(frozen=True)
class AreaRow:
    year: int
    level: AreaLevel
    code: str
    name: str


@dataclass(frozen=True)
class CompileContext:
    """The backend, the definitions and the geography an expression is built against."""

    con: DuckDBBackend
    sources: dict[str, Source]
    gemeente_code: str
    areas: tuple[AreaRow, ...]
    """All areas of all years in the warehouse's ``areas`` table."""
    period_range: PeriodRange | None = None
    """The monitor's periods; None means the range of the data."""

    def source(self, source_id: str) -> Source:
        return self.sources[source_id]

    def area_year(self, period_start: date) -> int | None:
        """The indeling used for a period: the latest year not after it, else the earliest."""
        years = sorted({a.year for a in self.areas})
        if not years:
            return None
        earlier = [y for y in years if y <= period_start.year]
        return earlier[-1] if earlier else years[0]

    def levels(self, indicator: Indicator) -> tuple[AreaLevel, ...]:
        return indicator.area_levels
