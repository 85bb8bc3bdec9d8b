"""Typed models of monitors, indicators and sources, as written in workspace YAML.

Every field carries a docstring; the YAML keys are the field names. Models are
immutable and forbid unknown keys, so a typo in a definition is an error, not a
silently ignored setting.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


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


class AreaLevel(StrEnum):
    """CBS area levels, from large to small."""

    GEMEENTE = "gemeente"
    WIJK = "wijk"
    BUURT = "buurt"


class SourceKind(StrEnum):
    """Microdata (one row per person, trajectory, contact) or published aggregates."""

    MICRODATA = "microdata"
    AGGREGATE = "aggregate"


class Measure(_Model):
    """A quantity read from a source."""

    source: Identifier
    """Id of the source definition the quantity comes from."""
    variable: str = Field(min_length=1)
    """Name of the variable in that source (for CBS KWB: the harmonised indicator name)."""
    label: str = ""
    """Dutch label for table headings, e.g. 'Personen met bijstand'."""


class RateFormula(_Model):
    """numerator / denominator × per: a rate per 1,000 (per=1000) or a percentage (per=100)."""

    kind: Literal["rate"]
    """Formula kind; always written, so a definition says what it computes."""
    numerator: Measure
    """What is counted, e.g. persons with bijstand."""
    denominator: Measure
    """The population it is counted in, e.g. inhabitants."""
    per: Literal[1, 100, 1000, 10000, 100000] = 1000
    """Multiplier: 100 for a percentage, 1000 for a rate per 1,000."""


Formula = Annotated[RateFormula, Field(discriminator="kind")]


class Disclosure(_Model):
    """Per-indicator disclosure-control settings; unset values use the workspace's."""

    min_count: int | None = Field(default=None, ge=1)
    """Suppress cells whose numerator or denominator is below this count."""


class Question(_Model):
    """A question the monitor must answer, in the words of those who ask it."""

    id: Identifier
    text: str = Field(min_length=1)


class Indicator(_Model):
    """One measurable quantity of a monitor."""

    id: Identifier
    title: str = Field(min_length=1)
    """Dutch title as shown to readers."""
    definition: str = Field(min_length=1)
    """Dutch definition text: what is counted, in which population, at which moment."""
    question: Identifier | None = None
    """Id of the monitor question this indicator helps answer."""
    level: Level
    unit: str = Field(min_length=1)
    """Unit as shown to readers, e.g. 'per 1.000 inwoners'."""
    polarity: Polarity
    formula: Formula
    period_grain: PeriodGrain = PeriodGrain.YEAR
    area_levels: tuple[AreaLevel, ...] = (AreaLevel.GEMEENTE, AreaLevel.WIJK, AreaLevel.BUURT)
    """Area levels the indicator is computed for."""
    need_to_know: bool = False
    """True when the figure is needed for steering, not merely nice to know."""
    disclosure: Disclosure = Disclosure()

    @property
    def sources(self) -> tuple[str, ...]:
        """Ids of the sources the formula reads, in order, without repeats."""
        ids = (self.formula.numerator.source, self.formula.denominator.source)
        return tuple(dict.fromkeys(ids))


class Monitor(_Model):
    """A monitor: the questions it answers, for whom, and its indicators."""

    id: Identifier
    title: str = Field(min_length=1)
    description: str = ""
    purpose: tuple[Purpose, ...] = Field(min_length=1)
    audience: tuple[str, ...] = ()
    """Who reads it: e.g. raad, beleid, wijkteams."""
    owner: str = ""
    frequency: PeriodGrain = PeriodGrain.YEAR
    questions: tuple[Question, ...] = ()
    indicators: tuple[Indicator, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_references(self) -> Monitor:
        seen: set[str] = set()
        for indicator in self.indicators:
            if indicator.id in seen:
                raise ValueError(f"indicator-id '{indicator.id}' komt twee keer voor")
            seen.add(indicator.id)
        question_ids = {q.id for q in self.questions}
        for indicator in self.indicators:
            if indicator.question is not None and indicator.question not in question_ids:
                raise ValueError(f"indicator '{indicator.id}' verwijst naar onbekende vraag '{indicator.question}'")
        return self

    def indicator(self, indicator_id: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(indicator_id)


class Source(_Model):
    """Where data comes from, and how it must be credited."""

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
