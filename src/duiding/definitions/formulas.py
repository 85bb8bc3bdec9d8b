"""Formulas: how an indicator's value is computed from one or more sources.

Every formula yields, per period × area × breakdown value, a ``numerator``, a
``denominator`` (the number of persons or rows the value rests on, when there is one)
and a ``value``. Disclosure control and intervals use numerator and denominator.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, model_validator

from duiding.definitions.base import DefinitionModel, Identifier, PeriodSemantics

Scalar = str | int | float | bool


class Condition(DefinitionModel):
    """A filter on one column; several operators on one condition must all hold."""

    column: Identifier
    equals: Scalar | None = None
    in_: tuple[Scalar, ...] | None = Field(default=None, alias="in")
    not_in: tuple[Scalar, ...] | None = None
    at_least: float | date | None = None
    """Column ≥ this value (numbers and dates as yyyy-mm-dd are compared as such)."""
    at_most: float | date | None = None
    """Column ≤ this value."""
    missing: bool | None = None
    """True: the cell is empty; false: the cell is filled."""

    @model_validator(mode="after")
    def _has_operator(self) -> Condition:
        operators = (self.equals, self.in_, self.not_in, self.at_least, self.at_most, self.missing)
        if all(op is None for op in operators):
            raise ValueError(f"voorwaarde op '{self.column}' heeft geen operator (equals, in, not_in, …)")
        return self


class Aggregation(StrEnum):
    """How rows of a microdata source become one number."""

    COUNT = "count"
    """Number of rows."""
    COUNT_DISTINCT = "count_distinct"
    """Number of distinct values of ``column`` (e.g. clients); never summed over areas."""
    SUM = "sum"
    """Sum of ``column``."""


class Measure(DefinitionModel):
    """A quantity from one source: an aggregation of microdata or a published variable."""

    source: Identifier
    variable: str | tuple[str, ...] | None = None
    """Aggregate sources: the variable, or several variables that are added up (missing if any is)."""
    aggregation: Aggregation = Aggregation.COUNT
    """Microdata sources: how rows are aggregated."""
    column: Identifier | None = None
    """The column that ``count_distinct`` or ``sum`` reads."""
    where: tuple[Condition, ...] = ()
    """Only rows meeting every condition count."""
    period: PeriodSemantics | None = None
    """Which rows belong to a period; default: event for dated rows, active for intervals."""
    label: str = ""
    """Dutch label for table headings, e.g. 'Personen met bijstand'."""

    @model_validator(mode="after")
    def _check(self) -> Measure:
        if self.aggregation in (Aggregation.COUNT_DISTINCT, Aggregation.SUM) and self.column is None:
            raise ValueError(f"aggregatie '{self.aggregation.value}' vraagt een 'column'")
        if self.variable is not None and (self.where or self.column or self.aggregation is not Aggregation.COUNT):
            raise ValueError("'variable' (gepubliceerde tabel) gaat niet samen met column, where of aggregation")
        return self

    @property
    def variables(self) -> tuple[str, ...]:
        if self.variable is None:
            return ()
        return (self.variable,) if isinstance(self.variable, str) else self.variable


class RateFormula(DefinitionModel):
    """numerator / denominator × per: a rate per 1,000 (per=1000), a percentage or share (per=100)."""

    kind: Literal["rate"]
    numerator: Measure
    denominator: Measure
    per: Literal[1, 100, 1000, 10000, 100000] = 1000
    published: Measure | None = None
    """The publisher's own ratio in the unit of ``per`` (one variable of a published table, e.g. CBS's
    ``wmo_clienten_per_1000_inw`` with per 1000). Where it is published for a year and area it is the
    value, and the denominator is the one it implies (numerator × per / value); elsewhere the value is
    computed from numerator and denominator."""

    @model_validator(mode="after")
    def _check(self) -> RateFormula:
        if self.published is not None and len(self.published.variables) != 1:
            raise ValueError("'published' is één gepubliceerde variabele: het cijfer zoals de bron het publiceert")
        return self

    def measures(self) -> tuple[Measure, ...]:
        return (self.numerator, self.denominator, *((self.published,) if self.published else ()))


class CountFormula(DefinitionModel):
    """A count or sum: the value is the numerator; there is no denominator."""

    kind: Literal["count"]
    measure: Measure

    def measures(self) -> tuple[Measure, ...]:
        return (self.measure,)


class _RowStatistic(DefinitionModel):
    source: Identifier
    column: Identifier
    where: tuple[Condition, ...] = ()
    period: PeriodSemantics | None = None


class StatisticFormula(_RowStatistic):
    """Mean, median or a percentile of a numeric column; the denominator is the number of rows."""

    kind: Literal["statistic"]
    statistic: Literal["mean", "median", "percentile"]
    percentile: float | None = Field(default=None, gt=0, lt=100)

    @model_validator(mode="after")
    def _check(self) -> StatisticFormula:
        if (self.statistic == "percentile") != (self.percentile is not None):
            raise ValueError("'percentile' hoort bij (en alleen bij) statistic: percentile")
        return self

    def measures(self) -> tuple[Measure, ...]:
        return ()


class DurationFormula(DefinitionModel):
    """Days between two dates per row (e.g. aanmelding → start hulp): median, mean or share within a norm.

    Only rows with both dates count; a row belongs to the period of its ``anchor`` date.
    """

    kind: Literal["duration"]
    source: Identifier
    start: Identifier
    end: Identifier
    statistic: Literal["median", "mean", "share_within"]
    norm_days: int | None = Field(default=None, ge=0)
    """For share_within: the share (%) of rows whose duration is at most this many days."""
    anchor: Literal["start", "end"] = "end"
    where: tuple[Condition, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> DurationFormula:
        if (self.statistic == "share_within") != (self.norm_days is not None):
            raise ValueError("'norm_days' hoort bij (en alleen bij) statistic: share_within")
        return self

    def measures(self) -> tuple[Measure, ...]:
        return ()


class ScoreFormula(_RowStatistic):
    """Survey scores: the mean score, or the share (%) of respondents scoring at least ``threshold``."""

    kind: Literal["score"]
    statistic: Literal["mean", "share_at_least"]
    threshold: float | None = None

    @model_validator(mode="after")
    def _check(self) -> ScoreFormula:
        if (self.statistic == "share_at_least") != (self.threshold is not None):
            raise ValueError("'threshold' hoort bij (en alleen bij) statistic: share_at_least")
        return self

    def measures(self) -> tuple[Measure, ...]:
        return ()


class StapelingPart(DefinitionModel):
    """One kind of provision counted for stapeling."""

    source: Identifier
    unit: Identifier
    """Column identifying the person or household (a pseudonym)."""
    label: str = Field(min_length=1)
    where: tuple[Condition, ...] = ()


class StapelingFormula(DefinitionModel):
    """Share (%) of persons or households with at least ``min_kinds`` kinds of provision in the period.

    The denominator is everyone with at least one kind, unless ``denominator`` names another
    population (e.g. all households from CBS).
    """

    kind: Literal["stapeling"]
    parts: tuple[StapelingPart, ...] = Field(min_length=2)
    min_kinds: int = Field(default=2, ge=2)
    period: PeriodSemantics = PeriodSemantics.ACTIVE
    denominator: Measure | None = None
    per: Literal[100, 1000] = 100

    def measures(self) -> tuple[Measure, ...]:
        return (self.denominator,) if self.denominator else ()


Formula = Annotated[
    RateFormula | CountFormula | StatisticFormula | DurationFormula | ScoreFormula | StapelingFormula,
    Field(discriminator="kind"),
]
FORMULA_KINDS = ("rate", "count", "statistic", "duration", "score", "stapeling")


def formula_sources(formula: Formula) -> tuple[str, ...]:
    """Ids of the sources a formula reads, in order, without repeats."""
    ids: list[str] = [m.source for m in formula.measures()]
    match formula:
        case StatisticFormula() | DurationFormula() | ScoreFormula():
            ids.insert(0, formula.source)
        case StapelingFormula():
            ids[:0] = [part.source for part in formula.parts]
        case RateFormula() | CountFormula():
            pass
    return tuple(dict.fromkeys(ids))


def formula_labels(formula: Formula) -> tuple[str | None, str | None]:
    """Dutch headings for the numerator and denominator columns; None where a formula has none."""
    match formula:
        case RateFormula():
            return formula.numerator.label or "Teller", formula.denominator.label or "Noemer"
        case CountFormula():
            return formula.measure.label or "Aantal", None
        case StatisticFormula() | ScoreFormula() | DurationFormula():
            hits = (
                "Aantal dat voldoet"
                if getattr(formula, "statistic", "") in ("share_at_least", "share_within")
                else None
            )
            return hits, "Aantal waarnemingen"
        case StapelingFormula():
            population = formula.denominator.label if formula.denominator else "Met minstens één voorziening"
            return f"Met {formula.min_kinds} of meer voorzieningen", population or "Noemer"
