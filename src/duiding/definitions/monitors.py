"""Monitor and indicator definitions."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from duiding.definitions.base import (
    AreaLevel,
    DefinitionModel,
    Identifier,
    Level,
    Located,
    PeriodGrain,
    Polarity,
    Purpose,
)
from duiding.definitions.formulas import Formula, formula_sources
from duiding.definitions.suggest import did_you_mean


class Breakdown(DefinitionModel):
    """A split of an indicator by the values of one column (vorm, aanbieder, geslacht, leeftijd)."""

    id: Identifier
    """Name of the breakdown as stored in observations, e.g. 'vorm' or 'leeftijdsgroep'."""
    column: Identifier
    label: str = ""
    """Dutch heading, e.g. 'Vorm van jeugdhulp'."""
    bins: tuple[float, ...] = ()
    """For numeric columns: lower bounds of the groups, e.g. [0, 4, 12, 18] → 0-3, 4-11, 12-17, 18+."""
    area_levels: tuple[AreaLevel, ...] = (AreaLevel.GEMEENTE, AreaLevel.WIJK)
    """Area levels the breakdown is published for. Not per buurt by default: there the groups
    are so small that nearly every cell would be withheld, and protecting them would also
    withhold buurt and wijk totals (see docs/privacy.md)."""

    @model_validator(mode="after")
    def _sorted(self) -> Breakdown:
        if list(self.bins) != sorted(set(self.bins)):
            raise ValueError(f"'bins' van uitsplitsing '{self.id}' moeten oplopen zonder herhaling")
        return self


class Target(DefinitionModel):
    """A goal: the value to reach (at least or at most), by when, for which area."""

    value: float
    direction: Literal["at_least", "at_most"]
    by: date
    """Date by which the target should be met (end of the period it applies to)."""
    area: str | None = None
    """CBS area code; empty means the whole gemeente."""
    note: str = ""


class Disclosure(DefinitionModel):
    """Disclosure-control settings of a monitor or an indicator; unset values fall back to the
    monitor's, then the workspace's."""

    min_count: int | None = Field(default=None, ge=1)
    """Suppress cells whose numerator or denominator is below this count."""


class Relevance(DefinitionModel):
    """How large a difference must be to matter (a signal needs it as well as being more than chance).

    A difference counts when it reaches ``absolute`` (in the indicator's unit) when that is
    set, else when it is at least ``relative`` of the value it is compared with.
    """

    absolute: float | None = Field(default=None, gt=0)
    """Smallest difference that matters, in the unit of the indicator (e.g. 2 per 1.000, 1.5 %-punt)."""
    relative: float = Field(default=0.10, gt=0)
    """Smallest difference that matters as a share of the reference value (0.10 = 10%)."""


class Question(DefinitionModel):
    """A question the monitor must answer, in the words of those who ask it."""

    id: Identifier
    text: str = Field(min_length=1)


class PeriodRange(DefinitionModel):
    """The periods a monitor covers; without it, the range of the data."""

    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> PeriodRange:
        if self.end < self.start:
            raise ValueError("'end' ligt vóór 'start'")
        return self


class Indicator(DefinitionModel):
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
    """Unit as shown to readers, e.g. 'per 1.000 inwoners', '%', 'dagen'."""
    polarity: Polarity
    formula: Formula
    period_grain: PeriodGrain = PeriodGrain.YEAR
    area_levels: tuple[AreaLevel, ...] = (AreaLevel.GEMEENTE, AreaLevel.WIJK, AreaLevel.BUURT)
    """Area levels the indicator is computed for."""
    breakdowns: tuple[Breakdown, ...] = ()
    targets: tuple[Target, ...] = ()
    need_to_know: bool = False
    """True when the figure is needed for steering, not merely nice to know."""
    disclosure: Disclosure = Disclosure()
    relevance: Relevance = Relevance()
    """When a statistically meaningful difference is also large enough to be a signal."""
    maximum: float | None = None
    """The highest value the figure can take, e.g. 1000 for a rate per 1.000 whose numerator counts
    persons who are part of the denominator; a higher value is marked *onbetrouwbaar* (a share is
    never above 100 % anyway; a rate of events or trajectories may exceed ``per``)."""

    @property
    def sources(self) -> tuple[str, ...]:
        """Ids of the sources the formula reads, in order, without repeats."""
        return formula_sources(self.formula)


class Monitor(DefinitionModel):
    """A monitor: the questions it answers, for whom, and its indicators."""

    id: Identifier
    title: str = Field(min_length=1)
    description: str = ""
    purpose: tuple[Purpose, ...] = Field(min_length=1)
    audience: tuple[str, ...] = ()
    """Who reads it: e.g. raad, beleid, wijkteams."""
    owner: str = ""
    frequency: PeriodGrain = PeriodGrain.YEAR
    periods: PeriodRange | None = None
    questions: tuple[Question, ...] = ()
    disclosure: Disclosure = Field(default_factory=Disclosure)
    """Defaults for all its indicators (an indicator's own setting wins)."""
    indicators: tuple[Indicator, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_references(self) -> Monitor:
        seen: set[str] = set()
        for index, indicator in enumerate(self.indicators):
            if indicator.id in seen:
                raise Located(f"indicator-id '{indicator.id}' komt twee keer voor", "indicators", index, "id")
            seen.add(indicator.id)
        question_ids = [q.id for q in self.questions]
        for index, indicator in enumerate(self.indicators):
            if indicator.question is not None and indicator.question not in question_ids:
                raise Located(
                    f"indicator '{indicator.id}' verwijst naar onbekende vraag '{indicator.question}'"
                    f"{did_you_mean(indicator.question, question_ids)}",
                    *("indicators", index, "question"),
                )
        return self

    def indicator(self, indicator_id: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(indicator_id)
