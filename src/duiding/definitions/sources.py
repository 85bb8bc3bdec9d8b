"""Source definitions: what a registration or published table holds and how to credit it."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, model_validator

from duiding.definitions.base import DefinitionModel, Identifier, Located, SourceKind
from duiding.definitions.suggest import did_you_mean


class ColumnType(StrEnum):
    """Types a source column can have."""

    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    DATE = "date"
    BOOLEAN = "boolean"
    BSN = "bsn"
    """A burgerservicenummer: checked with the elfproef and pseudonymised at the door."""
    PSEUDONYM = "pseudonym"
    """An already pseudonymised person or household key."""
    BUURT = "buurt"
    """A CBS buurt code (BU…)."""
    POSTCODE = "postcode"
    """A Dutch postcode (PC6); rows are placed in a buurt through the postcode table."""


POSTCODE_SOURCE = "postcode_buurt"
"""The built-in reference source that maps postcodes to buurten (``duiding load postcode_buurt FILE``)."""


class Column(DefinitionModel):
    """One column of a microdata source."""

    name: Identifier
    type: ColumnType
    required: bool = True
    """An empty cell is an error when true."""
    allowed: tuple[str, ...] = ()
    """The only values allowed (for string columns), if given."""
    minimum: float | None = None
    maximum: float | None = None
    pseudonym_of: Identifier | None = None
    """For a pseudonym column: the BSN column it is made from at the door (not read from the file)."""
    description: str = ""

    @model_validator(mode="after")
    def _pseudonym(self) -> Column:
        if self.pseudonym_of is not None and self.type is not ColumnType.PSEUDONYM:
            raise ValueError(f"kolom '{self.name}': 'pseudonym_of' hoort bij type pseudonym")
        return self


class TimeColumns(DefinitionModel):
    """Which columns place a row in time: one date (events) or a start and an end date."""

    date: Identifier | None = None
    """Date of an event, e.g. a contact or a survey response."""
    start: Identifier | None = None
    """Start of an interval, e.g. the start of a trajectory."""
    end: Identifier | None = None
    """End of an interval; empty means still running."""

    @model_validator(mode="after")
    def _one_way(self) -> TimeColumns:
        if (self.date is None) == (self.start is None):
            raise ValueError("geef óf 'date' óf 'start' (met eventueel 'end')")
        if self.end is not None and self.start is None:
            raise ValueError("'end' vraagt ook 'start'")
        return self


class SourceChange(DefinitionModel):
    """A change in how a source is registered (new system, new definition, new provider) that
    makes figures before and after it hard to compare."""

    date: dt.date
    """First day on which the new way of registering applies."""
    description: str = Field(min_length=1)
    """Dutch, e.g. 'overgang naar een nieuw registratiesysteem'."""


class Rounding(DefinitionModel):
    """How a publisher rounds the counts of an aggregate source, e.g. CBS: wijk and buurt counts to
    multiples of 5. The analysis widens every interval to cover each count the published one can
    stand for (a rounded count is off by at most ``multiple // 2``; a sum of k of them by k times that).
    A published value that is not a multiple of ``multiple`` is taken as not rounded."""

    multiple: int = Field(ge=2)
    levels: tuple[str, ...] = ("wijk", "buurt")
    """Area levels whose counts are rounded (``gemeente``, ``wijk``, ``buurt``)."""


class Source(DefinitionModel):
    """Where data comes from, what it holds, and how it must be credited."""

    id: Identifier
    title: str = Field(min_length=1)
    kind: SourceKind
    publisher: str = Field(min_length=1)
    attribution: str = Field(min_length=1)
    """Credit line shown with every figure from this source, e.g. 'Bron: CBS'."""
    license: str = ""
    url: str = ""
    description: str = ""
    caveats: tuple[str, ...] = ()
    """What readers must know about the figures (rounding, suppression, reference dates)."""
    simulated: bool = False
    """True for generated demo data; every page and export that shows it says 'gesimuleerd'."""
    row: str = ""
    """What one row of a microdata source is: 'traject', 'voorziening', 'contact', …"""
    columns: tuple[Column, ...] = ()
    key: tuple[Identifier, ...] = ()
    """Columns that together identify a row; duplicates are refused on load."""
    area: Identifier | None = None
    """The column holding the buurt code (type buurt) or postcode (type postcode) of a row."""
    time: TimeColumns | None = None
    changes: tuple[SourceChange, ...] = ()
    """Changes in registration: a jump across one of these dates is marked as an artefact, not a real change."""
    rounding: Rounding | None = None
    """Aggregate sources: how the publisher rounds counts (taken into every interval)."""
    variables: tuple[str, ...] = ()
    """Aggregate sources: the variables the table holds; a measure naming another is refused
    (``duiding check`` suggests the nearest). Empty: any name is accepted."""

    @model_validator(mode="after")
    def _check(self) -> Source:
        if self.kind is SourceKind.AGGREGATE:
            return self
        if not self.columns:
            raise ValueError("een microdatabron heeft 'columns' nodig")
        names: dict[str, int] = {}
        for index, column in enumerate(self.columns):
            if column.name in names:
                raise Located(
                    f"kolom '{column.name}' staat twee keer in 'columns' (eerder als kolom {names[column.name] + 1})",
                    *("columns", index, "name"),
                )
            names[column.name] = index
        used: list[tuple[str, tuple[str | int, ...]]] = [(k, ("key", i)) for i, k in enumerate(self.key)]
        if self.area:
            used.append((self.area, ("area",)))
        if self.time is not None:
            for part in ("date", "start", "end"):
                name = getattr(self.time, part)
                if name is not None:
                    used.append((name, ("time", part)))
        for name, place in used:
            if name not in names:
                raise Located(
                    f"kolom '{name}' wordt gebruikt maar staat niet in 'columns'{did_you_mean(name, names)}", *place
                )
        for column in self.columns:
            if column.pseudonym_of is not None and (
                column.pseudonym_of not in names or self.column(column.pseudonym_of).type is not ColumnType.BSN
            ):
                raise ValueError(f"kolom '{column.name}': 'pseudonym_of' moet naar een kolom van type bsn wijzen")
        if self.key and any(self.column(k).type is ColumnType.BSN for k in self.key):
            raise ValueError("een BSN kan geen sleutel zijn; gebruik het pseudoniem")
        if self.area is None:
            raise ValueError("een microdatabron heeft 'area' nodig (kolom met buurtcode of postcode)")
        if self.time is None:
            raise ValueError("een microdatabron heeft 'time' nodig (datum, of start en einde)")
        return self

    @property
    def file_columns(self) -> tuple[Column, ...]:
        """The columns a delivered file holds: all but those made at the door."""
        return tuple(c for c in self.columns if c.pseudonym_of is None)

    @property
    def stored_columns(self) -> tuple[Column, ...]:
        """The columns kept in the warehouse: never a BSN."""
        return tuple(c for c in self.columns if c.type is not ColumnType.BSN)

    @property
    def area_is_postcode(self) -> bool:
        """True when rows carry a postcode, placed in a buurt through the postcode table."""
        return self.area is not None and self.column(self.area).type is ColumnType.POSTCODE

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)
