"""Shared building blocks of the definition models: the base model, ids and enums."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
"""Ids of monitors, indicators, sources, questions and columns: lower-case snake_case."""


class Located(ValueError):
    """A validator's problem with the path, below the model that raises it, to the key it is about;
    the loader reports it on that key's line, e.g. ``Located("…", "columns", 3, "name")``."""

    def __init__(self, message: str, *path: str | int) -> None:
        super().__init__(message)
        self.path = path


class DefinitionModel(BaseModel):
    """Immutable, unknown keys forbidden, every field documented by its docstring."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True, populate_by_name=True)


class Purpose(StrEnum):
    """Why a monitor exists (the five purposes of monitoring in the sociaal domein)."""

    SIGNALEREN = "signaleren"
    LEREN = "leren"
    STUREN = "sturen"
    VERANTWOORDEN = "verantwoorden"
    VOORSPELLEN = "voorspellen"


class Level(StrEnum):
    """Where an indicator sits in the chain from input to societal result."""

    MAATSCHAPPELIJK_RESULTAAT = "maatschappelijk_resultaat"
    OUTCOME = "outcome"
    OUTPUT = "output"
    PROCES = "proces"
    INPUT = "input"


class Polarity(StrEnum):
    """Which direction of change is an improvement."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    NEUTRAL = "neutral"


class PeriodGrain(StrEnum):
    """The length of the periods an indicator is computed for."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"
    ROLLING_12_MONTHS = "rolling_12_months"
    """Monthly, each period covering the twelve months up to and including that month."""


class PeriodSemantics(StrEnum):
    """Which rows of a registration belong to a period."""

    EVENT = "event"
    """The row's date (or start date) falls in the period: e.g. new trajectories."""
    ACTIVE = "active"
    """The row's interval overlaps the period; an empty end date means still running."""
    SNAPSHOT = "snapshot"
    """The row is running on the last day of the period: e.g. clients on 31 December."""
    ENDED = "ended"
    """The row's end date falls in the period: e.g. uitstroom, trajectories that ended."""


class AreaLevel(StrEnum):
    """CBS area levels, from large to small."""

    GEMEENTE = "gemeente"
    WIJK = "wijk"
    BUURT = "buurt"


class SourceKind(StrEnum):
    """Microdata (one row per person, trajectory, contact) or published aggregates."""

    MICRODATA = "microdata"
    AGGREGATE = "aggregate"
